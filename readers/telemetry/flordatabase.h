#pragma once

#include "source.h"

#include <QString>

// A FLOR (flordb 4.x) project database, <repo>/.flor/<projid>.db, read-only. flordb 4 keeps one `logs` table
// whose `ctx` column is the JSON list of enclosing loop iterations ([{"name","iteration","value"}, …], outermost
// first; NULL at top level). Experiment = projid; run = (projid, tstamp, filename); top-level flor.arg/flor.log
// values are params; values logged inside loops are metric series. FLOR stores no per-value time: every point
// carries the run's tstamp. The flordb 3.x layout (logs.ctx_id + a loops table) is recognised but not read.
class FlorDatabase final : public Source {
public:
    explicit FlorDatabase(QString path);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;

    // A SQLite file with FLOR's `logs` table (value_name, tstamp, and ctx or ctx_id).
    static bool looksLikeFlor(const QString& path);

private:
    QString m_path;
};
