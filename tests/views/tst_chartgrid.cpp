#include "chartcontrols.h"
#include "chartexporter.h"
#include "chartgrid.h"
#include "groupaggregate.h"
#include "tracelayer.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QScatterSeries>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 t0 = 1'700'000'000'000;

MetricSeriesPtr noisy(const QString& key, quint32 seed, double scale, int points, qint64 stepMs = 500)
{
    auto series = std::make_shared<MetricSeries>();
    series->key = key;
    QRandomGenerator rng(seed);
    for (int i = 0; i < points; ++i) {
        const double trend = scale * std::exp(-i / 400.0) + 0.2;
        double v = trend + (rng.generateDouble() - 0.5) * 0.35 * trend;
        if (i == 1200)
            v *= 3; // a spike the smoothing flattens but the raw curve keeps
        series->append(i, t0 + i * stepMs, v);
    }
    return series;
}

MetricSeriesPtr utilization(const QString& key, quint32 seed, int samples)
{
    auto series = std::make_shared<MetricSeries>();
    series->key = key;
    QRandomGenerator rng(seed);
    for (int i = 0; i < samples; ++i) {
        const bool checkpoint = i % 40 >= 36; // utilisation drops while a checkpoint is written
        series->append(i, t0 + i * 10'000, checkpoint ? 5 + rng.bounded(10) : 85 + rng.bounded(12));
    }
    return series;
}

// A curve as the chart's trace layer paints it: its colour and its line pieces (none when it paints nothing).
struct PaintedCurve {
    QColor color;
    QList<QList<QPointF>> pieces;
};

QList<PaintedCurve> linesNamed(const MetricChart* chart, const QString& name)
{
    QList<PaintedCurve> lines;
    for (const TraceCurve& curve : chart->traceLayer()->curves()) {
        if (curve.name != name || curve.data.segmentCount() == 0)
            continue;
        PaintedCurve painted { curve.color, {} };
        for (std::size_t i = 0; i < curve.data.segmentCount(); ++i) {
            const std::span<const QPointF> piece = curve.data.segment(i);
            painted.pieces.append(QList<QPointF>(piece.begin(), piece.end()));
        }
        lines.append(painted);
    }
    return lines;
}

QString screenshotDir()
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    return dir;
}

QStringList sectionHeaders(const ChartGrid& grid)
{
    QStringList texts;
    for (QToolButton* b : grid.findChildren<QToolButton*>()) {
        if (b->isCheckable() && b->isVisible())
            texts << b->text();
    }
    return texts;
}

// Feeds every visible chart with the same runs, as the app's feeder does.
void feedVisible(ChartGrid& grid, int runs = 2)
{
    for (const QString& key : grid.visibleKeys()) {
        QVector<ChartSeries> series;
        for (int r = 0; r < runs; ++r) {
            const MetricSeriesPtr data = key.startsWith(u"system/")
                ? utilization(key, static_cast<quint32>(r + 1), 180)
                : noisy(key, static_cast<quint32>(r + 7), 2.0 - 0.4 * r, 3000);
            series.append({ u"run-%1"_s.arg(r), QColor::fromHsv(r * 70, 200, 200), data, t0 });
        }
        grid.setSeries(key, series);
    }
}

QChartView* viewOf(MetricChart* chart) { return chart->findChild<QChartView*>(); }

} // namespace

class TestChartGrid : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sectionsByPrefix();
    void chartsAreMadeWhenScrolledIntoView();
    void searchFiltersCharts();
    void zoomIsLinkedAmongChartsOnTheSameAxis();
    void crosshairFollowsHover();
    void wheelScrollsUnlessCtrl();
    void systemMetricsOnWallTimeWithUnits();
    void settingsReachEveryChart();
    void ignoreOutliersClipsTheSpike();
    void groupBandIsDrawn();
    void gridScreenshot();
    void exportWholeGrid();
};

void TestChartGrid::sectionsByPrefix()
{
    ChartGrid grid;
    grid.resize(1200, 800);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"system/cpu_utilization_percentage"_s, u"train/loss"_s, u"acc"_s, u"loss"_s,
        u"system/gpu_0_utilization_percentage"_s, u"train/lr"_s, u"val/loss"_s });
    QCOMPARE(sectionHeaders(grid),
        QStringList({ u"Model metrics (2)"_s, u"train (2)"_s, u"val (1)"_s, u"System metrics (2)"_s }));
    QCOMPARE(grid.shownKeys(),
        QStringList({ u"acc"_s, u"loss"_s, u"train/loss"_s, u"train/lr"_s, u"val/loss"_s,
            u"system/cpu_utilization_percentage"_s, u"system/gpu_0_utilization_percentage"_s }));
    // Collapsing a section hides its charts from the visible set.
    QToolButton* train = nullptr;
    for (QToolButton* b : grid.findChildren<QToolButton*>())
        train = b->text().startsWith(u"train") ? b : train;
    QVERIFY(train);
    QTRY_VERIFY(grid.visibleKeys().contains(u"train/loss"_s));
    train->click();
    QTRY_VERIFY(!grid.visibleKeys().contains(u"train/loss"_s));
}

void TestChartGrid::chartsAreMadeWhenScrolledIntoView()
{
    ChartGrid grid;
    grid.resize(900, 600);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    QStringList keys;
    for (int i = 0; i < 60; ++i)
        keys << u"layer%1/grad_norm"_s.arg(i, 2, 10, QChar(u'0'));
    grid.setMetricKeys(keys);
    QTRY_VERIFY(!grid.visibleKeys().isEmpty());
    QVERIFY(grid.visibleKeys().size() < 20);
    QVERIFY(grid.chartFor(keys.front()));
    QVERIFY(!grid.chartFor(keys.back())); // never on screen: never made, never loaded
    QSignalSpy spy(&grid, &ChartGrid::visibleKeysChanged);
    QScrollBar* bar = grid.findChild<QScrollArea*>()->verticalScrollBar();
    bar->setValue(bar->maximum());
    QTRY_VERIFY(grid.visibleKeys().contains(keys.back()));
    QVERIFY(spy.count() >= 1);
    QVERIFY(grid.chartFor(keys.back()));
    // Data handed over before a chart exists waits for it.
    const QString middle = keys[30];
    if (!grid.chartFor(middle)) {
        grid.setSeries(middle, { { u"run"_s, QColor(), noisy(middle, 1, 1, 100), 0 } });
        grid.setCurrentKey(middle);
        QTRY_VERIFY(grid.chartFor(middle));
        QCOMPARE(grid.chartFor(middle)->rawPointCount(), qint64(100));
    }
}

void TestChartGrid::searchFiltersCharts()
{
    ChartGrid grid;
    grid.resize(1200, 800);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s, u"system/gpu_0_utilization_percentage"_s, u"system/gpu_1_utilization_percentage"_s,
        u"system/cpu_utilization_percentage"_s });
    grid.setFilterText(u"GPU"_s);
    QCOMPARE(grid.shownKeys(),
        QStringList({ u"system/gpu_0_utilization_percentage"_s, u"system/gpu_1_utilization_percentage"_s }));
    QCOMPARE(sectionHeaders(grid), QStringList({ u"System metrics (2)"_s }));
    QTRY_VERIFY(!grid.visibleKeys().contains(u"loss"_s));
    grid.setFilterText(QString());
    QCOMPARE(grid.shownKeys().size(), 4);
}

void TestChartGrid::zoomIsLinkedAmongChartsOnTheSameAxis()
{
    ChartGrid grid;
    grid.resize(1300, 900);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s, u"acc"_s, u"system/cpu_utilization_percentage"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 3);
    feedVisible(grid);
    MetricChart* loss = grid.chartFor(u"loss"_s);
    MetricChart* acc = grid.chartFor(u"acc"_s);
    MetricChart* cpu = grid.chartFor(u"system/cpu_utilization_percentage"_s);
    QVERIFY(loss && acc && cpu);
    const double cpuFrom = cpu->visibleFrom(), cpuTo = cpu->visibleTo();
    loss->setVisibleXRange(1000, 1500);
    QCOMPARE(acc->visibleFrom(), 1000.0);
    QCOMPARE(acc->visibleTo(), 1500.0);
    QVERIFY(acc->isZoomed());
    QCOMPARE(cpu->visibleFrom(), cpuFrom); // wall time: another axis, not linked
    QCOMPARE(cpu->visibleTo(), cpuTo);
    acc->panBy(0.5); // by whole pixels: half the plot's width, rounded
    const double pixel = 500 / acc->chart()->plotArea().width();
    QVERIFY2(std::abs(acc->visibleFrom() - 1250) <= pixel, qPrintable(QString::number(acc->visibleFrom())));
    QCOMPARE(acc->visibleTo() - acc->visibleFrom(), 500.0);
    QCOMPARE(loss->visibleFrom(), acc->visibleFrom());
    QCOMPARE(loss->visibleTo(), acc->visibleTo());
    const double panned = acc->visibleFrom();
    // New data (a live refresh) keeps the shared zoom.
    grid.setSeries(u"acc"_s, { { u"run-0"_s, QColor(), noisy(u"acc"_s, 3, 1, 4000), t0 } });
    QCOMPARE(acc->visibleFrom(), panned);
    loss->resetZoom();
    QVERIFY(!acc->isZoomed());
}

void TestChartGrid::crosshairFollowsHover()
{
    ChartGrid grid;
    grid.resize(1300, 900);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s, u"acc"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 2);
    feedVisible(grid);
    MetricChart* loss = grid.chartFor(u"loss"_s);
    MetricChart* acc = grid.chartFor(u"acc"_s);
    QTRY_VERIFY(acc->chart()->plotArea().width() > 100); // laid out
    const QRectF plot = acc->chart()->plotArea();
    QChartView* view = viewOf(acc);
    const QPoint middle = view->mapFromScene(acc->chart()->mapToScene(plot.center()));
    QTest::mouseMove(view->viewport(), middle);
    QTRY_VERIFY(std::isfinite(loss->crosshairX()));
    QVERIFY(std::abs(loss->crosshairX() - (acc->visibleFrom() + acc->visibleTo()) / 2) < 30);
    QCOMPARE(grid.currentKey(), u"acc"_s);
    QVERIFY(acc->readoutAt(loss->crosshairX()).contains(u"run-1"_s)); // every run's value at that step
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(view->viewport(), &leave);
    QVERIFY(std::isnan(loss->crosshairX()));
}

void TestChartGrid::wheelScrollsUnlessCtrl()
{
    ChartGrid grid;
    grid.resize(900, 500);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    QStringList keys;
    for (int i = 0; i < 12; ++i)
        keys << u"m%1"_s.arg(i, 2, 10, QChar(u'0'));
    grid.setMetricKeys(keys);
    QTRY_VERIFY(!grid.visibleKeys().isEmpty());
    feedVisible(grid);
    MetricChart* chart = grid.chartFor(keys.front());
    QTRY_VERIFY(chart->chart()->plotArea().width() > 100); // laid out
    QChartView* view = viewOf(chart);
    const QPoint at = view->mapFromScene(chart->chart()->mapToScene(chart->chart()->plotArea().center()));
    QScrollBar* bar = grid.findChild<QScrollArea*>()->verticalScrollBar();
    QCOMPARE(bar->value(), 0);
    QWheelEvent plain(QPointF(at), QPointF(view->viewport()->mapToGlobal(at)), QPoint(), QPoint(0, -120),
        Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &plain);
    QVERIFY(!chart->isZoomed());
    QVERIFY(bar->value() > 0); // the grid scrolled
    QWheelEvent ctrl(QPointF(at), QPointF(view->viewport()->mapToGlobal(at)), QPoint(), QPoint(0, 120), Qt::NoButton,
        Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &ctrl);
    QVERIFY(chart->isZoomed());
}

void TestChartGrid::systemMetricsOnWallTimeWithUnits()
{
    ChartGrid grid;
    grid.resize(1300, 900);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s, u"system/gpu_0_power_usage_watts"_s, u"system/node-1/system_memory_usage_megabytes"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 3);
    feedVisible(grid);
    MetricChart* power = grid.chartFor(u"system/gpu_0_power_usage_watts"_s);
    MetricChart* memory = grid.chartFor(u"system/node-1/system_memory_usage_megabytes"_s);
    QCOMPARE(power->xAxisMode(), XAxisMode::WallTime);
    QCOMPARE(grid.chartFor(u"loss"_s)->xAxisMode(), XAxisMode::Step);
    QCOMPARE(power->yAxisTitle(), u"W"_s);
    QCOMPARE(memory->yAxisTitle(), u"MB"_s);
    const auto yTitle = [](MetricChart* c) { return c->chart()->axes(Qt::Vertical).front()->titleText(); };
    QCOMPARE(yTitle(power), u"W"_s);
    // On wall time everything shares one axis, and zoom is linked between loss and the system timelines.
    ChartSettings s = grid.settings();
    s.xMode = XAxisMode::WallTime;
    grid.controls()->setSettings(s);
    QCOMPARE(grid.chartFor(u"loss"_s)->xAxisMode(), XAxisMode::WallTime);
    grid.chartFor(u"loss"_s)->setVisibleXRange(t0 + 100'000, t0 + 600'000);
    QCOMPARE(power->visibleFrom(), double(t0 + 100'000));
}

void TestChartGrid::settingsReachEveryChart()
{
    ChartGrid grid;
    grid.resize(1300, 600);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"train/loss"_s, u"val/loss"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 2);
    feedVisible(grid, 1);
    MetricChart* train = grid.chartFor(u"train/loss"_s);
    QVERIFY(linesNamed(train, u"run-0 (raw)"_s).isEmpty());

    auto* mode = grid.controls()->findChildren<QComboBox*>().at(1); // x axis, smoothing, group, band
    mode->setCurrentIndex(mode->findText(u"EMA (TensorBoard)"_s));
    QCOMPARE(grid.settings().smoothing.mode, SmoothingMode::EmaTensorBoard);
    QCOMPARE(grid.settings().smoothing.parameter, 0.6); // TensorBoard's default
    for (const QString& key : { u"train/loss"_s, u"val/loss"_s }) {
        MetricChart* chart = grid.chartFor(key);
        QCOMPARE(chart->chart()->title(), key + u" — smoothed: EMA (TensorBoard) 0.6"_s);
        const QList<PaintedCurve> raw = linesNamed(chart, u"run-0 (raw)"_s);
        QCOMPARE(raw.size(), 1);
        // Faint: a light tint of the run's colour (opaque, so overlapping strokes do not darken it).
        const QColor line = linesNamed(chart, u"run-0"_s).value(0).color;
        QVERIFY(raw.front().color.lightnessF() > line.lightnessF() + 0.3);
        QVERIFY(std::abs(raw.front().color.hueF() - line.hueF()) < 0.02);
        // The smoothed curve is flatter than the raw one: its spike at step 1200 is much lower.
        const auto peakNear = [](const PaintedCurve& line) {
            double peak = 0;
            for (const QList<QPointF>& piece : line.pieces) {
                for (const QPointF& p : piece) {
                    if (std::abs(p.x() - 1200) < 3)
                        peak = std::max(peak, p.y());
                }
            }
            return peak;
        };
        const QList<PaintedCurve> smoothed = linesNamed(chart, u"run-0"_s);
        QCOMPARE(smoothed.size(), 1);
        QVERIFY(peakNear(smoothed.front()) < peakNear(raw.front()) * 0.7);
    }
    auto* value = grid.controls()->findChild<QDoubleSpinBox*>();
    mode->setCurrentIndex(mode->findText(u"EMA (MLflow)"_s));
    QCOMPARE(value->maximum(), 100.0);
    value->setValue(90);
    QCOMPARE(train->smoothing().parameter, 90.0);
    ChartSettings s = grid.settings();
    s.smoothing = { SmoothingMode::None, 0 };
    s.logY = true;
    grid.controls()->setSettings(s);
    QVERIFY(linesNamed(train, u"run-0 (raw)"_s).isEmpty());
    QVERIFY(train->logYApplied());
    QCOMPARE(train->chart()->title(), u"train/loss"_s);
}

void TestChartGrid::ignoreOutliersClipsTheSpike()
{
    ChartGrid grid;
    grid.resize(900, 500);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 1);
    auto data = std::make_shared<MetricSeries>();
    data->key = u"loss"_s;
    for (int i = 0; i < 1000; ++i)
        data->append(i, t0 + i, i == 500 ? 1e6 : 1.0 + (i % 10) * 0.01);
    grid.setSeries(u"loss"_s, { { u"run"_s, QColor(), data, 0 } });
    MetricChart* chart = grid.chartFor(u"loss"_s);
    const auto yMax = [&] { return qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Vertical).front())->max(); };
    QVERIFY(yMax() >= 1e6);
    ChartSettings s = grid.settings();
    s.ignoreOutliers = true;
    grid.controls()->setSettings(s);
    QVERIFY(chart->ignoresOutliers());
    QVERIFY2(yMax() < 2, qPrintable(QString::number(yMax())));
}

void TestChartGrid::groupBandIsDrawn()
{
    ChartGrid grid;
    grid.resize(900, 500);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"loss"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 1);
    const GroupAggregate g = GroupAggregate::compute(
        { noisy(u"loss"_s, 1, 2, 3000), noisy(u"loss"_s, 2, 1.6, 3000), noisy(u"loss"_s, 3, 1.2, 3000) },
        GroupAggregate::Band::MinMax);
    grid.setSeries(u"loss"_s, { { u"lr=0.1 (3 runs)"_s, QColor(0x4e79a7), g.mean, t0, g.low, g.high } });
    MetricChart* chart = grid.chartFor(u"loss"_s);
    QAreaSeries* area = nullptr;
    for (QAbstractSeries* s : chart->chart()->series())
        area = area ? area : qobject_cast<QAreaSeries*>(s);
    QVERIFY(area);
    QVERIFY(area->upperSeries()->count() > 10);
    QVERIFY(area->lowerSeries()->count() > 10);
    // The band's upper edge reaches the highest run's spike; the mean stays below it.
    double upperPeak = 0, meanPeak = 0;
    for (const QPointF& p : area->upperSeries()->points())
        upperPeak = std::max(upperPeak, p.y());
    for (const PaintedCurve& line : linesNamed(chart, u"lr=0.1 (3 runs)"_s)) {
        for (const QList<QPointF>& piece : line.pieces) {
            for (const QPointF& p : piece)
                meanPeak = std::max(meanPeak, p.y());
        }
    }
    QVERIFY(upperPeak > meanPeak);
    const auto yMax = [&] { return qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Vertical).front())->max(); };
    QVERIFY(yMax() >= upperPeak);
}

void TestChartGrid::gridScreenshot()
{
    ChartGrid grid;
    grid.resize(1400, 900);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"train/loss"_s, u"train/accuracy"_s, u"val/loss"_s, u"system/gpu_0_utilization_percentage"_s,
        u"system/cpu_utilization_percentage"_s, u"system/system_memory_usage_megabytes"_s });
    QTRY_VERIFY(grid.visibleKeys().size() >= 5);
    ChartSettings s = grid.settings();
    s.smoothing = { SmoothingMode::EmaTensorBoard, 0.9 };
    grid.controls()->setSettings(s);
    feedVisible(grid, 3);
    QTest::qWait(50);
    QVERIFY(grid.grab().save(screenshotDir() + u"/chartgrid.png"_s));
}

void TestChartGrid::exportWholeGrid()
{
    ChartGrid grid;
    grid.resize(1000, 700);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    grid.setMetricKeys({ u"train/loss"_s, u"val/loss"_s, u"system/cpu_utilization_percentage"_s });
    QTRY_COMPARE(grid.visibleKeys().size(), 3);
    feedVisible(grid, 2);
    QTest::qWait(50);
    QTemporaryDir dir;
    QWidget* contents = grid.gridContents();
    QString error;
    QVERIFY2(ChartExporter::saveWidget(*contents, dir.filePath(u"grid.png"_s), 192, &error), qPrintable(error));
    const QImage png(dir.filePath(u"grid.png"_s));
    QCOMPARE(png.size(), contents->size() * 2); // 192 dpi: twice the screen's pixels, re-rendered
    QVERIFY(ChartExporter::saveWidget(*contents, dir.filePath(u"grid.svg"_s), 96, &error));
    QFile svg(dir.filePath(u"grid.svg"_s));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    int paths = 0;
    QStringList texts;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"polyline")
            ++paths;
        else if (xml.tokenType() == QXmlStreamReader::Characters)
            texts << xml.text().toString();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(paths > 100); // the curves are vectors, not a bitmap of the screen
    const QString all = texts.join(u' ');
    for (const QString& key : { u"train/loss"_s, u"val/loss"_s, u"system/cpu_utilization_percentage"_s })
        QVERIFY2(all.contains(key), qPrintable(key)); // every chart's title is in the picture
    QVERIFY(ChartExporter::saveWidget(*contents, dir.filePath(u"grid.pdf"_s), 96, &error));
    QFile pdf(dir.filePath(u"grid.pdf"_s));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.readAll().startsWith("%PDF-"));
    QVERIFY(!ChartExporter::saveWidget(*contents, dir.filePath(u"grid.txt"_s), 96, &error));
    QVERIFY(error.contains(u"grid.txt"_s));
}

QTEST_MAIN(TestChartGrid)
#include "tst_chartgrid.moc"
