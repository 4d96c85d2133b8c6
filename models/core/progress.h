#pragma once

#include "run.h"

#include <QString>
#include <QVector>

#include <functional>

// How a worker reports back while it runs. Both callbacks are called on the worker's thread; the receiver
// marshals them to the GUI thread. Either may be empty.
struct Progress {
    // done/total in units the source chooses (runs, bytes); total < 0 when unknown.
    std::function<void(qint64 done, qint64 total, const QString& what)> onProgress;
    // Runs as they are indexed, so a table can fill before the whole store is read.
    std::function<void(const QVector<Run>& batch)> onRuns;

    void report(qint64 done, qint64 total, const QString& what = {}) const
    {
        if (onProgress)
            onProgress(done, total, what);
    }
    void publish(const QVector<Run>& batch) const
    {
        if (onRuns && !batch.isEmpty())
            onRuns(batch);
    }
};
