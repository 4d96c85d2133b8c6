#include "chartcontrols.h"
#include "chartfeeder.h"
#include "chartgrid.h"
#include "expectedstore.h"
#include "mainwindow.h"
#include "metricchart.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"
#include "sourcetreemodel.h"
#include "tracelayer.h"
#include "warningspanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QTimer>
#include <QDir>
#include <QStandardPaths>
#include <QTest>

#include <QAbstractAxis>
#include <QChart>

#include <cmath>

namespace {

bool waitIdle(MainWindow& w, int timeoutMs = 30000)
{
    bool idle = false;
    w.whenIdle([&idle]() { idle = true; });
    return QTest::qWaitFor([&]() { return idle; }, timeoutMs);
}

QString screenshotDir()
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // keep the user's settings untouched
    void twoStoresSideBySide();
    void badSourceGoesToWarnings();
    void demoScreenshot();
    void shortcutsListTheChartKeys();
};

void TestMainWindow::twoStoresSideBySide()
{
    const ExpectedStore files(QStringLiteral("mlflow3-file"));
    const ExpectedStore sqlite(QStringLiteral("mlflow2-sqlite"));
    QVERIFY2(files.isValid(), qPrintable(files.error()));
    QVERIFY2(sqlite.isValid(), qPrintable(sqlite.error()));
    MainWindow w;
    QAbstractItemModelTester runTester(w.runModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(w.runProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester treeTester(w.sourceTree(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.show();
    w.openSource(files.uri());
    w.openSource(sqlite.uri());
    QVERIFY(waitIdle(w));
    const int total = static_cast<int>(files.json().at("runs").size() + sqlite.json().at("runs").size());
    QCOMPARE(w.runModel()->rowCount(), total);
    QCOMPARE(w.sourceTree()->rowCount(), 2);
    QVERIFY(w.runProxy()->rowCount() < total); // deleted runs hidden by default

    w.setFilterText(QStringLiteral("metrics.accuracy >"));
    QVERIFY(w.filterError().contains(QStringLiteral("column")));
    w.setFilterText(QStringLiteral("attributes.run_name LIKE 'resnet-seed%'"));
    QVERIFY(w.filterError().isEmpty());
    QCOMPARE(w.runProxy()->rowCount(), 12); // six seeds in each store

    w.selectFirstRuns(4);
    QVERIFY(waitIdle(w));
    QVERIFY(w.chartGrid()->metricKeys().contains(QStringLiteral("train loss")));
    QVERIFY(w.chartGrid()->visibleKeys().contains(QStringLiteral("train loss")));
    MetricChart* chart = w.chartGrid()->chartFor(QStringLiteral("train loss"));
    QVERIFY(chart);
    QVERIFY(!chart->isShowingPlaceholder());
    QCOMPARE(w.chartFeeder()->dataFor(QStringLiteral("train loss")).size(), 4); // what CSV export writes
    QCOMPARE(chart->rawPointCount(), qint64(4000));
    // The same sweep in both stores: two runs of each name, which the legend tells apart by their store.
    QSet<QString> names;
    int fromFiles = 0;
    QVERIFY(!w.runModel()->sourceLabel(files.uri()).isEmpty());
    const TraceLayer* layer = chart->traceLayer();
    for (const TraceCurve& curve : layer->curves()) {
        if (curve.name.endsWith(QStringLiteral("(raw)")))
            continue;
        names.insert(curve.name);
        QVERIFY2(curve.name.endsWith(u"  (" + w.runModel()->sourceLabel(files.uri()) + u')')
                || curve.name.endsWith(u"  (" + w.runModel()->sourceLabel(sqlite.uri()) + u')'),
            qPrintable(curve.name));
        fromFiles += curve.name.contains(w.runModel()->sourceLabel(files.uri())) ? 1 : 0;
    }
    QCOMPARE(names.size(), 4);
    QCOMPARE(fromFiles, 2);
    QVERIFY(chart->drawnPointCount() > 0);
    QVERIFY(chart->drawnPointCount() <= 4 * 4 * chart->plotPixelWidth() + 64);
    QVERIFY(w.grab().save(screenshotDir() + QStringLiteral("/mainwindow_two_stores.png")));
}

void TestMainWindow::badSourceGoesToWarnings()
{
    MainWindow w;
    w.openSource(QStringLiteral("/no/such/store/mlruns"));
    QVERIFY(waitIdle(w));
    QVERIFY(w.warningsPanel()->count() >= 1);
}

void TestMainWindow::demoScreenshot()
{
    const QString demo = QStringLiteral(RUNLENS_SOURCE_DIR "/resources/demo/mlruns");
    if (!QDir(demo).exists())
        QSKIP("resources/demo/mlruns is not there");
    MainWindow w;
    w.resize(1500, 950);
    w.show();
    w.openSource(demo);
    QVERIFY(waitIdle(w));
    QVERIFY(w.runModel()->rowCount() >= 12);
    w.selectFirstRuns(6);
    QVERIFY(waitIdle(w));
    QVERIFY(w.chartGrid()->currentChart());
    QVERIFY(!w.chartGrid()->currentChart()->isShowingPlaceholder());
    QVERIFY(w.grab().save(screenshotDir() + QStringLiteral("/mainwindow_demo.png")));

    // Every run, grouped by optimizer: one line per group, its mean, with the min–max band.
    w.selectFirstRuns(w.runProxy()->rowCount());
    QVERIFY(waitIdle(w));
    ChartSettings s = w.chartGrid()->settings();
    s.groupBy = QStringLiteral("params.optimizer");
    s.band = GroupAggregate::Band::MinMax;
    w.chartGrid()->controls()->setSettings(s);
    QCOMPARE(w.chartGrid()->settings().groupBy, QStringLiteral("params.optimizer"));
    QVERIFY(waitIdle(w));
    MetricChart* loss = w.chartGrid()->chartFor(QStringLiteral("train/loss"));
    QVERIFY(loss);
    QStringList groups;
    for (const ChartSeries& series : loss->series()) {
        groups << series.label;
        QVERIFY(series.bandLow && series.bandHigh);
    }
    QCOMPARE(groups.size(), 2);
    QVERIFY2(groups.filter(QStringLiteral("optimizer=sgd")).size() == 1, qPrintable(groups.join(u", ")));
    QTest::qWait(100);
    QVERIFY(w.grab().save(screenshotDir() + QStringLiteral("/mainwindow_demo_groups.png")));

    // x = another metric: accuracy against loss, each point placed at val/loss's value at the same step.
    s.groupBy.clear();
    s.xMode = XAxisMode::Metric;
    s.xMetric = QStringLiteral("val/loss");
    w.chartGrid()->controls()->setSettings(s);
    QCOMPARE(w.chartGrid()->settings().xMetric, QStringLiteral("val/loss"));
    w.chartGrid()->setCurrentKey(QStringLiteral("val/accuracy"));
    QVERIFY(waitIdle(w));
    MetricChart* accuracy = w.chartGrid()->chartFor(QStringLiteral("val/accuracy"));
    QVERIFY(accuracy);
    QCOMPARE(accuracy->xAxisMode(), XAxisMode::Metric);
    QCOMPARE(accuracy->chart()->axes(Qt::Horizontal).front()->titleText(), QStringLiteral("val/loss"));
    QVERIFY(!accuracy->series().isEmpty());
    for (const ChartSeries& run : accuracy->series()) {
        QVERIFY(run.xValues);
        QCOMPARE(run.xValues->size(), run.data->size());
        // val/loss and val/accuracy are logged at the same epochs: every point has its x.
        for (double x : *run.xValues)
            QVERIFY(std::isfinite(x) && x > 0);
    }
    QVERIFY(accuracy->drawnPointCount() > 0);
    QTest::qWait(100);
    QVERIFY(w.grab().save(screenshotDir() + QStringLiteral("/mainwindow_demo_xmetric.png")));
    s.xMode = XAxisMode::Step;
    s.xMetric.clear();

    // The system-metrics section: wall time, units on the y axes.
    w.chartGrid()->controls()->setSettings(s);
    w.chartGrid()->setFilterText(QStringLiteral("system/"));
    QVERIFY(waitIdle(w));
    MetricChart* gpu = w.chartGrid()->currentChart();
    QVERIFY(gpu);
    QCOMPARE(gpu->xAxisMode(), XAxisMode::WallTime);
    QTest::qWait(100);
    QVERIFY(w.grab().save(screenshotDir() + QStringLiteral("/mainwindow_demo_system.png")));
}

// Help > Keyboard shortcuts names the chart's keys as well as the window's.
void TestMainWindow::shortcutsListTheChartKeys()
{
    MainWindow w;
    w.show();
    QAction* help = nullptr;
    for (QAction* action : w.findChildren<QAction*>()) {
        if (action->text().contains(QStringLiteral("Keyboard shortcuts")))
            help = action;
    }
    QVERIFY(help);
    QString text;
    QTimer::singleShot(100, &w, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        text = box->text();
        box->grab().save(screenshotDir() + QStringLiteral("/shortcuts.png"));
        box->accept();
    });
    help->trigger();
    QVERIFY2(text.contains(QStringLiteral("Pan by a tenth")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Zoom in / out around the middle")));
    QVERIFY(text.contains(QStringLiteral("Ctrl+wheel")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
