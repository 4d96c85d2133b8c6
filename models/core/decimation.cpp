#include "decimation.h"

#include "m4reducer.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace m4reduction;

namespace {

template <typename V, typename Out>
void decimateScan(Out& out, const V& visit, const ColumnGrid& grid, const M4Options& options)
{
    const auto [begin, end] = visibleRange(visit, grid);
    if (keepsEveryPoint(end - begin, grid, options))
        return keepEveryPoint(out, visit, grid, begin, end);
    reserveFor(out, end - begin, grid, options);
    Reducer<V, Out> reducer(out, visit, options, begin, end);
    for (std::size_t position = begin; position < end; ++position)
        reducer.visit(position, grid.columnOf(visit.x(position)));
    reducer.finish();
}

} // namespace

bool isSortedByX(std::span<const double> xs)
{
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]) || (i > 0 && xs[i] < xs[i - 1]))
            return false;
    }
    return true;
}

std::vector<std::size_t> stableOrderByX(std::span<const double> xs)
{
    std::vector<std::size_t> order;
    order.reserve(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isfinite(xs[i]))
            order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
    return order;
}

XYPoints decimateM4(std::span<const double> xs, std::span<const double> ys, double xMin, double xMax, int pixelWidth)
{
    return decimateM4(xs, ys, ColumnGrid::uniform(xMin, xMax, pixelWidth));
}

XYPoints decimateM4(
    std::span<const double> xs, std::span<const double> ys, const ColumnGrid& grid, const M4Options& options)
{
    XYPoints points;
    const std::size_t count = std::min(xs.size(), ys.size());
    if (count == 0 || !grid.isValid())
        return points;
    xs = xs.first(count);
    ys = ys.first(count);
    PointsOut out { points };
    const auto xAt = [xs](std::size_t index) { return xs[index]; };
    if (isSortedByX(xs)) {
        const Visit visit { xAt, [](std::size_t position) { return position; }, ys, count };
        decimateScan(out, visit, grid, options);
    } else {
        const std::vector<std::size_t> order = stableOrderByX(xs);
        const Visit visit { xAt, [&order](std::size_t position) { return order[position]; }, ys, order.size() };
        decimateScan(out, visit, grid, options);
    }
    return points;
}
