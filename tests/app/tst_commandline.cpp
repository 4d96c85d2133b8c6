#include "clirunner.h"
#include "expectedstore.h"

#include <QTest>


namespace {

CliOutput runCli(const QStringList& args) { return CliRunner::run(args); }

const nlohmann::json* expectedRun(const ExpectedStore& store, const std::string& name)
{
    for (const auto& r : store.json().at("runs")) {
        if (r.at("run_name") == name)
            return &r;
    }
    return nullptr;
}

} // namespace

// QCOMPARE cannot print nlohmann::json; show both sides' JSON text instead.
#define COMPARE_JSON(actual, expected)                                                                                 \
    QVERIFY2((actual) == (expected), qPrintable(QString::fromStdString((actual).dump() + " vs " + (expected).dump())))

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lsJsonMatchesMlflow_data();
    void lsJsonMatchesMlflow();
    void lsOptions();
    void showJson();
    void metricsCsvEqualsHistory_data();
    void metricsCsvEqualsHistory();
    void errorsNameTheProblem();
};

void TestCommandLine::lsJsonMatchesMlflow_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("mlflow 3.x file store") << QStringLiteral("mlflow3-file");
    QTest::addRow("mlflow 3.x sqlite") << QStringLiteral("mlflow3-sqlite");
}

void TestCommandLine::lsJsonMatchesMlflow()
{
    QFETCH(QString, fixture);
    const ExpectedStore expected(fixture);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const CliOutput o = runCli({ QStringLiteral("ls"), expected.uri(), QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const auto runs = nlohmann::json::parse(o.out.toStdString());
    QVERIFY(runs.is_array());
    size_t active = 0;
    for (const auto& r : expected.json().at("runs"))
        active += r.at("lifecycle_stage") == "active" ? 1 : 0;
    QCOMPARE(runs.size(), active); // deleted runs only with --all, as MLflow
    for (const auto& r : runs) {
        for (const char* field : { "run_id", "run_name", "experiment_id", "experiment_name", "status", "start_time",
                 "end_time", "lifecycle_stage", "params", "tags", "metrics" })
            QVERIFY2(r.contains(field), field);
        const auto* want = expectedRun(expected, r.at("run_name").get<std::string>());
        QVERIFY(want);
        COMPARE_JSON(r.at("run_id"), want->at("run_id"));
        COMPARE_JSON(r.at("status"), want->at("status"));
        COMPARE_JSON(r.at("params"), want->at("params"));
        COMPARE_JSON(r.at("tags"), want->at("tags"));
        COMPARE_JSON(r.at("metrics"), want->at("metrics")); // NaN/±inf spelled as strings on both sides
        COMPARE_JSON(r.at("start_time"), want->at("start_time"));
        COMPARE_JSON(r.at("end_time"), want->at("end_time"));
    }
    // Newest first, as MLflow orders runs.
    for (size_t i = 1; i < runs.size(); ++i)
        QVERIFY(runs[i - 1].at("start_time").get<qint64>() >= runs[i].at("start_time").get<qint64>());
}

void TestCommandLine::lsOptions()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const QString uri = expected.uri();
    const auto count = [](const CliOutput& o) { return nlohmann::json::parse(o.out.toStdString()).size(); };
    const CliOutput all = runCli({ QStringLiteral("ls"), uri, QStringLiteral("--all"), QStringLiteral("--format=json") });
    QCOMPARE(count(all), expected.json().at("runs").size());
    const CliOutput exp = runCli({ QStringLiteral("ls"), uri, QStringLiteral("--experiment"), QStringLiteral("ünïcode 実験"),
        QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(exp.exitCode == 0, exp.err.constData());
    QCOMPARE(count(exp), size_t(2));
    const CliOutput filtered = runCli({ QStringLiteral("ls"), uri, QStringLiteral("--filter"),
        QStringLiteral("params.optimizer = 'adam' and metrics.accuracy > 0.5"), QStringLiteral("--format"), QStringLiteral("csv") });
    QVERIFY2(filtered.exitCode == 0, filtered.err.constData());
    const QList<QByteArray> lines = filtered.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4); // header + the 3 adam seeds
    QVERIFY(lines[0].startsWith("run_id,run_name,experiment_id,experiment_name,status"));
    QVERIFY(lines[0].contains("params.model/lr"));
    const CliOutput table = runCli({ QStringLiteral("ls"), uri });
    QVERIFY(table.out.contains("RUN_ID"));
    QVERIFY(table.out.contains("resnet-seed3"));
    QVERIFY(table.out.trimmed().endsWith("runs"));
}

void TestCommandLine::showJson()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-sqlite"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const auto* want = expectedRun(expected, "special-values");
    QVERIFY(want);
    const QString id = QString::fromStdString(want->at("run_id").get<std::string>());
    const CliOutput o = runCli({ QStringLiteral("show"), expected.uri(), id, QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const auto run = nlohmann::json::parse(o.out.toStdString());
    COMPARE_JSON(run.at("description"), want->at("tags").at("mlflow.note.content"));
    COMPARE_JSON(run.at("status"), nlohmann::json("KILLED"));
    COMPARE_JSON(run.at("metrics").at("last_is_nan"), nlohmann::json("NaN"));
    COMPARE_JSON(run.at("metric_summaries").at("out_of_order").at("step"), nlohmann::json(10));
    const CliOutput text = runCli({ QStringLiteral("show"), expected.uri(), id });
    QVERIFY(text.out.contains("Special values"));
    QVERIFY(text.out.contains("optimizer = lion"));
}

void TestCommandLine::metricsCsvEqualsHistory_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("runName");
    QTest::addColumn<QString>("key");
    QTest::addRow("file store, 1000 steps") << "mlflow3-file" << "resnet-seed2" << "train loss";
    QTest::addRow("file store, special values") << "mlflow3-file" << "special-values" << "weird";
    QTest::addRow("sqlite, key with slash") << "mlflow2-sqlite" << "resnet-seed0" << "val/loss";
    QTest::addRow("file store 2.22, unicode key") << "mlflow2-file" << "学習 ランナー ✓" << "損失";
}

void TestCommandLine::metricsCsvEqualsHistory()
{
    QFETCH(QString, fixture);
    QFETCH(QString, runName);
    QFETCH(QString, key);
    const ExpectedStore expected(fixture);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const auto* want = expectedRun(expected, runName.toStdString());
    QVERIFY(want);
    const CliOutput o = runCli({ QStringLiteral("metrics"), expected.uri(),
        QString::fromStdString(want->at("run_id").get<std::string>()), key });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const QList<QByteArray> lines = o.out.trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("step,timestamp_ms,value"));
    const auto& history = want->at("histories").at(key.toStdString());
    QCOMPARE(static_cast<size_t>(lines.size() - 1), history.size());
    for (size_t i = 0; i < history.size(); ++i) {
        const QList<QByteArray> cells = lines[static_cast<qsizetype>(i + 1)].split(',');
        QCOMPARE(cells.size(), 3);
        QCOMPARE(cells[0].toLongLong(), history[i][0].get<qint64>());
        QCOMPARE(cells[1].toLongLong(), history[i][1].get<qint64>());
        const double v = cells[2] == "nan" ? std::nan("") : cells[2] == "inf" ? HUGE_VAL : cells[2] == "-inf" ? -HUGE_VAL : cells[2].toDouble();
        QVERIFY2(sameMetricValue(history[i][2], v), cells[2].constData());
    }
}

void TestCommandLine::errorsNameTheProblem()
{
    const CliOutput missing = runCli({ QStringLiteral("ls"), QStringLiteral("/no/such/mlruns") });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("/no/such/mlruns"));
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const CliOutput badFilter = runCli({ QStringLiteral("ls"), expected.uri(), QStringLiteral("--filter"), QStringLiteral("metrics.acc >") });
    QCOMPARE(badFilter.exitCode, 2);
    QVERIFY(badFilter.err.contains("bad filter"));
    const CliOutput noRun = runCli({ QStringLiteral("show"), expected.uri(), QStringLiteral("deadbeef") });
    QCOMPARE(noRun.exitCode, 1);
    QVERIFY(noRun.err.contains("deadbeef"));
    const CliOutput badFormat = runCli({ QStringLiteral("ls"), expected.uri(), QStringLiteral("--format"), QStringLiteral("xml") });
    QCOMPARE(badFormat.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
