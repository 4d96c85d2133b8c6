#pragma once

#include "canceltoken.h"
#include "catalog.h"
#include "metricseries.h"
#include "progress.h"
#include "readresult.h"
#include "span.h"

#include <QString>
#include <QVector>

struct SourceInfo {
    enum Capability { None = 0, Edit = 1, Registry = 2, Live = 4 };
    QString uri; // as the user gave it, normalised (e.g. sqlite:////abs/mlflow.db)
    QString kind; // "mlflow-files", "mlflow-sqlite", …
    QString displayName;
    int capabilities = None;
    // With Live: files and folders whose changes mean the index is stale. The app polls their sizes and times.
    QStringList watchPaths {};
};

// What every reader implements. All methods run on worker threads and never touch widgets or models. index()
// and series() may run at the same time on different threads (a chart loads while a reload indexes), so each
// call opens what it needs (files, its own read-only SQLite connection) and shared state is guarded.
class Source {
public:
    virtual ~Source() = default;
    virtual SourceInfo info() const = 0;
    // Experiments, runs (params, tags, metric summaries) and the registry; never full histories.
    virtual ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) = 0;
    // One metric's whole history, in logged order.
    virtual ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel)
        = 0;
    // The run's timed sections (telemetry spans) in start order, for the span timeline. Most formats have none.
    virtual ReadResult<QVector<Span>> spans(const QString& runId, const CancelToken& cancel)
    {
        Q_UNUSED(runId)
        Q_UNUSED(cancel)
        return {};
    }
};
