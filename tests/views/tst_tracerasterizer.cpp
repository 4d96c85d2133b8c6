#include "columngrid.h"
#include "decimation.h"
#include "opaquerows.h"
#include "tracerasterizer.h"

#include <QImage>
#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace Qt::StringLiterals;

// TraceRasterizer paints the same pixels for an M4 reduction over ColumnGrid::painter as for every point of the
// data, bit for bit, whatever the pen, antialiasing, zoom and data; and what it paints looks like a pen of the given
// width: a horizontal line is as thick as the pen, a spike as wide.
class TestTraceRasterizer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void horizontalLineHasThePensThickness();
    void spikeIsAsWideAsThePen();
    void reducedPaintsTheSamePixels_data();
    void reducedPaintsTheSamePixels();
    void twoTierPathPaintsWhatTheGeneralOneDoes();
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QImage blank(QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    return image;
}

int alphaAt(const QImage& image, int x, int y) { return qAlpha(image.pixel(x, y)); }

// Pieces between NaN breaks, mapped to device pixels as a chart maps them.
QImage paint(const std::vector<double>& xs, const std::vector<double>& ys, const ColumnGrid& grid, QSize size,
    double yLow, double yHigh, double pen, bool antialiased)
{
    QImage image = blank(size);
    TraceRasterizer rasterizer(image, image.rect(), pen, antialiased);
    std::vector<QPointF> piece;
    const auto flush = [&] {
        rasterizer.addPiece(piece);
        piece.clear();
    };
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(ys[i])) {
            flush();
            continue;
        }
        piece.emplace_back(grid.devicePosition(xs[i]), (yHigh - ys[i]) * (size.height() / (yHigh - yLow)));
    }
    flush();
    rasterizer.fill(QColor(0x1f, 0x77, 0xb4));
    return image;
}

} // namespace

void TestTraceRasterizer::horizontalLineHasThePensThickness()
{
    QImage image = blank(QSize(40, 40));
    TraceRasterizer rasterizer(image, image.rect(), 1.6, true);
    const std::vector<QPointF> line { { 2.0, 20.5 }, { 38.0, 20.5 } };
    rasterizer.addPiece(line);
    rasterizer.fill(Qt::black);
    // A 1.6 px pen centred on row 20's middle covers row 20 and 0.3 of rows 19 and 21.
    QCOMPARE(alphaAt(image, 20, 20), 255);
    QVERIFY(std::abs(alphaAt(image, 20, 19) - 77) <= 1);
    QVERIFY(std::abs(alphaAt(image, 20, 21) - 77) <= 1);
    QCOMPARE(alphaAt(image, 20, 18), 0);
    QCOMPARE(alphaAt(image, 20, 22), 0);
    QCOMPARE(alphaAt(image, 0, 20), 0); // round caps reach 0.8 px past the ends, not 2 px
    QVERIFY(alphaAt(image, 1, 20) > 0);
}

void TestTraceRasterizer::spikeIsAsWideAsThePen()
{
    QImage image = blank(QSize(40, 40));
    TraceRasterizer rasterizer(image, image.rect(), 1.6, true);
    const std::vector<QPointF> spike { { 2.0, 35.5 }, { 19.5, 35.5 }, { 20.5, 4.5 }, { 21.5, 35.5 }, { 38.0, 35.5 } };
    rasterizer.addPiece(spike);
    rasterizer.fill(Qt::black);
    // Near the top both flanks cross column 20 (at x 20.3 and 20.7 on row 10): full there, faint either side,
    // nothing beyond.
    QCOMPARE(alphaAt(image, 20, 10), 255);
    QVERIFY(alphaAt(image, 19, 10) > 0 && alphaAt(image, 19, 10) < 255);
    QVERIFY(alphaAt(image, 21, 10) > 0 && alphaAt(image, 21, 10) < 255);
    QCOMPARE(alphaAt(image, 18, 10), 0);
    QCOMPARE(alphaAt(image, 22, 10), 0);
    QVERIFY(alphaAt(image, 20, 4) > 0); // the tip is drawn
    QCOMPARE(alphaAt(image, 20, 2), 0);
}

void TestTraceRasterizer::twoTierPathPaintsWhatTheGeneralOneDoes()
{
    // The screen's 2 px pen goes through fillTwoTiers: for curves of every steepness, with breaks, spikes far off
    // the image, translucent colours and curves in front covering part of each other, bit for bit the picture of
    // the general path.
    std::mt19937_64 rng(20261204);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const QRect clip(2, 3, 290, 190);
    for (const double pen : { 2.0, 4.0 }) {
        for (const double amplitude : { 0.5, 3.0, 30.0, 150.0 }) {
            std::vector<std::vector<QPointF>> curves;
            for (int c = 0; c < 8; ++c) {
                std::vector<QPointF> points;
                const double step = 0.2 + 3 * unit(rng);
                for (double x = -4 + unit(rng); x < 300; x += step) {
                    const double spike = unit(rng) < 0.01 ? 1e6 * (unit(rng) < 0.5 ? 1 : -1) : 0.0;
                    points.emplace_back(x, 100 + 8 * c + amplitude * noise(rng) + spike);
                    if (unit(rng) < 0.02)
                        points.emplace_back(x, kNaN);
                }
                curves.push_back(std::move(points));
            }
            const auto render = [&](bool generalOnly) {
                TraceRasterizer::s_generalPathOnly = generalOnly;
                QImage image = blank(QSize(300, 200));
                std::vector<std::unique_ptr<TraceRasterizer>> rasterizers;
                for (const std::vector<QPointF>& points : curves) {
                    auto rasterizer = std::make_unique<TraceRasterizer>(image, clip, pen, true);
                    std::vector<QPointF> piece;
                    for (const QPointF& p : points) {
                        if (std::isnan(p.y())) {
                            rasterizer->addPiece(piece);
                            piece.clear();
                        } else {
                            piece.push_back(p);
                        }
                    }
                    rasterizer->addPiece(piece);
                    rasterizer->finish();
                    rasterizers.push_back(std::move(rasterizer));
                }
                OpaqueRows cover(clip.left(), clip.width());
                for (std::size_t i = rasterizers.size(); i-- > 0;) {
                    const QColor color = QColor::fromHsv(static_cast<int>(i) * 40, 200, 200, i % 3 == 0 ? 140 : 255);
                    rasterizers[i]->fillColumns(color, clip.left(), clip.right(), cover);
                }
                TraceRasterizer::s_generalPathOnly = false;
                return image;
            };
            const QImage general = render(true), twoTiers = render(false);
            QVERIFY2(general == twoTiers, qPrintable(u"pen %1, amplitude %2"_s.arg(pen).arg(amplitude)));
            int painted = 0;
            for (int y = 0; y < general.height(); ++y) {
                for (int x = 0; x < general.width(); ++x)
                    painted += alphaAt(general, x, y) > 0 ? 1 : 0;
            }
            QVERIFY(painted > 1000); // something was painted at all
        }
    }
}

void TestTraceRasterizer::reducedPaintsTheSamePixels_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("pen");
    QTest::addColumn<bool>("antialiased");
    QTest::addColumn<double>("zoom"); // the visible share of the data, centred
    for (const QString& kind : { u"random walk"_s, u"spikes"_s, u"nan gaps"_s, u"repeated x"_s, u"noise"_s }) {
        QTest::addRow("%s, 1.6 px", qPrintable(kind)) << kind << 1.6 << true << 1.0;
        QTest::addRow("%s, 1.2 px zoomed", qPrintable(kind)) << kind << 1.2 << true << 0.01;
        QTest::addRow("%s, 3.2 px (hidpi)", qPrintable(kind)) << kind << 3.2 << true << 0.3;
        QTest::addRow("%s, aliased", qPrintable(kind)) << kind << 1.0 << false << 1.0;
    }
}

// Breaks are at most one per reduction column here: where two or more breaks fall into one column, the
// reduction merges the stretches between them (decimateM4 keeps a column to at most 12 points), and a stretch of
// that middle can then be drawn shorter than in full.
void TestTraceRasterizer::reducedPaintsTheSamePixels()
{
    QFETCH(QString, kind);
    QFETCH(double, pen);
    QFETCH(bool, antialiased);
    QFETCH(double, zoom);
    constexpr int n = 200'000;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise;
    std::uniform_real_distribution<double> unit;
    std::vector<double> xs(n), ys(n);
    double walk = 0;
    for (int i = 0; i < n; ++i) {
        walk += noise(rng);
        xs[i] = kind == u"repeated x" ? std::floor(i / 7.0) : i;
        ys[i] = kind == u"noise"  ? noise(rng)
            : kind == u"spikes"   ? (i % 4999 == 0 ? 80.0 : 0.05 * noise(rng))
            : kind == u"nan gaps" ? ((i / 2000) % 5 == 2 || i % 1531 == 0 ? kNaN : walk)
                                  : walk;
    }
    double low = 0, high = 0;
    for (double y : ys) {
        if (std::isfinite(y)) {
            low = std::min(low, y);
            high = std::max(high, y);
        }
    }
    const QSize size(613, 217);
    const double centre = xs.back() / 2, half = xs.back() / 2 * zoom;
    const ColumnGrid grid = ColumnGrid::painter(centre - half, centre + half, 0.0, size.width(), 1.0, pen, antialiased);
    const XYPoints reduced = decimateM4(xs, ys, grid);
    QVERIFY(reduced.size() < static_cast<std::size_t>(n) / 4);

    // The full data painted outside the grid's reach is not what a chart paints: it hands the painter the visible
    // range and the nearest point either side, as the reduction does.
    std::vector<double> fullX, fullY;
    std::size_t first = 0, last = xs.size() - 1;
    while (first + 1 < xs.size() && xs[first + 1] < grid.reachFrom())
        ++first;
    while (last > 0 && xs[last - 1] > grid.reachTo())
        --last;
    fullX.assign(xs.begin() + static_cast<std::ptrdiff_t>(first), xs.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    fullY.assign(ys.begin() + static_cast<std::ptrdiff_t>(first), ys.begin() + static_cast<std::ptrdiff_t>(last) + 1);

    const QImage all = paint(fullX, fullY, grid, size, low, high, pen, antialiased);
    const QImage few = paint(reduced.x, reduced.y, grid, size, low, high, pen, antialiased);
    int differing = 0, firstX = -1, firstY = -1;
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            if (all.pixel(x, y) != few.pixel(x, y)) {
                if (differing++ == 0) {
                    firstX = x;
                    firstY = y;
                }
            }
        }
    }
    QVERIFY2(differing == 0,
        qPrintable(u"%1 pixels differ, first at (%2, %3)"_s.arg(differing).arg(firstX).arg(firstY)));
    int painted = 0;
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x)
            painted += qAlpha(all.pixel(x, y)) > 0 ? 1 : 0;
    }
    QVERIFY(painted > size.width()); // something was drawn in the first place
}

QTEST_MAIN(TestTraceRasterizer)
#include "tst_tracerasterizer.moc"
