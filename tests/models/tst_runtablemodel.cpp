#include "expectedstore.h"
#include "roles.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"
#include "sourcefactory.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

namespace {

Run makeRun(const QString& id, const QMap<QString, QString>& params, const QMap<QString, double>& metrics)
{
    Run r;
    r.runId = id;
    r.name = u"run-" + id;
    r.experimentId = QStringLiteral("1");
    r.status = RunStatus::Finished;
    r.startTimeMs = 1000;
    r.endTimeMs = 61000;
    r.params = params;
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it) {
        MetricSummary s;
        s.latest = it.value();
        s.min = it.value() - 1;
        s.max = it.value() + 1;
        s.count = 3;
        r.metrics.insert(it.key(), s);
    }
    return r;
}

} // namespace

class TestRunTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streamedBatchesAddColumnsAtTheEnd();
    void metricViewSwitchesValues();
    void sortingIsNumericWithMissingLast();
    void twoSourcesAndRemoval();
    void liveUpdateKeepsRowsInPlace();
    void fixtureStoreUnderTester_data();
    void fixtureStoreUnderTester();
};

void TestRunTableModel::streamedBatchesAddColumnsAtTheEnd()
{
    RunTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginSource(QStringLiteral("s1"), QStringLiteral("store one"));
    model.appendRuns(QStringLiteral("s1"), { makeRun(QStringLiteral("a"), { { QStringLiteral("lr"), QStringLiteral("0.1") } }, { { QStringLiteral("loss"), 0.5 } }) });
    QCOMPARE(model.columnCount(), RunTableModel::FixedColumnCount + 2);
    QCOMPARE(model.columnKey(RunTableModel::FixedColumnCount), QStringLiteral("lr"));
    QCOMPARE(model.columnKind(RunTableModel::FixedColumnCount + 1), ColumnKind::Metric);
    QSignalSpy inserted(&model, &QAbstractItemModel::columnsInserted);
    model.appendRuns(QStringLiteral("s1"),
        { makeRun(QStringLiteral("b"), { { QStringLiteral("batch"), QStringLiteral("64") } },
            { { QStringLiteral("acc"), 0.9 } }) });
    QCOMPARE(inserted.count(), 2); // one param group insertion, one metric group insertion
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.paramKeys(), QStringList({ QStringLiteral("lr"), QStringLiteral("batch") }));
    QCOMPARE(model.metricKeys(), QStringList({ QStringLiteral("loss"), QStringLiteral("acc") }));
    // Run a has no "batch" param: empty, not "".
    QVERIFY(!model.data(model.index(0, RunTableModel::FixedColumnCount + 1)).isValid());
    QCOMPARE(model.data(model.index(1, model.columnOfMetric(QStringLiteral("acc")))).toString(), QStringLiteral("0.9"));
    QCOMPARE(model.data(model.index(0, RunTableModel::Duration)).toString(), QStringLiteral("1m 00s"));
}

void TestRunTableModel::metricViewSwitchesValues()
{
    RunTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginSource(QStringLiteral("s"), QStringLiteral("s"));
    model.appendRuns(QStringLiteral("s"), { makeRun(QStringLiteral("a"), {}, { { QStringLiteral("loss"), 2.0 } }) });
    const QModelIndex cell = model.index(0, model.columnOfMetric(QStringLiteral("loss")));
    QCOMPARE(cell.data(Roles::SortRole).toDouble(), 2.0);
    model.setMetricView(RunTableModel::MetricView::Min);
    QCOMPARE(cell.data(Roles::SortRole).toDouble(), 1.0);
    model.setMetricView(RunTableModel::MetricView::Max);
    QCOMPARE(cell.data().toString(), QStringLiteral("3"));
}

void TestRunTableModel::sortingIsNumericWithMissingLast()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginSource(QStringLiteral("s"), QStringLiteral("s"));
    const QString lr = QStringLiteral("lr");
    model.appendRuns(QStringLiteral("s"),
        { makeRun(QStringLiteral("a"), { { lr, QStringLiteral("0.01") } }, { { QStringLiteral("m"), std::nan("") } }),
            makeRun(QStringLiteral("b"), { { lr, QStringLiteral("1e-4") } }, { { QStringLiteral("m"), 10 } }),
            makeRun(QStringLiteral("c"), {}, { { QStringLiteral("m"), 9 } }),
            makeRun(QStringLiteral("d"), { { lr, QStringLiteral("0.1") } }, {}) });
    proxy.sort(RunTableModel::FixedColumnCount, Qt::AscendingOrder); // lr: params sort as numbers
    const auto order = [&](int column) {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids << proxy.index(r, column).data(Roles::RunIdRole).toString();
        return ids.join(QString());
    };
    QCOMPARE(order(0), QStringLiteral("badc"));
    proxy.sort(model.columnOfMetric(QStringLiteral("m")), Qt::AscendingOrder);
    QCOMPARE(order(0).left(2), QStringLiteral("cb"));
}

void TestRunTableModel::twoSourcesAndRemoval()
{
    RunTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginSource(QStringLiteral("s1"), QStringLiteral("one"));
    model.beginSource(QStringLiteral("s2"), QStringLiteral("two"));
    model.appendRuns(QStringLiteral("s1"), { makeRun(QStringLiteral("a"), {}, {}) });
    model.appendRuns(QStringLiteral("s2"), { makeRun(QStringLiteral("a"), {}, {}) }); // same id, other source
    model.appendRuns(QStringLiteral("s1"), { makeRun(QStringLiteral("b"), {}, {}) });
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.colorOf(0) != model.colorOf(1));
    const QColor colourOfA = model.colorOf(0);
    model.beginSource(QStringLiteral("s1"), QStringLiteral("one")); // re-index: s1's interleaved rows go
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.sourceUriAt(0), QStringLiteral("s2"));
    model.appendRuns(QStringLiteral("s1"), { makeRun(QStringLiteral("a"), {}, {}) });
    QCOMPARE(model.colorOf(1), colourOfA); // a run keeps its colour across reloads
    model.removeSource(QStringLiteral("s2"));
    QCOMPARE(model.rowCount(), 1);
}

void TestRunTableModel::liveUpdateKeepsRowsInPlace()
{
    RunTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString s = QStringLiteral("s");
    model.beginSource(s, s);
    model.appendRuns(s, { makeRun(QStringLiteral("a"), {}, { { QStringLiteral("loss"), 1.0 } }),
                            makeRun(QStringLiteral("b"), {}, {}), makeRun(QStringLiteral("c"), {}, {}) });
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // b vanished, a has a new value and a new metric, d is new.
    model.updateRuns(s, { makeRun(QStringLiteral("a"), {}, { { QStringLiteral("loss"), 0.5 }, { QStringLiteral("acc"), 0.7 } }),
                            makeRun(QStringLiteral("c"), {}, {}), makeRun(QStringLiteral("d"), {}, {}) });
    QCOMPARE(removed.count(), 1);
    QVERIFY(changed.count() >= 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.runAt(0)->runId, QStringLiteral("a")); // a stayed in row 0
    QCOMPARE(model.data(model.index(0, model.columnOfMetric(QStringLiteral("loss"))), Roles::SortRole).toDouble(), 0.5);
    QVERIFY(model.columnOfMetric(QStringLiteral("acc")) > 0);
    QCOMPARE(model.runAt(2)->runId, QStringLiteral("d"));
}

void TestRunTableModel::fixtureStoreUnderTester_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("mlflow 3.x file store") << QStringLiteral("mlflow3-file");
    QTest::addRow("mlflow 2.22 sqlite") << QStringLiteral("mlflow2-sqlite");
}

// The whole path the GUI takes — streamed batches, then the final catalog — under the model tester, and the
// proxy's MLflow filter selecting exactly the runs mlflow.search_runs selected on the same store.
void TestRunTableModel::fixtureStoreUnderTester()
{
    QFETCH(QString, fixture);
    const ExpectedStore expected(fixture);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    auto opened = SourceFactory::open(expected.uri());
    QVERIFY2(opened.source, qPrintable(opened.error));
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString uri = opened.source->info().uri;
    model.beginSource(uri, opened.source->info().displayName);
    Progress progress;
    progress.onRuns = [&](const QVector<Run>& batch) { model.appendRuns(uri, batch); };
    const auto result = opened.source->index(progress, {});
    QVERIFY(result.ok());
    model.setRuns(uri, result.value.runs);
    QCOMPARE(model.rowCount(), static_cast<int>(result.value.runs.size()));

    const auto& filters = expected.json().at("filters");
    QVERIFY(filters.size() >= 10);
    for (const auto& f : filters) {
        const QString expression = QString::fromStdString(f.at("expression").get<std::string>());
        QVERIFY2(proxy.setSearchExpression(expression), qPrintable(expression + u": " + proxy.filterError()));
        QStringList got;
        for (int r = 0; r < proxy.rowCount(); ++r) {
            // Parents of matching children are shown greyed for context; they are not matches.
            if (proxy.index(r, 0).data(Roles::ContextRowRole).toBool())
                continue;
            const QString runId = proxy.index(r, 0).data(Roles::RunIdRole).toString();
            // mlflow searched the active experiments only; runs of deleted experiments are deleted runs too.
            got << runId;
        }
        got.sort();
        QStringList want;
        for (const auto& id : f.at("run_ids"))
            want << QString::fromStdString(id.get<std::string>());
        QVERIFY2(got == want,
            qPrintable(expression + u"\n  RunLens: " + got.join(u' ') + u"\n  mlflow:  " + want.join(u' ')));
    }
}

QTEST_MAIN(TestRunTableModel)
#include "tst_runtablemodel.moc"
