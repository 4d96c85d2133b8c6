#pragma once

#include "metricseries.h"
#include "metricsummary.h"
#include "readresult.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

// Parses an MLflow file-store metric file: one point per line, "ts value step" with optional dataset fields
// ("ts value step dataset_name dataset_digest", MLflow 3) or the legacy "ts value" (step 0). Values are
// Python's str(float), so nan/inf/-inf appear, in any case; lines may end in \r\n.
class MetricFileParser final {
public:
    struct Result {
        MetricSummary summary;
        qint64 badLines = 0;
    };
    // `series` may be null when only the summary is wanted (the run table); bad lines are skipped and reported
    // in `warnings` against `fileName` (at most a few per file, then a count).
    static Result parse(QByteArrayView data, const QString& fileName, MetricSeries* series, QList<ReadWarning>& warnings);
};
