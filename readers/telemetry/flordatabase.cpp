#include "flordatabase.h"

#include "mlflowsqlite/sqlitedatabase.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

constexpr int kBusyTimeoutMs = 2000;
constexpr int kValueTypeLog = 1; // flor.log / flor.arg; 3 is FLOR's own time::* profiling

struct Row {
    QString projid;
    QString tstamp;
    QString filename;
    QString ctx; // JSON text or empty
    QString name;
    QString value;
    int type = 0;
};

QString runIdOf(const Row& r) { return r.filename + u'@' + r.tstamp; }

// The loop iterations of a ctx cell, outermost first; empty for top-level values or unreadable JSON.
QList<qint64> iterations(const QString& ctx, QStringList* loopNames)
{
    QList<qint64> out;
    if (ctx.isEmpty())
        return out;
    const auto j = nlohmann::json::parse(ctx.toStdString(), nullptr, false);
    if (!j.is_array())
        return out;
    for (const auto& seg : j) {
        if (!seg.is_object() || !seg.contains("iteration") || !seg["iteration"].is_number_integer())
            return {};
        out << seg["iteration"].get<qint64>();
        if (loopNames && seg.contains("name") && seg["name"].is_string())
            *loopNames << QString::fromStdString(seg["name"].get<std::string>());
    }
    return out;
}

std::optional<double> numeric(const QString& value)
{
    bool ok = false;
    const double d = value.toDouble(&ok);
    if (ok)
        return d;
    // Python's str() of non-finite floats.
    if (value == u"nan")
        return std::nan("");
    if (value == u"inf")
        return HUGE_VAL;
    if (value == u"-inf")
        return -HUGE_VAL;
    return std::nullopt;
}

// tstamp is datetime.now().isoformat(): local time without a zone.
std::optional<qint64> startMs(const QString& tstamp)
{
    const QDateTime t = QDateTime::fromString(tstamp, Qt::ISODateWithMs);
    return t.isValid() ? std::optional<qint64>(t.toMSecsSinceEpoch()) : std::nullopt;
}

struct Readout {
    QList<Row> rows;
    QString error;
    bool v3 = false;
};

Readout readRows(const QString& path, const CancelToken& cancel, const QString& runId = {})
{
    Readout out;
    SqliteDatabase db;
    if (!db.openReadOnly(path, kBusyTimeoutMs)) {
        out.error = db.describeError(path);
        return out;
    }
    QStringList columns;
    db.columnNames(QStringLiteral("logs"), columns);
    if (!columns.contains(u"ctx")) {
        out.v3 = columns.contains(u"ctx_id");
        out.error = path
            + (out.v3 ? QStringLiteral(": a flordb 3.x database (logs + loops); only flordb 4 is read so far")
                      : QStringLiteral(": no FLOR logs table"));
        return out;
    }
    // Replayed and extracted rows are derived from the forward run; flor.dataframe shows forward rows by default.
    const QByteArray where
        = columns.contains(u"source") ? QByteArrayLiteral(" WHERE source = 'forward'") : QByteArray();
    const QByteArray sql
        = "SELECT projid, tstamp, filename, ctx, value_name, value, value_type FROM logs" + where + " ORDER BY rowid";
    QSet<QString> seen; // flordb deduplicates with SELECT DISTINCT; so do we
    const bool ok = db.forEachRow(cancel, sql, [&](const SqliteStatement& s) {
        Row r { s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), static_cast<int>(s.int64(6)) };
        if (!runId.isEmpty() && runIdOf(r) != runId)
            return;
        const QString key
            = QStringList { r.projid, r.tstamp, r.filename, r.ctx, r.name, r.value, QString::number(r.type) }.join(
                QChar(0));
        if (seen.contains(key))
            return;
        seen.insert(key);
        out.rows << r;
    });
    if (!ok && !cancel.isCancelled())
        out.error = db.describeError(path);
    return out;
}

// Series of one run: a single loop level steps by its iteration; nested loops step by the ordinal of the
// (outer, inner, …) iteration tuple in logged order, so epoch 1 step 0 follows epoch 0's last step.
QHash<QString, MetricSeries> buildSeries(const QList<Row>& rows, QStringList* loopNames)
{
    QHash<QString, MetricSeries> series;
    QHash<QString, QList<QList<qint64>>> tuples;
    for (const Row& r : rows) {
        if (r.type != kValueTypeLog || r.ctx.isEmpty())
            continue;
        const auto value = numeric(r.value);
        QStringList names;
        const QList<qint64> its = iterations(r.ctx, &names);
        if (!value || its.isEmpty())
            continue;
        if (loopNames && names.size() > loopNames->size())
            *loopNames = names;
        QList<QList<qint64>>& seenTuples = tuples[r.name];
        qint64 step = its.first();
        if (its.size() > 1) {
            qsizetype at = seenTuples.indexOf(its);
            if (at < 0) {
                seenTuples << its;
                at = seenTuples.size() - 1;
            }
            step = at;
        }
        MetricSeries& s = series[r.name];
        s.key = r.name;
        s.append(step, startMs(r.tstamp).value_or(0), *value);
    }
    return series;
}

MetricSummary summarize(const MetricSeries& s)
{
    MetricSummary m;
    m.count = static_cast<qint64>(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const double v = s.values[i];
        if (i == 0 || !m.isLaterThan(s.steps[i], s.timestampsMs[i], v)) {
            m.latest = v;
            m.latestStep = s.steps[i];
            m.latestTimestampMs = s.timestampsMs[i];
        }
        if (!std::isnan(v)) {
            m.min = std::isnan(m.min) ? v : std::min(m.min, v);
            m.max = std::isnan(m.max) ? v : std::max(m.max, v);
        }
    }
    return m;
}

} // namespace

FlorDatabase::FlorDatabase(QString path)
    : m_path(std::move(path))
{
}

SourceInfo FlorDatabase::info() const
{
    return { m_path, QStringLiteral("flor"), QFileInfo(m_path).fileName(), SourceInfo::None };
}

bool FlorDatabase::looksLikeFlor(const QString& path)
{
    SqliteDatabase db;
    if (!db.openReadOnly(path, kBusyTimeoutMs))
        return false;
    QStringList columns;
    if (!db.columnNames(QStringLiteral("logs"), columns))
        return false;
    return columns.contains(u"value_name") && columns.contains(u"tstamp")
        && (columns.contains(u"ctx") || columns.contains(u"ctx_id"));
}

ReadResult<Catalog> FlorDatabase::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    const Readout readout = readRows(m_path, cancel);
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result;
    }
    if (!readout.error.isEmpty())
        return ReadResult<Catalog>::failure(readout.error);
    QHash<QString, QList<Row>> byRun;
    QStringList runOrder;
    for (const Row& r : readout.rows) {
        const QString id = runIdOf(r);
        if (!byRun.contains(id))
            runOrder << id;
        byRun[id] << r;
    }
    QSet<QString> experiments;
    for (const QString& id : std::as_const(runOrder)) {
        const QList<Row>& rows = byRun[id];
        const Row& first = rows.first();
        if (!experiments.contains(first.projid)) {
            experiments.insert(first.projid);
            Experiment e;
            e.experimentId = first.projid;
            e.name = first.projid;
            result.value.experiments << e;
        }
        Run run;
        run.runId = id;
        run.name = first.filename;
        run.experimentId = first.projid;
        run.status = RunStatus::Finished; // rows reach the database when flor commits, at the end of a run
        run.startTimeMs = startMs(first.tstamp);
        run.sourceName = first.filename;
        run.tags.insert(QStringLiteral("flor.tstamp"), first.tstamp);
        run.tags.insert(QStringLiteral("flor.filename"), first.filename);
        for (const Row& r : rows) {
            if (r.ctx.isEmpty() && r.type == kValueTypeLog)
                run.params.insert(r.name, r.value);
            else if (r.ctx.isEmpty() && r.name.startsWith(u"time::"))
                run.tags.insert(u"flor." + r.name, r.value); // seconds FLOR measured for the whole script
        }
        QStringList loops;
        const auto series = buildSeries(rows, &loops);
        for (auto it = series.cbegin(); it != series.cend(); ++it)
            run.metrics.insert(it.key(), summarize(*it));
        if (!loops.isEmpty())
            run.tags.insert(QStringLiteral("flor.loops"), loops.join(u'/'));
        result.value.runs << run;
        progress.publish({ run });
    }
    return result;
}

ReadResult<MetricSeries> FlorDatabase::series(const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    const Readout readout = readRows(m_path, cancel, runId);
    if (cancel.isCancelled()) {
        ReadResult<MetricSeries> r;
        r.cancelled = true;
        return r;
    }
    if (!readout.error.isEmpty())
        return ReadResult<MetricSeries>::failure(readout.error);
    const auto all = buildSeries(readout.rows, nullptr);
    const auto it = all.constFind(metricKey);
    if (it == all.constEnd())
        return ReadResult<MetricSeries>::failure(m_path + u": run " + runId + u" has no metric '" + metricKey + u'\'');
    ReadResult<MetricSeries> result;
    result.value = *it;
    return result;
}
