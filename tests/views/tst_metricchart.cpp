#include "chartfixtures.h"
#include "decimation.h"
#include "metricchart.h"
#include "tracelayer.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QToolTip>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace Qt::StringLiterals;
using namespace chartfixtures;

class TestMetricChart final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void millionPoints();
    void nanSplitAndInfMarkers();
    void axisModes_data();
    void axisModes();
    void logY_data();
    void logY();
    void readout();
    void hoverShowsReadout();
    void placeholder();
    void smoothedBandWithGaps();
    void m4DrawsTheSamePicture_data();
    void m4DrawsTheSamePicture();
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

int seriesPointTotal(const QChart* chart)
{
    int total = 0;
    for (QAbstractSeries* s : chart->series())
        total += static_cast<int>(static_cast<QXYSeries*>(s)->count());
    return total;
}

} // namespace

void TestMetricChart::millionPoints()
{
    MetricChart chart;
    chart.setTitle(u"train/loss — 3 runs"_s);
    const MetricSeriesPtr big = lossCurve(1'000'000, 1.0, 1, 5);
    chart.setSeries({ { u"resnet50-lr3e-4"_s, QColor(0x4e79a7), big },
        { u"resnet50-lr1e-3"_s, QColor(0xf28e2b), lossCurve(400'000, 0.8, 2, 12) },
        { u"vit-b16"_s, QColor(0xe15759), lossCurve(250'000, 1.15, 3, 20) } });
    showAndSettle(chart);

    const int width = static_cast<int>(std::ceil(chart.chart()->plotArea().width()));
    QCOMPARE(chart.rawPointCount(), 1'650'000);
    // At most 8 points (first, last, the extremes and their neighbours) in the one reduction column per pixel of
    // the 2 px antialiased pen (ColumnGrid::painter, M4Options::keepExtremeNeighbours, ChartCurveStyle::penWidth).
    QVERIFY2(chart.drawnPointCount() <= 3 * (8 * width + 2), qPrintable(QString::number(chart.drawnPointCount())));
    QVERIFY(chart.drawnPointCount() > width); // something real was drawn
    QCOMPARE(chart.traceLayer()->pointCount(), chart.drawnPointCount());
    // Qt Charts holds no data point (it costs ~4 µs each): its series only carry the legend entries.
    QCOMPARE(seriesPointTotal(chart.chart()), 0);
    QCOMPARE(chart.chart()->series().size(), 3);
    const auto* label = chart.findChild<QLabel*>();
    QVERIFY(label);
    bool found = false;
    for (const QLabel* l : chart.findChildren<QLabel*>())
        found = found || l->text().contains(QLocale().toString(qint64(1'650'000)));
    QVERIFY2(found, "the raw point count is shown");

    // The tallest spike of the million-point run survives reduction.
    const double highest = *std::max_element(big->values.begin(), big->values.end());
    double drawnHighest = -kInf;
    for (const QList<QPointF>& line : nonEmptyLines(chart, u"resnet50-lr3e-4"_s)) {
        for (const QPointF& p : line)
            drawnHighest = std::max(drawnHighest, p.y());
    }
    QCOMPARE(drawnHighest, highest);
    saveScreenshot(chart, u"million"_s);
}

void TestMetricChart::nanSplitAndInfMarkers()
{
    auto series = std::make_shared<MetricSeries>();
    series->key = u"grad_norm"_s;
    for (int i = 0; i < 3000; ++i) {
        double v = 1.0 + std::sin(i / 150.0) * 0.5;
        if (i >= 1000 && i < 1200)
            v = kNaN; // a gap: the run logged NaN for 200 steps
        if (i == 1999 || i == 2001)
            v = kNaN; // step 2000 stands alone
        if (i == 500)
            v = kInf;
        if (i == 2500)
            v = -kInf;
        series->append(i, kStartMs + i * 1000, v);
    }
    MetricChart chart;
    chart.setTitle(u"grad_norm with NaN and ±inf"_s);
    chart.setSeries({ { u"run with gaps"_s, QColor(0x59a14f), series } });
    showAndSettle(chart);

    const QList<QList<QPointF>> lines = nonEmptyLines(chart, u"run with gaps"_s);
    // Breaks at 500 (+inf), 1000–1199 (NaN), 1999 and 2001 (NaN), 2500 (−inf): five drawn pieces, 2000 a dot.
    QCOMPARE(lines.size(), 5);
    for (const QList<QPointF>& points : lines) {
        for (const QPointF& p : points)
            QVERIFY(std::isfinite(p.y()));
        for (qsizetype i = 1; i < points.size(); ++i) {
            const bool crossesGap = points[i - 1].x() < 1000 && points[i].x() >= 1200;
            QVERIFY2(!crossesGap, "no line bridges the NaN gap");
        }
    }
    // Per run, in this order: lone values between breaks, +inf markers, −inf markers.
    const TraceCurve* curve = curveNamed(chart, u"run with gaps"_s);
    QVERIFY(curve);
    QVERIFY(curve->markers);
    QCOMPARE(curve->data.dots, std::vector<QPointF>({ QPointF(2000, series->values[2000]) }));
    QCOMPARE(curve->data.plusInfX, std::vector<double>({ 500.0 }));
    QCOMPARE(curve->data.minusInfX, std::vector<double>({ 2500.0 }));
    const auto* y = qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Vertical).front());
    const double up = chart.traceLayer()->plusInfY(), down = chart.traceLayer()->minusInfY();
    QVERIFY(up > y->max() - (y->max() - y->min()) * 0.05 && up < y->max()); // at the top edge
    QVERIFY(down < y->min() + (y->max() - y->min()) * 0.05 && down > y->min()); // at the bottom edge
    saveScreenshot(chart, u"nan_inf"_s);
}

void TestMetricChart::axisModes_data()
{
    QTest::addColumn<XAxisMode>("mode");
    QTest::addColumn<bool>("dateAxis");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<QString>("title");

    // 20,000 steps at 250 ms: 5,000 s = 83.3 min after the start.
    QTest::addRow("step") << XAxisMode::Step << false << 0.0 << 19999.0 << u"step"_s;
    QTest::addRow("wall time") << XAxisMode::WallTime << true << double(kStartMs) << double(kStartMs + 19999 * 250)
                               << u"wall time"_s;
    QTest::addRow("relative time") << XAxisMode::RelativeTime << false << 0.0 << 19999 * 250 / 60000.0
                                   << u"time since run start (min)"_s;
}

void TestMetricChart::axisModes()
{
    QFETCH(XAxisMode, mode);
    QFETCH(bool, dateAxis);
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(QString, title);

    MetricChart chart;
    chart.setTitle(u"train/loss"_s);
    chart.setXAxisMode(mode);
    chart.setSeries({ { u"run A"_s, QColor(0x4e79a7), lossCurve(20000, 1.0, 4), kStartMs },
        { u"run B"_s, QColor(0xf28e2b), lossCurve(15000, 0.9, 5), kStartMs } });
    showAndSettle(chart);

    const QList<QAbstractAxis*> axes = chart.chart()->axes(Qt::Horizontal);
    QCOMPARE(axes.size(), 1);
    QCOMPARE(qobject_cast<QCategoryAxis*>(axes.front()) != nullptr, dateAxis);
    QVERIFY2(axes.front()->titleText().startsWith(title), qPrintable(axes.front()->titleText()));
    QCOMPARE(chart.visibleFrom(), from);
    QCOMPARE(chart.visibleTo(), to);
    if (auto* time = qobject_cast<QCategoryAxis*>(axes.front())) {
        QCOMPARE(time->min(), double(kStartMs));
        // Ticks at round times of the clock, labelled as such, not the range divided evenly: 83 minutes wide,
        // every few minutes on the minute.
        const QStringList labels = time->categoriesLabels();
        QVERIFY2(labels.size() >= 4, qPrintable(labels.join(u", ")));
        double previous = time->min();
        for (const QString& label : labels) {
            const double at = time->endValue(label);
            QVERIFY(at > previous && at <= time->max());
            QCOMPARE(std::fmod(at, 60'000.0), 0.0);
            QCOMPARE(label, QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(at)).toString(u"HH:mm"_s));
            previous = at;
        }
    }
    QVERIFY(chart.drawnPointCount() > 0);
    const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_');
    saveScreenshot(chart, u"axis_"_s + name);
}

void TestMetricChart::logY_data()
{
    QTest::addColumn<double>("offset");
    QTest::addColumn<bool>("logApplied");

    QTest::addRow("positive values") << 0.0 << true;
    QTest::addRow("values reaching zero") << -0.15 << false;
}

void TestMetricChart::logY()
{
    QFETCH(double, offset);
    QFETCH(bool, logApplied);

    auto series = std::make_shared<MetricSeries>(*lossCurve(50000, 1.0, 6));
    for (double& v : series->values)
        v = std::max(v + offset, 0.0) * 0.001;
    MetricChart chart;
    chart.setTitle(u"train/loss (log y)"_s);
    chart.setSeries({ { u"run A"_s, QColor(0xb07aa1), series } });
    chart.setLogY(true);
    showAndSettle(chart);

    QCOMPARE(chart.logYApplied(), logApplied);
    QAbstractAxis* y = chart.chart()->axes(Qt::Vertical).front();
    QCOMPARE(qobject_cast<QLogValueAxis*>(y) != nullptr, logApplied);
    QCOMPARE(y->titleText().contains(u"linear"_s), !logApplied);
    const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_');
    saveScreenshot(chart, u"log_"_s + name);
}

void TestMetricChart::readout()
{
    auto a = std::make_shared<MetricSeries>();
    a->key = u"acc"_s;
    auto b = std::make_shared<MetricSeries>();
    b->key = u"acc"_s;
    for (int i = 0; i <= 100; i += 10) {
        a->append(i, kStartMs + i * 1000, i / 100.0);
        b->append(i + 5, kStartMs + i * 1000, 1 - i / 100.0);
    }
    MetricChart chart;
    chart.setSeries({ { u"alpha"_s, QColor(0x4e79a7), a }, { u"<beta>"_s, QColor(0xf28e2b), b } });
    const QString text = chart.readoutAt(42);
    QVERIFY2(text.contains(u"step 42"_s), qPrintable(text));
    QVERIFY2(text.contains(u"alpha: <b>0.4</b>"_s), qPrintable(text)); // nearest step 40
    QVERIFY2(text.contains(u"&lt;beta&gt;: <b>0.6</b>"_s), qPrintable(text)); // nearest step 45, escaped label
}

void TestMetricChart::hoverShowsReadout()
{
    MetricChart chart;
    chart.setSeries({ { u"hover run"_s, QColor(0x4e79a7), lossCurve(1000, 1.0, 9) } });
    showAndSettle(chart);
    auto* viewport = chart.findChild<QChartView*>()->viewport();
    const QRectF plot = chart.chart()->plotArea();
    // Sent straight to the viewport: QTest's synthetic cursor carries state (position, buttons) across tests.
    const QPointF at(plot.left() + plot.width() / 2, plot.center().y());
    QMouseEvent move(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(u"hover run: <b>"_s), qPrintable(QToolTip::text()));
    // The cursor is half-way along steps 0..999; pixels are coarser than steps, so allow a few.
    const QRegularExpression step(u"step (\\d+)"_s);
    const QRegularExpressionMatch match = step.match(QToolTip::text());
    QVERIFY(match.hasMatch());
    QVERIFY2(std::abs(match.captured(1).toInt() - 500) <= 3, qPrintable(QToolTip::text()));
}

void TestMetricChart::placeholder()
{
    MetricChart chart;
    chart.setPlaceholder(u"Select runs and a metric"_s);
    chart.setSeries({});
    chart.resize(600, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QVERIFY(chart.isShowingPlaceholder());
    chart.setSeries({ { u"empty run"_s, {}, std::make_shared<MetricSeries>() } });
    QVERIFY(chart.isShowingPlaceholder());
    QCOMPARE(chart.drawnPointCount(), 0);
    saveScreenshot(chart, u"placeholder"_s);
    chart.setSeries({ { u"run"_s, {}, lossCurve(100, 1, 8) } });
    QVERIFY(!chart.isShowingPlaceholder());
}

// Everything the trace layer paints at once: two smoothed runs with their faint raw curves, one with a group
// band, NaN gaps, a lone value and ±inf markers; and the legend Qt Charts still draws from point-less series.
void TestMetricChart::smoothedBandWithGaps()
{
    auto gappy = std::make_shared<MetricSeries>(*lossCurve(6000, 1.0, 11));
    auto& values = const_cast<std::vector<double>&>(gappy->values);
    for (int i = 2000; i < 2400; ++i)
        values[static_cast<std::size_t>(i)] = kNaN;
    values[1000] = kInf;
    values[4500] = -kInf;
    const MetricSeriesPtr other = lossCurve(6000, 0.7, 12);
    auto low = std::make_shared<MetricSeries>(*other), high = std::make_shared<MetricSeries>(*other);
    for (std::size_t i = 0; i < other->values.size(); ++i) {
        const_cast<std::vector<double>&>(low->values)[i] = other->values[i] * 0.8;
        const_cast<std::vector<double>&>(high->values)[i] = other->values[i] * 1.25;
    }
    MetricChart chart;
    chart.setTitle(u"train/loss"_s);
    chart.setSmoothing({ SmoothingMode::EmaTensorBoard, 0.9 });
    chart.setSeries({ { u"with gaps"_s, QColor(0xe15759), gappy },
        { u"group (3 runs)"_s, QColor(0x4e79a7), other, 0, low, high } });
    showAndSettle(chart);

    // Per run a faint raw curve (a light tint) and the smoothed line; the markers on the raw one.
    const TraceCurve* raw = curveNamed(chart, u"with gaps (raw)"_s);
    const TraceCurve* line = curveNamed(chart, u"with gaps"_s);
    QVERIFY(raw && line);
    QVERIFY(raw->markers && !line->markers);
    QCOMPARE(raw->data.plusInfX, std::vector<double>({ 1000.0 }));
    QCOMPARE(raw->data.minusInfX, std::vector<double>({ 4500.0 }));
    QVERIFY(raw->color.lightnessF() > line->color.lightnessF() + 0.2);
    QVERIFY(raw->data.segmentCount() >= 3); // split at +inf, the NaN gap and -inf
    // The raw curves come first, so every smoothed line is painted over every raw one.
    const auto& curves = chart.traceLayer()->curves();
    QVERIFY(&curves.front() == curveNamed(chart, u"with gaps (raw)"_s));
    QVERIFY(&curves.back() == curveNamed(chart, u"group (3 runs)"_s));
    // The band is a Qt Charts area (few points), behind the traces; the legend has one entry per run.
    int areas = 0, legendSeries = 0;
    for (QAbstractSeries* s : chart.chart()->series()) {
        areas += s->type() == QAbstractSeries::SeriesTypeArea;
        legendSeries += s->type() == QAbstractSeries::SeriesTypeLine;
    }
    QCOMPARE(areas, 1);
    QCOMPARE(legendSeries, 2);
    saveScreenshot(chart, u"smoothed_band_gaps"_s);
}

// The promise of DESIGN.md §4, checked on pixels: drawing the M4 reduction (aliased, 1 px) covers the same
// top and bottom pixel in every column as drawing every point. The painter puts a point in pixel column
// floor((x - xMin) / (xMax - xMin) * width), at the column's centre: the rasterisation model M4 is exact for.
// (Left to itself, Qt's aliased stroker moves a sub-pixel x close to a column edge into the next column, and
// the test would measure that rounding instead of the reduction.)
void TestMetricChart::m4DrawsTheSamePicture_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("width");

    for (int width : { 200, 800 }) {
        for (const QString& kind :
            { u"random walk"_s, u"noise"_s, u"spikes"_s, u"nan gaps"_s, u"plateaus"_s, u"out of order"_s }) {
            QTest::addRow("%s at %d px", qPrintable(kind), width) << kind << width;
        }
    }
}

void TestMetricChart::m4DrawsTheSamePicture()
{
    QFETCH(QString, kind);
    QFETCH(int, width);

    const int n = 100'000;
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<double> xs(n), ys(n);
    double walk = 0;
    for (int i = 0; i < n; ++i) {
        xs[i] = i;
        walk += noise(rng);
        ys[i] = kind == u"noise" ? noise(rng) : kind == u"plateaus" ? double((i / 9000) % 3) : walk;
        if (kind == u"spikes")
            ys[i] = (i % 7919 == 0) ? 50.0 * ((i / 7919) % 2 ? 1 : -1) : 0.01 * noise(rng);
        if (kind == u"nan gaps" && (i / 3001) % 4 == 1)
            ys[i] = kNaN;
    }
    if (kind == u"out of order") {
        for (int i = n / 2; i < n; ++i)
            xs[i] = i - n / 4; // a resumed run re-logs steps n/4 .. 3n/4
    }
    const double xMin = *std::min_element(xs.begin(), xs.end()), xMax = *std::max_element(xs.begin(), xs.end());
    double yMin = kInf, yMax = -kInf;
    for (double y : ys) {
        if (std::isfinite(y)) {
            yMin = std::min(yMin, y);
            yMax = std::max(yMax, y);
        }
    }
    const int height = 300;
    // Drawing order is ascending x (stable), as decimateM4 defines it for out-of-order data.
    const std::vector<std::size_t> order = stableOrderByX(xs);
    std::vector<double> sortedX, sortedY;
    for (std::size_t i : order) {
        sortedX.push_back(xs[i]);
        sortedY.push_back(ys[i]);
    }
    const auto render = [&](const std::vector<double>& px, const std::vector<double>& py) {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(Qt::black, 1));
        QList<QPointF> piece;
        const auto flush = [&] {
            if (piece.size() == 1)
                painter.drawPoint(piece.front());
            else if (piece.size() > 1)
                painter.drawPolyline(piece.constData(), static_cast<int>(piece.size()));
            piece.clear();
        };
        for (std::size_t i = 0; i < px.size(); ++i) {
            if (!std::isfinite(py[i])) {
                flush();
                continue;
            }
            const double column = std::clamp(std::floor((px[i] - xMin) / (xMax - xMin) * width), 0.0, width - 1.0);
            piece.append(QPointF(column + 0.5, (yMax - py[i]) / (yMax - yMin) * (height - 1)));
        }
        flush();
        return image;
    };
    const XYPoints reduced = decimateM4(xs, ys, xMin, xMax, width);
    QVERIFY(reduced.size() <= 4 * static_cast<std::size_t>(width) + 2 + width);
    const QImage full = render(sortedX, sortedY);
    const QImage small = render(reduced.x, reduced.y);

    const auto extent = [&](const QImage& image, int column) {
        int top = -1, bottom = -1;
        for (int row = 0; row < height; ++row) {
            if (image.pixel(column, row) != qRgb(255, 255, 255)) {
                top = top < 0 ? row : top;
                bottom = row;
            }
        }
        return std::pair { top, bottom };
    };
    int mismatches = 0;
    QString first;
    for (int column = 0; column < width; ++column) {
        const auto [fullTop, fullBottom] = extent(full, column);
        const auto [smallTop, smallBottom] = extent(small, column);
        const bool same = (fullTop < 0) == (smallTop < 0) && std::abs(fullTop - smallTop) <= 1
            && std::abs(fullBottom - smallBottom) <= 1;
        if (!same && mismatches++ == 0)
            first = u"column %1: full %2..%3, reduced %4..%5"_s.arg(column)
                        .arg(fullTop)
                        .arg(fullBottom)
                        .arg(smallTop)
                        .arg(smallBottom);
    }
    if (mismatches > 0) {
        full.save(screenshotPath(u"m4_full_"_s + QString::number(width)));
        small.save(screenshotPath(u"m4_reduced_"_s + QString::number(width)));
    }
    QVERIFY2(mismatches == 0, qPrintable(QString::number(mismatches) + u" columns differ; first "_s + first));
}

QTEST_MAIN(TestMetricChart)
#include "tst_metricchart.moc"
