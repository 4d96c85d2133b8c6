#include "columngrid.h"
#include "columnmemo.h"
#include "decimation.h"
#include "minmaxpyramid.h"
#include "xvalues.h"

#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>

using namespace Qt::StringLiterals;

// The pyramid-backed reduction must give exactly what the point-by-point decimateM4 gives for ascending data:
// the same points, markers and ±inf positions, bit for bit, for every column layout and option.
class TestMinMaxPyramid final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void extremesMatchAScan_data();
    void extremesMatchAScan();
    void sameAsPointByPoint_data();
    void sameAsPointByPoint();
    void everyWidth_data();
    void everyWidth();
    void randomSeriesAndGrids();
    void pansReuseColumnsExactly_data();
    void pansReuseColumnsExactly();
    void xValuesMatchTheDoublesAChartComputed();
    void smallMemory();
    void columnGridPlacesPointsLikeQtCharts();
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Series {
    std::vector<std::int64_t> steps; // used when `doubles` is empty
    std::vector<double> doubles; // x values no integer column can express
    std::vector<double> ys;

    std::vector<double> xs() const
    {
        if (!doubles.empty())
            return doubles;
        std::vector<double> out(steps.size());
        std::transform(steps.begin(), steps.end(), out.begin(), [](std::int64_t s) { return static_cast<double>(s); });
        return out;
    }
    XValues xValues() const { return doubles.empty() ? XValues(std::span(steps)) : XValues(doubles); }
};

Series generate(const QString& kind, int n, unsigned seed = 20140901)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Series s;
    s.steps.resize(n);
    s.ys.resize(n);
    double walk = 0;
    for (int i = 0; i < n; ++i) {
        s.steps[i] = i;
        walk += noise(rng);
        s.ys[i] = walk;
    }
    if (kind == u"noise") {
        for (double& y : s.ys)
            y = noise(rng);
    } else if (kind == u"spikes") {
        for (double& y : s.ys)
            y = 1.0 + 0.001 * noise(rng);
        for (int k = 0; k < 40; ++k)
            s.ys[static_cast<std::size_t>(unit(rng) * n)] = (k % 2) ? 100.0 : -100.0;
    } else if (kind == u"nan gaps") {
        for (int i = 0; i < n; ++i) {
            if ((i / 997) % 5 == 2 || unit(rng) < 0.01)
                s.ys[i] = kNaN;
        }
    } else if (kind == u"alternating nan") {
        for (int i = 1; i < n; i += 2)
            s.ys[i] = kNaN;
    } else if (kind == u"inf values") {
        for (double& y : s.ys) {
            const double u = unit(rng);
            y = u < 0.002 ? kInf : u < 0.004 ? -kInf : u < 0.006 ? kNaN : y;
        }
    } else if (kind == u"all nan") {
        std::fill(s.ys.begin(), s.ys.end(), kNaN);
    } else if (kind == u"plateaus") {
        // Long runs of equal values: the first of equal extremes must win, as in a left-to-right scan.
        for (int i = 0; i < n; ++i)
            s.ys[i] = static_cast<double>((i / 777) % 3) - (i % 5000 == 17 ? 0.0 : 0.0);
        for (int i = 0; i < n; i += 1301)
            s.ys[i] = -0.0; // equal to 0.0: must not be told apart
    } else if (kind == u"constant") {
        std::fill(s.ys.begin(), s.ys.end(), 0.5);
    } else if (kind == u"duplicate x") {
        for (int i = 0; i < n; ++i)
            s.steps[i] = i / 50;
    } else if (kind == u"sparse steps") {
        // Steps with holes: many pixel columns hold nothing.
        std::int64_t step = 0;
        for (int i = 0; i < n; ++i) {
            step += unit(rng) < 0.001 ? 20000 : 1 + static_cast<std::int64_t>(unit(rng) * 3);
            s.steps[i] = step;
        }
    } else if (kind == u"huge range") {
        s.doubles.resize(n);
        for (int i = 0; i < n; ++i)
            s.doubles[i] = -1e300 + 2e300 * (static_cast<double>(i) / (n - 1));
    } else if (kind == u"tiny range") {
        s.doubles.resize(n);
        for (int i = 0; i < n; ++i)
            s.doubles[i] = 1.0 + 1e-15 * i;
    } else if (kind == u"wall time") {
        for (int i = 0; i < n; ++i)
            s.steps[i] = 1'714'000'000'000 + 250 * static_cast<std::int64_t>(i);
    }
    return s;
}

bool sameDoubles(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const bool same = std::isnan(a[i]) ? std::isnan(b[i])
                                           : std::bit_cast<std::uint64_t>(a[i]) == std::bit_cast<std::uint64_t>(b[i]);
        if (!same)
            return false;
    }
    return true;
}

// Describes the first difference, or returns an empty string.
QString difference(const XYPoints& expected, const XYPoints& actual)
{
    if (expected.size() != actual.size())
        return u"%1 points expected, %2 given"_s.arg(expected.size()).arg(actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (expected.source[i] != actual.source[i])
            return u"point %1: source %2 expected, %3 given"_s.arg(i).arg(expected.source[i]).arg(actual.source[i]);
    }
    if (!sameDoubles(expected.x, actual.x) || !sameDoubles(expected.y, actual.y))
        return u"same sources, different values"_s;
    if (!sameDoubles(expected.plusInfX, actual.plusInfX) || !sameDoubles(expected.minusInfX, actual.minusInfX))
        return u"different inf markers"_s;
    return {};
}

// A visible range as fractions of the data's x range, taken in halves so that the ±1e300 case stays finite.
std::pair<double, double> rangeOf(const std::vector<double>& xs, double from, double to)
{
    const double lo = xs.front(), hi = xs.back();
    return { lo / 2 * (1 - from) * 2 + hi / 2 * from * 2, lo / 2 * (1 - to) * 2 + hi / 2 * to * 2 };
}

ColumnGrid makeGrid(const QString& layout, double xMin, double xMax, int width)
{
    if (layout == u"uniform")
        return ColumnGrid::uniform(xMin, xMax, width);
    // A plot area at a fractional offset, as Qt Charts lays it out, with the chart's 1.6 px pen.
    const bool aliased = layout == u"painter aliased";
    const double ratio = layout == u"painter 2x" ? 2.0 : 1.0;
    return ColumnGrid::painter(xMin, xMax, 61.375, width / ratio, ratio, 1.6 * ratio, !aliased);
}

// What decimateM4Into hands a sink, as XYPoints.
class CollectingSink final : public M4Sink {
public:
    XYPoints points;

    void reserve(std::size_t) override { }
    void point(double x, double y, std::size_t source) override
    {
        points.x.push_back(x);
        points.y.push_back(y);
        points.source.push_back(source);
    }
    void plusInf(double x) override { points.plusInfX.push_back(x); }
    void minusInf(double x) override { points.minusInfX.push_back(x); }
};

} // namespace

void TestMinMaxPyramid::extremesMatchAScan_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    for (const QString& kind : { u"walk"_s, u"plateaus"_s, u"nan gaps"_s, u"inf values"_s, u"all nan"_s, u"spikes"_s })
        QTest::addRow("%s", qPrintable(kind)) << kind << 20'000;
    // Shorter than the SIMD pass's four values, and just longer: its scalar start and overlapping tail.
    for (int n : { 1, 3, 4, 5, 7, 9 })
        QTest::addRow("%d values", n) << u"plateaus"_s << n;
    QTest::addRow("one block") << u"walk"_s << 64;
    QTest::addRow("odd block count") << u"noise"_s << 64 * 37 + 5;
}

void TestMinMaxPyramid::extremesMatchAScan()
{
    QFETCH(QString, kind);
    QFETCH(int, n);
    const Series s = generate(kind, n);
    const MinMaxPyramid pyramid(s.ys);
    std::mt19937 rng(3);
    for (int trial = 0; trial < 3000; ++trial) {
        std::size_t a = rng() % (s.ys.size() + 1), b = rng() % (s.ys.size() + 1);
        if (trial % 3 == 0)
            b = std::min(s.ys.size(), a + rng() % 300); // short ranges: block edges
        if (a > b)
            std::swap(a, b);
        std::size_t low = MinMaxPyramid::npos, high = MinMaxPyramid::npos;
        bool allFinite = true;
        for (std::size_t p = a; p < b; ++p) {
            const double y = s.ys[p];
            if (!std::isfinite(y)) {
                allFinite = false;
                continue;
            }
            if (low == MinMaxPyramid::npos || y < s.ys[low])
                low = p;
            if (high == MinMaxPyramid::npos || y > s.ys[high])
                high = p;
        }
        const MinMaxPyramid::Extremes e = pyramid.extremes(s.ys, a, b);
        const QByteArray where
            = "range [" + QByteArray::number(qulonglong(a)) + ", " + QByteArray::number(qulonglong(b)) + ")";
        QVERIFY2(e.lowest == low, where.constData());
        QVERIFY2(e.highest == high, where.constData());
        QVERIFY2(e.allFinite == allFinite, where.constData());
        // The values come with the positions, as stored there (of equal zeros, the sign the first one has).
        const auto same = [](double a, double b) { return a == b && std::signbit(a) == std::signbit(b); };
        if (low != MinMaxPyramid::npos)
            QVERIFY2(same(e.low, s.ys[low]), where.constData());
        if (high != MinMaxPyramid::npos)
            QVERIFY2(same(e.high, s.ys[high]), where.constData());
    }
}

void TestMinMaxPyramid::sameAsPointByPoint_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");

    QTest::addRow("random walk") << u"walk"_s << 200'000 << 800 << 0.0 << 1.0;
    QTest::addRow("noise") << u"noise"_s << 100'000 << 200 << 0.0 << 1.0;
    QTest::addRow("single-step spikes") << u"spikes"_s << 300'000 << 640 << 0.0 << 1.0;
    QTest::addRow("nan gaps") << u"nan gaps"_s << 100'000 << 500 << 0.0 << 1.0;
    QTest::addRow("alternating nan") << u"alternating nan"_s << 20'000 << 300 << 0.0 << 1.0;
    QTest::addRow("inf values") << u"inf values"_s << 100'000 << 400 << 0.0 << 1.0;
    QTest::addRow("all nan") << u"all nan"_s << 10'000 << 100 << 0.0 << 1.0;
    QTest::addRow("plateaus") << u"plateaus"_s << 100'000 << 333 << 0.0 << 1.0;
    QTest::addRow("constant") << u"constant"_s << 100'000 << 333 << 0.0 << 1.0;
    QTest::addRow("duplicate steps") << u"duplicate x"_s << 100'000 << 500 << 0.0 << 1.0;
    QTest::addRow("sparse steps") << u"sparse steps"_s << 100'000 << 1200 << 0.0 << 1.0;
    QTest::addRow("huge range") << u"huge range"_s << 50'000 << 800 << 0.0 << 1.0;
    QTest::addRow("tiny range") << u"tiny range"_s << 5'000 << 800 << 0.0 << 1.0;
    QTest::addRow("wall time zoomed") << u"wall time"_s << 100'000 << 800 << 0.25 << 0.5;
    QTest::addRow("zoomed window") << u"walk"_s << 200'000 << 800 << 0.3013 << 0.3379;
    QTest::addRow("zoomed into nan gap") << u"nan gaps"_s << 100'000 << 400 << 0.021 << 0.029;
    QTest::addRow("zoomed to a few points") << u"walk"_s << 100'000 << 1000 << 0.5 << 0.50005;
    QTest::addRow("window past the data") << u"walk"_s << 1000 << 800 << 1.5 << 2.0;
    QTest::addRow("window before the data") << u"walk"_s << 1000 << 800 << -2.0 << -1.0;
    QTest::addRow("one pixel column") << u"walk"_s << 100'000 << 1 << 0.0 << 1.0;
}

void TestMinMaxPyramid::sameAsPointByPoint()
{
    QFETCH(QString, kind);
    QFETCH(int, n);
    QFETCH(int, width);
    QFETCH(double, from);
    QFETCH(double, to);

    const Series s = generate(kind, n);
    const std::vector<double> xs = s.xs();
    const XValues xValues = s.xValues();
    QVERIFY(xValues.isAscending());
    const MinMaxPyramid pyramid(s.ys);
    const auto [xMin, xMax] = rangeOf(xs, from, to);
    for (const QString& layout : { u"uniform"_s, u"painter"_s, u"painter aliased"_s, u"painter 2x"_s }) {
        for (bool neighbours : { false, true }) {
            const ColumnGrid grid = makeGrid(layout, xMin, xMax, width);
            QVERIFY(grid.isValid());
            const M4Options options { neighbours };
            const XYPoints expected = decimateM4(xs, s.ys, grid, options);
            const XYPoints actual = decimateM4(xValues, s.ys, pyramid, grid, options);
            const QString diff = difference(expected, actual);
            QVERIFY2(diff.isEmpty(), qPrintable(layout + (neighbours ? u" with neighbours: "_s : u": "_s) + diff));
        }
    }
    // The uniform layout is the original reduction.
    QVERIFY(difference(decimateM4(xs, s.ys, xMin, xMax, width),
        decimateM4(xValues, s.ys, pyramid, ColumnGrid::uniform(xMin, xMax, width)))
                .isEmpty());
}

void TestMinMaxPyramid::everyWidth_data()
{
    QTest::addColumn<QString>("kind");
    for (const QString& kind : { u"walk"_s, u"inf values"_s, u"spikes"_s, u"nan gaps"_s, u"plateaus"_s })
        QTest::addRow("%s", qPrintable(kind)) << kind;
}

void TestMinMaxPyramid::everyWidth()
{
    QFETCH(QString, kind);
    const Series s = generate(kind, 60'000, 7);
    const std::vector<double> xs = s.xs();
    const XValues xValues = s.xValues();
    const MinMaxPyramid pyramid(s.ys);
    for (int width : { 1, 2, 3, 5, 17, 64, 127, 333, 640, 1000, 1920, 2999, 4000 }) {
        for (const auto& [from, to] :
            { std::pair { 0.0, 1.0 }, std::pair { 0.1234, 0.8765 }, std::pair { 0.49, 0.51 } }) {
            const auto [xMin, xMax] = rangeOf(xs, from, to);
            for (const QString& layout : { u"uniform"_s, u"painter"_s }) {
                const ColumnGrid grid = makeGrid(layout, xMin, xMax, width);
                const M4Options options { layout == u"painter" };
                const QString diff = difference(
                    decimateM4(xs, s.ys, grid, options), decimateM4(xValues, s.ys, pyramid, grid, options));
                QVERIFY2(diff.isEmpty(), qPrintable(u"width %1, %2: "_s.arg(width).arg(layout) + diff));
            }
        }
    }
}

// Small random series and grids hit the edges a hand-picked case misses: columns of exactly one or two blocks,
// breaks at block boundaries, ranges ending between equal x.
void TestMinMaxPyramid::randomSeriesAndGrids()
{
    std::mt19937_64 rng(77);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int trial = 0; trial < 400; ++trial) {
        const int n = 1 + static_cast<int>(rng() % 6000);
        Series s;
        s.steps.resize(n);
        s.ys.resize(n);
        std::int64_t step = static_cast<std::int64_t>(rng() % 1000) - 500;
        const double nanRate = unit(rng) < 0.5 ? 0.0 : unit(rng) * 0.02;
        const int levels = 1 + static_cast<int>(rng() % 50); // few distinct values: many ties
        for (int i = 0; i < n; ++i) {
            step += static_cast<std::int64_t>(rng() % 3);
            s.steps[i] = step;
            const double u = unit(rng);
            s.ys[i] = u < nanRate   ? kNaN
                : u < nanRate * 1.2 ? kInf
                : u < nanRate * 1.4 ? -kInf
                                    : double(rng() % levels);
        }
        const std::vector<double> xs = s.xs();
        const MinMaxPyramid pyramid(s.ys);
        double xMin = xs.front() + (xs.back() - xs.front()) * (unit(rng) * 1.2 - 0.1);
        double xMax = xs.front() + (xs.back() - xs.front()) * (unit(rng) * 1.2 - 0.1);
        if (xMin > xMax)
            std::swap(xMin, xMax);
        const int width = 1 + static_cast<int>(rng() % 500);
        const ColumnGrid grid = trial % 2 ? ColumnGrid::uniform(xMin, xMax, width)
                                          : ColumnGrid::painter(xMin, xMax, unit(rng) * 100, width,
                                              1 + (rng() % 3) * 0.5, unit(rng) * 6, trial % 4 == 0);
        const M4Options options { trial % 3 == 0 };
        const QString diff
            = difference(decimateM4(xs, s.ys, grid, options), decimateM4(s.xValues(), s.ys, pyramid, grid, options));
        QVERIFY2(diff.isEmpty(), qPrintable(u"trial %1 (n %2, width %3): "_s.arg(trial).arg(n).arg(width) + diff));
    }
}

void TestMinMaxPyramid::pansReuseColumnsExactly_data()
{
    QTest::addColumn<QString>("kind");
    for (const QString& kind : { u"walk"_s, u"spikes"_s, u"nan gaps"_s, u"inf values"_s, u"plateaus"_s, u"sparse steps"_s })
        QTest::addRow("%s", qPrintable(kind)) << kind;
}

// ColumnMemo: a pan by whole device pixels takes most columns from the frame before, and every frame is still
// exactly the reduction without a memo: through pans both ways, a zoom, pans at another ratio, and values that
// changed in place (forgotten by clear()).
void TestMinMaxPyramid::pansReuseColumnsExactly()
{
    QFETCH(QString, kind);
    Series s = generate(kind, 300'000, 11);
    const std::vector<double> xs = s.xs();
    const XValues xValues = s.xValues();
    MinMaxPyramid pyramid(s.ys);
    ColumnMemo memo;
    const double left = 61.375, logicalWidth = 801;

    struct Frame {
        double from, to; // fractions of the data's x range
        int pixelShift; // then moved by this many device pixels
        double ratio;
        bool reuseExpected;
    };
    const Frame frames[] = {
        { 0.10, 0.90, 0, 1.0, false }, // the first frame: nothing to reuse
        { 0.10, 0.90, 80, 1.0, true },
        { 0.10, 0.90, 160, 1.0, true },
        { 0.10, 0.90, 100, 1.0, true }, // back left
        { 0.30, 0.40, 0, 1.0, false }, // a zoom: other columns
        { 0.30, 0.40, -13, 1.0, true },
        { 0.30, 0.40, -26, 2.0, false }, // another pixel ratio: other columns
        { 0.30, 0.40, -50, 2.0, true },
    };
    double previousUnit = 0;
    for (std::size_t f = 0; f < std::size(frames); ++f) {
        const Frame& frame = frames[f];
        auto [xMin, xMax] = rangeOf(xs, frame.from, frame.to);
        const double unit = (xMax - xMin) / (logicalWidth * frame.ratio);
        if (frame.pixelShift != 0 && frame.ratio == frames[f - 1].ratio && previousUnit > 0) {
            xMin += frame.pixelShift * unit; // as MetricChart::panBy moves the range
            xMax += frame.pixelShift * unit;
        }
        previousUnit = unit;
        const ColumnGrid grid = ColumnGrid::painter(xMin, xMax, left, logicalWidth, frame.ratio, 2 * frame.ratio, true);
        CollectingSink sink;
        decimateM4Into(sink, xValues, s.ys, pyramid, grid, {}, &memo);
        const QString diff = difference(decimateM4(xs, s.ys, grid), sink.points);
        QVERIFY2(diff.isEmpty(), qPrintable(u"frame %1: "_s.arg(f) + diff));
        // Without NaN or ±inf every column is kept, and all but those that came into view are reused; a column
        // holding a non-finite value is reduced anew every frame.
        const bool allFinite = kind == u"walk" || kind == u"spikes" || kind == u"plateaus";
        const double columns = logicalWidth * frame.ratio;
        const int moved = std::abs(frame.pixelShift - (f > 0 ? frames[f - 1].pixelShift : 0));
        const QString reused = u"frame %1: %2 columns reused"_s.arg(f).arg(memo.reusedCount());
        if (frame.reuseExpected) {
            QVERIFY2(memo.reusedCount() > 0, qPrintable(reused));
            if (allFinite)
                QVERIFY2(static_cast<double>(memo.reusedCount()) >= 0.8 * (columns - moved), qPrintable(reused));
        } else if (kind == u"walk") {
            // Another layout of columns: one may hold the same points by chance, hardly more.
            QVERIFY2(static_cast<double>(memo.reusedCount()) < 0.01 * columns, qPrintable(reused));
        }
    }

    // New values in the same buffer: after clear() nothing of the old ones is reused, and the result is theirs.
    for (double& y : s.ys)
        y = -y;
    pyramid = MinMaxPyramid(s.ys);
    memo.clear();
    const auto [xMin, xMax] = rangeOf(xs, 0.1, 0.9);
    const ColumnGrid grid = ColumnGrid::painter(xMin, xMax, left, logicalWidth, 1.0, 2.0, true);
    CollectingSink sink;
    decimateM4Into(sink, xValues, s.ys, pyramid, grid, {}, &memo);
    QCOMPARE(memo.reusedCount(), std::size_t(0));
    QVERIFY(difference(decimateM4(xs, s.ys, grid), sink.points).isEmpty());
    // Other values altogether (another span): nothing reused either.
    const std::vector<double> other(s.ys.begin(), s.ys.end());
    const MinMaxPyramid otherPyramid(other);
    CollectingSink again;
    decimateM4Into(again, xValues, other, otherPyramid, grid, {}, &memo);
    QCOMPARE(memo.reusedCount(), std::size_t(0));
    QVERIFY(difference(decimateM4(xs, other, grid), again.points).isEmpty());
}

// A chart used to copy x into doubles per axis mode; reading it from the integer column must give the same bits.
void TestMinMaxPyramid::xValuesMatchTheDoublesAChartComputed()
{
    const std::vector<std::int64_t> ms { 1'714'000'000'000, 1'714'000'000'250, 1'714'000'123'457, 1'714'009'999'999,
        std::int64_t(1) << 60 };
    const std::int64_t origin = 1'714'000'000'000;
    for (double unit : { 1000.0, 60'000.0, 3'600'000.0 }) {
        const XValues relative(ms, origin, unit);
        for (std::size_t i = 0; i < ms.size(); ++i)
            QCOMPARE(std::bit_cast<std::uint64_t>(relative[i]),
                std::bit_cast<std::uint64_t>(static_cast<double>(ms[i] - origin) / unit));
    }
    const XValues wall { std::span<const std::int64_t>(ms) };
    for (std::size_t i = 0; i < ms.size(); ++i)
        QCOMPARE(wall[i], static_cast<double>(ms[i]));
    QCOMPARE(wall.size(), ms.size());
    QCOMPARE(wall.back(), static_cast<double>(std::int64_t(1) << 60));
    QVERIFY(wall.isAscending());
    // Iterators serve std::lower_bound, as the chart's hover readout uses them.
    const auto it = std::lower_bound(wall.begin(), wall.end(), 1'714'000'100'000.0);
    QCOMPARE(it - wall.begin(), 2);
    QCOMPARE(*(it - 1), 1'714'000'000'250.0);
    const XValues unsorted(std::vector<double> { 1, 3, 2 });
    QVERIFY(!unsorted.isAscending());
    QVERIFY(!XValues(std::vector<double> { 1, kNaN }).isAscending());
}

void TestMinMaxPyramid::smallMemory()
{
    std::vector<double> ys(1'000'000);
    std::iota(ys.begin(), ys.end(), 0.0);
    const MinMaxPyramid pyramid(ys);
    QCOMPARE(pyramid.size(), ys.size());
    const double perPoint = static_cast<double>(pyramid.memoryBytes()) / static_cast<double>(ys.size());
    qInfo("pyramid: %.3f bytes per point", perPoint);
    // 4 bytes of offsets per value, 24 bytes per 64 values, and as much again for the upper levels.
    QVERIFY(perPoint < 4.8);
    QCOMPARE(MinMaxPyramid(std::span(ys).first(100)).memoryBytes(), std::size_t(0)); // too small to need one
}

// Qt Charts maps x to (x - min) * (plotWidth / (max - min)) inside a plot area at plotLeft, times the device
// pixel ratio. A 1.6 px antialiased round-capped pen reaches 0.8 px either side, so the columns are cut at .2
// and .8 of each device pixel.
void TestMinMaxPyramid::columnGridPlacesPointsLikeQtCharts()
{
    const ColumnGrid grid = ColumnGrid::painter(0, 1000, 60.5, 500, 2.0, 1.6, true);
    QCOMPARE(grid.devicePosition(0), 121.0);
    QCOMPARE(grid.devicePosition(1000), 1121.0);
    // Device 121.0 lies in [120.8, 121.2).
    const auto at = [&](double device) { return grid.columnOf((device / 2 - 60.5) * 2) - grid.columnOf(0); };
    QCOMPARE(at(120.81), std::int64_t(0));
    QCOMPARE(at(121.19), std::int64_t(0));
    QCOMPARE(at(120.79), std::int64_t(-1));
    QCOMPARE(at(121.21), std::int64_t(1)); // [121.2, 121.8)
    QCOMPARE(at(121.79), std::int64_t(1));
    QCOMPARE(at(121.81), std::int64_t(2));
    QCOMPARE(at(122.21), std::int64_t(3));
    QCOMPARE(grid.columnOf(1000) - grid.columnOf(0), std::int64_t(2000));
    // Points up to reach (0.8) + a logical pixel of clip (2 device pixels) + half a pixel (a column painter's
    // edge pixel reaches from its far edge) past the plot can still show.
    QVERIFY(grid.devicePosition(grid.reachFrom()) < 121.0 - 3.3 && grid.devicePosition(grid.reachFrom()) > 121.0 - 3.4);
    QVERIFY(grid.devicePosition(grid.reachTo()) > 1121.0 + 3.3 && grid.devicePosition(grid.reachTo()) < 1121.0 + 3.4);
    QCOMPARE(grid.columnOf(grid.reachFrom()), std::int64_t(0));
    QCOMPARE(grid.columnOf(grid.reachTo()), grid.lastColumn());

    // Without antialiasing a 1-pixel pen lights the pixel whose centre is within 0.5: whole pixels.
    const ColumnGrid aliased = ColumnGrid::painter(0, 100, 0, 100, 1.0, 1.0, false);
    const auto aliasedAt = [&](double x) { return aliased.columnOf(x) - aliased.columnOf(0); };
    QCOMPARE(aliasedAt(0.99), std::int64_t(0));
    QCOMPARE(aliasedAt(1.0), std::int64_t(1));
    QCOMPARE(aliasedAt(-0.01), std::int64_t(-1));
    // An odd-width antialiased pen: columns centred on pixel edges.
    const ColumnGrid odd = ColumnGrid::painter(0, 100, 0, 100, 1.0, 1.0, true);
    const auto oddAt = [&](double x) { return odd.columnOf(x) - odd.columnOf(0); };
    QCOMPARE(oddAt(0.49), std::int64_t(0));
    QCOMPARE(oddAt(0.5), std::int64_t(1));
    QCOMPARE(oddAt(1.49), std::int64_t(1));
    QCOMPARE(oddAt(-0.51), std::int64_t(-1));

    // The uniform layout keeps exactly the visible range.
    const ColumnGrid uniform = ColumnGrid::uniform(10, 20, 100);
    QCOMPARE(uniform.reachFrom(), 10.0);
    QCOMPARE(uniform.reachTo(), 20.0);
    QCOMPARE(uniform.columnOf(20), std::int64_t(99));

    QVERIFY(!ColumnGrid::painter(0, 1, 0, 0, 1, 1.6, true).isValid());
    QVERIFY(!ColumnGrid::uniform(1, 0, 10).isValid());
}

QTEST_GUILESS_MAIN(TestMinMaxPyramid)
#include "tst_minmaxpyramid.moc"
