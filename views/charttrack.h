#pragma once

#include "chartaxes.h"
#include "metricseries.h"
#include "minmaxpyramid.h"
#include "smoothing.h"
#include "xvalues.h"

#include <QColor>
#include <QString>
#include <QVector>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

QT_BEGIN_NAMESPACE
class QLineSeries;
QT_END_NAMESPACE

struct ChartSeries {
    QString label;
    QColor color; // invalid: a colour from the chart's palette
    MetricSeriesPtr data;
    qint64 runStartMs = 0; // origin of RelativeTime; 0: the series' first timestamp
    // A group's spread around its mean (`data`): the band's lower and upper edge at the same points, filled
    // faintly behind the line. Empty: no band.
    MetricSeriesPtr bandLow {}, bandHigh {};
    // With XAxisMode::Metric: x of every point of `data` (another metric's value at the same step; NaN: none).
    std::shared_ptr<const std::vector<double>> xValues {};
};


// One series as a MetricChart holds it, ready to be reduced on every frame: x in the chart's axis mode, read from
// the MetricSeries' own columns (a copy only when the history is not ascending in x: then sorted once, with
// sortedYs and order), and min/max pyramids so that zoom and resize cost O(pixels · log n). The O(n) work per
// series happens here, once per data change, never per frame.
struct ChartTrack {
    ChartSeries spec;
    QColor color;
    XValues xs;
    std::vector<double> sortedYs; // filled only when the history is not ascending in x
    std::vector<double> smoothedYs; // in the order of xs; empty without smoothing
    std::vector<std::size_t> order; // index into the MetricSeries per x; empty when it is the identity
    MinMaxPyramid pyramid; // over ys()
    MinMaxPyramid smoothedPyramid; // over smoothedYs
    bool positive = true; // every finite value > 0
    QLineSeries* legend = nullptr; // no points: carries the legend entry (colour and name) only; owned by the chart

    std::span<const double> ys() const;
    std::size_t indexAt(std::size_t i) const { return order.empty() ? i : order[i]; }

    // Tracks of `input` in axis mode `mode` (relative time in units of `relativeUnitMs`), without pyramids:
    // index() each, then smooth() each. `palette` colours series that bring none.
    static std::vector<ChartTrack> fromSeries(const QVector<ChartSeries>& input, XAxisMode mode, double relativeUnitMs,
        std::span<const QColor> palette);
    // The unit relative time counts in for `input`: seconds, minutes or hours, whichever keeps labels short.
    static double relativeUnitFor(const QVector<ChartSeries>& input);
    // Sorts out-of-order x once and builds the pyramid and the sign of the lowest value.
    void index();
    // The smoothed curve over point index in x order, on the full data, and its pyramid; none when inactive.
    void smooth(const SmoothingSettings& smoothing);
};
