#include "chartfixtures.h"
#include "metricchart.h"
#include "tracelayer.h"

#include <QChart>
#include <QChartView>
#include <QtTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace chartfixtures;

// How a MetricChart answers the mouse, the wheel and the keys: zooms and pans, and pans that reuse the columns
// still in view.
class TestMetricChartInput final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void zoom();
    void panReusesColumns();
    void keysPanAndZoom();
};

void TestMetricChartInput::zoom()
{
    MetricChart chart;
    chart.setSeries({ { u"run A"_s, QColor(0x4e79a7), lossCurve(200'000, 1.0, 7) } });
    showAndSettle(chart);
    QVERIFY(!chart.isZoomed());
    const QRectF plot = chart.chart()->plotArea();
    auto* viewport = chart.findChild<QChartView*>()->viewport();

    // Drag a rubber band over the middle fifth of the plot.
    const int y = static_cast<int>(plot.center().y());
    QTest::mousePress(viewport, Qt::LeftButton, {}, QPoint(static_cast<int>(plot.left() + plot.width() * 0.4), y));
    QTest::mouseMove(viewport, QPoint(static_cast<int>(plot.left() + plot.width() * 0.5), y));
    QTest::mouseMove(viewport, QPoint(static_cast<int>(plot.left() + plot.width() * 0.6), y));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(static_cast<int>(plot.left() + plot.width() * 0.6), y));
    QTRY_VERIFY(chart.isZoomed());
    QVERIFY2(std::abs(chart.visibleFrom() - 0.4 * 199'999) < 500, qPrintable(QString::number(chart.visibleFrom())));
    QVERIFY2(std::abs(chart.visibleTo() - 0.6 * 199'999) < 500, qPrintable(QString::number(chart.visibleTo())));
    // Re-decimated for the new range: about 40,000 points in view, still at most 16 per pixel (see millionPoints).
    const int width = static_cast<int>(std::ceil(plot.width()));
    QVERIFY(chart.drawnPointCount() <= 16 * width + 2);
    QVERIFY(chart.drawnPointCount() > width);
    // Points whose stroke reaches into the plot are kept too: the pen's reach and Qt's clip, under 3 px.
    const double slack = 3 * (chart.visibleTo() - chart.visibleFrom()) / plot.width();
    for (const QList<QPointF>& points : nonEmptyLines(chart, u"run A"_s)) {
        for (qsizetype i = 1; i + 1 < points.size(); ++i)
            QVERIFY(points[i].x() >= chart.visibleFrom() - slack && points[i].x() <= chart.visibleTo() + slack);
    }
    saveScreenshot(chart, u"zoomed"_s);

    // Double-click resets.
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, plot.center().toPoint());
    QTRY_VERIFY(!chart.isZoomed());
    QCOMPARE(chart.visibleFrom(), 0.0);
    QCOMPARE(chart.visibleTo(), 199'999.0);

    // One wheel notch zooms by 0.8 around the x under the cursor. (Relabelled axes may have moved the plot.)
    QTest::qWait(30);
    const QRectF plotNow = chart.chart()->plotArea();
    const QPointF at(plotNow.left() + plotNow.width() * 0.25, plotNow.center().y());
    const double xAt = 0.25 * 199'999;
    QWheelEvent wheel(at, viewport->mapToGlobal(at), {}, { 0, 120 }, Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &wheel);
    QVERIFY(chart.isZoomed());
    QVERIFY(std::abs(chart.visibleFrom() - xAt * 0.2) < 100);
    QVERIFY(std::abs(chart.visibleTo() - (xAt + (199'999 - xAt) * 0.8)) < 100);
}

// panBy moves by whole device pixels, so the columns still in view are taken from the frame before (ColumnMemo),
// for the smoothed line and the faint raw curve alike; new data is never drawn with the old data's columns.
void TestMetricChartInput::panReusesColumns()
{
    MetricChart chart;
    chart.setSeries({ { u"run A"_s, QColor(0x4e79a7), lossCurve(200'000, 1.0, 7) } });
    chart.setSmoothing(SmoothingSettings { SmoothingMode::EmaTensorBoard, 0.6 });
    showAndSettle(chart);
    chart.setVisibleXRange(40'000, 120'000);
    const double span = chart.visibleTo() - chart.visibleFrom();
    const double from = chart.visibleFrom();
    chart.panBy(0.1);
    QVERIFY2(std::abs(chart.visibleFrom() - (from + 0.1 * span)) < span / chart.chart()->plotArea().width(),
        qPrintable(QString::number(chart.visibleFrom())));
    QCOMPARE(chart.traceLayer()->curves().size(), std::size_t(2));
    const double pixels = chart.chart()->plotArea().width() * chart.devicePixelRatioF();
    for (const TraceCurve& curve : std::as_const(*chart.traceLayer()).curves()) {
        const auto reused = static_cast<double>(curve.data.reusedColumnCount());
        QVERIFY2(reused >= 0.8 * pixels * 0.9, qPrintable(curve.name + u": "_s + QString::number(reused)));
    }

    // Dragging with the middle button moves by whole pixels too.
    auto* viewport = chart.findChild<QChartView*>()->viewport();
    const QRectF plot = chart.chart()->plotArea();
    const QPoint start = plot.center().toPoint();
    const double beforeDrag = chart.visibleFrom();
    QTest::mousePress(viewport, Qt::MiddleButton, {}, start);
    QTest::mouseMove(viewport, start + QPoint(-37, 0));
    QTest::mouseRelease(viewport, Qt::MiddleButton, {}, start + QPoint(-37, 0));
    QVERIFY2(chart.visibleFrom() > beforeDrag, qPrintable(QString::number(chart.visibleFrom())));
    const auto draggedReuse = static_cast<double>(curveNamed(chart, u"run A"_s)->data.reusedColumnCount());
    QVERIFY2(draggedReuse >= 0.8 * (pixels - 37 * chart.devicePixelRatioF()), qPrintable(QString::number(draggedReuse)));

    // A pan against the data's end stops within a pixel of it, still by whole pixels.
    chart.panBy(10);
    QVERIFY(chart.visibleTo() <= 199'999);
    QVERIFY2(199'999 - chart.visibleTo() < span / pixels, qPrintable(QString::number(chart.visibleTo())));
    QVERIFY(curveNamed(chart, u"run A"_s)->data.reusedColumnCount() > 0);

    // Other values, same range: the first reduction takes nothing from the old data's columns.
    auto negated = std::make_shared<MetricSeries>(*lossCurve(200'000, 1.0, 7));
    for (double& value : negated->values)
        value = -value;
    chart.setSeries({ { u"run A"_s, QColor(0x4e79a7), negated } });
    for (const TraceCurve& curve : std::as_const(*chart.traceLayer()).curves()) {
        for (const QPointF& point : curve.data.points)
            QVERIFY2(point.y() < 0, qPrintable(curve.name));
    }
}

// With the focus: Left/Right pan by a tenth (Shift: half), +/− zoom around the middle, Home resets.
void TestMetricChartInput::keysPanAndZoom()
{
    MetricChart chart;
    chart.setSeries({ { u"run A"_s, QColor(0x4e79a7), lossCurve(200'000, 1.0, 7) } });
    showAndSettle(chart);
    auto* view = chart.findChild<QChartView*>();
    QCOMPARE(view->focusPolicy(), Qt::ClickFocus);
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(chart.isZoomed());
    double span = chart.visibleTo() - chart.visibleFrom();
    QVERIFY2(std::abs(span - 0.8 * 199'999) < 1, qPrintable(QString::number(span)));
    QVERIFY(std::abs((chart.visibleFrom() + chart.visibleTo()) / 2 - 199'999 / 2.0) < 1);

    const double from = chart.visibleFrom();
    QTest::keyClick(view, Qt::Key_Left);
    const double pixel = span / chart.chart()->plotArea().width();
    QVERIFY2(std::abs(chart.visibleFrom() - (from - 0.1 * span)) <= pixel, qPrintable(QString::number(chart.visibleFrom())));
    QVERIFY(curveNamed(chart, u"run A"_s)->data.reusedColumnCount() > 0); // a pan by whole pixels
    QTest::keyClick(view, Qt::Key_Right, Qt::ShiftModifier);
    QVERIFY2(std::abs(chart.visibleFrom() - (from + 0.4 * span)) <= 2 * pixel || chart.visibleTo() >= 199'999 - pixel,
        qPrintable(QString::number(chart.visibleFrom())));

    QTest::keyClick(view, Qt::Key_Minus);
    QVERIFY(!chart.isZoomed()); // 0.8 / 0.8: the whole range again
    QTest::keyClick(view, Qt::Key_Up);
    QTest::keyClick(view, Qt::Key_Up);
    span = chart.visibleTo() - chart.visibleFrom();
    QVERIFY2(std::abs(span - 0.64 * 199'999) < 1, qPrintable(QString::number(span)));
    QTest::keyClick(view, Qt::Key_Home);
    QVERIFY(!chart.isZoomed());
    QCOMPARE(chart.visibleFrom(), 0.0);
    QCOMPARE(chart.visibleTo(), 199'999.0);
}

QTEST_MAIN(TestMetricChartInput)
#include "tst_metricchartinput.moc"
