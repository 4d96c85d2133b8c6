#pragma once

#include "chartaxes.h"

#include <QColor>
#include <QList>

#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAreaSeries;
class QChart;
class QLineSeries;
QT_END_NAMESPACE

struct ChartSeries;

// The faint spread of a group of runs (ChartSeries::bandLow / bandHigh) behind its mean line: one QAreaSeries
// per group, whose edges are M4-reduced to the visible range like the lines, so a band over a million steps
// costs what its pixels cost. Groups are few, so Qt Charts' per-point cost is no concern here.
class ChartBands final {
public:
    explicit ChartBands(QChart* chart);

    // After QChart::removeAllSeries (which deleted the previous areas): one area per series with a band, in
    // `colors[i]` for series i, x in `mode` (relative time counts `relativeUnitMs` from `origin` per series).
    void prepare(const QList<ChartSeries>& input, const std::vector<QColor>& colors, XAxisMode mode,
        double relativeUnitMs, QAbstractAxis* x, QAbstractAxis* y);
    // Widens [low, high] to the bands' extent within [from, to].
    void include(double from, double to, double& low, double& high) const;
    void redraw(double from, double to, int pixelWidth);
    bool isEmpty() const { return m_bands.empty(); }

private:
    struct Band {
        std::vector<double> xs, lows, highs; // in the current axis mode
        QAreaSeries* area = nullptr;
        QLineSeries *upper = nullptr, *lower = nullptr;
    };
    QChart* m_chart;
    std::vector<Band> m_bands;
};
