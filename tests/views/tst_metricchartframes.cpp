#include "chartfixtures.h"
#include "metricchart.h"
#include "tracelayer.h"

#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsTextItem>
#include <QImage>
#include <QtTest>

#include <cmath>
#include <random>
#include <vector>

using namespace Qt::StringLiterals;
using namespace chartfixtures;

// How a MetricChart makes its frames: painted ahead on a second thread, and laid out before it is reduced.
class TestMetricChartFrames final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rasterAheadPaintsWhatAPaintWould();
    void zoomThatMovesThePlotIsPaintedForTheNewPlot();
    void axisLabelsAreNeverCut();
};

namespace {

// Whether one of the chart's line items (axis lines, grid lines) is a vertical line at x, in chart coordinates.
bool hasVerticalLineAt(QChart* chart, double x)
{
    const QList<QGraphicsItem*> top = chart->childItems();
    std::vector<QGraphicsItem*> items(top.begin(), top.end());
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (QGraphicsItem* child : items[i]->childItems())
            items.push_back(child);
        if (auto* line = qgraphicsitem_cast<QGraphicsLineItem*>(items[i]); line && line->isVisible()) {
            const QLineF inChart(chart->mapFromItem(line, line->line().p1()), chart->mapFromItem(line, line->line().p2()));
            if (std::abs(inChart.dx()) < 1e-6 && std::abs(inChart.x1() - x) < 0.01)
                return true;
        }
    }
    return false;
}

// A loss curve whose last tenth settles at `level` within a ten-thousandth: zoomed into the tails of such runs, the
// y labels need four decimals more than anywhere else, more than the headroom the plot keeps for growing labels
// (SteadyPlotArea), so the plot moves.
MetricSeriesPtr settlingCurve(int n, double level, unsigned seed)
{
    auto series = std::make_shared<MetricSeries>(*lossCurve(n, 1.0, seed));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-1e-4, 1e-4);
    for (int i = n * 9 / 10; i < n; ++i)
        series->values[static_cast<std::size_t>(i)] = level + jitter(rng);
    return series;
}

// The texts of the chart's visible text items (axis labels, titles), in no particular order.
QStringList visibleTexts(QChart* chart)
{
    QStringList texts;
    const QList<QGraphicsItem*> top = chart->childItems();
    std::vector<QGraphicsItem*> items(top.begin(), top.end());
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (QGraphicsItem* child : items[i]->childItems())
            items.push_back(child);
        if (auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(items[i]); text && text->isVisible())
            texts.push_back(text->toPlainText());
    }
    return texts;
}

} // namespace

void TestMetricChartFrames::rasterAheadPaintsWhatAPaintWould()
{
    MetricChart chart;
    QVector<ChartSeries> series;
    for (int r = 0; r < 6; ++r)
        series.push_back({ u"run %1"_s.arg(r), QColor::fromHsv(r * 60, 200, 200),
            settlingCurve(100'000, 1234.5, 11 + r) });
    chart.setSeries(series);
    showAndSettle(chart);
    // Each zoom here is followed by a step of one, which keeps the labels; both are painted ahead, the zoom too when
    // its new y labels move the plot (TraceLayer::placeCacheAhead), and either picture is what paint() paints.
    int paintedAhead = 0, movedAndAhead = 0;
    const auto compareWithOwnPaint = [&](const QImage& ahead, const QString& what) {
        chart.traceLayer()->curvesChanged(); // the same curves, painted by paint() itself
        const QImage own = chart.grab().toImage();
        QVERIFY(!chart.traceLayer()->paintedAhead());
        QCOMPARE(ahead.size(), own.size());
        QVERIFY2(ahead == own, qPrintable(what));
    };
    for (const bool logY : { false, true }) {
        chart.setLogY(logY);
        QTest::qWait(10);
        chart.grab(); // the first paint: what the cache looks like, which a raster ahead goes by
        for (const auto& [from, to] : { std::pair { 20'000.0, 30'000.0 }, std::pair { 21'000.0, 31'000.0 },
                 std::pair { 1'000.0, 1'400.0 }, std::pair { 1'100.0, 1'500.0 }, std::pair { 95'000.0, 95'100.0 },
                 std::pair { 0.0, 99'999.0 } }) {
            const QRectF plotBefore = chart.chart()->plotArea();
            chart.setVisibleXRange(from, to);
            const QImage zoomed = chart.grab().toImage();
            if (chart.chart()->plotArea() != plotBefore && chart.traceLayer()->paintedAhead())
                ++movedAndAhead;
            compareWithOwnPaint(zoomed, u"zoom to %1 .. %2, log y %3"_s.arg(from).arg(to).arg(logY));
            QTest::qWait(10); // the relayout for new axis labels, as between two wheel events
            chart.grab(); // the view the next frame is painted ahead for
            chart.setVisibleXRange(from, to + 1);
            const QImage ahead = chart.grab().toImage();
            paintedAhead += chart.traceLayer()->paintedAhead() ? 1 : 0;
            compareWithOwnPaint(ahead, u"range %1 .. %2, log y %3"_s.arg(from).arg(to).arg(logY));
            const QImage own = chart.grab().toImage();
            int painted = 0; // and the traces are there at all
            for (int y = 0; y < own.height(); y += 2) {
                for (int x = 0; x < own.width(); x += 2)
                    painted += QColor(own.pixel(x, y)).saturation() > 100 ? 1 : 0;
            }
            QVERIFY(painted > 200);
        }
    }
    QVERIFY2(paintedAhead >= 8, qPrintable(QString::number(paintedAhead)));
    QVERIFY2(movedAndAhead >= 1, qPrintable(QString::number(movedAndAhead)));
}

void TestMetricChartFrames::zoomThatMovesThePlotIsPaintedForTheNewPlot()
{
    // New y labels of another width move the plot's left edge while the frame is made. The frame painted right
    // after the zoom, before any event runs, must already be the one for the new plot: no picture with the traces
    // where the plot was, and no second frame that fixes it.
    MetricChart chart;
    QVector<ChartSeries> series;
    for (int r = 0; r < 3; ++r)
        series.push_back({ u"run %1"_s.arg(r), QColor::fromHsv(r * 100, 220, 200),
            settlingCurve(50'000, 1234.5, 5 + r) });
    chart.setSeries(series);
    showAndSettle(chart);
    int moved = 0;
    // Where the runs settle and before (labels 0 … 1,200), the full range, the settled tail alone (1,234.4999 …),
    // a mid stretch, and back.
    for (const auto& [from, to] : { std::pair { 40'000.0, 49'000.0 }, std::pair { 0.0, 49'999.0 },
             std::pair { 47'000.0, 47'050.0 }, std::pair { 2'000.0, 9'000.0 }, std::pair { 44'000.0, 49'999.0 } }) {
        const QRectF before = chart.chart()->plotArea();
        chart.setVisibleXRange(from, to);
        const QImage first = chart.grab().toImage();
        moved += chart.chart()->plotArea().left() != before.left() ? 1 : 0;
        QTest::qWait(30); // whatever the event loop would still do
        const QImage settled = chart.grab().toImage();
        QVERIFY2(first == settled, qPrintable(u"range %1 .. %2"_s.arg(from).arg(to)));
        // The axes are where the plot is: Qt's y axis line runs down the plot's left edge.
        QVERIFY2(hasVerticalLineAt(chart.chart(), chart.chart()->plotArea().left()),
            qPrintable(u"range %1 .. %2"_s.arg(from).arg(to)));
    }
    QVERIFY2(moved >= 1, qPrintable(QString::number(moved))); // the case this is about did happen

    // A new size lays the chart out afresh: the plot fills the new width, the axes still at its edges.
    const double wideRight = chart.chart()->plotArea().right();
    chart.resize(640, 400);
    QTRY_VERIFY(chart.chart()->plotArea().right() < wideRight - 200);
    QTest::qWait(30);
    QVERIFY(chart.chart()->plotArea().right() > 640 - 60);
    QVERIFY(hasVerticalLineAt(chart.chart(), chart.chart()->plotArea().left()));
}

void TestMetricChartFrames::axisLabelsAreNeverCut()
{
    // Qt Charts gives each x label the axis's width over the number of ticks and cuts a longer one to "...":
    // "60,2..." under every tick of a zoom says nothing. The tick interval leaves every label its room.
    MetricChart chart;
    chart.setSeries({ { u"run"_s, QColor(0x4e79a7), lossCurve(200'000, 1, 3) } });
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (const QSize size : { QSize(1200, 700), QSize(900, 460), QSize(520, 360) }) {
        showAndSettle(chart, size);
        for (int zoom = 0; zoom < 25; ++zoom) {
            const double span = 200'000 * std::pow(10.0, -4.5 * unit(rng)), from = (200'000 - span) * unit(rng);
            chart.setVisibleXRange(from, from + span);
            chart.grab();
            const QStringList texts = visibleTexts(chart.chart());
            const QString where = u"%1x%2, range %3 .. %4: %5"_s.arg(size.width())
                                      .arg(size.height())
                                      .arg(from)
                                      .arg(from + span)
                                      .arg(texts.join(u" | "));
            QVERIFY2(texts.size() >= 6, qPrintable(where)); // labels on both axes, and the titles
            for (const QString& text : texts)
                QVERIFY2(!text.endsWith(u"..."_s) && !text.endsWith(QChar(0x2026)), qPrintable(where));
        }
    }
}

QTEST_MAIN(TestMetricChartFrames)
#include "tst_metricchartframes.moc"
