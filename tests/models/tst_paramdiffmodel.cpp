#include "paramdiffmodel.h"
#include "roles.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

Run makeRun(const QString& id, const QMap<QString, QString>& params, double loss)
{
    Run r;
    r.runId = id;
    r.name = u"run-"_s + id;
    r.params = params;
    r.tags.insert(u"mlflow.user"_s, id); // differs everywhere, hidden by default
    r.tags.insert(u"team"_s, u"vision"_s);
    MetricSummary s;
    s.latest = loss;
    s.latestStep = 100;
    s.min = loss - 0.5;
    s.max = 2.0;
    s.count = 101;
    r.metrics.insert(u"loss"_s, s);
    return r;
}

int rowOf(const ParamDiffModel& model, const QString& key)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.rowKey(row) == key)
            return row;
    }
    return -1;
}

QVector<Run> threeRuns()
{
    return { makeRun(u"a"_s, { { u"lr"_s, u"0.1"_s }, { u"model/depth"_s, u"12"_s }, { u"seed"_s, u"1"_s } }, 0.5),
        makeRun(u"b"_s, { { u"lr"_s, u"0.01"_s }, { u"model/depth"_s, u"12"_s }, { u"seed"_s, u"2"_s } }, 0.5),
        makeRun(u"c"_s, { { u"lr"_s, u"0.1"_s }, { u"model/depth"_s, u"12"_s } }, 0.25) };
}

} // namespace

class TestParamDiffModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAndColumns();
    void differencesOnly();
    void referenceHighlight();
    void systemTags();
    void markdownAndCsv();
    void nanAndMissingRange();
};

void TestParamDiffModel::rowsAndColumns()
{
    ParamDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(threeRuns());
    QCOMPARE(model.columnCount(), ParamDiffModel::FirstRunColumn + 3);
    QCOMPARE(model.headerData(ParamDiffModel::FirstRunColumn, Qt::Horizontal).toString(), u"run-a (reference)"_s);
    QCOMPARE(model.headerData(ParamDiffModel::FirstRunColumn + 1, Qt::Horizontal).toString(), u"run-b"_s);
    // 3 params, 1 user tag, 4 loss summaries.
    QCOMPARE(model.rowCount(), 8);
    const int depth = rowOf(model, u"model/depth"_s);
    QVERIFY(depth >= 0);
    QCOMPARE(model.rowSection(depth), ParamDiffModel::Section::Param);
    QVERIFY(!model.rowDiffers(depth));
    const int seed = rowOf(model, u"seed"_s);
    QVERIFY(model.rowDiffers(seed));
    QVERIFY(!model.rawValue(seed, 2).isValid()); // run c has no seed
    QCOMPARE(model.index(seed, ParamDiffModel::FirstRunColumn + 2).data().toString(), QString());
    const int lossMin = rowOf(model, u"loss (min)"_s);
    QCOMPARE(model.rowSection(lossMin), ParamDiffModel::Section::Metric);
    QCOMPARE(model.rawValue(lossMin, 2).toDouble(), -0.25);
    QCOMPARE(model.index(lossMin, ParamDiffModel::SectionColumn).data().toString(), u"metric"_s);
    QCOMPARE(model.rawValue(rowOf(model, u"loss (step of latest)"_s), 0).toLongLong(), 100);
}

void TestParamDiffModel::differencesOnly()
{
    ParamDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(threeRuns());
    model.setShowDifferencesOnly(true);
    QStringList keys;
    for (int row = 0; row < model.rowCount(); ++row)
        keys << model.rowKey(row);
    QCOMPARE(keys, (QStringList { u"lr"_s, u"seed"_s, u"loss (latest)"_s, u"loss (min)"_s }));
    model.setShowDifferencesOnly(false);
    QCOMPARE(model.rowCount(), 8);
}

void TestParamDiffModel::referenceHighlight()
{
    ParamDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(threeRuns());
    const int lr = rowOf(model, u"lr"_s);
    const auto highlighted = [&](int run) {
        return model.index(lr, ParamDiffModel::FirstRunColumn + run).data(Qt::BackgroundRole).isValid();
    };
    QVERIFY(!highlighted(0));
    QVERIFY(highlighted(1));
    QVERIFY(!highlighted(2));
    model.setReferenceRun(1);
    QCOMPARE(model.referenceRun(), 1);
    QVERIFY(highlighted(0));
    QVERIFY(!highlighted(1));
    QVERIFY(highlighted(2));
    model.setReferenceRun(99);
    QCOMPARE(model.referenceRun(), 2);
}

void TestParamDiffModel::systemTags()
{
    ParamDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(threeRuns());
    QCOMPARE(rowOf(model, u"mlflow.user"_s), -1);
    model.setShowSystemTags(true);
    QVERIFY(rowOf(model, u"mlflow.user"_s) >= 0);
}

void TestParamDiffModel::markdownAndCsv()
{
    ParamDiffModel model;
    QVector<Run> runs = threeRuns();
    runs[0].params.insert(u"note"_s, u"a|b, \"c\""_s);
    model.setRuns(runs);
    model.setShowDifferencesOnly(true);
    const QString md = model.toMarkdown();
    QVERIFY2(md.startsWith(u"| Section | Key | run-a | run-b | run-c |\n|---|---|---|---|---|\n"_s), qPrintable(md));
    QVERIFY2(md.contains(u"| param | lr | 0.1 | **0.01** | 0.1 |"_s), qPrintable(md));
    QVERIFY2(md.contains(u"a\\|b, \"c\""_s), qPrintable(md));
    const QString csv = model.toCsv();
    QVERIFY2(csv.startsWith(u"section,key,run-a,run-b,run-c\n"_s), qPrintable(csv));
    QVERIFY2(csv.contains(u"param,lr,0.1,0.01,0.1\n"_s), qPrintable(csv));
    QVERIFY2(csv.contains(u"param,seed,1,2,\n"_s), qPrintable(csv));
    QVERIFY2(csv.contains(u"param,note,\"a|b, \"\"c\"\"\",,\n"_s), qPrintable(csv));
    QVERIFY2(csv.contains(u"metric,loss (min),0,0,-0.25\n"_s), qPrintable(csv));
    QCOMPARE(csv.count(u'\n'), model.rowCount() + 1);
}

void TestParamDiffModel::nanAndMissingRange()
{
    QVector<Run> runs = threeRuns();
    for (Run& r : runs) {
        r.metrics[u"loss"_s].min = std::numeric_limits<double>::quiet_NaN();
        r.metrics[u"loss"_s].count = -1; // a store that keeps only the latest value
    }
    runs[0].metrics[u"loss"_s].latest = std::numeric_limits<double>::quiet_NaN();
    runs[1].metrics[u"loss"_s].latest = std::numeric_limits<double>::quiet_NaN();
    ParamDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(runs);
    QCOMPARE(rowOf(model, u"loss (min)"_s), -1); // nobody knows it: no row
    const int latest = rowOf(model, u"loss (latest)"_s);
    QVERIFY(model.rowDiffers(latest));
    QCOMPARE(model.index(latest, ParamDiffModel::FirstRunColumn).data().toString(), u"NaN"_s);
    QVERIFY(!model.differsFromReference(latest, 1)); // NaN is the same value as NaN here
    QVERIFY(model.differsFromReference(latest, 2));
}

QTEST_MAIN(TestParamDiffModel)
#include "tst_paramdiffmodel.moc"
