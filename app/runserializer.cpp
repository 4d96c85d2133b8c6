#include "runserializer.h"

#include "valueformat.h"

#include <nlohmann/json.hpp>

#include <QSet>

#include <algorithm>
#include <cmath>

using ordered_json = nlohmann::ordered_json;

namespace {

std::string u8(const QString& s)
{
    return s.toStdString();
}

ordered_json number(double v)
{
    if (!std::isfinite(v))
        return u8(ValueFormat::jsonNumberOrString(v));
    return v;
}

ordered_json optionalMs(std::optional<qint64> ms)
{
    return ms ? ordered_json(*ms) : ordered_json(nullptr);
}

QString experimentName(const Catalog& catalog, const QString& id)
{
    const Experiment* e = catalog.experiment(id);
    return e ? e->name : QString();
}

ordered_json runObject(const Run& run, const Catalog& catalog)
{
    ordered_json o;
    o["run_id"] = u8(run.runId);
    o["run_name"] = u8(run.name);
    o["experiment_id"] = u8(run.experimentId);
    o["experiment_name"] = u8(experimentName(catalog, run.experimentId));
    o["status"] = u8(runStatusName(run.status));
    o["start_time"] = optionalMs(run.startTimeMs);
    o["end_time"] = optionalMs(run.endTimeMs);
    o["lifecycle_stage"] = u8(run.lifecycleStage());
    ordered_json params = ordered_json::object();
    for (auto it = run.params.cbegin(); it != run.params.cend(); ++it)
        params[u8(it.key())] = u8(it.value());
    o["params"] = params;
    ordered_json tags = ordered_json::object();
    for (auto it = run.tags.cbegin(); it != run.tags.cend(); ++it)
        tags[u8(it.key())] = u8(it.value());
    o["tags"] = tags;
    ordered_json metrics = ordered_json::object();
    for (auto it = run.metrics.cbegin(); it != run.metrics.cend(); ++it)
        metrics[u8(it.key())] = number(it->latest);
    o["metrics"] = metrics;
    return o;
}

QByteArray dump(const ordered_json& j)
{
    return QByteArray::fromStdString(j.dump(2)) + '\n';
}

// RFC 4180: quote when needed, double the quotes.
QString csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    QString q = s;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

} // namespace

QByteArray RunSerializer::runsJson(const QVector<const Run*>& runs, const Catalog& catalog)
{
    ordered_json arr = ordered_json::array();
    for (const Run* r : runs)
        arr.push_back(runObject(*r, catalog));
    return dump(arr);
}

QByteArray RunSerializer::runsCsv(const QVector<const Run*>& runs, const Catalog& catalog)
{
    QStringList paramKeys;
    QStringList metricKeys;
    QSet<QString> seenP;
    QSet<QString> seenM;
    for (const Run* r : runs) {
        for (auto it = r->params.keyBegin(); it != r->params.keyEnd(); ++it)
            if (!seenP.contains(*it)) {
                seenP.insert(*it);
                paramKeys << *it;
            }
        for (auto it = r->metrics.keyBegin(); it != r->metrics.keyEnd(); ++it)
            if (!seenM.contains(*it)) {
                seenM.insert(*it);
                metricKeys << *it;
            }
    }
    paramKeys.sort();
    metricKeys.sort();
    QStringList header { QStringLiteral("run_id"), QStringLiteral("run_name"), QStringLiteral("experiment_id"),
        QStringLiteral("experiment_name"), QStringLiteral("status"), QStringLiteral("start_time"),
        QStringLiteral("end_time"), QStringLiteral("lifecycle_stage") };
    for (const QString& k : std::as_const(paramKeys))
        header << csvField(u"params." + k);
    for (const QString& k : std::as_const(metricKeys))
        header << csvField(u"metrics." + k);
    QString out = header.join(u',') + u'\n';
    for (const Run* r : runs) {
        QStringList row { r->runId, csvField(r->name), r->experimentId,
            csvField(experimentName(catalog, r->experimentId)), runStatusName(r->status),
            r->startTimeMs ? QString::number(*r->startTimeMs) : QString(),
            r->endTimeMs ? QString::number(*r->endTimeMs) : QString(), r->lifecycleStage() };
        for (const QString& k : std::as_const(paramKeys))
            row << csvField(r->params.value(k));
        for (const QString& k : std::as_const(metricKeys))
            row << (r->metrics.contains(k) ? ValueFormat::exact(r->metrics[k].latest) : QString());
        out += row.join(u',') + u'\n';
    }
    return out.toUtf8();
}

QByteArray RunSerializer::runsTable(const QVector<const Run*>& runs, const Catalog& catalog)
{
    const QStringList header { QStringLiteral("RUN_ID"), QStringLiteral("NAME"), QStringLiteral("EXPERIMENT"),
        QStringLiteral("STATUS"), QStringLiteral("STARTED"), QStringLiteral("DURATION") };
    QVector<QStringList> rows;
    for (const Run* r : runs)
        rows.append({ r->runId, r->name + (r->deleted ? QStringLiteral(" (deleted)") : QString()),
            experimentName(catalog, r->experimentId), runStatusName(r->status), ValueFormat::timestamp(r->startTimeMs),
            ValueFormat::duration(r->durationMs()) });
    QVector<qsizetype> widths(header.size());
    for (qsizetype c = 0; c < header.size(); ++c) {
        widths[c] = header[c].size();
        for (const QStringList& row : std::as_const(rows))
            widths[c] = std::max(widths[c], row[c].size());
    }
    const auto line = [&](const QStringList& cells) -> QString {
        QString s;
        for (qsizetype c = 0; c < cells.size(); ++c)
            s += (c + 1 == cells.size() ? cells[c] : cells[c].leftJustified(widths[c] + 2));
        return s.trimmed() + u'\n';
    };
    QString out = line(header);
    for (const QStringList& row : std::as_const(rows))
        out += line(row);
    out += QString::number(rows.size()) + (rows.size() == 1 ? QStringLiteral(" run\n") : QStringLiteral(" runs\n"));
    return out.toUtf8();
}

QByteArray RunSerializer::runJson(const Run& run, const Catalog& catalog)
{
    ordered_json o = runObject(run, catalog);
    o["user_id"] = u8(run.user);
    o["artifact_uri"] = u8(run.artifactUri);
    o["description"] = u8(run.description());
    o["parent_run_id"] = run.parentRunId.isEmpty() ? ordered_json(nullptr) : ordered_json(u8(run.parentRunId));
    ordered_json summaries = ordered_json::object();
    for (auto it = run.metrics.cbegin(); it != run.metrics.cend(); ++it) {
        ordered_json s;
        s["latest"] = number(it->latest);
        s["step"] = it->latestStep;
        s["timestamp"] = it->latestTimestampMs;
        s["min"] = it->hasRange() ? number(it->min) : ordered_json(nullptr);
        s["max"] = it->hasRange() ? number(it->max) : ordered_json(nullptr);
        s["count"] = it->hasRange() ? ordered_json(it->count) : ordered_json(nullptr);
        summaries[u8(it.key())] = s;
    }
    o["metric_summaries"] = summaries;
    return dump(o);
}

QByteArray RunSerializer::runText(const Run& run, const Catalog& catalog)
{
    QString out;
    const auto field = [&](const QString& name, const QString& value) {
        if (!value.isEmpty())
            out += name.leftJustified(12) + value + u'\n';
    };
    field(QStringLiteral("Run"), run.name);
    field(QStringLiteral("ID"), run.runId);
    field(QStringLiteral("Experiment"), experimentName(catalog, run.experimentId) + u" (" + run.experimentId + u')');
    field(QStringLiteral("Status"), runStatusName(run.status) + (run.deleted ? QStringLiteral(", deleted") : QString()));
    field(QStringLiteral("User"), run.user);
    field(QStringLiteral("Started"), ValueFormat::timestamp(run.startTimeMs));
    field(QStringLiteral("Duration"), ValueFormat::duration(run.durationMs()));
    field(QStringLiteral("Source"), run.sourceName);
    field(QStringLiteral("Git commit"), run.gitCommit);
    field(QStringLiteral("Parent run"), run.parentRunId);
    field(QStringLiteral("Artifacts"), run.artifactUri);
    if (!run.description().isEmpty())
        out += u"\n" + run.description() + u"\n";
    if (!run.params.isEmpty()) {
        out += QStringLiteral("\nParams\n");
        for (auto it = run.params.cbegin(); it != run.params.cend(); ++it)
            out += u"  " + it.key() + u" = " + it.value() + u'\n';
    }
    if (!run.metrics.isEmpty()) {
        out += QStringLiteral("\nMetrics (latest; min, max)\n");
        for (auto it = run.metrics.cbegin(); it != run.metrics.cend(); ++it) {
            out += u"  " + it.key() + u" = " + ValueFormat::metric(it->latest) + u" @ step "
                + QString::number(it->latestStep);
            if (it->hasRange())
                out += u"; " + ValueFormat::metric(it->min) + u", " + ValueFormat::metric(it->max);
            out += u'\n';
        }
    }
    if (!run.tags.isEmpty()) {
        out += QStringLiteral("\nTags\n");
        for (auto it = run.tags.cbegin(); it != run.tags.cend(); ++it) {
            if (it.key() != u"mlflow.note.content")
                out += u"  " + it.key() + u" = " + QString(it.value()).replace(u'\n', u' ').left(120) + u'\n';
        }
    }
    return out.toUtf8();
}

QByteArray RunSerializer::seriesCsv(const MetricSeries& series)
{
    QByteArray out = "step,timestamp_ms,value\n";
    out.reserve(static_cast<qsizetype>(series.size() * 32 + 32));
    for (size_t i = 0; i < series.size(); ++i) {
        out += QByteArray::number(series.steps[i]) + ',' + QByteArray::number(series.timestampsMs[i]) + ','
            + ValueFormat::exact(series.values[i]).toLatin1() + '\n';
    }
    return out;
}

QByteArray RunSerializer::seriesJson(const MetricSeries& series)
{
    ordered_json arr = ordered_json::array();
    for (size_t i = 0; i < series.size(); ++i) {
        ordered_json p;
        p["step"] = series.steps[i];
        p["timestamp_ms"] = series.timestampsMs[i];
        p["value"] = number(series.values[i]);
        arr.push_back(std::move(p));
    }
    return dump(arr);
}
