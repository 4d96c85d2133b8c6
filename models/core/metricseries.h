#pragma once

#include "stepcolumn.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

// A metric's full history, columnar and immutable once published. NaN and ±inf are kept as logged.
// Shared as std::shared_ptr<const MetricSeries>; a live source publishes a new, longer snapshot.
// Steps are a StepColumn: the usual 0, 1, 2, … costs nothing per point, so a point is 16 bytes, not 24.
struct MetricSeries {
    QString key;
    StepColumn steps;
    std::vector<std::int64_t> timestampsMs;
    std::vector<double> values;

    std::size_t size() const { return values.size(); }
    bool empty() const { return values.empty(); }
    void reserve(std::size_t n)
    {
        steps.reserve(n);
        timestampsMs.reserve(n);
        values.reserve(n);
    }
    void append(std::int64_t step, std::int64_t timestampMs, double value)
    {
        steps.push_back(step);
        timestampsMs.push_back(timestampMs);
        values.push_back(value);
    }
};

using MetricSeriesPtr = std::shared_ptr<const MetricSeries>;
