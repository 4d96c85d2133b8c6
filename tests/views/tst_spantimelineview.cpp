#include "spanstyle.h"
#include "spantimelineview.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

// Hand-made spans (a view test); the reader is tested against files written by nv-one-logger in
// tests/readers/tst_oneloggerstore.cpp, and tests/app/tst_spantimelinescreenshot.cpp draws those files.
class TestSpanTimelineView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void barsAtTheirTimes();
    void rowsByDepthAndOverlap();
    void lanesStacked();
    void unclosedSpanDrawnToLaneEnd();
    void zoomPanReset();
    void tooltipForHoveredSpan();
    void hoverTime();
    void manySpansStayCheap();
    void placeholder();
};

namespace {

constexpr qint64 kStart = 1'714'000'000'000; // 2024-04-24

Span span(const QString& name, qint64 startOffset, std::optional<qint64> duration, int depth,
    QMap<QString, QString> attributes = {})
{
    Span s;
    s.id = name + QString::number(startOffset);
    s.name = name;
    s.startMs = kStart + startOffset;
    s.durationMs = duration;
    s.depth = depth;
    s.pid = 4242;
    s.attributes = std::move(attributes);
    return s;
}

// A small job: initialisation, a training loop with validation and a checkpoint save, wrapped in the application.
QVector<Span> job(qint64 shift = 0, bool crashed = false)
{
    QVector<Span> spans {
        span(u"application"_s, shift, crashed ? std::nullopt : std::optional<qint64>(60'000), 0),
        span(u"model_initialization"_s, shift + 500, 2'000, 1, { { u"model"_s, u"gpt-tiny"_s } }),
        span(u"data_loader_initialization"_s, shift + 2'500, 1'500, 1),
        span(u"training_loop"_s, shift + 5'000, crashed ? std::nullopt : std::optional<qint64>(50'000), 1,
            { { u"train_iterations_start"_s, u"0"_s }, { u"train_samples_target"_s, u"2560"_s } }),
        span(u"validation_loop"_s, shift + 20'000, 3'000, 2),
        span(u"checkpoint_save_sync"_s, shift + 23'000, 4'000, 2,
            { { u"checkpoint_strategy"_s, u"sync"_s }, { u"current_iteration"_s, u"20"_s },
                { u"flops"_s, u"123456789012345678901234567890"_s } }),
    };
    return spans;
}

void showAndSettle(SpanTimelineView& view, QSize size = { 1000, 360 })
{
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
}

QImage render(SpanTimelineView& view) { return view.grab().toImage().convertToFormat(QImage::Format_RGB32); }

// Where the view must put a time: computed here from the plot rectangle and the visible range, not by the view.
double expectedX(const SpanTimelineView& view, double ms)
{
    const QRect plot = view.plotRect();
    return plot.left() + (ms - view.visibleFrom()) / (view.visibleTo() - view.visibleFrom()) * plot.width();
}

// The first pixel row of `rect` at column `x` showing `color`; -1 if none.
int firstRowWith(const QImage& image, int x, const QRect& rect, const QColor& color)
{
    for (int y = std::max(rect.top(), 0); y <= std::min(rect.bottom(), image.height() - 1); ++y) {
        if (image.pixel(x, y) == color.rgb())
            return y;
    }
    return -1;
}

// The horizontal run of `color` (or its outline shade) through (x, y).
std::pair<int, int> runThrough(const QImage& image, int x, int y, const QColor& color)
{
    // Compared as 8-bit RGB: darker() works in 16 bits per channel, so QColor equality would miss a match.
    const QRgb fill = color.rgb(), outline = color.darker(135).rgb();
    const auto inBar = [&](int px) {
        const QRgb c = image.pixel(px, y);
        return c == fill || c == outline;
    };
    int left = x, right = x;
    while (left > 0 && inBar(left - 1))
        --left;
    while (right + 1 < image.width() && inBar(right + 1))
        ++right;
    return { left, right };
}

void saveScreenshot(SpanTimelineView& view, const QString& name)
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(view.grab().save(dir + u"/spantimeline_"_s + name + u".png"_s));
}

QPoint barCentre(const SpanTimelineView& view, const QImage& image, int lane, const Span& s, qint64 endMs)
{
    const int x = static_cast<int>(std::lround(expectedX(view, (s.startMs + endMs) / 2.0)));
    const int y = firstRowWith(image, x, view.laneRect(lane), SpanStyle::colorFor(s.name));
    return { x, y + 3 };
}

} // namespace

void TestSpanTimelineView::barsAtTheirTimes()
{
    SpanTimelineView view;
    const QVector<Span> spans = job();
    view.setLanes({ { u"rank 0"_s, QColor(0x4e79a7), spans, std::nullopt } });
    showAndSettle(view);
    const QImage image = render(view);
    // Every closed span is a bar from its start to its end, to the pixel, at a height that grows with depth.
    int previousDepthY = -1;
    for (const Span& s : spans) {
        const QColor color = SpanStyle::colorFor(s.name);
        const double x0 = expectedX(view, static_cast<double>(s.startMs));
        const double x1 = expectedX(view, static_cast<double>(s.startMs + *s.durationMs));
        const int mid = static_cast<int>(std::lround((x0 + x1) / 2));
        const int top = firstRowWith(image, mid, view.laneRect(0), color);
        QVERIFY2(top >= 0, qPrintable(s.name + u" not drawn at x "_s + QString::number(mid)));
        // The bar's first pixel row that is not outline: above any label text.
        const auto [left, right] = runThrough(image, mid, top, color);
        QVERIFY2(std::abs(left - x0) <= 1.0 && std::abs(right + 1 - x1) <= 1.0,
            qPrintable(s.name + u": drawn "_s + QString::number(left) + u".."_s + QString::number(right + 1)
                + u", expected "_s + QString::number(x0) + u".."_s + QString::number(x1)));
        if (s.depth == 0)
            previousDepthY = top;
        else
            QVERIFY2(top > previousDepthY, qPrintable(s.name + u" is not below the shallower spans"_s));
        if (s.name == u"training_loop"_s)
            previousDepthY = top;
    }
    // Outside every span (before the application starts) the lane is empty.
    const int before = static_cast<int>(expectedX(view, kStart - 400.0));
    for (int y = view.laneRect(0).top() + 1; y < view.laneRect(0).bottom(); ++y)
        QCOMPARE(image.pixelColor(before, y), QColor(Qt::white));
    saveScreenshot(view, u"one_lane"_s);
}

void TestSpanTimelineView::rowsByDepthAndOverlap()
{
    // An async save that outlives the validation loop started after it: same depth, overlapping, so a second row.
    QVector<Span> spans = job();
    spans << span(u"checkpoint_save_async"_s, 22'000, 6'000, 2);
    SpanTimelineView view;
    view.setLanes({ { u"rank 1"_s, {}, spans, std::nullopt } });
    showAndSettle(view);
    QCOMPARE(view.rowCount(0), 4); // depth 0, depth 1, depth 2, depth 2 again for the overlap
    const QImage image = render(view);
    const int x = static_cast<int>(std::lround(expectedX(view, kStart + 24'000.0))); // inside both
    const int save = firstRowWith(image, x, view.laneRect(0), SpanStyle::colorFor(u"checkpoint_save_sync"_s));
    const int async = firstRowWith(image, x, view.laneRect(0), SpanStyle::colorFor(u"checkpoint_save_async"_s));
    QVERIFY(save >= 0 && async >= 0);
    QVERIFY2(async > save, "the later-starting overlapping span goes on the extra row below");
}

void TestSpanTimelineView::lanesStacked()
{
    SpanTimelineView view;
    QVector<Span> third = job(10'000);
    third << span(u"loss_calculation_span"_s, 40'000, 5'000, 2); // a user's own span name: only in this lane
    view.setLanes({ { u"rank 0"_s, {}, job(), std::nullopt }, { u"rank 1"_s, {}, job(3'000), std::nullopt },
        { u"rank 2"_s, {}, third, std::nullopt } });
    showAndSettle(view, { 1000, 520 });
    for (int l = 1; l < 3; ++l)
        QVERIFY(view.laneRect(l).top() > view.laneRect(l - 1).bottom() - 1);
    const QImage image = render(view);
    // Each lane's checkpoint save sits at its own shifted time, inside its own lane.
    for (int l = 0; l < 3; ++l) {
        const qint64 shift = l == 0 ? 0 : l == 1 ? 3'000 : 10'000;
        const int x = static_cast<int>(std::lround(expectedX(view, kStart + shift + 25'000.0)));
        QVERIFY2(firstRowWith(image, x, view.laneRect(l), SpanStyle::colorFor(u"checkpoint_save_sync"_s)) >= 0,
            qPrintable(u"lane "_s + QString::number(l)));
    }
    const QColor own = SpanStyle::colorFor(u"loss_calculation_span"_s);
    const int x = static_cast<int>(std::lround(expectedX(view, kStart + 42'000.0)));
    QVERIFY(firstRowWith(image, x, view.laneRect(2), own) >= 0);
    QCOMPARE(firstRowWith(image, x, view.laneRect(0), own), -1);
    QCOMPARE(firstRowWith(image, x, view.laneRect(1), own), -1);
    // The legend names it too.
    QVERIFY(view.lanes().at(2).spans.last().name == u"loss_calculation_span"_s);
    saveScreenshot(view, u"three_lanes"_s);
}

void TestSpanTimelineView::unclosedSpanDrawnToLaneEnd()
{
    SpanTimelineView view;
    const qint64 lastRecord = kStart + 30'000; // the job died 30 s in, during training
    QVector<Span> crashed = job(0, true);
    crashed.removeIf([](const Span& s) { return s.startMs > kStart + 20'000; });
    view.setLanes({ { u"finished"_s, {}, job(), std::nullopt }, { u"crashed"_s, {}, crashed, lastRecord } });
    showAndSettle(view);
    const QImage image = render(view);
    const QRect lane = view.laneRect(1);
    const QColor loop = SpanStyle::colorFor(u"training_loop"_s);
    // The open training loop: its known start is solid, then faded and hatched, never plain background …
    const int start = static_cast<int>(std::lround(expectedX(view, kStart + 5'000.0)));
    const int y = firstRowWith(image, start + 1, lane, loop);
    QVERIFY2(y >= 0, "the open span's start edge is drawn in its colour");
    const int end = static_cast<int>(std::lround(expectedX(view, static_cast<double>(lastRecord))));
    int tinted = 0, samples = 0;
    for (int x = start + 8; x < end - 4; x += 5, ++samples) {
        const QColor c = image.pixelColor(x, y + 2);
        tinted += c != QColor(Qt::white) && c != QColor(0xf7f7f7) ? 1 : 0;
    }
    QVERIFY2(tinted == samples, qPrintable(QString::number(tinted) + u" of "_s + QString::number(samples)));
    // … up to the last record, marked by a red line; after it the row is empty.
    int red = 0;
    for (int x = end; x <= end + 1; ++x) {
        for (int py = lane.top(); py <= lane.bottom(); ++py) {
            const QColor c = image.pixelColor(x, py);
            red += c.red() > 150 && c.green() < 120 && c.blue() < 120 ? 1 : 0;
        }
    }
    QVERIFY2(red >= lane.height() / 3, qPrintable(u"the lane's end is marked: "_s + QString::number(red)));
    for (int x = end + 4; x < end + 40; ++x) {
        const QColor c = image.pixelColor(x, y + 2);
        QVERIFY2(c == QColor(0xf7f7f7) || c == QColor(0xececec), qPrintable(u"x "_s + QString::number(x)));
    }
    // Its tooltip says so and for how long it was known to run.
    const QString tip = view.toolTipAt(QPoint((start + end) / 2, y + 3));
    QVERIFY2(tip.contains(u"never stopped"_s) && tip.contains(u"training_loop"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"at least "_s + QLocale().toString(25.0, 'f', 2) + u" s"_s), qPrintable(tip));

    // Without an end given, an open span reaches the lane's latest known time (here the validation loop's stop).
    view.setLanes({ { u"crashed"_s, {}, crashed, std::nullopt } });
    QCOMPARE(view.dataTo() - view.dataFrom(), 23'000 * 1.04);
    saveScreenshot(view, u"crashed"_s);
}

void TestSpanTimelineView::zoomPanReset()
{
    SpanTimelineView view;
    view.setLanes({ { u"rank 0"_s, {}, job(), std::nullopt } });
    showAndSettle(view);
    QSignalSpy spy(&view, &SpanTimelineView::timeRangeChanged);
    const QRect plot = view.plotRect();
    const double from = view.visibleFrom(), to = view.visibleTo();
    QVERIFY(!view.isZoomed());
    QVERIFY(from < kStart && to > kStart + 60'000);

    // Programmatic range changes never emit (linking both ways must not loop).
    view.setTimeRange(kStart + 1'000.0, kStart + 9'000.0);
    QCOMPARE(view.visibleFrom(), kStart + 1'000.0);
    QCOMPARE(view.visibleTo(), kStart + 9'000.0);
    QVERIFY(view.isZoomed());
    view.resetZoom();
    QCOMPARE(view.visibleFrom(), from);
    QCOMPARE(spy.count(), 0);

    // One wheel notch zooms by 0.8 around the time under the cursor.
    const QPoint at(plot.left() + plot.width() / 4, plot.top() + 10);
    const double t = view.timeAtX(at.x());
    QWheelEvent wheel(at, view.mapToGlobal(at), {}, { 0, 120 }, Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(&view, &wheel);
    QCOMPARE(spy.count(), 1);
    QVERIFY(std::abs(view.visibleFrom() - (t - (t - from) * 0.8)) < 1e-3);
    QVERIFY(std::abs(view.visibleTo() - (t + (to - t) * 0.8)) < 1e-3);
    QCOMPARE(spy.last().at(0).toDouble(), view.visibleFrom());

    // Drag: zoom to the dragged range.
    const int y = plot.top() + 10;
    const int a = plot.left() + plot.width() / 5, b = plot.left() + plot.width() / 2;
    const double ta = view.timeAtX(a), tb = view.timeAtX(b);
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(a, y));
    QTest::mouseMove(&view, QPoint((a + b) / 2, y));
    QTest::mouseMove(&view, QPoint(b, y));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(b, y));
    QCOMPARE(spy.count(), 2);
    QVERIFY(std::abs(view.visibleFrom() - ta) < 1e-3 && std::abs(view.visibleTo() - tb) < 1e-3);

    // Shift-drag and middle-drag pan: the same span, moved by the dragged pixels.
    for (const auto& [button, modifiers] : { std::pair { Qt::LeftButton, Qt::KeyboardModifiers(Qt::ShiftModifier) },
             std::pair { Qt::MiddleButton, Qt::KeyboardModifiers() } }) {
        const double span = view.visibleTo() - view.visibleFrom(), before = view.visibleFrom();
        const int signals = static_cast<int>(spy.count());
        QTest::mousePress(&view, button, modifiers, QPoint(b, y));
        QTest::mouseMove(&view, QPoint(b - 50, y));
        QTest::mouseRelease(&view, button, modifiers, QPoint(b - 50, y));
        QVERIFY(spy.count() > signals);
        QVERIFY(std::abs((view.visibleTo() - view.visibleFrom()) - span) < 1e-3);
        QVERIFY2(std::abs(view.visibleFrom() - (before + 50 * span / plot.width())) < 1e-3,
            qPrintable(QString::number(view.visibleFrom() - before)));
    }

    // Double-click shows everything again, and says so.
    const int signals = static_cast<int>(spy.count());
    QTest::mouseDClick(&view, Qt::LeftButton, {}, QPoint(b, y));
    QVERIFY(!view.isZoomed());
    QCOMPARE(view.visibleFrom(), from);
    QCOMPARE(view.visibleTo(), to);
    QCOMPARE(spy.count(), signals + 1);

    // Zooming out never goes past everything.
    QWheelEvent out(at, view.mapToGlobal(at), {}, { 0, -360 }, Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(&view, &out);
    QCOMPARE(view.visibleFrom(), from);
    QCOMPARE(view.visibleTo(), to);

    // A live lane that grows keeps the user's zoom.
    view.setTimeRange(kStart + 1'000.0, kStart + 9'000.0);
    QVector<Span> longer = job();
    longer << span(u"checkpoint_save_sync"_s, 70'000, 1'000, 0);
    view.setLanes({ { u"rank 0"_s, {}, longer, std::nullopt } });
    QCOMPARE(view.visibleFrom(), kStart + 1'000.0);
    QCOMPARE(view.visibleTo(), kStart + 9'000.0);
}

void TestSpanTimelineView::tooltipForHoveredSpan()
{
    SpanTimelineView view;
    const QVector<Span> spans = job();
    view.setLanes({ { u"rank 0 @ node-7"_s, {}, spans, std::nullopt } });
    showAndSettle(view);
    const QImage image = render(view);
    const Span& save = spans[5];
    const QPoint at = barCentre(view, image, 0, save, save.startMs + *save.durationMs);
    QVERIFY(at.y() > 3);
    QCOMPARE(view.spanAt(at), std::pair(0, 5));
    const QString tip = view.toolTipAt(at);
    for (const QString& part :
        { u"checkpoint_save_sync"_s, u"rank 0 @ node-7"_s, QString(QLocale().toString(4.0, 'f', 3) + u" s"_s),
            u"depth"_s, u"checkpoint_strategy"_s, u"current_iteration"_s, u"123456789012345678901234567890"_s })
        QVERIFY2(tip.contains(part), qPrintable(part + u" missing from "_s + tip));
    const QString start = QLocale().toString(QDateTime::fromMSecsSinceEpoch(save.startMs), u"HH:mm:ss.zzz"_s);
    QVERIFY2(tip.contains(start), qPrintable(tip));
    QVERIFY(view.toolTipAt(QPoint(view.plotRect().left() + 2, view.laneRect(0).bottom() - 1)).isEmpty());

    // The pointer shows it, and tells where it is in time.
    QSignalSpy hover(&view, &SpanTimelineView::hoverTimeChanged);
    QMouseEvent move(QEvent::MouseMove, at, view.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &move);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(u"checkpoint_save_sync"_s), qPrintable(QToolTip::text()));
    QCOMPARE(hover.count(), 1);
    QVERIFY(std::abs(hover.last().at(0).toDouble() - view.timeAtX(at.x())) < 1e-6);
    saveScreenshot(view, u"hover"_s);
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(&view, &leave);
    QCOMPARE(hover.count(), 2);
    QVERIFY(std::isnan(hover.last().at(0).toDouble()));
}

void TestSpanTimelineView::hoverTime()
{
    SpanTimelineView view;
    view.setLanes({ { u"rank 0"_s, {}, job(), std::nullopt } });
    showAndSettle(view);
    QSignalSpy hover(&view, &SpanTimelineView::hoverTimeChanged);
    const double t = kStart + 3'000.0; // before the training loop: the cursor is drawn over empty rows
    const int x = static_cast<int>(std::lround(expectedX(view, t)));
    const int y = view.laneRect(0).bottom() - 2;
    QVERIFY(render(view).pixelColor(x, y) != QColor(0x505050));
    view.setHoverTime(t);
    QCOMPARE(render(view).pixelColor(x, y), QColor(0x505050));
    view.setHoverTime(std::numeric_limits<double>::quiet_NaN());
    QVERIFY(render(view).pixelColor(x, y) != QColor(0x505050));
    QCOMPARE(hover.count(), 0);
}

void TestSpanTimelineView::manySpansStayCheap()
{
    // 100,000 iteration windows of 12 ms each, back to back, in each of two ranks.
    constexpr int kIterations = 100'000;
    QVector<SpanLane> lanes;
    for (int rank = 0; rank < 2; ++rank) {
        QVector<Span> spans { span(u"application"_s, 0, 1'250'000, 0), span(u"training_loop"_s, 10'000, 1'210'000, 1) };
        spans.reserve(kIterations + 2);
        for (int i = 0; i < kIterations; ++i)
            spans << span(u"training_single_iteration"_s, 10'000 + i * 12LL + rank, 12, 2);
        lanes.append({ u"rank "_s + QString::number(rank), {}, spans, std::nullopt });
    }
    SpanTimelineView view;
    QElapsedTimer timer;
    timer.start();
    view.setLanes(lanes);
    const qint64 layoutMs = timer.elapsed();
    showAndSettle(view, { 1200, 300 });
    timer.restart();
    const QImage all = render(view);
    const qint64 paintMs = timer.elapsed();
    qInfo("2 x 100,002 spans: layout %lld ms, paint %lld ms, %d rectangles", layoutMs, paintMs, view.paintedBarCount());
    // Merged per pixel: rectangles are bounded by the rows' width in pixels, not by the spans.
    const int width = view.plotRect().width();
    QVERIFY2(view.paintedBarCount() <= 2 * 3 * width, qPrintable(QString::number(view.paintedBarCount())));
    // The merged row still covers the loop's whole extent in the iteration colour.
    const QColor iteration = SpanStyle::colorFor(u"training_single_iteration"_s);
    const int x = static_cast<int>(std::lround(expectedX(view, kStart + 600'000.0)));
    QVERIFY(firstRowWith(all, x, view.laneRect(1), iteration) >= 0);

    // Zoomed into 1.2 s: about 100 windows in view, each drawn and countable by its outline.
    view.setTimeRange(kStart + 500'000.0, kStart + 501'200.0);
    const QImage zoomed = render(view);
    QVERIFY2(view.paintedBarCount() >= 2 * 100 && view.paintedBarCount() <= 2 * 104 + 4,
        qPrintable(QString::number(view.paintedBarCount())));
    int y = -1;
    for (int px = view.plotRect().center().x(); y < 0 && px < view.plotRect().center().x() + 20; ++px)
        y = firstRowWith(zoomed, px, view.laneRect(0), iteration);
    QVERIFY(y >= 0);
    int edges = 0;
    for (int px = view.plotRect().left(); px < view.plotRect().right(); ++px)
        edges += zoomed.pixel(px, y + 3) == iteration.darker(135).rgb() ? 1 : 0;
    QVERIFY2(edges >= 2 * 99, qPrintable(QString::number(edges))); // a left and a right edge per window
    saveScreenshot(view, u"iterations_zoomed"_s);
}

void TestSpanTimelineView::placeholder()
{
    SpanTimelineView view;
    view.setPlaceholder(u"Nothing to show"_s);
    view.setLanes({ { u"rank 0"_s, {}, {}, std::nullopt } });
    showAndSettle(view);
    render(view);
    QCOMPARE(view.paintedBarCount(), 0);
    QCOMPARE(view.toolTipAt(view.plotRect().center()), QString());
    view.setLanes({ { u"rank 0"_s, {}, job(), std::nullopt } });
    render(view);
    QVERIFY(view.paintedBarCount() >= 6);
}

QTEST_MAIN(TestSpanTimelineView)
#include "tst_spantimelineview.moc"
