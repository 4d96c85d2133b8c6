#include "minmaxpyramid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace {

// The running result of a query; candidates may arrive in any order, so ties are settled by position.
struct Best {
    std::size_t lowest = MinMaxPyramid::npos, highest = MinMaxPyramid::npos;
    double low = 0, high = 0;
    bool allFinite = true;

    void offerLow(std::size_t position, double y)
    {
        if (lowest == MinMaxPyramid::npos || y < low || (y == low && position < lowest)) {
            lowest = position;
            low = y;
        }
    }
    void offerHigh(std::size_t position, double y)
    {
        if (highest == MinMaxPyramid::npos || y > high || (y == high && position < highest)) {
            highest = position;
            high = y;
        }
    }
    void scan(std::span<const double> ys, std::size_t begin, std::size_t end)
    {
        if (begin >= end)
            return;
        // First the extreme values, branch-free (the compiler vectorises it), then their first positions: a
        // block edge holds up to 63 values, and this runs twice per pixel column.
        double low = ys[begin], high = low;
        bool finite = true;
        for (std::size_t p = begin; p < end; ++p) {
            const double y = ys[p];
            finite &= std::abs(y) <= std::numeric_limits<double>::max();
            low = y < low ? y : low;
            high = y > high ? y : high;
        }
        if (finite) {
            std::size_t p = begin;
            while (ys[p] != low)
                ++p;
            offerLow(p, low);
            p = begin;
            while (ys[p] != high)
                ++p;
            offerHigh(p, high);
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

MinMaxPyramid::MinMaxPyramid(std::span<const double> ys)
{
    const std::size_t n = ys.size();
    if (n < 2 * blockSize || n >= noFinite)
        return;
    m_size = n;

    std::vector<Node> level((n + blockSize - 1) / blockSize);
    for (std::size_t j = 0; j < level.size(); ++j) {
        Best best;
        best.scan(ys, j * blockSize, std::min(n, (j + 1) * blockSize));
        level[j].lowest = best.lowest == npos ? noFinite : static_cast<std::uint32_t>(best.lowest);
        level[j].highest = best.highest == npos ? noFinite : static_cast<std::uint32_t>(best.highest);
        if (!best.allFinite)
            level[j].lowest |= nonFiniteFlag;
    }
    m_levels.push_back(std::move(level));

    while (m_levels.back().size() > 1) {
        const std::vector<Node>& below = m_levels.back();
        std::vector<Node> above((below.size() + 1) / 2);
        for (std::size_t j = 0; j < above.size(); ++j) {
            Node node = below[2 * j];
            if (2 * j + 1 < below.size()) {
                const Node& right = below[2 * j + 1];
                const std::uint32_t leftLow = node.lowest & ~nonFiniteFlag, rightLow = right.lowest & ~nonFiniteFlag;
                const std::uint32_t flag = (node.lowest | right.lowest) & nonFiniteFlag;
                // The left half holds the earlier positions: it keeps ties.
                std::uint32_t low = leftLow;
                if (rightLow != noFinite && (leftLow == noFinite || ys[rightLow] < ys[leftLow]))
                    low = rightLow;
                std::uint32_t high = node.highest;
                if (right.highest != noFinite && (high == noFinite || ys[right.highest] > ys[high]))
                    high = right.highest;
                node = { low | flag, high };
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
    std::size_t firstBlock = (begin + blockSize - 1) / blockSize, endBlock = end / blockSize;
    if (m_size != ys.size() || m_levels.empty() || begin >= end || endBlock <= firstBlock) {
        best.scan(ys, begin, end);
        return { best.lowest, best.highest, best.allFinite };
    }
    best.scan(ys, begin, firstBlock * blockSize);
    const auto take = [&](const Node& node) {
        if (node.lowest & nonFiniteFlag)
            best.allFinite = false;
        const std::uint32_t low = node.lowest & ~nonFiniteFlag;
        if (low != noFinite)
            best.offerLow(low, ys[low]);
        if (node.highest != noFinite)
            best.offerHigh(node.highest, ys[node.highest]);
    };
    // Bottom-up over the levels: an odd block at either end is taken whole, the rest moves up a level.
    for (std::size_t k = 0; firstBlock < endBlock; ++k) {
        const std::vector<Node>& level = m_levels[k];
        if (firstBlock & 1)
            take(level[firstBlock++]);
        if (endBlock & 1)
            take(level[--endBlock]);
        firstBlock >>= 1;
        endBlock >>= 1;
    }
    best.scan(ys, (end / blockSize) * blockSize, end);
    return { best.lowest, best.highest, best.allFinite };
}

std::size_t MinMaxPyramid::memoryBytes() const
{
    std::size_t bytes = m_levels.capacity() * sizeof(std::vector<Node>);
    for (const std::vector<Node>& level : m_levels)
        bytes += level.capacity() * sizeof(Node);
    return bytes;
}
