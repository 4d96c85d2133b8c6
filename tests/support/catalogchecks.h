#pragma once

// Checks the TensorBoard logdir tests share: two readings of a logdir compared field by field.

#include "catalog.h"
#include "readresult.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

#include <cmath>

namespace catalogchecks {

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

inline bool sameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

inline QString formatSummary(const MetricSummary& m)
{
    return QStringLiteral("count %1 latest %2 @%3 t%4 min %5 max %6")
        .arg(m.count)
        .arg(m.latest, 0, 'g', 17)
        .arg(m.latestStep)
        .arg(m.latestTimestampMs)
        .arg(m.min, 0, 'g', 17)
        .arg(m.max, 0, 'g', 17);
}

// Every difference between two readings of the same logdir, one line each.
inline QStringList compareCatalogs(const Catalog& got, const Catalog& want)
{
    QStringList problems;
    if (got.runs.size() != want.runs.size())
        problems << QStringLiteral("%1 runs, expected %2").arg(got.runs.size()).arg(want.runs.size());
    for (const Run& w : want.runs) {
        const Run* g = got.run(w.runId);
        if (!g) {
            problems << w.runId + QStringLiteral(": missing");
            continue;
        }
        if (g->name != w.name || g->experimentId != w.experimentId || g->status != w.status
            || g->startTimeMs != w.startTimeMs || g->endTimeMs != w.endTimeMs)
            problems << w.runId + QStringLiteral(": run fields differ");
        if (g->params != w.params)
            problems << w.runId + QStringLiteral(": params differ");
        if (g->tags != w.tags)
            problems << w.runId + QStringLiteral(": tags differ");
        if (g->metrics.keys() != w.metrics.keys())
            problems << w.runId + QStringLiteral(": metrics ") + g->metrics.keys().join(u',')
                    + QStringLiteral(", expected ") + w.metrics.keys().join(u',');
        for (auto it = w.metrics.cbegin(); it != w.metrics.cend(); ++it) {
            const MetricSummary a = g->metrics.value(it.key());
            const MetricSummary& b = it.value();
            if (a.count != b.count || a.latestStep != b.latestStep || a.latestTimestampMs != b.latestTimestampMs
                || !sameNumber(a.latest, b.latest) || !sameNumber(a.min, b.min) || !sameNumber(a.max, b.max))
                problems << w.runId + u' ' + it.key() + QStringLiteral(": ") + formatSummary(a)
                        + QStringLiteral(", expected ") + formatSummary(b);
        }
    }
    return problems;
}

// Every point of every metric of every run.
inline qint64 totalPoints(const Catalog& catalog)
{
    qint64 n = 0;
    for (const Run& r : catalog.runs) {
        for (const MetricSummary& m : r.metrics)
            n += m.count;
    }
    return n;
}

} // namespace catalogchecks
