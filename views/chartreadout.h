#pragma once

#include "chartaxes.h"

#include <QCoreApplication>
#include <QString>

#include <span>

struct ChartTrack;

// The hover text of a chart at x: where that is in the axis's terms, then every run's value at its point nearest
// to x (and its smoothed value, and its step when x is not the step), as rich text for a tooltip.
class ChartReadout final {
    Q_DECLARE_TR_FUNCTIONS(ChartReadout)

public:
    // `xMetric` names the x axis's metric (XAxisMode::Metric), `relativeUnit` the unit of relative time.
    static QString at(double x, std::span<const ChartTrack> tracks, XAxisMode mode, const QString& xMetric,
        const QString& relativeUnit);
};
