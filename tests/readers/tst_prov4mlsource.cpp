#include "expectedstore.h"
#include "sourcefactory.h"
#include "telemetry/prov4mldocument.h"
#include "telemetry/prov4mlmetricfile.h"
#include "telemetry/prov4mlsource.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

// The yProv4ML output in the itwinai fixture (tests/fixtures/make_itwinai_fixture.py) is written by the real
// yprov4ml 2.0.9; expected.json holds what Python's csv and json modules read from the same files.

namespace {

QString fixtureDir() { return ExpectedStore::fixtureRoot() + QStringLiteral("/itwinai"); }
QString provLogs() { return fixtureDir() + QStringLiteral("/mllogs/prov_logs"); }

nlohmann::json loadExpected()
{
    std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
    if (!in)
        return {};
    return nlohmann::json::parse(in, nullptr, false);
}

QString q(const std::string& s) { return QString::fromStdString(s); }

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

bool copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + u'/' + QDir(from).relativeFilePath(src);
        if (it.fileInfo().isDir()) {
            if (!QDir().mkpath(dst))
                return false;
        } else if (!QFile::copy(src, dst)) {
            return false;
        }
    }
    return true;
}

QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

bool anyWarning(const QList<ReadWarning>& warnings, const QString& file, const QString& text)
{
    return std::any_of(warnings.cbegin(), warnings.cend(),
        [&](const ReadWarning& w) { return w.file.endsWith(file) && w.message.contains(text); });
}

bool sameValue(const nlohmann::json& expected, double actual)
{
    if (expected.is_string()) {
        const std::string s = expected.get<std::string>();
        if (s == "NaN")
            return std::isnan(actual);
        return s == "Infinity" ? actual == INFINITY : s == "-Infinity" && actual == -INFINITY;
    }
    return expected.is_number() && expected.get<double>() == actual;
}

// The key RunLens gives a metric file: its name, with " (<context>)" when the rank logged the name in several
// contexts. `files` is the expected metric list of one rank.
QString expectedKey(const nlohmann::json& metric, const std::vector<const nlohmann::json*>& files)
{
    const auto uses = std::count_if(
        files.begin(), files.end(), [&](const nlohmann::json* m) { return m->at("name") == metric.at("name"); });
    const QString name = q(metric.at("name").get<std::string>());
    return uses > 1 ? name + u" (" + Prov4mlMetricFile::shortContext(q(metric.at("context").get<std::string>())) + u')'
                    : name;
}

} // namespace

class TestProv4mlSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runsMatchThePythonReading();
    void seriesMatchThePythonReading();
    void crashedRunLoadsWithWarning();
    void openedThroughTheFactory_data();
    void openedThroughTheFactory();
    void cutOffLastLineIsLeftOut();
    void badLinesAndValuesAreNamed();
    void damagedDocumentKeepsMetrics();
    void lenientValues_data();
    void lenientValues();
    void typedParamRepr();

private:
    nlohmann::json m_expected;
};

void TestProv4mlSource::initTestCase()
{
    m_expected = loadExpected();
    QVERIFY2(m_expected.is_object() && m_expected.contains("prov4ml"),
        "the itwinai fixture is missing (ctest's fixtures/itwinai-mllogs writes it; run packaging/setup.sh test)");
}

void TestProv4mlSource::runsMatchThePythonReading()
{
    Prov4mlSource source(provLogs());
    const auto result = source.index({}, {});
    QVERIFY2(result.ok(), qPrintable(result.error.value_or(QStringLiteral("cancelled"))));
    const Catalog& catalog = result.value;
    QCOMPARE(catalog.experiments.size(), 1);
    QCOMPARE(catalog.experiments.front().name, QStringLiteral("mnist"));
    int expectedRuns = 0;
    for (const auto& [folder, run] : m_expected["prov4ml"]["runs"].items()) {
        std::map<int, std::vector<const nlohmann::json*>> byRank;
        for (const auto& m : run["metrics"])
            byRank[m["rank"].get<int>()].push_back(&m);
        for (const auto& [rank, files] : byRank) {
            ++expectedRuns;
            const QString runId = q(folder) + u"/GR" + QString::number(rank);
            const Run* r = catalog.run(runId);
            QVERIFY2(r, qPrintable(u"no run " + runId));
            QCOMPARE(r->experimentId, QStringLiteral("mnist"));
            QCOMPARE(r->tags.value(QStringLiteral("prov4ml.rank")), QString::number(rank));
            QCOMPARE(r->metrics.size(), qsizetype(files.size()));
            for (const nlohmann::json* m : files) {
                const QString key = expectedKey(*m, files);
                QVERIFY2(r->metrics.contains(key), qPrintable(runId + u": no metric " + key));
                const MetricSummary& s = r->metrics[key];
                qint64 numbers = 0;
                double min = INFINITY;
                double max = -INFINITY;
                for (const auto& p : m->at("points")) {
                    if (p[1].is_null())
                        continue;
                    ++numbers;
                    if (p[1].is_number()) {
                        min = std::min(min, p[1].get<double>());
                        max = std::max(max, p[1].get<double>());
                    } else if (p[1] == "Infinity") {
                        min = std::min(min, double(INFINITY));
                        max = INFINITY;
                    }
                }
                QCOMPARE(s.count, numbers);
                if (numbers > 0 && std::isfinite(min)) {
                    QCOMPARE(s.min, min);
                    QCOMPARE(s.max, max);
                }
            }
            // Params: every yProv4ML attribute of the document that is no run attribute; run attributes as tags.
            const auto& docs = run["documents"];
            QString docName;
            for (const auto& [name, doc] : docs.items()) {
                if (QString::fromStdString(name).contains(u"_GR" + QString::number(rank) + u'_'))
                    docName = q(name);
            }
            if (docName.isEmpty()) { // the crashed run (crashedRunLoadsWithWarning)
                QVERIFY(r->status != RunStatus::Finished);
                QVERIFY(r->params.isEmpty());
                continue;
            }
            QCOMPARE(r->status, RunStatus::Finished);
            qsizetype params = 0;
            for (const auto& [activity, attributes] : docs[docName.toStdString()]["activities"].items()) {
                const bool root = attributes.value("level", std::string()) == "0";
                for (const auto& [attr, text] : attributes.items()) {
                    const QString name = q(attr);
                    if (name == u"level")
                        continue;
                    if (root && Prov4mlDocument::isRunAttribute(name)) {
                        QCOMPARE(r->tags.value(u"prov4ml." + name), q(text.get<std::string>()));
                        continue;
                    }
                    ++params;
                    QVERIFY2(r->params.contains(name), qPrintable(runId + u": no param " + name));
                    QCOMPARE(r->params.value(name), q(text.get<std::string>()));
                }
            }
            QCOMPARE(r->params.size(), params);
            const double start = r->tags.value(QStringLiteral("prov4ml.execution_start_time")).toDouble();
            QVERIFY(r->startTimeMs && std::llabs(*r->startTimeMs - std::llround(start * 1000)) <= 1);
            QVERIFY(r->endTimeMs && *r->endTimeMs >= *r->startTimeMs);
        }
    }
    QCOMPARE(catalog.runs.size(), qsizetype(expectedRuns));
    QCOMPARE(expectedRuns, 3); // mnist_0 ranks 0 and 1, the crashed mnist_1
}

void TestProv4mlSource::seriesMatchThePythonReading()
{
    Prov4mlSource source(provLogs());
    int compared = 0;
    for (const auto& [folder, run] : m_expected["prov4ml"]["runs"].items()) {
        std::map<int, std::vector<const nlohmann::json*>> byRank;
        for (const auto& m : run["metrics"])
            byRank[m["rank"].get<int>()].push_back(&m);
        for (const auto& [rank, files] : byRank) {
            const QString runId = q(folder) + u"/GR" + QString::number(rank);
            for (const nlohmann::json* m : files) {
                const QString key = expectedKey(*m, files);
                const auto s = source.series(runId, key, {});
                QVERIFY2(s.ok(), qPrintable(runId + u' ' + key + u": " + s.error.value_or(QString())));
                std::vector<const nlohmann::json*> points;
                for (const auto& p : m->at("points")) {
                    if (!p[1].is_null())
                        points.push_back(&p);
                }
                QCOMPARE(s.value.size(), points.size());
                for (size_t i = 0; i < points.size(); ++i) {
                    const auto& p = *points[i];
                    QCOMPARE(s.value.steps[i], p[0].get<std::int64_t>());
                    QCOMPARE(s.value.timestampsMs[i], p[2].get<std::int64_t>());
                    QVERIFY2(sameValue(p[1], s.value.values[i]),
                        qPrintable(runId + u' ' + key + u" point " + QString::number(i) + u": "
                            + QString::number(s.value.values[i], 'g', 17) + u" vs " + q(p[1].dump())));
                }
                ++compared;
            }
        }
    }
    QVERIFY(compared >= 25);
    // The same name in two contexts: two series, each saying its context.
    const auto training = source.series(QStringLiteral("mnist_0/GR0"), QStringLiteral("loss (training)"), {});
    const auto validation = source.series(QStringLiteral("mnist_0/GR0"), QStringLiteral("loss (validation)"), {});
    QVERIFY(training.ok() && validation.ok());
    QVERIFY(training.value.values != validation.value.values);
    QVERIFY(!source.series(QStringLiteral("mnist_0/GR0"), QStringLiteral("loss"), {}).ok());
    QVERIFY(!source.series(QStringLiteral("../mnist_0/GR0"), QStringLiteral("train_loss"), {}).ok());
}

void TestProv4mlSource::crashedRunLoadsWithWarning()
{
    Prov4mlSource source(provLogs());
    source.setLiveWindowSeconds(0);
    const auto result = source.index({}, {});
    QVERIFY(result.ok());
    const Run* crashed = result.value.run(QStringLiteral("mnist_1/GR0"));
    QVERIFY(crashed);
    QCOMPARE(crashed->status, RunStatus::Failed);
    QVERIFY(crashed->params.isEmpty());
    QVERIFY(crashed->startTimeMs.has_value());
    // The process died after 150 values: the buffered writer had flushed the first 100 only.
    const auto& metrics = m_expected["prov4ml"]["runs"]["mnist_1"]["metrics"];
    QCOMPARE(metrics.size(), size_t(1));
    QCOMPARE(metrics[0]["points"].size(), size_t(100));
    QCOMPARE(crashed->metrics.value(QStringLiteral("train_loss")).count, qint64(100));
    QVERIFY2(anyWarning(result.warnings, QStringLiteral("mnist_1"), QStringLiteral("no PROV-JSON")),
        qPrintable(describe(result.warnings)));
    // A crash is not a problem of the finished runs: nothing else is reported.
    QCOMPARE(result.warnings.size(), 1);

    Prov4mlSource live(provLogs());
    live.setLiveWindowSeconds(1000000000);
    QCOMPARE(live.index({}, {}).value.run(QStringLiteral("mnist_1/GR0"))->status, RunStatus::Running);
}

void TestProv4mlSource::openedThroughTheFactory_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("runs");
    QTest::addRow("prov_logs folder") << QStringLiteral("/mllogs/prov_logs") << 3;
    QTest::addRow("one run folder") << QStringLiteral("/mllogs/prov_logs/mnist_0") << 2;
}

void TestProv4mlSource::openedThroughTheFactory()
{
    QFETCH(QString, path);
    QFETCH(int, runs);
    auto opened = SourceFactory::open(fixtureDir() + path);
    QVERIFY2(opened.source, qPrintable(opened.error));
    QCOMPARE(opened.source->info().kind, QStringLiteral("prov4ml"));
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    QCOMPARE(result.value.runs.size(), qsizetype(runs));
    const auto s = opened.source->series(QStringLiteral("mnist_0/GR1"), QStringLiteral("train_loss"), {});
    QVERIFY(s.ok());
    QCOMPARE(s.value.size(), size_t(250));
}

void TestProv4mlSource::cutOffLastLineIsLeftOut()
{
    QTemporaryDir tmp;
    QVERIFY(copyTree(provLogs() + QStringLiteral("/mnist_0"), tmp.filePath(QStringLiteral("mnist_0"))));
    const QString csv = tmp.filePath(QStringLiteral("mnist_0/metrics_GR0/train_loss_Context.TRAINING_GR0.csv"));
    QByteArray bytes = readFile(csv);
    QVERIFY(bytes.endsWith('\n'));
    bytes.chop(6); // the writer died inside its last line
    QVERIFY(writeFile(csv, bytes));

    Prov4mlSource source(tmp.path());
    const auto result = source.index({}, {});
    QVERIFY(result.ok());
    QCOMPARE(result.value.run(QStringLiteral("mnist_0/GR0"))->metrics.value(QStringLiteral("train_loss")).count, 249);
    QVERIFY2(
        anyWarning(result.warnings, QStringLiteral("train_loss_Context.TRAINING_GR0.csv"), QStringLiteral("cut off")),
        qPrintable(describe(result.warnings)));
    const auto s = source.series(QStringLiteral("mnist_0/GR0"), QStringLiteral("train_loss"), {});
    QCOMPARE(s.value.size(), size_t(249));
    // The other rank and the other metrics are untouched.
    QCOMPARE(result.value.run(QStringLiteral("mnist_0/GR1"))->metrics.value(QStringLiteral("train_loss")).count, 250);
}

void TestProv4mlSource::badLinesAndValuesAreNamed()
{
    QTemporaryDir tmp;
    QVERIFY(copyTree(provLogs() + QStringLiteral("/mnist_0"), tmp.filePath(QStringLiteral("mnist_0"))));
    const QString csv = tmp.filePath(QStringLiteral("mnist_0/metrics_GR1/loss_Context.TRAINING_GR1.csv"));
    QByteArray bytes = readFile(csv);
    const int before = static_cast<int>(bytes.count('\n')) - 1;
    bytes += "7,None,1700000000000\n"; // str(None): logged, but no number
    bytes += "not a point\n";
    bytes += "x,1.5,1700000000000\n";
    QVERIFY(writeFile(csv, bytes));

    Prov4mlSource source(tmp.path());
    const auto result = source.index({}, {});
    QVERIFY(result.ok());
    QCOMPARE(result.value.run(QStringLiteral("mnist_0/GR1"))->metrics.value(QStringLiteral("loss (training)")).count,
        before);
    QVERIFY2(anyWarning(result.warnings, QStringLiteral("loss_Context.TRAINING_GR1.csv"), QStringLiteral("'None'")),
        qPrintable(describe(result.warnings)));
    const auto located = std::find_if(result.warnings.cbegin(), result.warnings.cend(), [&](const ReadWarning& w) {
        return w.where == ReadWarning::Where::Line && w.location == before + 3 && w.file.endsWith(u"GR1.csv");
    });
    QVERIFY2(located != result.warnings.cend(), qPrintable(describe(result.warnings)));
}

void TestProv4mlSource::damagedDocumentKeepsMetrics()
{
    QTemporaryDir tmp;
    QVERIFY(copyTree(provLogs() + QStringLiteral("/mnist_0"), tmp.filePath(QStringLiteral("mnist_0"))));
    const QString json = tmp.filePath(QStringLiteral("mnist_0/prov_mnist_GR0_0.json"));
    QByteArray bytes = readFile(json);
    QVERIFY(writeFile(json, bytes.left(bytes.size() / 2)));

    Prov4mlSource source(tmp.path());
    const auto result = source.index({}, {});
    QVERIFY(result.ok());
    const Run* r = result.value.run(QStringLiteral("mnist_0/GR0"));
    QVERIFY(r);
    QVERIFY(r->params.isEmpty());
    QVERIFY(r->metrics.contains(QStringLiteral("train_loss")));
    QVERIFY2(anyWarning(result.warnings, QStringLiteral("prov_mnist_GR0_0.json"), QStringLiteral("not valid JSON")),
        qPrintable(describe(result.warnings)));
    QVERIFY(!result.value.run(QStringLiteral("mnist_0/GR1"))->params.isEmpty());
}

void TestProv4mlSource::lenientValues_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<double>("expected");
    QTest::addRow("float") << QByteArray("0.25") << 0.25;
    QTest::addRow("exponent") << QByteArray("1e-05") << 1e-05;
    QTest::addRow("integer") << QByteArray("3") << 3.0;
    QTest::addRow("inf") << QByteArray("inf") << double(INFINITY);
    QTest::addRow("-inf") << QByteArray("-inf") << -double(INFINITY);
    QTest::addRow("torch tensor on a GPU")
        << QByteArray("tensor(0.5000, device='cuda:0', grad_fn=<MeanBackward0>)") << 0.5;
    QTest::addRow("numpy repr") << QByteArray("np.float32(0.75)") << 0.75;
}

void TestProv4mlSource::lenientValues()
{
    QFETCH(QByteArray, text);
    QFETCH(double, expected);
    const QByteArray file = "m,Context.TRAINING,None\n4," + text + ",1700000000123\n";
    MetricSeries s;
    QList<ReadWarning> warnings;
    const auto r = Prov4mlMetricFile::parse(file, QStringLiteral("m.csv"), &s, warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(describe(warnings)));
    QCOMPARE(r.header.name, QStringLiteral("m"));
    QCOMPARE(r.header.context, QStringLiteral("Context.TRAINING"));
    QCOMPARE(s.size(), size_t(1));
    QCOMPARE(s.steps[0], 4);
    QCOMPARE(s.timestampsMs[0], 1700000000123);
    QCOMPARE(s.values[0], expected);
}

void TestProv4mlSource::typedParamRepr()
{
    // Python's repr picks double quotes when the string holds a single quote.
    const QByteArray doc = R"({"activity": {"context:x_GR0_0": {"yProv4ML:level": 0,
        "yProv4ML:name": "{'$': \"it's\", 'type': 'Foo'}", "yProv4ML:plain": "{not a repr}",
        "yProv4ML:python_version": "3.12"}}})";
    QList<ReadWarning> warnings;
    const auto parsed = Prov4mlDocument::parse(doc, QStringLiteral("d.json"), warnings);
    QVERIFY(parsed);
    QCOMPARE(parsed->params.value(QStringLiteral("name")), QStringLiteral("it's"));
    QCOMPARE(parsed->params.value(QStringLiteral("plain")), QStringLiteral("{not a repr}"));
    QCOMPARE(parsed->runAttributes.value(QStringLiteral("python_version")), QStringLiteral("3.12"));
    QVERIFY(warnings.isEmpty());
}

QTEST_GUILESS_MAIN(TestProv4mlSource)
#include "tst_prov4mlsource.moc"
