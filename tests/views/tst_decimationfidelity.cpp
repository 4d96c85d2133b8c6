#include "decimation.h"
#include "metricchart.h"
#include "tracelayer.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QGraphicsScene>
#include <QImage>
#include <QLegend>
#include <QPainter>
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace Qt::StringLiterals;

// The promise of DESIGN.md §4, checked on the real picture: a MetricChart paints its reduced series with its own
// pens and antialiasing; the same trace layer (same plot area, axes, pens and painting code) then paints every
// point instead. In
// every pixel column the topmost and bottommost drawn pixel must agree within 1 px, and under 1% of the pixels
// may differ visibly. "Drawn" is strict: any pixel not exactly the background's colour.
class TestDecimationFidelity final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samePicture_data();
    void samePicture();
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr qint64 kStartMs = 1'714'000'000'000;

MetricSeriesPtr generate(const QString& kind, int n)
{
    std::mt19937_64 rng(20140901);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto s = std::make_shared<MetricSeries>();
    s->key = u"train/loss"_s;
    s->reserve(n);
    double walk = 0;
    for (int i = 0; i < n; ++i) {
        walk += noise(rng);
        double y = walk;
        std::int64_t step = i;
        if (kind == u"noise")
            y = noise(rng);
        else if (kind == u"loss")
            y = (0.15 + 2.2 * std::exp(-6.0 * i / n)) * (1 + 0.03 * noise(rng));
        else if (kind == u"spikes") // single-step spikes both ways on a quiet line
            y = i % 7919 == 0 ? 50.0 * ((i / 7919) % 2 ? 1 : -1) : 0.01 * noise(rng);
        else if (kind == u"sparse spikes") // mostly flat, a spike of random height every ~300 steps
            y = unit(rng) < 0.003 ? 10 * unit(rng) : 0.0;
        else if (kind == u"nan gaps")
            y = (i / 3001) % 4 == 1 || unit(rng) < 0.002 ? kNaN : walk;
        else if (kind == u"inf values")
            y = unit(rng) < 0.001 ? kInf : unit(rng) < 0.001 ? -kInf : walk;
        else if (kind == u"plateaus") // flat runs and steps: long ties of the extremes
            y = static_cast<double>((i / 9000) % 3) + (i % 20000 == 4321 ? 0.5 : 0.0);
        else if (kind == u"huge values")
            y = 1e300 * std::tanh(walk / 50);
        else if (kind == u"tiny values")
            y = 1e-12 * (1 + 0.01 * walk);
        else if (kind == u"tiny range") // differences at the 9th significant digit
            y = 3.0 + 1e-9 * walk;
        else if (kind == u"non-monotonic steps") // a resumed run re-logs steps n/4 .. 3n/4
            step = i < n / 2 ? i : i - n / 4;
        else if (kind == u"wall-clock steps") // huge x: steps that are epoch milliseconds
            step = kStartMs + 1000 * static_cast<std::int64_t>(i);
        s->append(step, kStartMs + 250 * static_cast<std::int64_t>(i), y);
    }
    return s;
}

QString screenshotPath(const QString& name)
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    return dir + u"/fidelity_"_s + name + u".png"_s;
}

// What the exporter does: the chart's scene into an image of `ratio` device pixels per logical pixel; ratio 0:
// what the screen shows, the chart view painting itself.
QImage render(QChart* chart, QSize size, double ratio)
{
    if (ratio == 0) {
        auto* view = qobject_cast<QChartView*>(chart->scene()->views().value(0));
        return view ? view->grab().toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied) : QImage();
    }
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    chart->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), chart->sceneBoundingRect());
    painter.end();
    return image;
}

struct Comparison {
    int worstColumn = -1;
    int worstError = 0; // px; 1000: drawn in one image only
    double exactPercent = 0; // pixels not exactly equal
    double visiblePercent = 0; // pixels differing by more than a quarter of the line's contrast
    QString detail;
};

Comparison compare(const QImage& background, const QImage& full, const QImage& reduced, QColor pen)
{
    Comparison c;
    qint64 exact = 0, visible = 0;
    const auto ink = [&](QRgb p, QRgb bg) {
        const int d = std::max(
            { std::abs(qRed(p) - qRed(bg)), std::abs(qGreen(p) - qGreen(bg)), std::abs(qBlue(p) - qBlue(bg)) });
        const int m = std::max({ std::abs(pen.red() - qRed(bg)), std::abs(pen.green() - qGreen(bg)),
            std::abs(pen.blue() - qBlue(bg)), 1 });
        return static_cast<double>(d) / m;
    };
    const auto at
        = [](const QImage& image, int x, int y) { return reinterpret_cast<const QRgb*>(image.constScanLine(y))[x]; };
    for (int x = 0; x < full.width(); ++x) {
        int fullTop = -1, fullBottom = -1, reducedTop = -1, reducedBottom = -1;
        for (int y = 0; y < full.height(); ++y) {
            const QRgb bg = at(background, x, y), f = at(full, x, y), r = at(reduced, x, y);
            if (f != bg) {
                fullTop = fullTop < 0 ? y : fullTop;
                fullBottom = y;
            }
            if (r != bg) {
                reducedTop = reducedTop < 0 ? y : reducedTop;
                reducedBottom = y;
            }
            exact += f != r;
            visible += std::abs(ink(f, bg) - ink(r, bg)) > 0.25;
        }
        const int error = (fullTop < 0) != (reducedTop < 0)
            ? 1000
            : std::max(std::abs(fullTop - reducedTop), std::abs(fullBottom - reducedBottom));
        if (error > c.worstError) {
            c.worstError = error;
            c.worstColumn = x;
            c.detail = u"rows %1..%2 drawn with every point, %3..%4 reduced"_s.arg(fullTop)
                           .arg(fullBottom)
                           .arg(reducedTop)
                           .arg(reducedBottom);
        }
    }
    const double pixels = static_cast<double>(full.width()) * full.height();
    c.exactPercent = 100.0 * static_cast<double>(exact) / pixels;
    c.visiblePercent = 100.0 * static_cast<double>(visible) / pixels;
    return c;
}

} // namespace

void TestDecimationFidelity::samePicture_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("width"); // logical pixels of the whole chart
    QTest::addColumn<double>("from"); // visible range as fractions of the steps
    QTest::addColumn<double>("to");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<bool>("smoothing");

    const auto row = [](const char* name, const QString& kind, int n, int width, double from, double to,
                         double ratio = 1.0, bool smoothing = false) {
        QTest::addRow("%s", name) << kind << n << width << from << to << ratio << smoothing;
    };
    row("random walk, 900 px", u"walk"_s, 100'000, 900, 0, 1);
    row("random walk, 300 px", u"walk"_s, 100'000, 300, 0, 1);
    row("random walk zoomed 5%", u"walk"_s, 100'000, 900, 0.4, 0.45);
    row("random walk zoomed 0.3%", u"walk"_s, 100'000, 900, 0.5, 0.503);
    row("noise, 900 px", u"noise"_s, 100'000, 900, 0, 1);
    row("noise zoomed 5%", u"noise"_s, 100'000, 600, 0.2, 0.25);
    row("loss curve, 1200 px", u"loss"_s, 100'000, 1200, 0, 1);
    row("single-step spikes", u"spikes"_s, 100'000, 900, 0, 1);
    row("single-step spikes, 300 px", u"spikes"_s, 100'000, 300, 0, 1);
    row("sparse spikes", u"sparse spikes"_s, 100'000, 900, 0, 1);
    row("sparse spikes zoomed 5%", u"sparse spikes"_s, 100'000, 900, 0.6, 0.65);
    row("nan gaps", u"nan gaps"_s, 100'000, 900, 0, 1);
    row("nan gaps zoomed", u"nan gaps"_s, 100'000, 700, 0.02, 0.05);
    // Zoomed in to at most 4 points a column, the chart draws every point instead of reducing.
    row("noise, every point kept", u"noise"_s, 100'000, 900, 0.5, 0.56);
    row("nan gaps, every point kept", u"nan gaps"_s, 100'000, 700, 0.02, 0.035);
    row("inf values, every point kept", u"inf values"_s, 50'000, 900, 0.3, 0.36);
    row("inf values", u"inf values"_s, 50'000, 900, 0, 1);
    row("plateaus", u"plateaus"_s, 100'000, 900, 0, 1);
    row("huge values", u"huge values"_s, 50'000, 900, 0, 1);
    row("tiny values", u"tiny values"_s, 50'000, 900, 0, 1);
    row("tiny range", u"tiny range"_s, 50'000, 900, 0, 1);
    row("wall-clock steps zoomed", u"wall-clock steps"_s, 100'000, 900, 0.3, 0.31);
    row("non-monotonic steps", u"non-monotonic steps"_s, 100'000, 900, 0, 1);
    row("random walk on screen", u"walk"_s, 100'000, 900, 0, 1, 0.0);
    row("random walk at 2x (export)", u"walk"_s, 50'000, 600, 0, 1, 2.0);
    row("nan gaps at 3.125x (300 dpi export)", u"nan gaps"_s, 50'000, 600, 0, 1, 3.125);
    row("spikes at 3.125x (300 dpi export)", u"spikes"_s, 50'000, 400, 0, 1, 3.125);
    row("smoothed, raw curve faint behind", u"noise"_s, 50'000, 900, 0, 1, 1.0, true);
}

void TestDecimationFidelity::samePicture()
{
    QFETCH(QString, kind);
    QFETCH(int, n);
    QFETCH(int, width);
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(double, ratio);
    QFETCH(bool, smoothing);

    const MetricSeriesPtr data = generate(kind, n);
    const QColor color(0x4e79a7);
    MetricChart chart;
    chart.setAttribute(Qt::WA_DontShowOnScreen);
    chart.setRenderPixelRatio(ratio); // 0: the screen's
    if (smoothing)
        chart.setSmoothing({ SmoothingMode::EmaTensorBoard, 0.9 });
    chart.setSeries({ { u"run"_s, color, data } });
    const QSize size(width, 420);
    chart.resize(size);
    chart.show();
    QTRY_VERIFY(chart.chart()->plotArea().width() > 100);
    QTest::qWait(20);
    if (from > 0 || to < 1) {
        const auto [lo, hi] = std::minmax_element(data->steps.begin(), data->steps.end());
        const double span = static_cast<double>(*hi - *lo);
        chart.setVisibleXRange(static_cast<double>(*lo) + from * span, static_cast<double>(*lo) + to * span);
        QTest::qWait(20);
    }
    QChart* qchart = chart.chart();
    // The legend would list the reference's extra series: without it both pictures show the plot alone.
    qchart->legend()->setVisible(false);
    QTest::qWait(20);
    const QRectF plot = qchart->plotArea();

    TraceLayer* layer = chart.traceLayer();
    std::vector<TraceCurve>& curves = layer->curves();
    // ±inf markers are left out of both pictures: one per column is the reduction's deliberate choice, not a
    // question of fidelity.
    for (TraceCurve& curve : curves)
        curve.markers = false;
    layer->curvesChanged();
    // The reduced picture, as the chart drew it.
    const QImage reduced = render(qchart, size, ratio);
    const int drawn = chart.drawnPointCount();

    // Take the reduction out: the background.
    TraceCurve *line = nullptr, *raw = nullptr;
    for (TraceCurve& curve : curves) {
        (curve.name.endsWith(u"(raw)") ? raw : line) = &curve;
        curve.data.clear();
    }
    QVERIFY(line && raw);
    layer->curvesChanged();
    const QImage background = render(qchart, size, ratio);

    // Every point, painted by the same trace layer with the same pens: in the order the chart draws them
    // (ascending step, stable), split at breaks (NaN, ±inf) as the chart splits them; single points between
    // breaks become the layer's dots.
    std::vector<double> xs(data->steps.begin(), data->steps.end());
    const std::vector<std::size_t> order = stableOrderByX(xs);
    const auto allPoints = [&](const std::vector<double>& ys, TraceCurve& curve) {
        XYPoints points;
        for (std::size_t i : order) {
            points.x.push_back(xs[i]);
            points.y.push_back(std::isfinite(ys[i]) ? ys[i] : kNaN);
        }
        curve.data.assign(points);
    };
    const auto [axisMin, axisMax] = std::pair { chart.visibleFrom(), chart.visibleTo() };
    if (smoothing) {
        // The chart smooths in x order: so does the reference.
        std::vector<double> sortedYs(order.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            sortedYs[i] = data->values[order[i]];
        const std::vector<double> smoothedSorted = Smoothing::apply(sortedYs, chart.smoothing());
        std::vector<double> smoothed(data->values.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            smoothed[order[i]] = smoothedSorted[i];
        allPoints(data->values, *raw);
        allPoints(smoothed, *line);
    } else {
        allPoints(data->values, *line);
    }
    layer->curvesChanged();
    // Nothing may move the plot or the axes, or the two pictures would not be comparable.
    QCOMPARE(qchart->plotArea(), plot);
    QCOMPARE(chart.visibleFrom(), axisMin);
    QCOMPARE(chart.visibleTo(), axisMax);
    const QImage full = render(qchart, size, ratio);

    const Comparison c = compare(background, full, reduced, color);
    qInfo("%s: %d of %d points drawn; worst column error %d px%s; %.3f%% of pixels differ, %.3f%% visibly",
        QTest::currentDataTag(), drawn, n, c.worstError,
        c.worstError > 0 ? qPrintable(u" (device column %1: %2)"_s.arg(c.worstColumn).arg(c.detail)) : "",
        c.exactPercent, c.visiblePercent);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_').remove(u'%').remove(u',');
    if (c.worstError > 1 || c.visiblePercent >= 1 || kind == u"spikes") {
        full.save(screenshotPath(tag + u"_full"_s));
        reduced.save(screenshotPath(tag + u"_reduced"_s));
    }
    // The trace layer paints raster pictures by pixel columns (TraceRasterizer), whose picture of the reduction
    // is the picture of every point: expect zero differences here (QPainter's own strokes, used before, left a
    // faint antialiasing residue in three of these cases).
    QVERIFY2(c.worstError <= 1, qPrintable(c.detail));
    // The faint raw curve is an opaque tint (MetricChart): overlapping strokes of every point do not darken it
    // beyond its reduction, as a translucent pen's would.
    QVERIFY2(c.visiblePercent < 1.0, qPrintable(QString::number(c.visiblePercent) + u"% of pixels differ visibly"_s));
    QVERIFY2(c.exactPercent == 0, qPrintable(QString::number(c.exactPercent) + u"% of pixels differ"_s));
}

QTEST_MAIN(TestDecimationFidelity)
#include "tst_decimationfidelity.moc"
