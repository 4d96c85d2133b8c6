#include "minmaxpyramid.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

struct ValueRange {
    double low, high; // meaningless unless finite
    bool finite;
};

// The smallest and the largest of n > 0 values and whether all are finite. Two lanes of two doubles where SSE2
// is there (every x86-64): GCC leaves the plain loop scalar at -O2, and it is most of a zoom frame's reduction.
ValueRange valueRange(const double* p, std::size_t n)
{
#if defined(__SSE2__)
    if (n >= 4) {
        const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7fff'ffff'ffff'ffffLL));
        const __m128d largest = _mm_set1_pd(std::numeric_limits<double>::max());
        __m128d low0 = _mm_loadu_pd(p), high0 = low0, low1 = _mm_loadu_pd(p + 2), high1 = low1;
        __m128d finite = _mm_and_pd(_mm_cmple_pd(_mm_and_pd(low0, magnitude), largest),
            _mm_cmple_pd(_mm_and_pd(low1, magnitude), largest));
        const auto take = [&](const double* q) {
            const __m128d a = _mm_loadu_pd(q), b = _mm_loadu_pd(q + 2);
            low0 = _mm_min_pd(low0, a);
            high0 = _mm_max_pd(high0, a);
            low1 = _mm_min_pd(low1, b);
            high1 = _mm_max_pd(high1, b);
            finite = _mm_and_pd(finite,
                _mm_and_pd(_mm_cmple_pd(_mm_and_pd(a, magnitude), largest),
                    _mm_cmple_pd(_mm_and_pd(b, magnitude), largest)));
        };
        std::size_t i = 4;
        for (; i + 4 <= n; i += 4)
            take(p + i);
        if (i < n)
            take(p + n - 4); // the last four again, overlapping: extremes do not mind
        __m128d low = _mm_min_pd(low0, low1), high = _mm_max_pd(high0, high1);
        low = _mm_min_sd(low, _mm_unpackhi_pd(low, low));
        high = _mm_max_sd(high, _mm_unpackhi_pd(high, high));
        return { _mm_cvtsd_f64(low), _mm_cvtsd_f64(high), _mm_movemask_pd(finite) == 3 };
    }
#endif
    double low = p[0], high = low;
    bool finite = true;
    for (std::size_t i = 0; i < n; ++i) {
        const double y = p[i];
        finite &= std::abs(y) <= std::numeric_limits<double>::max();
        low = y < low ? y : low;
        high = y > high ? y : high;
    }
    return { low, high, finite };
}

// The first position of n values holding `value`, which one of them equals.
std::size_t firstEqual(const double* p, std::size_t n, double value)
{
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128d wanted = _mm_set1_pd(value);
    for (; i + 4 <= n; i += 4) {
        const int a = _mm_movemask_pd(_mm_cmpeq_pd(_mm_loadu_pd(p + i), wanted));
        const int b = _mm_movemask_pd(_mm_cmpeq_pd(_mm_loadu_pd(p + i + 2), wanted));
        if (a | b)
            return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(a | (b << 2))));
    }
#endif
    while (p[i] != value)
        ++i;
    return i;
}

// The running result of a query; candidates may arrive in any order, so ties are settled by position.
struct Best {
    // Only finite values are offered, so the infinities stand for "none yet" and lose every comparison.
    std::size_t lowest = MinMaxPyramid::npos, highest = MinMaxPyramid::npos;
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
    bool allFinite = true;

    // Without branches: which of a column's few candidates wins depends on the data, which the processor cannot
    // predict, and a misprediction costs more than both assignments.
    void offerLow(std::size_t position, double y)
    {
        const bool better = (y < low) | ((y == low) & (position < lowest));
        low = better ? y : low;
        lowest = better ? position : lowest;
    }
    void offerHigh(std::size_t position, double y)
    {
        const bool better = (y > high) | ((y == high) & (position < highest));
        high = better ? y : high;
        highest = better ? position : highest;
    }
    void scan(std::span<const double> ys, std::size_t begin, std::size_t end)
    {
        if (begin >= end)
            return;
        // First the extreme values, branch-free, then their first positions: a block edge holds up to 63 values,
        // and this runs twice per pixel column.
        const auto [low, high, finite] = valueRange(ys.data() + begin, end - begin);
        if (finite) {
            // The value offered is the one stored there: of two zeros, the sign the first one has.
            const std::size_t lowAt = begin + firstEqual(ys.data() + begin, end - begin, low);
            offerLow(lowAt, ys[lowAt]);
            const std::size_t highAt = begin + firstEqual(ys.data() + begin, end - begin, high);
            offerHigh(highAt, ys[highAt]);
            return;
        }
        for (std::size_t p = begin; p < end; ++p) {
            const double y = ys[p];
            if (!std::isfinite(y)) {
                allFinite = false;
                continue;
            }
            offerLow(p, y);
            offerHigh(p, y);
        }
    }
};

} // namespace

void MinMaxPyramid::buildEdges(std::span<const double> ys)
{
    const std::size_t n = ys.size();
    m_edges.resize(n);
    for (std::size_t start = 0; start < n; start += blockSize) {
        const std::size_t end = std::min(n, start + blockSize);
        std::uint8_t low = noFiniteOffset, high = noFiniteOffset, flag = 0;
        double lowValue = 0, highValue = 0;
        // Before: left to right, where a strict comparison keeps the first of equal extremes.
        for (std::size_t i = start; i < end; ++i) {
            const double y = ys[i];
            const auto at = static_cast<std::uint8_t>(i - start);
            if (!std::isfinite(y)) {
                flag = nonFiniteOffsetFlag;
            } else {
                if (low == noFiniteOffset || y < lowValue) {
                    low = at;
                    lowValue = y;
                }
                if (high == noFiniteOffset || y > highValue) {
                    high = at;
                    highValue = y;
                }
            }
            m_edges[i].beforeLow = static_cast<std::uint8_t>(low | flag);
            m_edges[i].beforeHigh = high;
        }
        // Onwards: right to left, where the earlier of equal extremes replaces the later.
        low = high = noFiniteOffset;
        flag = 0;
        for (std::size_t i = end; i-- > start;) {
            const double y = ys[i];
            const auto at = static_cast<std::uint8_t>(i - start);
            if (!std::isfinite(y)) {
                flag = nonFiniteOffsetFlag;
            } else {
                if (low == noFiniteOffset || y <= lowValue) {
                    low = at;
                    lowValue = y;
                }
                if (high == noFiniteOffset || y >= highValue) {
                    high = at;
                    highValue = y;
                }
            }
            m_edges[i].onwardsLow = static_cast<std::uint8_t>(low | flag);
            m_edges[i].onwardsHigh = high;
        }
    }
}

MinMaxPyramid::MinMaxPyramid(std::span<const double> ys)
{
    const std::size_t n = ys.size();
    if (n < 2 * blockSize || n >= noFinite)
        return;
    m_size = n;
    buildEdges(ys);

    // A block's extremes are what its last value knows of the values before it.
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<Node> level((n + blockSize - 1) / blockSize);
    for (std::size_t j = 0; j < level.size(); ++j) {
        const std::size_t start = j * blockSize;
        const EdgeOffsets& edge = m_edges[std::min(n, start + blockSize) - 1];
        const auto low = static_cast<std::uint8_t>(edge.beforeLow & ~nonFiniteOffsetFlag);
        const std::uint8_t high = edge.beforeHigh;
        Node& node = level[j];
        node.low = low == noFiniteOffset ? inf : ys[start + low];
        node.high = high == noFiniteOffset ? -inf : ys[start + high];
        node.lowest = low == noFiniteOffset ? noFinite : static_cast<std::uint32_t>(start + low);
        node.highest = high == noFiniteOffset ? noFinite : static_cast<std::uint32_t>(start + high);
        if (edge.beforeLow & nonFiniteOffsetFlag)
            node.lowest |= nonFiniteFlag;
    }
    m_levels.push_back(std::move(level));

    while (m_levels.back().size() > 1) {
        const std::vector<Node>& below = m_levels.back();
        std::vector<Node> above((below.size() + 1) / 2);
        for (std::size_t j = 0; j < above.size(); ++j) {
            Node node = below[2 * j];
            if (2 * j + 1 < below.size()) {
                const Node& right = below[2 * j + 1];
                const std::uint32_t flag = (node.lowest | right.lowest) & nonFiniteFlag;
                // The left half holds the earlier positions: it keeps ties. A block without a finite value has
                // low = +inf and high = -inf, so it never wins.
                if (right.low < node.low) {
                    node.low = right.low;
                    node.lowest = right.lowest;
                }
                if (right.high > node.high) {
                    node.high = right.high;
                    node.highest = right.highest;
                }
                node.lowest = (node.lowest & ~nonFiniteFlag) | flag;
            }
            above[j] = node;
        }
        m_levels.push_back(std::move(above));
    }
}

MinMaxPyramid::Extremes MinMaxPyramid::extremes(std::span<const double> ys, std::size_t begin, std::size_t end) const
{
    Best best;
    end = std::min(end, ys.size());
    const auto result = [&best] { return Extremes { best.lowest, best.highest, best.allFinite, best.low, best.high }; };
    if (m_size != ys.size() || m_levels.empty() || begin >= end) {
        best.scan(ys, begin, end);
        return result();
    }
    // A stretch of one block, as its offsets `low` and `high` (with the non-finite flag in `low`) describe it.
    const auto takeStretch = [&](std::size_t start, std::uint8_t low, std::uint8_t high) {
        if (low & nonFiniteOffsetFlag)
            best.allFinite = false;
        low = static_cast<std::uint8_t>(low & ~nonFiniteOffsetFlag);
        if (low != noFiniteOffset)
            best.offerLow(start + low, ys[start + low]);
        if (high != noFiniteOffset)
            best.offerHigh(start + high, ys[start + high]);
    };
    const auto takeBefore = [&](std::size_t last) { // [start of its block, last]
        const EdgeOffsets& e = m_edges[last];
        takeStretch(last / blockSize * blockSize, e.beforeLow, e.beforeHigh);
    };
    const auto takeOnwards = [&](std::size_t first) { // [first, end of its block)
        const EdgeOffsets& e = m_edges[first];
        takeStretch(first / blockSize * blockSize, e.onwardsLow, e.onwardsHigh);
    };

    const std::size_t firstBlock = begin / blockSize, lastBlock = (end - 1) / blockSize;
    if (firstBlock == lastBlock) {
        // Inside one block: from its start or to its end the offsets answer, else a scan of fewer than 64 values.
        if (begin == firstBlock * blockSize)
            takeBefore(end - 1);
        else if (end == std::min(m_size, (firstBlock + 1) * blockSize))
            takeOnwards(begin);
        else
            best.scan(ys, begin, end);
        return result();
    }
    takeOnwards(begin);
    takeBefore(end - 1);
    const auto take = [&](const Node& node) {
        if (node.lowest & nonFiniteFlag)
            best.allFinite = false;
        const std::uint32_t low = node.lowest & ~nonFiniteFlag;
        if (low != noFinite)
            best.offerLow(low, node.low);
        if (node.highest != noFinite)
            best.offerHigh(node.highest, node.high);
    };
    // The whole blocks between, bottom-up over the levels: an odd block at either end is taken whole, the rest
    // moves up a level.
    std::size_t from = firstBlock + 1, to = lastBlock;
    for (std::size_t k = 0; from < to; ++k) {
        const std::vector<Node>& level = m_levels[k];
        if (from & 1)
            take(level[from++]);
        if (to & 1)
            take(level[--to]);
        from >>= 1;
        to >>= 1;
    }
    return result();
}

std::size_t MinMaxPyramid::memoryBytes() const
{
    std::size_t bytes = m_levels.capacity() * sizeof(std::vector<Node>) + m_edges.capacity() * sizeof(EdgeOffsets);
    for (const std::vector<Node>& level : m_levels)
        bytes += level.capacity() * sizeof(Node);
    return bytes;
}
