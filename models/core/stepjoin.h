#pragma once

#include "metricseries.h"

#include <vector>

// Another metric as the x axis (MLflow's "x axis: any metric"): for every point of `y`, the value `x` had at the
// same step — the last one logged there, as a resumed run's re-logged step replaces the earlier one — or NaN
// where `x` has no value at that step (the chart leaves such points out).
class StepJoin final {
public:
    static std::vector<double> xAtSteps(const MetricSeries& y, const MetricSeries& x);
};
