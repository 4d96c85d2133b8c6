#pragma once

#include <QList>

struct TimingSummary {
    double best = 0.0;
    double median = 0.0;
};

// Best and median of a list of durations (seconds); zeros for an empty list.
TimingSummary summarizeTimings(QList<double> seconds);

// The process's peak resident set size (VmHWM in /proc/self/status) in KiB; 0 where the kernel does not say.
qint64 peakResidentKilobytes();
