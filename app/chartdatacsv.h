#pragma once

#include "metricseries.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <functional>

class QIODevice;

// The full-resolution data behind a chart, one row per logged point (never the reduced points the chart draws):
// run_id,run_name,step,timestamp_ms,value, values written exactly (shortest text that parses back to the same
// double; nan, inf, -inf spelled out).
class ChartDataCsv final {
public:
    struct Series {
        QString runId;
        QString runName;
        MetricSeriesPtr data;
    };
    // Rows written so far and in all; returns false to stop (the user cancelled).
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // Streams to `out` in pieces of about a megabyte: 50 runs of a million points are ~2.5 GB of text, which must
    // never be built in memory at once. False when writing failed or `progress` asked to stop.
    static bool write(const QVector<Series>& series, QIODevice& out, const Progress& progress = {});
    static QByteArray write(const QVector<Series>& series); // small data, tests
    static qint64 rowCount(const QVector<Series>& series);
};
