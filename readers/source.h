#pragma once

#include "canceltoken.h"
#include "catalog.h"
#include "metricseries.h"
#include "progress.h"
#include "readresult.h"

#include <QString>

struct SourceInfo {
    enum Capability { None = 0, Edit = 1, Registry = 2, Live = 4 };
    QString uri; // as the user gave it, normalised (e.g. sqlite:////abs/mlflow.db)
    QString kind; // "mlflow-files", "mlflow-sqlite", …
    QString displayName;
    int capabilities = None;
};

// What every reader implements. All methods may run on a worker thread and must not touch widgets or models;
// one Source object is used by one thread at a time (the LoadController serialises calls per source), and
// each call opens what it needs (files, a read-only SQLite connection) itself.
class Source {
public:
    virtual ~Source() = default;
    virtual SourceInfo info() const = 0;
    // Experiments, runs (params, tags, metric summaries) and the registry; never full histories.
    virtual ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) = 0;
    // One metric's whole history, in logged order.
    virtual ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel)
        = 0;
};
