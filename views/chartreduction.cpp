#include "chartreduction.h"

#include "minmaxpyramid.h"
#include "xvalues.h"

#include <algorithm>
#include <cmath>

void ChartReduction::clear()
{
    points.clear();
    segmentEnds.clear();
    dots.clear();
    plusInfX.clear();
    minusInfX.clear();
    low = edgeLow = std::numeric_limits<double>::infinity();
    high = edgeHigh = -low;
}

ChartReduction ChartReduction::reduce(
    std::span<const double> xs, std::span<const double> ys, double from, double to, int pixelWidth)
{
    ChartReduction r;
    r.assign(decimateM4(xs, ys, from, to, pixelWidth), from, to);
    return r;
}

void ChartReduction::reduceInto(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options)
{
    // One scratch per thread (a frame reduces its runs on two): fresh buffers for every curve of every frame
    // would be page faults, a few hundred kilobytes a curve.
    thread_local XYPoints reduced;
    decimateM4Into(reduced, xs, ys, pyramid, grid, options);
    assign(reduced, grid.xMin(), grid.xMax());
}

void ChartReduction::assign(const XYPoints& reduced, double from, double to)
{
    clear();
    std::size_t start = 0; // of the current piece in `points`
    const auto close = [&] {
        // A line needs two points; a value alone between breaks is drawn as a dot so it is not lost.
        if (points.size() - start == 1) {
            dots.push_back(points.back());
            points.pop_back();
        } else if (points.size() - start > 1) {
            segmentEnds.push_back(points.size());
        }
        start = points.size();
    };
    points.reserve(reduced.size());
    for (std::size_t i = 0; i < reduced.size(); ++i) {
        const double y = reduced.y[i];
        if (std::isnan(y)) {
            close();
            continue;
        }
        points.emplace_back(reduced.x[i], y);
        const bool inside = reduced.x[i] >= from && reduced.x[i] <= to;
        double& lowest = inside ? low : edgeLow;
        double& highest = inside ? high : edgeHigh;
        lowest = std::min(lowest, y);
        highest = std::max(highest, y);
    }
    close();
    plusInfX.assign(reduced.plusInfX.begin(), reduced.plusInfX.end());
    minusInfX.assign(reduced.minusInfX.begin(), reduced.minusInfX.end());
}
