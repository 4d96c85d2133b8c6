#pragma once

#include "source.h"

#include <QString>

#include <atomic>

// MLflow's SQLAlchemy tracking and registry store on SQLite (mlflow.db), read-only (reference/mlflow.md §5).
// Every call opens its own read-only connection, so the worker that runs it owns it, and opening a store never
// changes a byte of it. The schema is read defensively: optional columns (workspace, deleted_time, …) are
// detected with PRAGMA table_info, and an unknown Alembic revision is not an error.
class MlflowSqliteStore final : public Source {
public:
    explicit MlflowSqliteStore(QString dbPath);

    SourceInfo info() const override;
    // Experiments, runs (deleted ones and those of deleted experiments included, as mlflow's ViewType.ALL),
    // params, tags, latest metrics with min/max/count, and the registry without prompts or deleted versions.
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    // Ordered as mlflow's get_metric_history on SQL: by (timestamp, step, value).
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;

    // How long a read waits for a writer's lock before failing with a "locked" error (default 5 s).
    void setBusyTimeoutMs(int ms) { m_busyTimeoutMs.store(ms, std::memory_order_relaxed); }
    int busyTimeoutMs() const { return m_busyTimeoutMs.load(std::memory_order_relaxed); }
    QString databasePath() const { return m_path; }

private:
    QString m_path;
    // Atomic because index() and series() may run on two threads at once (source.h); nothing else is shared.
    std::atomic_int m_busyTimeoutMs { 5000 };
};
