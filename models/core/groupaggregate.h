#pragma once

#include "metricseries.h"

#include <vector>

// The curve of a group of runs (e.g. all seeds of one configuration): at every step any of them logged, the
// mean of their values there and a band around it. A run contributes its last value at a step (a resumed run
// re-logs steps); non-finite values are left out of the statistics, and a step where no run has a finite
// value is a NaN, which breaks the line like any other NaN. Runs that stop early simply stop contributing.
struct GroupAggregate {
    enum class Band { StdDev, MinMax };

    MetricSeriesPtr mean; // steps = the union of the runs' steps; timestamp = the floored mean of theirs there
    MetricSeriesPtr low, high; // mean ∓ sample standard deviation (0 for one run), or min and max
    std::vector<int> counts; // how many runs had a finite value at each step

    static GroupAggregate compute(const std::vector<MetricSeriesPtr>& runs, Band band);
};
