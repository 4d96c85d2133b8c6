#include "chartcontrols.h"
#include "chartgrid.h"
#include "mainwindow.h"
#include "metricchart.h"
#include "runtablemodel.h"
#include "spantimelineview.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

// OneLogger runs in the main window: selecting them shows their spans in the grid's timeline section, on the same
// wall-time axis as their metrics, zoom and hover linked both ways (fixture "telemetry_logs", real nv-one-logger).
class TestSpanWorkspace final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void timelineAboveTheCharts();
};

void TestSpanWorkspace::timelineAboveTheCharts()
{
    const QString dir = QStringLiteral(RUNLENS_FIXTURE_DIR "/onelogger/session");
    QVERIFY2(QDir(dir).exists(), "OneLogger fixture missing (ctest runs the telemetry fixture first)");
    MainWindow w;
    w.resize(1500, 1000);
    w.show();
    w.openSource(dir);
    QTRY_VERIFY_WITH_TIMEOUT(w.isIdle() && w.runModel()->rowCount() > 0, 30000);
    const int runs = w.runModel()->rowCount();
    w.selectFirstRuns(runs);
    QTRY_VERIFY_WITH_TIMEOUT(w.isIdle() && w.chartGrid()->timeline(), 30000);
    SpanTimelineView* timeline = w.chartGrid()->timeline();
    QVERIFY(timeline->isVisible());
    QCOMPARE(timeline->lanes().size(), runs); // one lane per rank file
    for (const SpanLane& lane : timeline->lanes())
        QVERIFY(!lane.spans.isEmpty());

    ChartSettings s = w.chartGrid()->settings();
    s.xMode = XAxisMode::WallTime;
    w.chartGrid()->controls()->setSettings(s);
    QTRY_VERIFY_WITH_TIMEOUT(w.isIdle(), 30000);
    MetricChart* chart = w.chartGrid()->currentChart();
    QVERIFY(chart);
    QCOMPARE(chart->xAxisMode(), XAxisMode::WallTime);

    // The user zooms the timeline: the wall-time charts follow.
    const double from = timeline->dataFrom() + (timeline->dataTo() - timeline->dataFrom()) * 0.2;
    const double to = timeline->dataFrom() + (timeline->dataTo() - timeline->dataFrom()) * 0.6;
    timeline->setTimeRange(from, to);
    Q_EMIT timeline->timeRangeChanged(timeline->visibleFrom(), timeline->visibleTo());
    QVERIFY(chart->isZoomed());
    QVERIFY(std::abs(chart->visibleFrom() - timeline->visibleFrom()) < 2);
    // The user zooms a chart: the timeline follows. Hovering it moves the timeline's cursor.
    chart->setVisibleXRange(from, from + (to - from) / 2);
    QVERIFY(std::abs(timeline->visibleTo() - chart->visibleTo()) < 2);
    Q_EMIT chart->hoverXChanged(from + 10);
    QCOMPARE(timeline->hoverTime(), from + 10);

    chart->resetZoom();
    QVERIFY(!timeline->isZoomed());
    const QString shots = QStringLiteral(RUNLENS_BINARY_DIR "/screenshots");
    QDir().mkpath(shots);
    QTest::qWait(100); // the charts lay out their new axes in posted events
    QVERIFY(w.grab().save(shots + u"/mainwindow_timeline.png"_s));

    // Runs without spans (none selected): the section goes away.
    w.selectFirstRuns(0);
    QTRY_VERIFY_WITH_TIMEOUT(w.isIdle(), 30000);
    QVERIFY(!timeline->isVisible());
}

QTEST_MAIN(TestSpanWorkspace)
#include "tst_spanworkspace.moc"
