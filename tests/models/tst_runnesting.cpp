#include "expectedstore.h"
#include "roles.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"
#include "sourcefactory.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

Run makeRun(
    const QString& id, const QString& parent = {}, qint64 start = 0, const QString& experiment = QStringLiteral("1"))
{
    Run r;
    r.runId = id;
    r.name = id;
    r.experimentId = experiment;
    r.status = RunStatus::Finished;
    r.startTimeMs = start;
    r.parentRunId = parent;
    return r;
}

// Names of the shown rows, each prefixed by one '.' per nesting level: "p", ".c", "..g".
QStringList shownTree(const RunFilterProxy& proxy)
{
    QStringList rows;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex i = proxy.index(r, RunTableModel::Name);
        rows << QString(i.data(Roles::DepthRole).toInt(), u'.') + i.data(Roles::SortRole).toString();
    }
    return rows;
}

QModelIndex rowNamed(const RunFilterProxy& proxy, const QString& name)
{
    for (int r = 0; r < proxy.rowCount(); ++r) {
        if (proxy.index(r, RunTableModel::Name).data(Roles::SortRole).toString() == name)
            return proxy.index(r, RunTableModel::Name);
    }
    return {};
}

} // namespace

class TestRunNesting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureTreeMatchesMlflowParents_data();
    void fixtureTreeMatchesMlflowParents();
    void sortKeepsChildrenUnderParents();
    void filterShowsParentsAsContext();
    void collapseKeepsSelectionOfVisibleRows();
    void childStreamedBeforeParent();
    void parentElsewhereOrCyclicIsTopLevel();
    void deletedParentShownOnRequest();
};

void TestRunNesting::fixtureTreeMatchesMlflowParents_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("mlflow 3.x file store") << QStringLiteral("mlflow3-file");
    QTest::addRow("mlflow 2.22 sqlite") << QStringLiteral("mlflow2-sqlite");
}

// The store written by the real mlflow, streamed in as the GUI does; every shown row's parent (the nearest row
// above it one level up) must be the run its mlflow.parentRunId tag names, as mlflow's own API reads it.
void TestRunNesting::fixtureTreeMatchesMlflowParents()
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
    proxy.sort(RunTableModel::Start, Qt::DescendingOrder);
    const QString uri = opened.source->info().uri;
    model.beginSource(uri, opened.source->info().displayName);
    Progress progress;
    progress.onRuns = [&](const QVector<Run>& batch) { model.appendRuns(uri, batch); };
    const auto result = opened.source->index(progress, {});
    QVERIFY(result.ok());
    model.setRuns(uri, result.value.runs);

    QHash<QString, QString> parentOf;
    QHash<QString, QString> nameOf;
    QSet<QString> active;
    for (const auto& r : expected.json().at("runs")) {
        const QString id = QString::fromStdString(r.at("run_id").get<std::string>());
        nameOf.insert(id, QString::fromStdString(r.at("run_name").get<std::string>()));
        if (r.at("lifecycle_stage") == "active")
            active.insert(id);
        if (r.at("tags").contains("mlflow.parentRunId"))
            parentOf.insert(id, QString::fromStdString(r.at("tags").at("mlflow.parentRunId").get<std::string>()));
    }
    // Collapsed by default, as in the MLflow UI: no child is shown, and tune says it has three.
    for (int r = 0; r < proxy.rowCount(); ++r)
        QCOMPARE(proxy.index(r, 0).data(Roles::DepthRole).toInt(), 0);
    const QModelIndex tune = rowNamed(proxy, QStringLiteral("tune"));
    QVERIFY(tune.isValid());
    QCOMPARE(tune.data(Roles::ChildCountRole).toInt(), 3);
    QVERIFY(!rowNamed(proxy, QStringLiteral("trial_0")).isValid());
    const int collapsedRows = proxy.rowCount();

    proxy.expandAll();
    QCOMPARE(proxy.rowCount(), collapsedRows + 3 + 1 + 2); // trials, the worker, child-a and child-b
    QVector<QString> lastAtDepth;
    int nested = 0;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex i = proxy.index(r, 0);
        const QString id = i.data(Roles::RunIdRole).toString();
        const int depth = i.data(Roles::DepthRole).toInt();
        QVERIFY2(depth <= lastAtDepth.size(), qPrintable(nameOf.value(id)));
        lastAtDepth.resize(depth + 1);
        lastAtDepth[depth] = id;
        const QString parent = parentOf.value(id);
        if (depth > 0) {
            ++nested;
            QCOMPARE(nameOf.value(lastAtDepth[depth - 1]), nameOf.value(parent));
        } else {
            // Top-level: no parent, or one that mlflow does not list as an active run.
            QVERIFY2(parent.isEmpty() || !active.contains(parent), qPrintable(nameOf.value(id)));
        }
    }
    QCOMPARE(nested, 6);
    const QStringList tree = shownTree(proxy);
    const qsizetype at = tree.indexOf(QStringLiteral("tune"));
    // Children sorted like top-level runs (newest first), the grandchild right under its trial.
    QCOMPARE(tree.mid(at, 5),
        QStringList({ u"tune"_s, u".trial_0"_s, u"..worker_0 (main)"_s, u".trial_1"_s, u".trial_2"_s }));
    // Oldest first: the trials reverse, the worker stays under trial_0, tune stays above them.
    proxy.sort(RunTableModel::Start, Qt::AscendingOrder);
    const QStringList oldestFirst = shownTree(proxy);
    const qsizetype tuneAt = oldestFirst.indexOf(u"tune"_s);
    QCOMPARE(oldestFirst.mid(tuneAt, 5),
        QStringList({ u"tune"_s, u".trial_2"_s, u".trial_1"_s, u".trial_0"_s, u"..worker_0 (main)"_s }));
    QCOMPARE(rowNamed(proxy, u"orphan-of-deleted"_s).data(Roles::DepthRole).toInt(), 0);
    QCOMPARE(rowNamed(proxy, u"child-of-missing"_s).data(Roles::DepthRole).toInt(), 0);
    QCOMPARE(rowNamed(proxy, u"worker_0 (main)"_s).data(Roles::DepthRole).toInt(), 2);

    proxy.collapseAll();
    QCOMPARE(proxy.rowCount(), collapsedRows);
}

void TestRunNesting::sortKeepsChildrenUnderParents()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString s = QStringLiteral("s");
    model.beginSource(s, s);
    // Children interleave with top-level runs in time and in name; equal start times on purpose.
    model.appendRuns(s,
        { makeRun(u"b"_s, {}, 50), makeRun(u"b2"_s, u"b"_s, 10), makeRun(u"a1"_s, u"a"_s, 60), makeRun(u"a"_s, {}, 20),
            makeRun(u"a2"_s, u"a"_s, 5), makeRun(u"c"_s, {}, 50), makeRun(u"a2x"_s, u"a2"_s, 100),
            makeRun(u"b1"_s, u"b"_s, 70) });
    proxy.expandAll();
    proxy.sort(RunTableModel::Name, Qt::AscendingOrder);
    QCOMPARE(
        shownTree(proxy), QStringList({ u"a"_s, u".a1"_s, u".a2"_s, u"..a2x"_s, u"b"_s, u".b1"_s, u".b2"_s, u"c"_s }));
    proxy.sort(RunTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(
        shownTree(proxy), QStringList({ u"c"_s, u"b"_s, u".b2"_s, u".b1"_s, u"a"_s, u".a2"_s, u"..a2x"_s, u".a1"_s }));
    // b and c start at the same time: their subtrees must not interleave, whichever comes first.
    proxy.sort(RunTableModel::Start, Qt::AscendingOrder);
    const QStringList byStart = shownTree(proxy);
    QCOMPARE(byStart.mid(0, 4), QStringList({ u"a"_s, u".a2"_s, u"..a2x"_s, u".a1"_s }));
    QVERIFY(byStart.mid(4) == QStringList({ u"b"_s, u".b2"_s, u".b1"_s, u"c"_s })
        || byStart.mid(4) == QStringList({ u"c"_s, u"b"_s, u".b2"_s, u".b1"_s }));
}

void TestRunNesting::filterShowsParentsAsContext()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    auto opened = SourceFactory::open(expected.uri());
    QVERIFY2(opened.source, qPrintable(opened.error));
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    model.setRuns(opened.source->info().uri, result.value.runs);
    proxy.sort(RunTableModel::Start, Qt::DescendingOrder);
    QVERIFY(proxy.setSearchExpression(u"metrics.train_loss_epoch < 1"_s));
    // mlflow selects the grandchild alone; it is shown under its trial and the tune run, both as context.
    QCOMPARE(shownTree(proxy), QStringList({ u"tune"_s, u".trial_0"_s, u"..worker_0 (main)"_s }));
    QVERIFY(proxy.index(0, 0).data(Roles::ContextRowRole).toBool());
    QVERIFY(proxy.index(1, 0).data(Roles::ContextRowRole).toBool());
    QVERIFY(!proxy.index(2, 0).data(Roles::ContextRowRole).toBool());
    QCOMPARE(proxy.index(0, RunTableModel::Status).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(Qt::gray));
    QCOMPARE(proxy.matchingRunCount(), 1);
    // The user may still fold the context away.
    proxy.setExpanded(proxy.index(0, 0), false);
    QCOMPARE(shownTree(proxy), QStringList({ u"tune"_s }));
    // A parent that matches itself is no context row, and its children are not shown unless they match.
    QVERIFY(proxy.setSearchExpression(u"attributes.run_name = 'trial_0'"_s));
    QCOMPARE(shownTree(proxy), QStringList({ u"tune"_s, u".trial_0"_s }));
    QVERIFY(!proxy.index(1, 0).data(Roles::ContextRowRole).toBool());
}

void TestRunNesting::collapseKeepsSelectionOfVisibleRows()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString s = QStringLiteral("s");
    model.beginSource(s, s);
    model.appendRuns(s,
        { makeRun(u"p"_s, {}, 30), makeRun(u"p1"_s, u"p"_s, 31), makeRun(u"p2"_s, u"p"_s, 32),
            makeRun(u"q"_s, {}, 10) });
    proxy.sort(RunTableModel::Start, Qt::AscendingOrder);
    QCOMPARE(shownTree(proxy), QStringList({ u"q"_s, u"p"_s }));
    proxy.setExpanded(rowNamed(proxy, u"p"_s), true);
    QCOMPARE(shownTree(proxy), QStringList({ u"q"_s, u"p"_s, u".p1"_s, u".p2"_s }));
    QItemSelectionModel selection(&proxy);
    const auto select = [&](const QString& name) {
        selection.select(rowNamed(proxy, name), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    };
    select(u"q"_s);
    select(u"p"_s);
    select(u"p2"_s);
    QCOMPARE(selection.selectedRows().size(), 3);
    proxy.setExpanded(rowNamed(proxy, u"p"_s), false);
    QStringList kept;
    for (const QModelIndex& i : selection.selectedRows())
        kept << i.data(Roles::RunIdRole).toString();
    kept.sort();
    QCOMPARE(kept, QStringList({ u"p"_s, u"q"_s })); // only the hidden child left the selection
    proxy.setExpanded(rowNamed(proxy, u"p"_s), true);
    QCOMPARE(selection.selectedRows().size(), 2);
    QVERIFY(proxy.isExpanded(rowNamed(proxy, u"p"_s)));
}

void TestRunNesting::childStreamedBeforeParent()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString s = QStringLiteral("s");
    model.beginSource(s, s);
    proxy.sort(RunTableModel::Start, Qt::DescendingOrder);
    QSignalSpy hierarchy(&model, &RunTableModel::hierarchyChanged);
    model.appendRuns(s, { makeRun(u"worker_1"_s, u"train"_s, 5), makeRun(u"other"_s, {}, 1) });
    QCOMPARE(shownTree(proxy), QStringList({ u"worker_1"_s, u"other"_s })); // no parent yet: top-level
    QCOMPARE(hierarchy.count(), 0);
    model.appendRuns(s, { makeRun(u"train"_s, {}, 2), makeRun(u"worker_0"_s, u"train"_s, 3) });
    QCOMPARE(hierarchy.count(), 1);
    QCOMPARE(shownTree(proxy), QStringList({ u"train"_s, u"other"_s }));
    QCOMPARE(rowNamed(proxy, u"train"_s).data(Roles::ChildCountRole).toInt(), 2);
    proxy.setExpanded(rowNamed(proxy, u"train"_s), true);
    QCOMPARE(shownTree(proxy), QStringList({ u"train"_s, u".worker_1"_s, u".worker_0"_s, u"other"_s }));
    // A live update that removes the parent puts its children back on top, in sort order.
    model.updateRuns(s,
        { makeRun(u"worker_1"_s, u"train"_s, 5), makeRun(u"other"_s, {}, 1), makeRun(u"worker_0"_s, u"train"_s, 3) });
    QCOMPARE(shownTree(proxy), QStringList({ u"worker_1"_s, u"worker_0"_s, u"other"_s }));
}

void TestRunNesting::parentElsewhereOrCyclicIsTopLevel()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginSource(u"s1"_s, u"s1"_s);
    model.beginSource(u"s2"_s, u"s2"_s);
    model.appendRuns(u"s1"_s,
        { makeRun(u"p"_s, {}, 1), makeRun(u"other-exp"_s, u"p"_s, 2, u"2"_s), makeRun(u"x"_s, u"y"_s, 3),
            makeRun(u"y"_s, u"x"_s, 4), makeRun(u"self"_s, u"self"_s, 5) });
    model.appendRuns(u"s2"_s, { makeRun(u"other-source"_s, u"p"_s, 6) });
    proxy.sort(RunTableModel::Start, Qt::AscendingOrder);
    proxy.expandAll();
    const QStringList tree = shownTree(proxy);
    QCOMPARE(tree.size(), 6);
    QVERIFY(tree.contains(u"other-exp"_s));
    QVERIFY(tree.contains(u"other-source"_s));
    QVERIFY(tree.contains(u"self"_s));
    QCOMPARE(rowNamed(proxy, u"p"_s).data(Roles::ChildCountRole).toInt(), 0);
    // x and y name each other: one of them is cut loose so both are shown, one under the other.
    const int xDepth = rowNamed(proxy, u"x"_s).data(Roles::DepthRole).toInt();
    const int yDepth = rowNamed(proxy, u"y"_s).data(Roles::DepthRole).toInt();
    QCOMPARE(xDepth + yDepth, 1);
}

void TestRunNesting::deletedParentShownOnRequest()
{
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Run gone = makeRun(u"gone"_s, {}, 1);
    gone.deleted = true;
    model.beginSource(u"s"_s, u"s"_s);
    model.appendRuns(u"s"_s, { gone, makeRun(u"kid"_s, u"gone"_s, 2) });
    proxy.sort(RunTableModel::Start, Qt::AscendingOrder);
    QCOMPARE(shownTree(proxy), QStringList({ u"kid"_s }));
    proxy.setShowDeleted(true);
    QCOMPARE(shownTree(proxy), QStringList({ u"gone"_s }));
    proxy.expandAll();
    QCOMPARE(shownTree(proxy), QStringList({ u"gone"_s, u".kid"_s }));
}

QTEST_MAIN(TestRunNesting)
#include "tst_runnesting.moc"
