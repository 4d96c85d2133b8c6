#pragma once

#include "decimation.h"

#include <QList>
#include <QPointF>

#include <limits>
#include <span>
#include <vector>

class MinMaxPyramid;
class XValues;

// One series as Qt Charts receives it: the M4 reduction of its full data to the visible range and the plot's
// pixel width, cut at breaks (NaN) into line segments, lone values as dots, ±inf as x positions for markers,
// and the y extent of what is drawn inside (and, for an empty viewport, just outside) the visible range.
struct ChartReduction {
    QList<QList<QPointF>> segments;
    QList<QPointF> dots;
    std::vector<double> plusInfX, minusInfX;
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
    double edgeLow = low, edgeHigh = high; // the neighbours outside the range

    int pointCount() const;
    static ChartReduction reduce(
        std::span<const double> xs, std::span<const double> ys, double from, double to, int pixelWidth);
    // Ascending x with a pyramid over ys: O(columns · log n) per call (see decimateM4).
    static ChartReduction reduce(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
        const ColumnGrid& grid, const M4Options& options);
    // Cuts reduced points at breaks; `from`/`to` is the visible range, which decides what counts as inside.
    static ChartReduction fromPoints(const XYPoints& points, double from, double to);
};
