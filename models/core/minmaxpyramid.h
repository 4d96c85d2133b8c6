#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

// Range minimum and maximum over a series' values in O(log n) instead of a pass over the range, so that an M4
// reduction of a million points onto a thousand pixel columns reads a few thousand values rather than all of
// them (DESIGN.md §4: a naive pass over 1M points costs ~15 ms, 50 runs of it miss every frame).
//
// Blocks of 64 values, then blocks of 128, 256, … up to the whole series; each block keeps its lowest and its
// highest finite value with their positions, and whether it holds a non-finite one. Positions, because the
// reduction needs the point (its x); values too, because a query then reads nothing of the series but the
// partial blocks at its two ends, which lie next to the previous column's: a zoom frame walks memory forwards
// instead of missing the cache at every block's extreme (about 6 misses a pixel column, most of a 50-run frame
// when only positions were kept). Ties go to the earlier position, as a left-to-right scan keeping the first
// extreme would have it.
//
// The partial blocks are not scanned either: every value knows where, within its block, the lowest and highest
// finite value before it (itself included) and from it onwards lie. A column of a zoomed-out frame thus costs a
// few reads at its two ends and O(log n) nodes; scanning its two partial blocks cost more than the rest of the
// frame's reduction together. About 4.75 bytes per point: 4 for those offsets, 24 per 64 values for the blocks
// and as much again for the upper levels.
//
// The pyramid does not own the values: every query is given the same span it was built over.
class MinMaxPyramid final {
public:
    static constexpr std::size_t blockSize = 64;
    static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

    MinMaxPyramid() = default;
    // An empty pyramid (and queries that scan) for fewer than two blocks or more than 2^31 - 1 values.
    explicit MinMaxPyramid(std::span<const double> ys);

    struct Extremes {
        std::size_t lowest = npos; // first position of the smallest finite value; npos when none is finite
        std::size_t highest = npos; // first position of the largest finite value
        bool allFinite = true; // no NaN or ±inf in the range
        double low = 0, high = 0; // the values at `lowest` and `highest`, when there are such positions
    };
    // Over positions [begin, end) of `ys`, which must be the values the pyramid was built over.
    Extremes extremes(std::span<const double> ys, std::size_t begin, std::size_t end) const;

    // Asks the cache for what a query with a bound near `position` will read (the block of values, its offsets): a
    // reduction finds where the next column ends before it needs it, and a zoomed-out frame otherwise waits on
    // memory for every column in turn.
    void prefetch(std::span<const double> ys, std::size_t position) const
    {
        if (position < m_size && ys.size() == m_size) {
            __builtin_prefetch(m_edges.data() + position);
            // The whole block: the query reads the extremes its offsets point to, anywhere in it.
            const double* block = ys.data() + position / blockSize * blockSize;
            for (std::size_t i = 0; i < blockSize; i += 8)
                __builtin_prefetch(block + i);
        }
    }

    std::size_t size() const { return m_size; } // values it was built over; 0 when empty
    std::size_t memoryBytes() const;

private:
    // `lowest` carries the "holds a non-finite value" flag in its top bit; noFinite marks a block without a
    // finite value (whose low and high are then +inf and -inf).
    struct Node {
        double low;
        double high;
        std::uint32_t lowest;
        std::uint32_t highest;
    };
    static constexpr std::uint32_t nonFiniteFlag = 0x8000'0000u;
    static constexpr std::uint32_t noFinite = 0x7fff'ffffu;

    // Per value i: offsets within its block of the first lowest and highest finite value of [block start, i]
    // (before) and of [i, block end) (onwards); an offset of noFiniteOffset when the stretch holds no finite value.
    // The low offsets carry "the stretch holds a non-finite value" in their top bit.
    struct EdgeOffsets {
        std::uint8_t beforeLow, beforeHigh, onwardsLow, onwardsHigh;
    };
    static constexpr std::uint8_t nonFiniteOffsetFlag = 0x80;
    static constexpr std::uint8_t noFiniteOffset = 0x7f;
    static_assert(blockSize <= noFiniteOffset);
    void buildEdges(std::span<const double> ys);

    std::size_t m_size = 0;
    std::vector<std::vector<Node>> m_levels; // m_levels[k][j] covers blocks [j * 2^k, (j + 1) * 2^k)
    std::vector<EdgeOffsets> m_edges;
};
