#pragma once

#include "chartaxes.h"
#include "groupaggregate.h"
#include "smoothing.h"

#include <QString>

// What the user chose for every chart of the grid at once (as MLflow's and TensorBoard's global chart settings).
struct ChartSettings {
    XAxisMode xMode = XAxisMode::Step;
    QString xMetric {}; // with XAxisMode::Metric: the metric whose value at each step is x
    bool logY = false;
    SmoothingSettings smoothing {};
    bool ignoreOutliers = false;
    QString groupBy {}; // "params.<name>" or "tags.<name>"; empty: every run is its own line
    GroupAggregate::Band band = GroupAggregate::Band::StdDev;

    friend bool operator==(const ChartSettings&, const ChartSettings&) = default;
};
