#pragma once

#include <vector>

// For each pixel column of an image, a run of rows that curves blended so far cover opaquely. Curves are blended
// front to back (TraceRasterizer::fillColumns), so a curve's pixels inside that run are hidden and need no work:
// 50 runs overlapping in a noisy band paint each pixel about seven times over, and all but the first of those
// are skipped. One run per column, not every covered row: it is what a curve's column is tested against before
// anything else is computed, and the per-pixel test behind it catches whatever the run does not hold.
class OpaqueRows final {
public:
    OpaqueRows() = default;
    // Columns [left, left + width), each with nothing covered yet.
    OpaqueRows(int left, int width);

    int top(int x) const { return m_runs[static_cast<std::size_t>(x - m_left)].top; }
    int bottom(int x) const { return m_runs[static_cast<std::size_t>(x - m_left)].bottom; }
    // True when rows [first, last] of column x all lie in its run.
    bool hides(int x, int first, int last) const
    {
        const Run& run = m_runs[static_cast<std::size_t>(x - m_left)];
        return first >= run.top && last <= run.bottom;
    }
    // Rows [first, last] of column x are now opaque: joined to the run when they touch it, else kept instead of
    // it when longer.
    void add(int x, int first, int last);

private:
    struct Run {
        int top = 1; // empty while top > bottom
        int bottom = 0;
    };
    int m_left = 0;
    std::vector<Run> m_runs;
};
