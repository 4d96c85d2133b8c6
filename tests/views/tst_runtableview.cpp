#include "roles.h"
#include "runfilterproxy.h"
#include "runnamedelegate.h"
#include "runtablemodel.h"
#include "runtableview.h"
#include "sourcefactory.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QHeaderView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

QString screenshotDir()
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    return dir;
}

QModelIndex rowNamed(const QAbstractItemModel& proxy, const QString& name)
{
    for (int r = 0; r < proxy.rowCount(); ++r) {
        if (proxy.index(r, RunTableModel::Name).data(Roles::SortRole).toString() == name)
            return proxy.index(r, RunTableModel::Name);
    }
    return {};
}

} // namespace

class TestRunTableView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nestedRunsInTheDemoStore();
};

// The demo store written by the real mlflow (resources/demo/make_demo.py): a grid search parent with one child
// per configuration. Arrow clicks and keys fold it; selecting the parent selects the parent alone.
void TestRunTableView::nestedRunsInTheDemoStore()
{
    const QString demo = QStringLiteral(RUNLENS_SOURCE_DIR "/resources/demo/mlflow.db");
    if (!QFile::exists(demo))
        QSKIP("resources/demo/mlflow.db is not there");
    auto opened = SourceFactory::open(u"sqlite:///"_s + demo);
    QVERIFY2(opened.source, qPrintable(opened.error));
    RunTableModel model;
    RunFilterProxy proxy;
    proxy.setRunModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunTableView view;
    view.setModels(&proxy, &model);
    view.resize(900, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString uri = opened.source->info().uri;
    model.beginSource(uri, u"demo"_s);
    Progress progress;
    progress.onRuns = [&](const QVector<Run>& batch) { model.appendRuns(uri, batch); };
    const auto result = opened.source->index(progress, {});
    QVERIFY(result.ok());
    model.setRuns(uri, result.value.runs);
    int children = 0;
    for (const Run& r : result.value.runs)
        children += r.parentRunId.isEmpty() ? 0 : 1;
    QVERIFY(children >= 2);
    const int collapsed = proxy.rowCount();
    QCOMPARE(collapsed, model.rowCount() - children);

    QModelIndex parent = rowNamed(proxy, u"hparam-search"_s);
    QVERIFY(parent.isValid());
    QCOMPARE(parent.data(Roles::ChildCountRole).toInt(), children);

    // Selecting the parent row selects (and would chart) the parent run only.
    view.setCurrentIndex(parent);
    view.selectRow(parent.row());
    QCOMPARE(view.selectedSourceRows().size(), 1);
    QCOMPARE(model.runAt(view.selectedSourceRows().first())->name, u"hparam-search"_s);

    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(proxy.rowCount(), model.rowCount());
    QVERIFY(proxy.isExpanded(view.currentIndex()));
    QCOMPARE(view.selectedSourceRows().size(), 1); // still the parent alone
    // Left on a child goes to its parent, Left on the expanded parent folds it.
    view.setCurrentIndex(proxy.index(view.currentIndex().row() + 1, RunTableModel::Name));
    QCOMPARE(view.currentIndex().data(Roles::DepthRole).toInt(), 1);
    QTest::keyClick(&view, Qt::Key_Left);
    QCOMPARE(view.currentIndex().data(Roles::SortRole).toString(), u"hparam-search"_s);
    QTest::keyClick(&view, Qt::Key_Left);
    QCOMPARE(proxy.rowCount(), collapsed);

    // A click on the arrow toggles without touching the selection; a click on the name does not toggle.
    parent = rowNamed(proxy, u"hparam-search"_s);
    const QRect cell = view.visualRect(parent);
    const QPoint arrow = RunNameDelegate::arrowRect(cell, 0).center();
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, arrow);
    QCOMPARE(proxy.rowCount(), model.rowCount());
    QCOMPARE(view.selectedSourceRows().size(), 1);
    parent = rowNamed(proxy, u"hparam-search"_s);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(parent).center());
    QCOMPARE(proxy.rowCount(), model.rowCount());

    // Select the parent and two children, so the picture shows how they look selected.
    view.clearSelection();
    view.selectionModel()->select(parent, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view.selectionModel()->select(
        proxy.index(parent.row() + 2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(view.selectedSourceRows().size(), 2);
    view.resizeColumnToContents(RunTableModel::Name);
    QVERIFY(view.grab().save(screenshotDir() + u"/runtable_nested.png"_s));

    // The parent has no optimizer param: it stays as a greyed context row above its matching children.
    view.clearSelection();
    QVERIFY(proxy.setSearchExpression(u"params.optimizer = 'sgd' and params.batch_size = '512'"_s));
    parent = rowNamed(proxy, u"hparam-search"_s);
    QVERIFY(parent.isValid());
    QVERIFY(parent.data(Roles::ContextRowRole).toBool());
    QCOMPARE(proxy.rowCount(), proxy.matchingRunCount() + 1);
    QVERIFY(view.grab().save(screenshotDir() + u"/runtable_nested_filtered.png"_s));
}

QTEST_MAIN(TestRunTableView)
#include "tst_runtableview.moc"
