#include "decimation.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

using namespace Qt::StringLiterals;

// The properties that make an M4 reduction draw the same picture as the full data, checked against a reference
// computed here from first principles (stable sort by x, column formula from the header).
class TestDecimation final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void properties_data();
    void properties();
    void sortedAndShuffledAgree();
    void fewPointsAreKeptAsIs();
    void degenerateArguments_data();
    void degenerateArguments();
    void nanRunsCollapseToOneMarker();
    void everyPointKept_data();
    void everyPointKept();
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Data {
    std::vector<double> x, y;
};

Data generate(const QString& kind, int n)
{
    std::mt19937_64 rng(20140901);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Data d;
    d.x.resize(n);
    d.y.resize(n);
    double walk = 0;
    for (int i = 0; i < n; ++i) {
        d.x[i] = i;
        walk += noise(rng);
        d.y[i] = walk;
    }
    if (kind == u"spikes") {
        for (int i = 0; i < n; ++i)
            d.y[i] = 1.0 + 0.001 * noise(rng);
        for (int k = 0; k < 40; ++k)
            d.y[static_cast<std::size_t>(unit(rng) * n)] = (k % 2) ? 100.0 : -100.0;
    } else if (kind == u"nan gaps") {
        for (int i = 0; i < n; ++i) {
            if ((i / 997) % 5 == 2 || unit(rng) < 0.01)
                d.y[i] = kNaN;
        }
    } else if (kind == u"alternating nan") {
        for (int i = 1; i < n; i += 2)
            d.y[i] = kNaN;
    } else if (kind == u"inf values") {
        for (int i = 0; i < n; ++i) {
            const double u = unit(rng);
            d.y[i] = u < 0.002 ? kInf : u < 0.004 ? -kInf : u < 0.006 ? kNaN : d.y[i];
        }
    } else if (kind == u"plateau") {
        std::fill(d.y.begin(), d.y.end(), 0.25);
        for (int i = n / 2; i < n; ++i)
            d.y[i] = 0.75; // one step up, then flat again
    } else if (kind == u"huge range") {
        for (int i = 0; i < n; ++i)
            d.x[i] = -1e300 + 2e300 * (static_cast<double>(i) / (n - 1));
    } else if (kind == u"huge steps") {
        for (int i = 0; i < n; ++i)
            d.x[i] = 1.7e12 + 1e6 * static_cast<double>(i); // wall-clock milliseconds
    } else if (kind == u"tiny range") {
        for (int i = 0; i < n; ++i)
            d.x[i] = 1.0 + 1e-15 * i;
    } else if (kind == u"non-monotonic") {
        // A resumed run: steps 0..0.6n, then again from 0.4n, plus a few single steps logged late.
        const int cut = n * 6 / 10, resume = n * 4 / 10;
        for (int i = cut; i < n; ++i)
            d.x[i] = resume + (i - cut);
        for (int k = 0; k < 30; ++k)
            std::swap(d.x[static_cast<std::size_t>(unit(rng) * n)], d.x[static_cast<std::size_t>(unit(rng) * n)]);
    } else if (kind == u"duplicate x") {
        for (int i = 0; i < n; ++i)
            d.x[i] = static_cast<double>(i / 50);
    } else if (kind == u"random") {
        for (int i = 0; i < n; ++i)
            d.y[i] = unit(rng);
    }
    return d;
}

std::vector<std::size_t> referenceOrder(const Data& d)
{
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
        if (std::isfinite(d.x[i]))
            order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return d.x[a] < d.x[b]; });
    return order;
}

std::int64_t columnOf(double x, double xMin, double xMax, int width)
{
    double c = 0;
    if (xMax > xMin) {
        const double h = std::isfinite(xMax - xMin) ? 1.0 : 0.5;
        c = std::floor((x * h - xMin * h) / (xMax * h - xMin * h) * width);
    }
    return static_cast<std::int64_t>(std::clamp(c, 0.0, width - 1.0));
}

} // namespace

void TestDecimation::properties_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("from"); // visible range as fractions of the data's x range
    QTest::addColumn<double>("to");

    QTest::addRow("random walk") << u"walk"_s << 200000 << 800 << 0.0 << 1.0;
    QTest::addRow("random noise") << u"random"_s << 100000 << 200 << 0.0 << 1.0;
    QTest::addRow("one pixel column") << u"walk"_s << 10000 << 1 << 0.0 << 1.0;
    QTest::addRow("single-step spikes") << u"spikes"_s << 300000 << 640 << 0.0 << 1.0;
    QTest::addRow("nan gaps") << u"nan gaps"_s << 100000 << 500 << 0.0 << 1.0;
    QTest::addRow("alternating nan") << u"alternating nan"_s << 20000 << 300 << 0.0 << 1.0;
    QTest::addRow("inf values") << u"inf values"_s << 50000 << 400 << 0.0 << 1.0;
    QTest::addRow("plateaus") << u"plateau"_s << 50000 << 333 << 0.0 << 1.0;
    QTest::addRow("huge range") << u"huge range"_s << 50000 << 800 << 0.0 << 1.0;
    QTest::addRow("huge steps") << u"huge steps"_s << 50000 << 800 << 0.25 << 0.5;
    QTest::addRow("tiny range") << u"tiny range"_s << 5000 << 800 << 0.0 << 1.0;
    QTest::addRow("non-monotonic steps") << u"non-monotonic"_s << 100000 << 700 << 0.0 << 1.0;
    QTest::addRow("non-monotonic zoomed") << u"non-monotonic"_s << 100000 << 700 << 0.35 << 0.65;
    QTest::addRow("duplicate steps") << u"duplicate x"_s << 100000 << 500 << 0.0 << 1.0;
    QTest::addRow("zoomed window") << u"walk"_s << 100000 << 800 << 0.3013 << 0.3379;
    QTest::addRow("zoomed into nan gap") << u"nan gaps"_s << 100000 << 400 << 0.021 << 0.029;
    QTest::addRow("window past the data") << u"walk"_s << 1000 << 800 << 1.5 << 2.0;
    QTest::addRow("window before the data") << u"walk"_s << 1000 << 800 << -2.0 << -1.0;
    QTest::addRow("more columns than points") << u"walk"_s << 300 << 800 << 0.0 << 1.0;
}

void TestDecimation::properties()
{
    QFETCH(QString, kind);
    QFETCH(int, n);
    QFETCH(int, width);
    QFETCH(double, from);
    QFETCH(double, to);

    const Data d = generate(kind, n);
    const auto [lo, hi] = std::minmax_element(d.x.begin(), d.x.end());
    // Fractions of the range are taken in halves so that the ±1e300 case stays finite.
    const double xMin = *lo / 2 * (1 - from) * 2 + *hi / 2 * from * 2;
    const double xMax = *lo / 2 * (1 - to) * 2 + *hi / 2 * to * 2;
    QVERIFY(std::isfinite(xMin) && std::isfinite(xMax));

    const XYPoints out = decimateM4(d.x, d.y, xMin, xMax, width);
    QCOMPARE(out.y.size(), out.x.size());
    QCOMPARE(out.source.size(), out.x.size());

    const std::vector<std::size_t> order = referenceOrder(d);
    std::vector<std::size_t> positionOf(d.x.size());
    for (std::size_t p = 0; p < order.size(); ++p)
        positionOf[order[p]] = p;
    const auto inRange = [&](double x) { return x >= xMin && x <= xMax; };

    // Every output point is an input point, in drawing order; markers only between points.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t s = out.source[i];
        QVERIFY(s < d.x.size());
        QCOMPARE(out.x[i], d.x[s]);
        if (std::isnan(out.y[i])) {
            QVERIFY2(!std::isfinite(d.y[s]), "a marker stands on a non-finite value");
            QVERIFY2(i > 0 && i + 1 < out.size(), "no leading or trailing marker");
            QVERIFY2(!std::isnan(out.y[i - 1]), "consecutive markers collapse");
        } else {
            QCOMPARE(out.y[i], d.y[s]);
        }
        if (i > 0 && out.source[i - 1] == s && !std::isnan(out.y[i])) {
            // Written twice: a point of a longer segment that the reduction left alone between breaks becomes a
            // line of no length, not a dot (Column::flush).
            QVERIFY2(i < 2 || std::isnan(out.y[i - 2]), "a repeated point stands alone");
            QVERIFY2(i + 1 == out.size() || std::isnan(out.y[i + 1]), "a repeated point stands alone");
            const std::size_t p = positionOf[s];
            const bool neighbourFinite = (p > 0 && std::isfinite(d.y[order[p - 1]]))
                || (p + 1 < order.size() && std::isfinite(d.y[order[p + 1]]));
            QVERIFY2(neighbourFinite, "only a point of a longer segment is repeated");
        } else if (i > 0) {
            QVERIFY2(positionOf[out.source[i - 1]] < positionOf[s], "points keep ascending-x order");
        }
    }

    // Two consecutive drawn points are separated by a marker exactly when the data breaks between them.
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        if (std::isnan(out.y[i]))
            continue;
        const bool marker = std::isnan(out.y[i + 1]);
        const std::size_t next = marker ? i + 2 : i + 1;
        bool dataBreaks = false;
        for (std::size_t p = positionOf[out.source[i]] + 1; p < positionOf[out.source[next]]; ++p)
            dataBreaks = dataBreaks || !std::isfinite(d.y[order[p]]);
        QCOMPARE(marker, dataBreaks);
    }

    // Per column: the bound on points, the extremes, and the infinities.
    struct ColumnStats {
        double low = kInf, high = -kInf;
        bool broken = false, plusInf = false, minusInf = false;
        int drawn = 0, markers = 0;
        bool lowDrawn = false, highDrawn = false;
    };
    std::map<std::int64_t, ColumnStats> columns;
    std::size_t firstIn = order.size(), lastIn = order.size();
    for (std::size_t p = 0; p < order.size(); ++p) {
        const double x = d.x[order[p]], y = d.y[order[p]];
        if (!inRange(x))
            continue;
        if (firstIn == order.size())
            firstIn = p;
        lastIn = p;
        ColumnStats& c = columns[columnOf(x, xMin, xMax, width)];
        if (std::isfinite(y)) {
            c.low = std::min(c.low, y);
            c.high = std::max(c.high, y);
        } else {
            c.broken = true;
            c.plusInf = c.plusInf || y > 0;
            c.minusInf = c.minusInf || y < 0;
        }
    }
    int outside = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!inRange(out.x[i])) {
            outside += std::isnan(out.y[i]) ? 0 : 1;
            continue;
        }
        ColumnStats& c = columns[columnOf(out.x[i], xMin, xMax, width)];
        if (std::isnan(out.y[i])) {
            ++c.markers;
            continue;
        }
        if (i > 0 && out.source[i - 1] == out.source[i])
            continue; // written twice (see above)
        ++c.drawn;
        c.lowDrawn = c.lowDrawn || out.y[i] == c.low;
        c.highDrawn = c.highDrawn || out.y[i] == c.high;
    }
    QVERIFY2(outside <= 2, "only the nearest point on each side of the range");
    for (const auto& [column, c] : columns) {
        const QByteArray where = QByteArray("column ") + QByteArray::number(column) + QByteArray(": ")
            + QByteArray::number(c.drawn) + QByteArray(" points");
        QVERIFY2(c.drawn <= (c.broken ? 12 : 4), where.constData());
        QVERIFY2(c.markers <= 12, where.constData());
        if (std::isfinite(c.low)) {
            QVERIFY2(c.lowDrawn, QByteArray(where + ", lost its minimum").constData());
            QVERIFY2(c.highDrawn, QByteArray(where + ", lost its maximum").constData());
        }
        const auto countIn = [&](const std::vector<double>& xs) {
            return static_cast<int>(std::count_if(xs.begin(), xs.end(),
                [&](double x) { return inRange(x) && columnOf(x, xMin, xMax, width) == column; }));
        };
        QCOMPARE(countIn(out.plusInfX), c.plusInf ? 1 : 0);
        QCOMPARE(countIn(out.minusInfX), c.minusInf ? 1 : 0);
    }

    // The line enters from the nearest point on the left and leaves to the nearest on the right.
    const auto drawn = [&](std::size_t p) { return std::count(out.source.begin(), out.source.end(), order[p]) >= 1; };
    if (firstIn < order.size()) {
        if (std::isfinite(d.y[order[firstIn]]))
            QVERIFY2(drawn(firstIn), "first visible point kept");
        if (std::isfinite(d.y[order[lastIn]]))
            QVERIFY2(drawn(lastIn), "last visible point kept");
    }
    const std::size_t before = firstIn < order.size()
        ? firstIn
        : static_cast<std::size_t>(
            std::partition_point(order.begin(), order.end(), [&](auto i) { return d.x[i] < xMin; }) - order.begin());
    if (before > 0 && std::isfinite(d.y[order[before - 1]]))
        QCOMPARE(out.source.front(), order[before - 1]);
    const std::size_t after = firstIn < order.size() ? lastIn + 1 : before;
    if (after < order.size() && std::isfinite(d.y[order[after]]))
        QCOMPARE(out.source.back(), order[after]);
}

void TestDecimation::sortedAndShuffledAgree()
{
    Data d = generate(u"spikes"_s, 20000);
    for (std::size_t i = 0; i < d.x.size(); ++i)
        d.x[i] = 3.0 * static_cast<double>(i) + 0.5; // unique x, so the drawing order is unambiguous
    d.y[1234] = kNaN;
    const XYPoints sorted = decimateM4(d.x, d.y, 1000, 50000, 321);

    std::vector<std::size_t> perm(d.x.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), std::mt19937(7));
    Data shuffled;
    for (std::size_t i : perm) {
        shuffled.x.push_back(d.x[i]);
        shuffled.y.push_back(d.y[i]);
    }
    QVERIFY(!isSortedByX(shuffled.x));
    const XYPoints fromShuffled = decimateM4(shuffled.x, shuffled.y, 1000, 50000, 321);
    QCOMPARE(fromShuffled.x, sorted.x);
    QCOMPARE(fromShuffled.y.size(), sorted.y.size());
    for (std::size_t i = 0; i < sorted.y.size(); ++i)
        QVERIFY(fromShuffled.y[i] == sorted.y[i] || (std::isnan(sorted.y[i]) && std::isnan(fromShuffled.y[i])));
    for (std::size_t i = 0; i < sorted.source.size(); ++i)
        QCOMPARE(perm[fromShuffled.source[i]], sorted.source[i]);
}

void TestDecimation::fewPointsAreKeptAsIs()
{
    const std::vector<double> xs { 0, 1, 2, 3, 4, 5, 6, 7 };
    const std::vector<double> ys { 5, 4, kNaN, 2, 1, 9, 8, 7 };
    const XYPoints out = decimateM4(xs, ys, 0, 7, 1000);
    QCOMPARE(out.x, xs);
    QCOMPARE(out.size(), ys.size());
    QVERIFY(std::isnan(out.y[2]));
}

void TestDecimation::degenerateArguments_data()
{
    QTest::addColumn<double>("xMin");
    QTest::addColumn<double>("xMax");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("expected");

    QTest::addRow("zero width") << 0.0 << 10.0 << 0 << 0;
    QTest::addRow("inverted range") << 10.0 << 0.0 << 100 << 0;
    QTest::addRow("nan range") << kNaN << 10.0 << 100 << 0;
    QTest::addRow("infinite range") << 0.0 << kInf << 100 << 0;
    // All ten points share x = 4, one column: first, min, max, last, and the neighbours 3 and 5.
    QTest::addRow("empty range on a step") << 4.0 << 4.0 << 100 << 6;
}

void TestDecimation::degenerateArguments()
{
    QFETCH(double, xMin);
    QFETCH(double, xMax);
    QFETCH(int, width);
    QFETCH(int, expected);

    std::vector<double> xs { 3 }, ys { 0 };
    for (int i = 0; i < 10; ++i) {
        xs.push_back(4);
        ys.push_back(i == 3 ? -5 : i == 6 ? 17 : i);
    }
    xs.push_back(5);
    ys.push_back(0);
    const XYPoints out = decimateM4(xs, ys, xMin, xMax, width);
    QCOMPARE(static_cast<int>(out.size()), expected);
    if (expected == 6)
        QCOMPARE(out.y, (std::vector<double> { 0, 0, -5, 17, 9, 0 }));
    QVERIFY(decimateM4({}, {}, 0, 1, 100).empty());
}

void TestDecimation::nanRunsCollapseToOneMarker()
{
    std::vector<double> xs, ys;
    for (int i = 0; i < 1000; ++i) {
        xs.push_back(i);
        ys.push_back(i >= 100 && i < 900 ? kNaN : 1.0);
    }
    const XYPoints out = decimateM4(xs, ys, 0, 999, 50);
    QCOMPARE(static_cast<int>(std::count_if(out.y.begin(), out.y.end(), [](double y) { return std::isnan(y); })), 1);
    const auto marker = std::find_if(out.y.begin(), out.y.end(), [](double y) { return std::isnan(y); });
    const std::size_t at = static_cast<std::size_t>(marker - out.y.begin());
    QCOMPARE(out.x[at - 1], 99.0);
    QCOMPARE(out.x[at], 899.0); // the marker stands on the last NaN of the run
    QCOMPARE(out.x[at + 1], 900.0);
}

void TestDecimation::everyPointKept_data()
{
    QTest::addColumn<QString>("kind");
    for (const QString& kind : { u"walk"_s, u"nan gaps"_s, u"alternating nan"_s, u"inf values"_s, u"non-monotonic"_s })
        QTest::addRow("%s", qPrintable(kind)) << kind;
}

// M4Options::keepEveryPointUpTo: every visible point, the nearest on either side, a break marker wherever the data
// breaks (at the last non-finite x of the break), and ±inf marked as a reduction marks them.
void TestDecimation::everyPointKept()
{
    QFETCH(QString, kind);
    const Data d = generate(kind, 20'000);
    const std::vector<std::size_t> order = referenceOrder(d);
    const double xMin = 5'000.5, xMax = 9'000.25;

    // With at most two points a column M4 keeps them all, so both ways must give the very same output.
    const M4Options everyPoint { .keepEveryPointUpTo = 1e9 };
    const XYPoints m4 = decimateM4(d.x, d.y, ColumnGrid::uniform(xMin, xMax, 4'000));
    const XYPoints kept = decimateM4(d.x, d.y, ColumnGrid::uniform(xMin, xMax, 4'000), everyPoint);
    const auto sameY = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    QCOMPARE(kept.x, m4.x);
    QCOMPARE(kept.source, m4.source);
    QVERIFY(std::equal(kept.y.begin(), kept.y.end(), m4.y.begin(), m4.y.end(), sameY));
    QCOMPARE(kept.plusInfX, m4.plusInfX);
    QCOMPARE(kept.minusInfX, m4.minusInfX);

    // With many points a column, the points themselves, built here from the definition.
    const XYPoints many = decimateM4(d.x, d.y, ColumnGrid::uniform(xMin, xMax, 100), everyPoint);
    XYPoints expected;
    std::size_t begin = 0;
    while (begin < order.size() && d.x[order[begin]] < xMin)
        ++begin;
    std::size_t end = begin;
    while (end < order.size() && d.x[order[end]] <= xMax)
        ++end;
    bool broken = false;
    std::size_t lastBreak = 0;
    for (std::size_t p = begin > 0 ? begin - 1 : 0; p < std::min(end + 1, order.size()); ++p) {
        const std::size_t i = order[p];
        if (!std::isfinite(d.y[i])) {
            broken = true;
            lastBreak = i;
            continue;
        }
        if (broken && !expected.empty()) {
            expected.x.push_back(d.x[lastBreak]);
            expected.y.push_back(kNaN);
        }
        broken = false;
        expected.x.push_back(d.x[i]);
        expected.y.push_back(d.y[i]);
    }
    QCOMPARE(many.x, expected.x);
    QVERIFY(std::equal(many.y.begin(), many.y.end(), expected.y.begin(), expected.y.end(), sameY));
    // ±inf: the first of each sign in every column.
    std::map<std::int64_t, double> plus, minus;
    for (std::size_t p = begin; p < end; ++p) {
        const std::size_t i = order[p];
        if (std::isinf(d.y[i]))
            (d.y[i] > 0 ? plus : minus).emplace(columnOf(d.x[i], xMin, xMax, 100), d.x[i]);
    }
    std::vector<double> plusX, minusX;
    for (const auto& [column, x] : plus)
        plusX.push_back(x);
    for (const auto& [column, x] : minus)
        minusX.push_back(x);
    QCOMPARE(many.plusInfX, plusX);
    QCOMPARE(many.minusInfX, minusX);
    if (kind == u"inf values")
        QVERIFY(!plusX.empty() && !minusX.empty());
}

QTEST_GUILESS_MAIN(TestDecimation)
#include "tst_decimation.moc"
