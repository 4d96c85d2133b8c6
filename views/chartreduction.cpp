#include "chartreduction.h"

#include "minmaxpyramid.h"
#include "xvalues.h"

#include <algorithm>
#include <cmath>

int ChartReduction::pointCount() const
{
    qsizetype n = dots.size();
    for (const QList<QPointF>& segment : segments)
        n += segment.size();
    return static_cast<int>(n);
}

ChartReduction ChartReduction::reduce(
    std::span<const double> xs, std::span<const double> ys, double from, double to, int pixelWidth)
{
    return fromPoints(decimateM4(xs, ys, from, to, pixelWidth), from, to);
}

ChartReduction ChartReduction::reduce(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options)
{
    return fromPoints(decimateM4(xs, ys, pyramid, grid, options), grid.xMin(), grid.xMax());
}

ChartReduction ChartReduction::fromPoints(const XYPoints& points, double from, double to)
{
    ChartReduction r;
    QList<QPointF> current;
    const auto close = [&] {
        // A line needs two points; a value alone between breaks is drawn as a dot so it is not lost.
        if (current.size() == 1)
            r.dots.append(current.front());
        else if (current.size() > 1)
            r.segments.append(current);
        current.clear();
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double y = points.y[i];
        if (std::isnan(y)) {
            close();
            continue;
        }
        current.append(QPointF(points.x[i], y));
        const bool inside = points.x[i] >= from && points.x[i] <= to;
        double& lowest = inside ? r.low : r.edgeLow;
        double& highest = inside ? r.high : r.edgeHigh;
        lowest = std::min(lowest, y);
        highest = std::max(highest, y);
    }
    close();
    r.plusInfX = points.plusInfX;
    r.minusInfX = points.minusInfX;
    return r;
}
