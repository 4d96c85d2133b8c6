#include "clirunner.h"
#include "expectedstore.h"

#include <QFile>
#include <QSet>
#include <QTest>

#include <fstream>

// `runlens ls|show|metrics` on an itwinai mllogs/ folder (tests/fixtures/make_itwinai_fixture.py: an MLflow store,
// a TensorBoard folder and yProv4ML output written by the real mlflow, TensorBoard writer and yprov4ml, plus W&B run
// folders). expected.json is each writer's own reading of its part.

namespace {

CliOutput runCli(const QStringList& args) { return CliRunner::run(args); }

QString fixtureDir() { return ExpectedStore::fixtureRoot() + QStringLiteral("/itwinai"); }
QString mllogs() { return fixtureDir() + QStringLiteral("/mllogs"); }
QString q(const std::string& s) { return QString::fromStdString(s); }

nlohmann::json loadExpected()
{
    std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
    if (!in)
        return {};
    return nlohmann::json::parse(in, nullptr, false);
}

QSet<QString> runIds(const QByteArray& lsJson, const QString& prefix = {})
{
    QSet<QString> ids;
    const auto doc = nlohmann::json::parse(lsJson.toStdString(), nullptr, false);
    if (!doc.is_array())
        return ids;
    for (const auto& r : doc)
        ids.insert(prefix + q(r.at("run_id").get<std::string>()));
    return ids;
}

// "step,timestamp_ms,value" rows of `runlens metrics --format csv`.
QList<QStringList> csvRows(const QByteArray& csv)
{
    QList<QStringList> rows;
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        rows.append(QString::fromUtf8(lines[i]).trimmed().split(u','));
    return rows;
}

} // namespace

class TestFolderListing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void lsListsTheRunsOfEveryStore();
    void lsNamesWhatItCannotRead();
    void tableShowsWorkersUnderTheirParent();
    void showNamesTheParent();
    void metricsThroughTheFolder_data();
    void metricsThroughTheFolder();

private:
    nlohmann::json m_expected;
};

void TestFolderListing::initTestCase()
{
    m_expected = loadExpected();
    QVERIFY2(m_expected.is_object() && m_expected.contains("prov4ml"),
        "the itwinai fixture is missing (ctest's fixtures/itwinai-mllogs writes it; run packaging/setup.sh test)");
}

void TestFolderListing::lsListsTheRunsOfEveryStore()
{
    const CliOutput all = runCli({ QStringLiteral("ls"), mllogs(), QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    const QSet<QString> listed = runIds(all.out);

    // What the writers' own readings hold: active MLflow runs (ls hides deleted ones, as MLflow does), one run per
    // TensorBoard writer process (itwinai's ranks share one folder), one per yProv4ML rank.
    QSet<QString> expected;
    for (const auto& r : m_expected["mlflow"]["runs"]) {
        if (r["lifecycle_stage"] == "active")
            expected.insert(u"mlflow:" + q(r["run_id"].get<std::string>()));
    }
    for (const auto& [dir, run] : m_expected["tensorboard"]["runs"].items())
        expected.insert(u"tensorboard:" + q(dir));
    for (const auto& [folder, run] : m_expected["prov4ml"]["runs"].items()) {
        for (const auto& m : run["metrics"])
            expected.insert(u"prov_logs:" + q(folder) + u"/GR" + QString::number(m["rank"].get<int>()));
    }
    QCOMPARE(listed, expected);
    QCOMPARE(listed.size(), 3 + 2 + 3);

    // The folder lists exactly what its stores list one by one.
    QSet<QString> parts;
    for (const QString& store :
        { QStringLiteral("mlflow"), QStringLiteral("tensorboard"), QStringLiteral("prov_logs") }) {
        const CliOutput one = runCli(
            { QStringLiteral("ls"), mllogs() + u'/' + store, QStringLiteral("--format"), QStringLiteral("json") });
        QVERIFY2(one.exitCode == 0, one.err.constData());
        parts += runIds(one.out, store + u':');
    }
    QCOMPARE(listed, parts);

    const CliOutput deleted = runCli({ QStringLiteral("ls"), mllogs(), QStringLiteral("--all"), QStringLiteral("--format"),
        QStringLiteral("json") });
    QCOMPARE(runIds(deleted.out).size(), listed.size() + 1); // the run of the experiment mlflow deleted
}

void TestFolderListing::lsNamesWhatItCannotRead()
{
    const CliOutput o = runCli({ QStringLiteral("ls"), mllogs() });
    QCOMPARE(o.exitCode, 0);
    const QString err = QString::fromUtf8(o.err);
    for (const auto& run : m_expected["wandb"]["runs"]) {
        const QString folder = q(run.get<std::string>());
        QVERIFY2(err.contains(folder + QStringLiteral(": W&B")), qPrintable(err));
    }
    QVERIFY2(err.contains(QStringLiteral("cannot read W&B runs yet")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("prov_logs/mnist_1: rank 0 has no PROV-JSON")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral(".trash")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral("simple-logger")), qPrintable(err));
}

void TestFolderListing::tableShowsWorkersUnderTheirParent()
{
    const CliOutput o = runCli({ QStringLiteral("ls"), mllogs() });
    QCOMPARE(o.exitCode, 0);
    const QStringList lines = QString::fromUtf8(o.out).split(u'\n');
    const auto parent
        = std::find_if(lines.cbegin(), lines.cend(), [](const QString& l) { return l.contains(u" train-mnist "); });
    QVERIFY2(parent != lines.cend(), o.out.constData());
    const qsizetype at = parent - lines.cbegin();
    QVERIFY2(at + 2 < lines.size(), o.out.constData());
    QVERIFY2(lines[at + 1].contains(QStringLiteral("\u2514 worker_0 (main)")), o.out.constData());
    QVERIFY2(lines[at + 2].contains(QStringLiteral("\u2514 worker_1")), o.out.constData());
    // JSON keeps the names as logged.
    const CliOutput json = runCli({ QStringLiteral("ls"), mllogs(), QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY(json.out.contains("\"run_name\": \"worker_1\""));
}

void TestFolderListing::showNamesTheParent()
{
    QString child;
    QString parent;
    for (const auto& r : m_expected["mlflow"]["runs"]) {
        if (r["run_name"] == "worker_1") {
            child = q(r["run_id"].get<std::string>());
            parent = q(r["parent_run_id"].get<std::string>());
        }
    }
    QVERIFY(!child.isEmpty());
    const CliOutput o = runCli(
        { QStringLiteral("show"), mllogs(), u"mlflow:" + child, QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const auto doc = nlohmann::json::parse(o.out.toStdString());
    QCOMPARE(q(doc.at("parent_run_id").get<std::string>()), u"mlflow:" + parent);
    QCOMPARE(q(doc.at("params").at("global_rank").get<std::string>()), QStringLiteral("1"));
}

void TestFolderListing::metricsThroughTheFolder_data()
{
    QTest::addColumn<QString>("store");
    QTest::addColumn<QString>("metric");
    QTest::addRow("yProv4ML validation loss") << QStringLiteral("prov4ml") << QStringLiteral("loss (validation)");
    QTest::addRow("yProv4ML batch loss, 250 values") << QStringLiteral("prov4ml") << QStringLiteral("train_loss");
    QTest::addRow("MLflow worker epoch loss") << QStringLiteral("mlflow") << QStringLiteral("train_loss_epoch");
}

void TestFolderListing::metricsThroughTheFolder()
{
    QFETCH(QString, store);
    QFETCH(QString, metric);
    QString runId;
    QList<QStringList> expected; // step, timestamp, value as Python wrote them
    if (store == u"prov4ml") {
        runId = QStringLiteral("prov_logs:mnist_0/GR0");
        const QString context = metric.contains(u"validation") ? QStringLiteral("Context.VALIDATION")
                                                               : QStringLiteral("Context.TRAINING");
        const QString name = metric.section(u' ', 0, 0);
        for (const auto& m : m_expected["prov4ml"]["runs"]["mnist_0"]["metrics"]) {
            if (m["rank"] != 0 || q(m["name"].get<std::string>()) != name
                || q(m["context"].get<std::string>()) != context)
                continue;
            for (const auto& p : m["points"])
                expected.append({ QString::number(p[0].get<qint64>()), QString::number(p[2].get<qint64>()),
                    QString::number(p[1].get<double>(), 'g', 17) });
        }
    } else {
        for (const auto& r : m_expected["mlflow"]["runs"]) {
            if (r["run_name"] != "worker_0 (main)")
                continue;
            runId = u"mlflow:" + q(r["run_id"].get<std::string>());
            for (const auto& p : r["histories"][metric.toStdString()])
                expected.append({ QString::number(p[0].get<qint64>()), QString::number(p[1].get<qint64>()),
                    QString::number(p[2].get<double>(), 'g', 17) });
        }
    }
    QVERIFY(!expected.isEmpty());
    const CliOutput o = runCli({ QStringLiteral("metrics"), mllogs(), runId, metric });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const QList<QStringList> rows = csvRows(o.out);
    QCOMPARE(rows.size(), expected.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].size(), 3);
        QCOMPARE(rows[i][0], expected[i][0]);
        QCOMPARE(rows[i][1], expected[i][1]);
        QCOMPARE(rows[i][2].toDouble(), expected[i][2].toDouble());
    }
}

QTEST_GUILESS_MAIN(TestFolderListing)
#include "tst_folderlisting.moc"
