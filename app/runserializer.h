#pragma once

#include "catalog.h"
#include "metricseries.h"

#include <QString>
#include <QVector>

// The command line's output formats. JSON follows MLflow's field names (run_id, run_name, …) and spells
// non-finite numbers as its REST API does ("NaN", "Infinity", "-Infinity").
class RunSerializer final {
public:
    static QByteArray runsJson(const QVector<const Run*>& runs, const Catalog& catalog);
    static QByteArray runsCsv(const QVector<const Run*>& runs, const Catalog& catalog);
    static QByteArray runsTable(const QVector<const Run*>& runs, const Catalog& catalog);
    static QByteArray runJson(const Run& run, const Catalog& catalog); // show --format json (with summaries)
    static QByteArray runText(const Run& run, const Catalog& catalog);
    static QByteArray seriesCsv(const MetricSeries& series);
    static QByteArray seriesJson(const MetricSeries& series);
};
