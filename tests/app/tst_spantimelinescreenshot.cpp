#include "metricchart.h"
#include "sourcefactory.h"
#include "spantimelineview.h"
#include "telemetry/oneloggersource.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QVBoxLayout>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

// The span timeline drawn from OneLogger files written by the real nv-one-logger (fixture "telemetry_logs"), above
// the throughput chart on the same wall-time axis, linked both ways as the main window is meant to link them.
// Saves the pictures under <build>/screenshots (and $RUNLENS_SCREENSHOT_DIR when set) for a person to look at.
class TestSpanTimelineScreenshot final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void timelineBesideThroughput();
};

namespace {

const QString kDir = QStringLiteral(RUNLENS_FIXTURE_DIR "/onelogger");
const QString kMetric = u"train_throughput_per_gpu"_s;
const QColor kRunColors[] = { QColor(0x4e79a7), QColor(0xf28e2b), QColor(0xe15759) };

void save(QWidget& widget, const QString& name)
{
    QStringList dirs { QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s };
    if (const QString extra = qEnvironmentVariable("RUNLENS_SCREENSHOT_DIR"); !extra.isEmpty())
        dirs << extra;
    const QImage image = widget.grab().toImage();
    for (const QString& dir : dirs) {
        QDir().mkpath(dir);
        QVERIFY(image.save(dir + u'/' + name + u".png"_s));
    }
}

} // namespace

void TestSpanTimelineScreenshot::timelineBesideThroughput()
{
    QFile expectedFile(kDir + u"/expected.json"_s);
    QVERIFY2(expectedFile.open(QIODevice::ReadOnly), "OneLogger fixture missing (ctest runs fixtures/onelogger-files)");
    const auto expected = nlohmann::json::parse(expectedFile.readAll().toStdString());

    // One lane and one throughput curve per run, read through the Source interface as the app does.
    QVector<SpanLane> lanes;
    QVector<ChartSeries> curves;
    int openSpans = 0;
    for (const QString& path : QStringList { kDir + u"/session"_s, kDir + u"/crash/training_telemetry.json"_s }) {
        auto opened = SourceFactory::open(path);
        QVERIFY2(opened.source, qPrintable(opened.error));
        const auto index = opened.source->index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        for (const Run& run : index.value.runs) {
            const auto spans = opened.source->spans(run.runId, {});
            QVERIFY2(spans.ok(), qPrintable(spans.error.value_or(QString())));
            const QString file = QDir(kDir).relativeFilePath(run.tags.value(u"runlens.source.file"_s));
            QCOMPARE(spans.value.size(), static_cast<qsizetype>(expected["files"][file.toStdString()]["spans"].size()));
            const QColor color = kRunColors[lanes.size() % 3];
            const QString label = run.experimentId + u" · "_s + run.name;
            lanes.append({ label, color, spans.value, run.endTimeMs });
            for (const Span& s : spans.value)
                openSpans += s.isClosed() ? 0 : 1;
            const auto series = opened.source->series(run.runId, kMetric, {});
            QVERIFY2(series.ok(), qPrintable(series.error.value_or(QString())));
            curves.append({ label, color, std::make_shared<MetricSeries>(series.value) });
        }
    }
    QCOMPARE(lanes.size(), 3);
    QCOMPARE(openSpans, 2); // the crashed job's application and training loop

    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* timeline = new SpanTimelineView;
    auto* chart = new MetricChart;
    // As tall as its lanes need (its size hint, up to a limit, then the lanes scroll); the chart takes the rest.
    timeline->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    layout->addWidget(timeline);
    layout->addWidget(chart, 1);
    timeline->setLanes(lanes);
    chart->setXAxisMode(XAxisMode::WallTime);
    chart->setTitle(kMetric);
    chart->setSeries(curves);
    // The link the main window makes: ranges both ways (setTimeRange does not emit, so it cannot loop) and the
    // hover line both ways.
    connect(timeline, &SpanTimelineView::timeRangeChanged, chart, &MetricChart::setVisibleXRange);
    connect(chart, &MetricChart::visibleXRangeChanged, timeline, &SpanTimelineView::setTimeRange);
    connect(timeline, &SpanTimelineView::hoverTimeChanged, chart, &MetricChart::setCrosshairX);
    connect(chart, &MetricChart::hoverXChanged, timeline, &SpanTimelineView::setHoverTime);
    window.resize(1200, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(chart->chart()->plotArea().width() > 100);
    QTest::qWait(50);

    // One time axis: the chart's range (its data) in both, and the timeline's plot over the chart's plot.
    timeline->setTimeRange(chart->visibleFrom(), chart->visibleTo());
    auto* chartView = chart->findChild<QChartView*>();
    QVERIFY(chartView);
    const auto alignToChart = [&] {
        const QRectF plot = chart->chart()->plotArea();
        const int left
            = chartView->mapTo(&window, plot.topLeft().toPoint()).x() - timeline->mapTo(&window, QPoint()).x();
        const int right = timeline->mapTo(&window, QPoint(timeline->width(), 0)).x()
            - chartView->mapTo(&window, QPoint(static_cast<int>(std::lround(plot.right())), 0)).x();
        timeline->setPlotInsets(left, right);
        QTest::qWait(50); // labels move above the lanes, so the timeline asks the layout for more height
    };
    // Aligning changes the timeline's height, so the chart's height, its y labels and its plot's left edge: settle.
    for (int i = 0; i < 3; ++i)
        alignToChart();
    QVERIFY(timeline->laneRect(2).bottom() <= timeline->plotRect().bottom()); // every lane in view, none scrolled
    const auto chartXInWindow = [&](double ms) {
        const QRectF plot = chart->chart()->plotArea();
        const double x
            = plot.left() + (ms - chart->visibleFrom()) / (chart->visibleTo() - chart->visibleFrom()) * plot.width();
        return chartView->mapTo(&window, QPoint(static_cast<int>(std::lround(x)), 0)).x();
    };
    const auto timelineXInWindow = [&](double ms) {
        return timeline->mapTo(&window, QPoint(static_cast<int>(std::lround(timeline->xForTime(ms))), 0)).x();
    };
    for (double f : { 0.1, 0.5, 0.9 }) {
        const double t = chart->visibleFrom() + f * (chart->visibleTo() - chart->visibleFrom());
        QVERIFY2(std::abs(chartXInWindow(t) - timelineXInWindow(t)) <= 1,
            qPrintable(QString::number(chartXInWindow(t)) + u" vs "_s + QString::number(timelineXInWindow(t))));
    }
    save(window, u"spantimeline_onelogger"_s);

    // The user zooms the timeline to rank 0's first checkpoint save and the iterations around it: the chart follows.
    const Span* saveSpan = nullptr;
    for (const Span& s : lanes[0].spans) {
        if (!saveSpan && s.name.startsWith(u"checkpoint_save"_s))
            saveSpan = &s;
    }
    QVERIFY(saveSpan);
    const double centre = static_cast<double>(saveSpan->startMs);
    const QRect plot = timeline->plotRect();
    const int from = std::max(plot.left() + 1, static_cast<int>(std::lround(timeline->xForTime(centre - 120))));
    const int to = std::min(plot.right() - 1, static_cast<int>(std::lround(timeline->xForTime(centre + 100))));
    QVERIFY(to - from > 20);
    const int y = plot.top() + 5;
    QTest::mousePress(timeline, Qt::LeftButton, {}, QPoint(from, y));
    QTest::mouseMove(timeline, QPoint(to, y));
    QTest::mouseRelease(timeline, Qt::LeftButton, {}, QPoint(to, y));
    QTRY_VERIFY(chart->isZoomed());
    QTest::qWait(50);
    QVERIFY2(std::abs(chart->visibleFrom() - timeline->visibleFrom()) < 1.0,
        qPrintable(QString::number(chart->visibleFrom() - timeline->visibleFrom())));
    QVERIFY(std::abs(chart->visibleTo() - timeline->visibleTo()) < 1.0);
    QVERIFY(timeline->visibleTo() - timeline->visibleFrom() < 300);
    alignToChart(); // the chart's axis labels may have changed width
    // Hovering the save in the timeline puts the chart's crosshair at the same time.
    const QPoint at(static_cast<int>(std::lround(timeline->xForTime(centre + 4))), y);
    QMouseEvent move(QEvent::MouseMove, at, timeline->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(timeline, &move);
    QVERIFY(std::abs(chart->crosshairX() - timeline->timeAtX(at.x())) < 1e-6);
    save(window, u"spantimeline_onelogger_zoomed"_s);
}

QTEST_MAIN(TestSpanTimelineScreenshot)
#include "tst_spantimelinescreenshot.moc"
