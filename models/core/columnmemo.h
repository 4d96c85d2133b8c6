#pragma once

#include "minmaxpyramid.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

// The columns one M4 reduction of a series found, kept for the next reduction of the same values. A pan moves
// the view by whole device pixels, so most of its columns hold exactly the positions a column of the frame
// before held; their extremes and end values are then taken from here instead of from the pyramid, whose
// queries wait on memory for most of a zoomed-out frame (MinMaxPyramid::extremes was 40 % of the CPU of a frame
// showing 70–100 % of 50 runs of a million points). A column is reused only for the very same positions of the
// very same values, so the reduction stays exactly what it would be without the memo.
//
// Whoever changes the values behind the same span (a live run's new snapshot reusing a buffer) calls clear().
class ColumnMemo final {
public:
    // A column [begin, end) without NaN or ±inf.
    struct Column {
        std::uint32_t begin = 0, end = 0;
        std::uint32_t lowest = 0, highest = 0;
        double low = 0, high = 0;
        double firstY = 0, lastY = 0;

        MinMaxPyramid::Extremes extremes() const { return { lowest, highest, true, low, high }; }
    };

    // Starts a reduction of `ys`: the columns recorded since the last start() become the ones find() offers, unless
    // they were found in other values.
    void start(std::span<const double> ys);
    // The previous reduction's column starting at `begin`, if it had one; calls within a reduction must come with
    // ascending `begin`.
    const Column* find(std::size_t begin)
    {
        while (m_cursor < m_previous.size() && m_previous[m_cursor].begin < begin)
            ++m_cursor;
        return m_cursor < m_previous.size() && m_previous[m_cursor].begin == begin ? &m_previous[m_cursor] : nullptr;
    }
    // Positions beyond 2^32 - 1 are not recorded.
    void record(std::size_t begin, std::size_t end, const MinMaxPyramid::Extremes& e, double firstY, double lastY)
    {
        if (end > UINT32_MAX)
            return;
        m_current.push_back({ static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
            static_cast<std::uint32_t>(e.lowest), static_cast<std::uint32_t>(e.highest), e.low, e.high, firstY,
            lastY });
    }
    void noteReused() { ++m_reused; }
    void clear();

    // Columns of the last reduction taken from the one before (for tests and diagnostics).
    std::size_t reusedCount() const { return m_reused; }

private:
    const double* m_data = nullptr;
    std::size_t m_size = 0;
    std::vector<Column> m_previous, m_current;
    std::size_t m_cursor = 0;
    std::size_t m_reused = 0;
};
