#pragma once

#include "metricseries.h"

#include <QByteArray>
#include <QString>
#include <QVector>

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
    static QByteArray write(const QVector<Series>& series);
};
