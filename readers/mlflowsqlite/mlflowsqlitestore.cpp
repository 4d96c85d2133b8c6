#include "mlflowsqlitestore.h"

#include "sqlitedatabase.h"
#include "sqlitestatement.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

namespace {

constexpr qsizetype kPublishBatch = 1000;
// A damaged table can have a problem on every row; the panel lists the first few and counts the rest.
constexpr int kMaxWarningsPerTable = 20;
// The histories pass may take twice as long as the rest of the index, and never less than this: on a small
// store the rest takes a few milliseconds, and timing noise must not cost its ranges.
constexpr qint64 kMinRangesBudgetMs = 250;
constexpr qint64 kRangesSampleRows = 65536;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString noSuchDatabase(const QString& path)
{
    return path + QStringLiteral(": no such database (RunLens never creates one)");
}

QString notAnMlflowStore(const QString& path, const QString& table)
{
    return path + u" is a SQLite database but not an MLflow store: no table '" + table + u'\'';
}

// The columns one table has here: they vary with the Alembic revision that made the database (§5.1).
struct Table {
    QString name;
    QSet<QString> columns;
};

bool has(const Table& table, const char* column) { return table.columns.contains(QString::fromLatin1(column)); }

// SELECT over the wanted columns; a column this revision lacks reads as NULL. Rows of other workspaces (a 2026
// schema, §5.3) are left out: RunLens shows the default workspace, as mlflow does without one configured.
QByteArray selectSql(const Table& table, std::initializer_list<const char*> wanted, const QByteArray& where = {})
{
    QByteArrayList columns;
    for (const char* column : wanted)
        columns << (has(table, column) ? QByteArray('"' + QByteArray(column) + '"') : QByteArrayLiteral("NULL"));
    QByteArrayList conditions;
    if (has(table, "workspace"))
        conditions << QByteArrayLiteral("\"workspace\" = 'default'");
    if (!where.isEmpty())
        conditions << where;
    QByteArray sql = "SELECT " + columns.join(", ") + " FROM \"" + table.name.toUtf8() + '"';
    if (!conditions.isEmpty())
        sql += " WHERE " + conditions.join(" AND ");
    return sql;
}

struct IndexState {
    SqliteDatabase& db;
    const QString& path;
    const CancelToken& cancel;
    ReadResult<Catalog>& result;
    std::optional<QString> error; // a failure that is not SQLite's (e.g. not an MLflow store)
    QHash<QString, Table> schema; // the tables RunLens reads; a missing one has no columns
    QHash<QByteArray, qsizetype> runIndex; // run_uuid → index in result.value.runs: the C++ side of the joins
    QHash<qint64, qsizetype> experimentIndex;
    // 10,000 runs share a few dozen keys, and a sweep's params a few values each: one QString per distinct text
    // keeps them implicitly shared, which saves memory and most of the UTF-16 conversions.
    QHash<QByteArray, QString> keys;
    QHash<QByteArray, QString> values;
    QHash<QString, int> warningsPerTable;
};

void warn(IndexState& s, const QString& table, const QString& message)
{
    if (++s.warningsPerTable[table] <= kMaxWarningsPerTable)
        s.result.warnings << ReadWarning::at(s.path, table + u": " + message);
}

void summariseWarnings(IndexState& s)
{
    for (auto it = s.warningsPerTable.cbegin(); it != s.warningsPerTable.cend(); ++it) {
        if (it.value() > kMaxWarningsPerTable)
            s.result.warnings << ReadWarning::at(s.path,
                it.key() + u": " + QString::number(it.value() - kMaxWarningsPerTable)
                    + u" more rows with problems like the ones above");
    }
}

QString intern(QHash<QByteArray, QString>& texts, QByteArrayView bytes)
{
    const auto it = texts.constFind(QByteArray::fromRawData(bytes.data(), bytes.size()));
    if (it != texts.cend())
        return it.value();
    const QString text = QString::fromUtf8(bytes);
    texts.insert(bytes.toByteArray(), text);
    return text;
}

QString intern(IndexState& s, QByteArrayView key) { return intern(s.keys, key); }

// Long values (notes, commands, JSON) are rarely shared; a bounded table keeps a store of unique values from
// growing it without end.
QString internValue(IndexState& s, QByteArrayView value)
{
    constexpr qsizetype kMaxInternedLength = 64;
    constexpr qsizetype kMaxInternedValues = 1 << 16;
    if (value.size() > kMaxInternedLength || s.values.size() >= kMaxInternedValues)
        return QString::fromUtf8(value);
    return intern(s.values, value);
}

// Rows for runs not indexed belong to runs of another workspace, or are orphans a foreign key should have
// prevented; either way there is no run to attach them to.
Run* runFor(IndexState& s, QByteArrayView runUuid)
{
    const auto it = s.runIndex.constFind(QByteArray::fromRawData(runUuid.data(), runUuid.size()));
    return it == s.runIndex.cend() ? nullptr : &s.result.value.runs[it.value()];
}

constexpr std::array kTables { "experiments", "experiment_tags", "runs", "params", "tags", "latest_metrics", "metrics",
    "registered_models", "registered_model_tags", "model_versions", "model_version_tags", "registered_model_aliases" };

bool loadSchema(IndexState& s)
{
    QStringList names;
    if (!s.db.tableNames(names))
        return false;
    for (const char* name : kTables) {
        Table& table = s.schema[QString::fromLatin1(name)];
        table.name = QString::fromLatin1(name);
        QStringList columns;
        if (names.contains(table.name) && !s.db.columnNames(table.name, columns))
            return false;
        table.columns = QSet<QString>(columns.cbegin(), columns.cend());
    }
    return true;
}

const Table& tableOf(IndexState& s, const char* name) { return s.schema[QString::fromLatin1(name)]; }

bool isDeleted(IndexState& s, const QString& table, const QString& what, QByteArrayView stage)
{
    if (stage == QByteArrayView("deleted"))
        return true;
    if (stage != QByteArrayView("active"))
        warn(s, table, what + u": lifecycle_stage '" + QString::fromUtf8(stage) + u"' is not 'active' or 'deleted'");
    return false;
}

bool readExperiments(IndexState& s)
{
    const Table& t = tableOf(s, "experiments");
    QVector<Experiment>& out = s.result.value.experiments;
    const QByteArray sql = selectSql(
        t, { "experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time" });
    return s.db.forEachRow(s.cancel, sql, [&](const SqliteStatement& row) {
        if (!row.isNumeric(0)) {
            warn(s, t.name, QStringLiteral("a row without a numeric experiment_id was skipped"));
            return;
        }
        Experiment e;
        e.experimentId = QString::number(row.int64(0));
        e.name = row.text(1);
        e.artifactLocation = row.text(2);
        e.deleted = isDeleted(s, t.name, u"experiment " + e.experimentId, row.bytes(3));
        e.creationTimeMs = row.optionalInt64(4);
        e.lastUpdateTimeMs = row.optionalInt64(5);
        s.experimentIndex.insert(row.int64(0), out.size());
        out.push_back(std::move(e));
    });
}

bool readExperimentTags(IndexState& s)
{
    const Table& t = tableOf(s, "experiment_tags");
    if (t.columns.isEmpty()) // older than revision df50e92ffc5e
        return true;
    QVector<Experiment>& experiments = s.result.value.experiments;
    return s.db.forEachRow(
        s.cancel, selectSql(t, { "experiment_id", "key", "value" }), [&](const SqliteStatement& row) {
            const auto it = s.experimentIndex.constFind(row.int64(0));
            if (it != s.experimentIndex.cend()) // else an experiment of another workspace
                experiments[it.value()].tags.insert(intern(s, row.bytes(1)), row.text(2));
        });
}

bool readRuns(IndexState& s, bool experimentsHaveWorkspace)
{
    const Table& t = tableOf(s, "runs");
    // Only runs known to belong to another workspace are left out; one without an experiment still shows, with
    // a warning.
    const QByteArray where = experimentsHaveWorkspace
        ? QByteArrayLiteral("(experiment_id IS NULL OR experiment_id NOT IN "
                            "(SELECT experiment_id FROM experiments WHERE workspace <> 'default'))")
        : QByteArray();
    const QByteArray sql = selectSql(t,
        { "run_uuid", "name", "experiment_id", "status", "user_id", "start_time", "end_time", "lifecycle_stage",
            "artifact_uri" },
        where);
    QVector<Run>& runs = s.result.value.runs;
    return s.db.forEachRow(s.cancel, sql, [&](const SqliteStatement& row) {
        const QByteArrayView uuid = row.bytes(0);
        if (uuid.isEmpty()) {
            warn(s, t.name, QStringLiteral("a run without run_uuid was skipped"));
            return;
        }
        Run r;
        r.runId = QString::fromUtf8(uuid);
        r.name = row.text(1);
        if (row.isNumeric(2)) {
            r.experimentId = QString::number(row.int64(2));
            if (!s.experimentIndex.contains(row.int64(2)))
                warn(s, t.name, u"run " + r.runId + u": experiment " + r.experimentId + u" does not exist");
        } else {
            warn(s, t.name, u"run " + r.runId + u": no experiment_id");
        }
        const QString status = row.text(3);
        r.status = runStatusFromName(status);
        if (r.status == RunStatus::Unknown)
            warn(s, t.name, u"run " + r.runId + u": status '" + status + u"' is not an MLflow run status");
        r.user = row.text(4);
        r.startTimeMs = row.optionalInt64(5);
        r.endTimeMs = row.optionalInt64(6);
        r.deleted = isDeleted(s, t.name, u"run " + r.runId, row.bytes(7));
        r.artifactUri = row.text(8);
        s.runIndex.insert(uuid.toByteArray(), runs.size());
        runs.push_back(std::move(r));
    });
}

// params and tags: (run_uuid, key, value) rows into one of the run's maps. MLflow allows a NULL tag value but
// never a NULL param value.
bool readRunKeyValues(IndexState& s, const char* tableName, QMap<QString, QString> Run::*map, bool valueRequired)
{
    const Table& t = tableOf(s, tableName);
    if (t.columns.isEmpty())
        return true;
    return s.db.forEachRow(s.cancel, selectSql(t, { "run_uuid", "key", "value" }), [&](const SqliteStatement& row) {
        Run* run = runFor(s, row.bytes(0));
        if (!run)
            return;
        if (row.isNull(1)) {
            warn(s, t.name, u"run " + run->runId + u": a row without a key was skipped");
            return;
        }
        const QString key = intern(s, row.bytes(1));
        if (valueRequired && row.isNull(2))
            warn(s, t.name, u"run " + run->runId + u": '" + key + u"' has no value; shown as empty");
        (run->*map).insert(key, internValue(s, row.bytes(2)));
    });
}

bool readLatestMetrics(IndexState& s)
{
    const Table& t = tableOf(s, "latest_metrics");
    if (t.columns.isEmpty()) {
        warn(s, t.name, QStringLiteral("no such table (a very old schema): latest metric values are not shown"));
        return true;
    }
    const QByteArray sql = selectSql(t, { "run_uuid", "key", "value", "timestamp", "step", "is_nan" });
    return s.db.forEachRow(s.cancel, sql, [&](const SqliteStatement& row) {
        Run* run = runFor(s, row.bytes(0));
        if (!run)
            return;
        if (row.isNull(1)) {
            warn(s, t.name, u"run " + run->runId + u": a metric without a key was skipped");
            return;
        }
        const QString key = intern(s, row.bytes(1));
        // NaN is stored as value 0 with is_nan = 1 (§5.4).
        const bool isNan = row.int64(5) != 0;
        if (!isNan && !row.isNumeric(2)) {
            warn(s, t.name, u"run " + run->runId + u": metric '" + key + u"' has no numeric value; skipped");
            return;
        }
        MetricSummary m;
        m.latest = isNan ? kNaN : row.real(2);
        m.latestTimestampMs = row.int64(3);
        m.latestStep = row.int64(4);
        run->metrics.insert(key, m);
    });
}

// Before the pass every range is empty (count 0); when the pass is given up they are unknown again (count -1).
void resetMetricRanges(IndexState& s, qint64 count)
{
    for (Run& run : s.result.value.runs) {
        for (MetricSummary& m : run.metrics) {
            m.min = m.max = kNaN;
            m.count = count;
        }
    }
}

// min, max and count per (run, key) from one sequential pass over the histories, aggregated here: a GROUP BY in
// SQL walks an index with a random table read per point (or sorts in a temporary B-tree) and measured several
// times slower. NaN points count but take no part in min/max; ±inf are stored as ±DBL_MAX and take part as such.
// Keys missing from latest_metrics are not added: mlflow does not show them either.
// Long histories make the pass slower than everything else together; past `budgetMs` (projected from the rowid
// range) it is abandoned and the ranges stay unknown, so opening a store stays fast.
bool readMetricRanges(IndexState& s, qint64 budgetMs)
{
    const Table& t = tableOf(s, "metrics");
    if (t.columns.isEmpty())
        return true;
    QElapsedTimer timer;
    timer.start();
    qint64 estimatedRows = -1;
    s.db.forEachRow(s.cancel, QByteArrayLiteral("SELECT MAX(rowid) FROM metrics"),
        [&](const SqliteStatement& row) { estimatedRows = row.isNull(0) ? 0 : row.int64(0); });
    resetMetricRanges(s, 0);
    const QByteArray isNan = has(t, "is_nan") ? QByteArrayLiteral("is_nan") : QByteArrayLiteral("0");
    // Rows come in rowid order, where points logged in one batch sit together: most rows reuse the last lookup.
    QByteArray lastRun, lastKey;
    MetricSummary* summary = nullptr;
    qint64 rows = 0;
    bool abandoned = false;
    const QByteArray sql = "SELECT run_uuid, key, value, " + isNan + " FROM metrics";
    const bool ok = s.db.forEachRow(s.cancel, sql, [&](const SqliteStatement& row) {
        const QByteArrayView run = row.bytes(0);
        const QByteArrayView key = row.bytes(1);
        if (run != QByteArrayView(lastRun) || key != QByteArrayView(lastKey)) {
            lastRun = run.toByteArray();
            lastKey = key.toByteArray();
            summary = nullptr;
            if (Run* r = runFor(s, run)) {
                const auto it = r->metrics.find(intern(s, key));
                if (it != r->metrics.end())
                    summary = &it.value();
            }
        }
        if (summary) {
            ++summary->count;
            if (row.int64(3) == 0) {
                // fmin/fmax return the other argument when one is NaN, so the first value replaces the initial NaN.
                summary->min = std::fmin(summary->min, row.real(2));
                summary->max = std::fmax(summary->max, row.real(2));
            }
        }
        if (++rows % SqliteStatement::kCancelCheckRows == 0) {
            const qint64 elapsed = timer.elapsed();
            // The first pages cost more than the rest (cold cache, set-up): project only from a fair sample.
            const bool fairSample = rows >= kRangesSampleRows && estimatedRows > rows;
            const qint64 projected = fairSample ? elapsed * estimatedRows / rows : elapsed;
            if (projected > budgetMs) {
                abandoned = true;
                return false;
            }
        }
        return true;
    });
    if (ok)
        return true;
    resetMetricRanges(s, -1);
    if (abandoned)
        return true;
    if (s.cancel.isCancelled())
        return false;
    // Ranges are an extra: a histories table SQLite cannot read costs them, not the whole store.
    warn(s, t.name, u"min, max and count not read: " + s.db.errorMessage());
    return true;
}

bool readRegistry(IndexState& s)
{
    const std::array<Table, 5> t { tableOf(s, "registered_models"), tableOf(s, "registered_model_tags"),
        tableOf(s, "model_versions"), tableOf(s, "model_version_tags"), tableOf(s, "registered_model_aliases") };
    if (t[0].columns.isEmpty()) // older than revision 2b4d017a5e9b: no registry
        return true;
    QVector<RegisteredModel>& models = s.result.value.models;
    QHash<QString, qsizetype> modelIndex;
    const auto modelFor = [&](const SqliteStatement& row) -> RegisteredModel* {
        const auto it = modelIndex.constFind(row.text(0));
        return it == modelIndex.cend() ? nullptr : &models[it.value()];
    };
    bool ok
        = s.db.forEachRow(s.cancel, selectSql(t[0], { "name", "creation_time", "last_updated_time", "description" }),
            [&](const SqliteStatement& row) {
                RegisteredModel m;
                m.name = row.text(0);
                m.creationTimeMs = row.optionalInt64(1);
                m.lastUpdatedTimeMs = row.optionalInt64(2);
                m.description = row.text(3);
                modelIndex.insert(m.name, models.size());
                models.push_back(std::move(m));
            });
    if (ok && !t[1].columns.isEmpty()) {
        ok = s.db.forEachRow(s.cancel, selectSql(t[1], { "name", "key", "value" }), [&](const SqliteStatement& row) {
            if (RegisteredModel* m = modelFor(row))
                m->tags.insert(row.text(1), row.text(2));
        });
    }
    QHash<std::pair<QString, qint64>, std::pair<qsizetype, qsizetype>> versionIndex; // → (model, version)
    if (ok && !t[2].columns.isEmpty()) {
        // Deleting a version only marks it Deleted_Internal (§1.9, §5.4); mlflow never shows those.
        const QByteArray sql = selectSql(t[2],
            { "name", "version", "creation_time", "last_updated_time", "description", "user_id", "current_stage",
                "source", "run_id", "status" },
            QByteArrayLiteral("(current_stage IS NULL OR current_stage <> 'Deleted_Internal')"));
        ok = s.db.forEachRow(s.cancel, sql, [&](const SqliteStatement& row) {
            RegisteredModel* m = modelFor(row);
            if (!m) {
                warn(
                    s, t[2].name, u"a version of '" + row.text(0) + u"', which is not a registered model, was skipped");
                return;
            }
            ModelVersion v;
            v.version = static_cast<int>(row.int64(1));
            v.creationTimeMs = row.optionalInt64(2);
            v.lastUpdatedTimeMs = row.optionalInt64(3);
            v.description = row.text(4);
            v.userId = row.text(5);
            v.stage = row.isNull(6) ? QStringLiteral("None") : row.text(6);
            v.source = row.text(7);
            v.runId = row.text(8);
            v.status = row.text(9);
            versionIndex.insert(
                std::pair(row.text(0), row.int64(1)), { modelIndex.value(m->name), m->versions.size() });
            m->versions.push_back(std::move(v));
        });
    }
    if (ok && !t[3].columns.isEmpty()) {
        ok = s.db.forEachRow(
            s.cancel, selectSql(t[3], { "name", "version", "key", "value" }), [&](const SqliteStatement& row) {
                const auto it = versionIndex.constFind(std::pair(row.text(0), row.int64(1)));
                if (it != versionIndex.cend())
                    models[it->first].versions[it->second].tags.insert(row.text(2), row.text(3));
            });
    }
    if (ok && !t[4].columns.isEmpty()) {
        ok = s.db.forEachRow(
            s.cancel, selectSql(t[4], { "name", "alias", "version" }), [&](const SqliteStatement& row) {
                if (RegisteredModel* m = modelFor(row))
                    m->aliases.insert(row.text(1), static_cast<int>(row.int64(2)));
            });
    }
    if (!ok)
        return false;
    // Prompts (MLflow 3's prompt registry) are registered models too; mlflow's model search leaves them out.
    models.removeIf([](const RegisteredModel& m) {
        return m.tags.value(QStringLiteral("mlflow.prompt.is_prompt")) == QStringLiteral("true");
    });
    std::sort(models.begin(), models.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (RegisteredModel& m : models) {
        std::sort(m.versions.begin(), m.versions.end(),
            [](const ModelVersion& a, const ModelVersion& b) { return a.version < b.version; });
    }
    return true;
}

bool readAll(IndexState& s, const Progress& progress)
{
    // One read transaction: every table comes from the same snapshot, so a run a writer adds meanwhile cannot
    // show up in params but not in runs. It takes only a shared lock, released when the connection closes.
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (!s.db.exec("BEGIN"))
        return false;
    if (!loadSchema(s))
        return false;
    for (const char* required : { "experiments", "runs" }) {
        if (tableOf(s, required).columns.isEmpty()) {
            s.error = notAnMlflowStore(s.path, QString::fromLatin1(required));
            return false;
        }
    }
    const bool workspaces = has(tableOf(s, "experiments"), "workspace");

    using Step = std::pair<const char16_t*, std::function<bool()>>;
    const std::array<Step, 8> steps { {
        { u"experiments", [&] { return readExperiments(s); } },
        { u"experiment tags", [&] { return readExperimentTags(s); } },
        { u"runs", [&] { return readRuns(s, workspaces); } },
        { u"params", [&] { return readRunKeyValues(s, "params", &Run::params, true); } },
        { u"tags", [&] { return readRunKeyValues(s, "tags", &Run::tags, false); } },
        { u"latest metrics", [&] { return readLatestMetrics(s); } },
        { u"metric ranges",
            [&] { return readMetricRanges(s, std::max(kMinRangesBudgetMs, 2 * sinceStart.elapsed())); } },
        { u"model registry", [&] { return readRegistry(s); } },
    } };
    const qint64 total = static_cast<qint64>(steps.size());
    for (qint64 i = 0; i < total; ++i) {
        if (s.cancel.isCancelled())
            return false;
        progress.report(i, total, u"Reading " + QString::fromUtf16(steps[i].first));
        if (!steps[i].second())
            return false;
    }
    if (s.cancel.isCancelled()) // during the last table: honoured before anything is published
        return false;
    progress.report(total, total, QStringLiteral("Read"));
    s.db.exec("COMMIT");
    return true;
}

template <typename T> ReadResult<T> cancelledResult()
{
    ReadResult<T> result;
    result.cancelled = true;
    return result;
}

} // namespace

MlflowSqliteStore::MlflowSqliteStore(QString dbPath)
    : m_path(QDir::cleanPath(QFileInfo(dbPath).absoluteFilePath()))
{
}

SourceInfo MlflowSqliteStore::info() const
{
    const QFileInfo file(m_path);
    SourceInfo info;
    info.uri = u"sqlite:///" + m_path;
    info.kind = QStringLiteral("mlflow-sqlite");
    info.displayName = file.dir().dirName() + u'/' + file.fileName();
    // MLflow writers commit to this file while a run trains: a changed size or time means new rows.
    info.capabilities = SourceInfo::Registry | SourceInfo::Live;
    info.watchPaths = { m_path };
    return info;
}

ReadResult<Catalog> MlflowSqliteStore::index(const Progress& progress, const CancelToken& cancel)
{
    if (cancel.isCancelled())
        return cancelledResult<Catalog>();
    // Checked first because SQLite's own message for a missing file ("unable to open database file") is vague.
    if (!QFileInfo(m_path).isFile())
        return ReadResult<Catalog>::failure(noSuchDatabase(m_path));
    SqliteDatabase db;
    if (!db.openReadOnly(m_path, busyTimeoutMs()))
        return ReadResult<Catalog>::failure(db.describeError(m_path));

    ReadResult<Catalog> result;
    IndexState s { db, m_path, cancel, result, {}, {}, {}, {}, {}, {}, {} };
    const bool ok = readAll(s, progress);
    summariseWarnings(s);
    if (!ok) {
        if (cancel.isCancelled())
            return cancelledResult<Catalog>();
        result.error = s.error ? *s.error : db.describeError(m_path);
        return result;
    }
    db.close();

    QVector<Run>& runs = result.value.runs;
    for (Run& run : runs)
        run.adoptWellKnownTags();
    for (qsizetype i = 0; i < runs.size(); i += kPublishBatch)
        progress.publish(runs.mid(i, kPublishBatch));
    return result;
}

ReadResult<MetricSeries> MlflowSqliteStore::series(
    const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    if (cancel.isCancelled())
        return cancelledResult<MetricSeries>();
    if (!QFileInfo(m_path).isFile())
        return ReadResult<MetricSeries>::failure(noSuchDatabase(m_path));
    SqliteDatabase db;
    QStringList columns;
    if (!db.openReadOnly(m_path, busyTimeoutMs()) || !db.columnNames(QStringLiteral("metrics"), columns))
        return ReadResult<MetricSeries>::failure(db.describeError(m_path));
    if (columns.isEmpty())
        return ReadResult<MetricSeries>::failure(notAnMlflowStore(m_path, QStringLiteral("metrics")));

    // mlflow's SQL get_metric_history orders by (timestamp, step, value); NaN sorts by its stored 0 there too.
    const QByteArray isNan
        = columns.contains(QStringLiteral("is_nan")) ? QByteArrayLiteral("is_nan") : QByteArrayLiteral("0");
    SqliteStatement row(db,
        "SELECT step, timestamp, value, " + isNan
            + " FROM metrics WHERE run_uuid = ?1 AND key = ?2 ORDER BY timestamp, step, value");
    if (!row.isValid() || !row.bind(1, runId) || !row.bind(2, metricKey))
        return ReadResult<MetricSeries>::failure(db.describeError(m_path));
    ReadResult<MetricSeries> result;
    result.value.key = metricKey;
    const bool ok = row.forEachRow(cancel, [&](const SqliteStatement& point) {
        result.value.append(point.int64(0), point.int64(1), point.int64(3) != 0 ? kNaN : point.real(2));
    });
    if (cancel.isCancelled())
        return cancelledResult<MetricSeries>();
    if (!ok)
        return ReadResult<MetricSeries>::failure(db.describeError(m_path));
    return result;
}
