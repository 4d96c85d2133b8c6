#include "expectedstore.h"
#include "mlflowsqlite/mlflowsqlitestore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace {

QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QStringList folderListing(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// A scratch read-write connection, as another program (an MLflow writer, a corrupting tool) would hold.
class Writer {
public:
    explicit Writer(const QString& path, bool create = false)
    {
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK)
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    }
    ~Writer() { sqlite3_close_v2(m_db); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Empty on success, SQLite's message otherwise.
    QString exec(const QByteArray& sql)
    {
        if (!m_error.isEmpty())
            return m_error;
        char* message = nullptr;
        if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &message) == SQLITE_OK)
            return {};
        const QString error = QString::fromUtf8(message);
        sqlite3_free(message);
        return error;
    }

private:
    sqlite3* m_db = nullptr;
    QString m_error;
};

// A private copy of a fixture database, for the cases that lock or edit it.
QString copyFixtureDb(const QString& fixture, const QTemporaryDir& dir)
{
    const ExpectedStore expected(fixture);
    const QString copy = dir.filePath(QStringLiteral("mlflow.db"));
    if (!expected.isValid() || !QFile::copy(expected.storePath(), copy))
        return {};
    return copy;
}

ReadResult<Catalog> indexStore(MlflowSqliteStore& store, const Progress& progress = {})
{
    return store.index(progress, CancelToken());
}

QString joined(const QStringList& lines) { return lines.join(u'\n'); }

QString warningsText(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return joined(lines);
}

// What mlflow's history says about a metric's range: NaN points count but have no place in min/max.
struct ExpectedRange {
    double min = NAN;
    double max = NAN;
    qint64 count = 0;
};

ExpectedRange rangeOf(const nlohmann::json& points)
{
    ExpectedRange r;
    for (const auto& p : points) {
        ++r.count;
        if (!p[2].is_number())
            continue;
        const double v = p[2].get<double>();
        r.min = std::isnan(r.min) ? v : std::min(r.min, v);
        r.max = std::isnan(r.max) ? v : std::max(r.max, v);
    }
    return r;
}

bool sameOrBothNan(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void addFixtureRows()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("mlflow 3.x sqlite") << QStringLiteral("mlflow3-sqlite");
    QTest::addRow("mlflow 2.22 sqlite") << QStringLiteral("mlflow2-sqlite");
}

} // namespace

class TestMlflowSqliteStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWhatMlflowReads_data() { addFixtureRows(); }
    void readsWhatMlflowReads()
    {
        QFETCH(QString, fixture);
        const ExpectedStore expected(fixture);
        QVERIFY2(expected.isValid(), qPrintable(expected.error()));
        QVERIFY(expected.isSqlite());

        MlflowSqliteStore store(expected.storePath());
        QCOMPARE(store.info().uri, expected.uri());
        qsizetype published = 0;
        qint64 lastDone = -1, lastTotal = -2;
        Progress progress;
        progress.onRuns = [&](const QVector<Run>& batch) { published += batch.size(); };
        progress.onProgress = [&](qint64 done, qint64 total, const QString&) {
            lastDone = done;
            lastTotal = total;
        };
        const ReadResult<Catalog> result = indexStore(store, progress);
        QVERIFY2(result.ok(), qPrintable(result.error.value_or(QStringLiteral("cancelled"))));
        QVERIFY2(result.warnings.isEmpty(), qPrintable(warningsText(result.warnings)));
        QCOMPARE(published, result.value.runs.size());
        QCOMPARE(lastDone, lastTotal);

        QStringList mismatches = expected.compareCatalog(result.value);
        QVERIFY2(mismatches.isEmpty(), qPrintable(joined(mismatches)));
        mismatches = expected.compareHistories(store);
        QVERIFY2(mismatches.isEmpty(), qPrintable(joined(mismatches)));
        mismatches = expected.compareRegistry(result.value);
        QVERIFY2(mismatches.isEmpty(), qPrintable(joined(mismatches)));

        // min/max/count come from one aggregate query; they must agree with the histories mlflow returns.
        int checked = 0;
        for (const auto& r : expected.json().at("runs")) {
            const Run* run = result.value.run(QString::fromStdString(r.at("run_id").get<std::string>()));
            QVERIFY(run);
            for (auto it = r.at("histories").begin(); it != r.at("histories").end(); ++it) {
                const QString key = QString::fromStdString(it.key());
                const MetricSummary s = run->metrics.value(key);
                const ExpectedRange want = rangeOf(it.value());
                const QString where = run->runId + u" '" + key + u'\'';
                QVERIFY2(s.count == want.count, qPrintable(where + u": count " + QString::number(s.count)));
                QVERIFY2(sameOrBothNan(s.min, want.min), qPrintable(where + u": min " + QString::number(s.min)));
                QVERIFY2(sameOrBothNan(s.max, want.max), qPrintable(where + u": max " + QString::number(s.max)));
                ++checked;
            }
        }
        QVERIFY(checked > 0);
    }

    void specialValues_data() { addFixtureRows(); }
    void specialValues()
    {
        QFETCH(QString, fixture);
        const ExpectedStore expected(fixture);
        QVERIFY2(expected.isValid(), qPrintable(expected.error()));
        MlflowSqliteStore store(expected.storePath());
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY(result.ok());
        const auto run = std::find_if(result.value.runs.cbegin(), result.value.runs.cend(),
            [](const Run& r) { return r.name == QStringLiteral("special-values"); });
        QVERIFY(run != result.value.runs.cend());
        // NaN, +inf, -inf, 1.5 logged; SQL keeps ±inf as ±DBL_MAX (reference §5.4) and NaN as is_nan.
        const MetricSummary weird = run->metrics.value(QStringLiteral("weird"));
        QCOMPARE(weird.count, qint64(4));
        QCOMPARE(weird.min, -DBL_MAX);
        QCOMPARE(weird.max, DBL_MAX);
        QVERIFY(std::isnan(run->metrics.value(QStringLiteral("last_is_nan")).latest));
        QCOMPARE(run->status, RunStatus::Killed);
        QVERIFY(run->description().startsWith(QStringLiteral("# Special values")));

        const ReadResult<MetricSeries> history = store.series(run->runId, QStringLiteral("weird"), CancelToken());
        QVERIFY(history.ok());
        QCOMPARE(history.value.size(), size_t(4));
        QVERIFY(std::isnan(history.value.values[0]));
        QCOMPARE(history.value.values[1], DBL_MAX);

        const ReadResult<MetricSeries> none = store.series(QStringLiteral("no-such-run"), QStringLiteral("x"), {});
        QVERIFY(none.ok());
        QVERIFY(none.value.empty());
    }

    void info()
    {
        MlflowSqliteStore store(QStringLiteral("/data/projects/mlflow.db"));
        const SourceInfo i = store.info();
        QCOMPARE(i.uri, QStringLiteral("sqlite:////data/projects/mlflow.db"));
        QCOMPARE(i.kind, QStringLiteral("mlflow-sqlite"));
        QCOMPARE(i.displayName, QStringLiteral("projects/mlflow.db"));
        QCOMPARE(i.capabilities, int(SourceInfo::Registry | SourceInfo::Live));
        QCOMPARE(i.watchPaths, QStringList { QStringLiteral("/data/projects/mlflow.db") });
    }

    // Files that are not MLflow stores: an error naming the file and the problem, nothing created or changed.
    void notAStore_data()
    {
        QTest::addColumn<QByteArray>("content"); // file bytes; empty: the file is made with SQLite
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("expectedError");
        QTest::addRow("not a sqlite file") << QByteArray("experiment,run,loss\n").repeated(200) << QByteArray()
                                           << QStringLiteral("not a SQLite database");
        QTest::addRow("sqlite without mlflow tables")
            << QByteArray() << QByteArray("CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('hi');")
            << QStringLiteral("is a SQLite database but not an MLflow store: no table 'experiments'");
        QTest::addRow("sqlite with experiments but no runs")
            << QByteArray() << QByteArray("CREATE TABLE experiments(experiment_id INTEGER PRIMARY KEY, name TEXT);")
            << QStringLiteral("is a SQLite database but not an MLflow store: no table 'runs'");
        QTest::addRow("missing database") << QByteArray() << QByteArray() << QStringLiteral("no such database");
    }
    void notAStore()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, sql);
        QFETCH(QString, expectedError);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("mlflow.db"));
        if (!content.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        } else if (!sql.isEmpty()) {
            Writer w(path, true);
            QCOMPARE(w.exec(sql), QString());
        }
        const bool existed = QFileInfo::exists(path);
        const QByteArray before = sha256(path);
        const QStringList listing = folderListing(dir.path());

        MlflowSqliteStore store(path);
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY(!result.ok());
        QVERIFY(!result.cancelled);
        QVERIFY2(result.error->contains(path), qPrintable(*result.error));
        QVERIFY2(result.error->contains(expectedError), qPrintable(*result.error));
        const ReadResult<MetricSeries> series = store.series(QStringLiteral("r"), QStringLiteral("m"), {});
        QVERIFY(!series.ok());
        QVERIFY2(series.error->contains(path), qPrintable(*series.error));

        QCOMPARE(QFileInfo::exists(path), existed);
        QCOMPARE(sha256(path), before);
        QCOMPARE(folderListing(dir.path()), listing);
    }

    // An open EXCLUSIVE transaction keeps readers out; a RESERVED lock (a writer preparing) does not.
    void lockedByWriter_data()
    {
        QTest::addColumn<QByteArray>("begin");
        QTest::addColumn<bool>("readable");
        QTest::addRow("exclusive transaction") << QByteArray("BEGIN EXCLUSIVE") << false;
        QTest::addRow("reserved lock of a writer") << QByteArray("BEGIN IMMEDIATE") << true;
    }
    void lockedByWriter()
    {
        QFETCH(QByteArray, begin);
        QFETCH(bool, readable);
        QTemporaryDir dir;
        const QString path = copyFixtureDb(QStringLiteral("mlflow3-sqlite"), dir);
        QVERIFY2(!path.isEmpty(), "the mlflow3-sqlite fixture is missing");

        Writer writer(path);
        QCOMPARE(writer.exec(begin), QString());
        MlflowSqliteStore store(path);
        store.setBusyTimeoutMs(300);
        QElapsedTimer timer;
        timer.start();
        const ReadResult<Catalog> result = indexStore(store);
        const ReadResult<MetricSeries> series = store.series(QStringLiteral("r"), QStringLiteral("m"), {});
        QVERIFY2(timer.elapsed() < 5000, "the reader waited far beyond its busy timeout");
        if (readable) {
            QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
            QVERIFY(!result.value.runs.isEmpty());
            QVERIFY(series.ok());
        } else {
            QVERIFY(!result.ok());
            QVERIFY2(result.error->contains(path) && result.error->contains(QStringLiteral("locked")),
                qPrintable(*result.error));
            QVERIFY(!series.ok());
            QVERIFY2(series.error->contains(QStringLiteral("locked")), qPrintable(*series.error));
        }
        QCOMPARE(writer.exec("ROLLBACK"), QString());
        QVERIFY(indexStore(store).ok());
    }

    // A writer that died mid-transaction leaves a hot journal; only a read-write connection may roll it back, so
    // the reader reports it and leaves both files as they are.
    void hotJournal()
    {
        QTemporaryDir dir;
        const QString source = copyFixtureDb(QStringLiteral("mlflow3-sqlite"), dir);
        QVERIFY2(!source.isEmpty(), "the mlflow3-sqlite fixture is missing");
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("crashed")));
        const QString path = dir.filePath(QStringLiteral("crashed/mlflow.db"));
        {
            Writer writer(source);
            // A one-page cache makes SQLite write changed pages to the file before the commit, as a big one does.
            QCOMPARE(writer.exec("PRAGMA cache_size = 1; BEGIN; UPDATE metrics SET step = step + 100000;"), QString());
            QVERIFY(QFile::copy(source, path));
            QVERIFY(QFile::copy(source + QStringLiteral("-journal"), path + QStringLiteral("-journal")));
            QCOMPARE(writer.exec("ROLLBACK"), QString());
        }
        const QByteArray before = sha256(path);
        const QByteArray journalBefore = sha256(path + QStringLiteral("-journal"));

        MlflowSqliteStore store(path);
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY(!result.ok());
        QVERIFY2(result.error->contains(path) && result.error->contains(QStringLiteral("unfinished transaction")),
            qPrintable(*result.error));
        QCOMPARE(sha256(path), before);
        QCOMPARE(sha256(path + QStringLiteral("-journal")), journalBefore);
    }

    void cancel_data()
    {
        QTest::addColumn<QString>("cancelAt"); // the progress step that cancels; empty: before index()
        QTest::addRow("cancelled before index") << QString();
        QTest::addRow("cancelled while reading params") << QStringLiteral("Reading params");
        QTest::addRow("cancelled while reading the registry") << QStringLiteral("Reading model registry");
    }
    void cancel()
    {
        QFETCH(QString, cancelAt);
        const ExpectedStore expected(QStringLiteral("mlflow3-sqlite"));
        QVERIFY2(expected.isValid(), qPrintable(expected.error()));
        MlflowSqliteStore store(expected.storePath());
        CancelToken token;
        Progress progress;
        bool published = false;
        progress.onRuns = [&](const QVector<Run>&) { published = true; };
        progress.onProgress = [&](qint64, qint64, const QString& what) {
            if (what == cancelAt)
                token.cancel();
        };
        if (cancelAt.isEmpty())
            token.cancel();
        const ReadResult<Catalog> result = store.index(progress, token);
        QVERIFY(result.cancelled);
        QVERIFY(!result.ok());
        QVERIFY(!result.error);
        QVERIFY(!published);
        QVERIFY(result.value.runs.isEmpty());
        if (cancelAt.isEmpty())
            QVERIFY(store.series(QStringLiteral("r"), QStringLiteral("m"), token).cancelled);
    }

    void openingChangesNothing_data() { addFixtureRows(); }
    void openingChangesNothing()
    {
        QFETCH(QString, fixture);
        QTemporaryDir dir;
        const QString path = copyFixtureDb(fixture, dir);
        QVERIFY2(!path.isEmpty(), "the fixture is missing");
        const QByteArray before = sha256(path);
        const QStringList listing = folderListing(dir.path());
        const QDateTime modified = QFileInfo(path).lastModified();

        MlflowSqliteStore store(path);
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY(result.ok());
        for (const Run& run : result.value.runs) {
            for (auto it = run.metrics.cbegin(); it != run.metrics.cend(); ++it)
                QVERIFY(store.series(run.runId, it.key(), {}).ok());
        }
        QCOMPARE(sha256(path), before);
        QCOMPARE(folderListing(dir.path()), listing); // no -journal, -wal or -shm left behind
        QCOMPARE(QFileInfo(path).lastModified(), modified);
    }

    // Rows MLflow would not write: each is a warning naming the file, the table and the run; the rest loads.
    void badRows_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("expectedWarning");
        QTest::addRow("status not in the enum")
            << QByteArray("UPDATE runs SET status = 'PAUSED' WHERE name = 'child-a'")
            << QStringLiteral("runs: run %1: status 'PAUSED' is not an MLflow run status");
        QTest::addRow("run without experiment")
            << QByteArray("UPDATE runs SET experiment_id = NULL WHERE name = 'child-a'")
            << QStringLiteral("runs: run %1: no experiment_id");
        QTest::addRow("unknown lifecycle stage")
            << QByteArray("UPDATE runs SET lifecycle_stage = 'archived' WHERE name = 'child-a'")
            << QStringLiteral("runs: run %1: lifecycle_stage 'archived' is not 'active' or 'deleted'");
        QTest::addRow("text as a metric value")
            << QByteArray("UPDATE latest_metrics SET value = 'high' WHERE key = 'accuracy' AND run_uuid = (SELECT "
                          "run_uuid FROM runs WHERE name = 'child-a')")
            << QStringLiteral("latest_metrics: run %1: metric 'accuracy' has no numeric value");
    }
    void badRows()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, expectedWarning);
        QTemporaryDir dir;
        const QString path = copyFixtureDb(QStringLiteral("mlflow3-sqlite"), dir);
        QVERIFY2(!path.isEmpty(), "the mlflow3-sqlite fixture is missing");
        {
            Writer w(path);
            // MLflow's CHECK constraints would refuse these rows; a damaged or hand-edited store may have them.
            QCOMPARE(w.exec("PRAGMA ignore_check_constraints = ON; " + sql), QString());
        }
        const ExpectedStore expected(QStringLiteral("mlflow3-sqlite"));
        MlflowSqliteStore store(path);
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
        QCOMPARE(result.value.runs.size(), qsizetype(expected.json().at("runs").size()));
        const auto childA = std::find_if(result.value.runs.cbegin(), result.value.runs.cend(),
            [](const Run& r) { return r.name == QStringLiteral("child-a"); });
        QVERIFY(childA != result.value.runs.cend());
        QCOMPARE(result.warnings.size(), qsizetype(1));
        QCOMPARE(result.warnings.first().file, path);
        QVERIFY2(result.warnings.first().message.startsWith(expectedWarning.arg(childA->runId)),
            qPrintable(result.warnings.first().toString()));
    }

    // Rows mlflow's own reading leaves out must not show: the catalog and registry still match expected.json.
    void hiddenRows_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QByteArray>("sql");
        const QByteArray prompt = "INSERT INTO registered_models(name, creation_time, last_updated_time, description) "
                                  "VALUES ('summarise-prompt', 1, 1, '');"
                                  "INSERT INTO registered_model_tags(key, value, name) "
                                  "VALUES ('mlflow.prompt.is_prompt', 'true', 'summarise-prompt');"
                                  "INSERT INTO model_versions(name, version, current_stage, source, run_id, status) "
                                  "VALUES ('summarise-prompt', 1, 'None', 'prompt', '', 'READY');";
        const QByteArray deletedVersion = "INSERT INTO model_versions(name, version, current_stage, source, status) "
                                          "VALUES ('cifar-resnet', 3, 'Deleted_Internal', 'REDACTED-SOURCE-PATH', "
                                          "'READY');";
        const QByteArray otherWorkspace
            = "INSERT INTO experiments(experiment_id, name, artifact_location, lifecycle_stage, workspace) "
              "VALUES (99, 'vision sweep', '/elsewhere/99', 'active', 'team-b');"
              "INSERT INTO experiment_tags(key, value, experiment_id) VALUES ('owner', 'bob', 99);"
              "INSERT INTO runs(run_uuid, name, experiment_id, status, lifecycle_stage, user_id, start_time) "
              "VALUES ('0123456789abcdef0123456789abcdef', 'elsewhere', 99, 'FINISHED', 'active', 'bob', 1);"
              "INSERT INTO params(key, value, run_uuid) VALUES ('optimizer', 'adam', "
              "'0123456789abcdef0123456789abcdef');"
              "INSERT INTO registered_models(name, workspace) VALUES ('cifar-resnet', 'team-b');"
              "INSERT INTO model_versions(name, version, current_stage, source, status, workspace) "
              "VALUES ('cifar-resnet', 1, 'None', 's', 'READY', 'team-b');"
              "INSERT INTO registered_model_aliases(alias, version, name, workspace) "
              "VALUES ('champion', 1, 'cifar-resnet', 'team-b');";
        QTest::addRow("prompt (mlflow 3.x)") << QStringLiteral("mlflow3-sqlite") << prompt;
        QTest::addRow("prompt (mlflow 2.22)") << QStringLiteral("mlflow2-sqlite") << prompt;
        QTest::addRow("deleted model version (mlflow 3.x)") << QStringLiteral("mlflow3-sqlite") << deletedVersion;
        QTest::addRow("deleted model version (mlflow 2.22)") << QStringLiteral("mlflow2-sqlite") << deletedVersion;
        QTest::addRow("another workspace (mlflow 3.x)") << QStringLiteral("mlflow3-sqlite") << otherWorkspace;
    }
    void hiddenRows()
    {
        QFETCH(QString, fixture);
        QFETCH(QByteArray, sql);
        QTemporaryDir dir;
        const QString path = copyFixtureDb(fixture, dir);
        QVERIFY2(!path.isEmpty(), "the fixture is missing");
        {
            Writer w(path);
            const QString error = w.exec(sql);
            if (error.contains(QStringLiteral("workspace")))
                QSKIP("this mlflow's schema has no workspaces");
            QCOMPARE(error, QString());
        }
        const ExpectedStore expected(fixture);
        MlflowSqliteStore store(path);
        const ReadResult<Catalog> result = indexStore(store);
        QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
        QVERIFY2(result.warnings.isEmpty(), qPrintable(warningsText(result.warnings)));
        QStringList mismatches = expected.compareCatalog(result.value) + expected.compareRegistry(result.value);
        QVERIFY2(mismatches.isEmpty(), qPrintable(joined(mismatches)));
    }
};

QTEST_GUILESS_MAIN(TestMlflowSqliteStore)
#include "tst_mlflowsqlitestore.moc"
