#pragma once

#include <QtGlobal>

#include <cmath>
#include <limits>

// What the run table shows of one metric without loading its history.
struct MetricSummary {
    double latest = std::numeric_limits<double>::quiet_NaN();
    qint64 latestStep = 0;
    qint64 latestTimestampMs = 0;
    // NaN when the source cannot give them cheaply (the SQLite store keeps only the latest value).
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    qint64 count = -1; // points in the history; -1 when unknown

    bool hasRange() const { return count >= 0; }

    // MLflow's rule for the latest value: the greatest (step, timestamp, value), not the last logged line.
    // A NaN value never wins a tie, as in Python's tuple comparison.
    bool isLaterThan(qint64 step, qint64 timestampMs, double value) const
    {
        if (latestStep != step)
            return latestStep > step;
        if (latestTimestampMs != timestampMs)
            return latestTimestampMs > timestampMs;
        return !(value > latest);
    }
};
