#include "stepcolumn.h"

#include "columngrid.h"
#include "decimation.h"
#include "metricseries.h"
#include "minmaxpyramid.h"
#include "xvalues.h"

#include <QTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace Qt::StringLiterals;

using Steps = std::vector<std::int64_t>;
Q_DECLARE_METATYPE(Steps)

class TestStepColumn : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progressionStaysAffine_data();
    void progressionStaysAffine();
    void breakMaterialisesTheSameValues_data();
    void breakMaterialisesTheSameValues();
    void iteratorsServeTheStandardAlgorithms_data();
    void iteratorsServeTheStandardAlgorithms();
    void resizeAndTruncate();
    void shrinkToFitFindsAProgression();
    void copyAndMove();
    void insertAtEnd_data();
    void insertAtEnd();
    void equalityIgnoresTheRepresentation();
    void metricSeriesOfUsualStepsHasNoStepBytes();
    void xValuesOfAnAffineColumn_data();
    void xValuesOfAnAffineColumn();
    void decimationOverAnAffineColumnMatchesDoubles();
};

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

StepColumn columnOf(const Steps& steps)
{
    StepColumn c;
    for (const std::int64_t s : steps)
        c.push_back(s);
    return c;
}

Steps progression(std::int64_t first, std::int64_t stride, std::size_t count)
{
    Steps out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(first + stride * static_cast<std::int64_t>(i));
    return out;
}

// Element by element through operator[], iterators, front and back: the column must read as the vector.
QString differenceFrom(const StepColumn& c, const Steps& expected)
{
    if (c.size() != expected.size())
        return u"size %1, expected %2"_s.arg(c.size()).arg(expected.size());
    if (c.empty() != expected.empty())
        return u"empty() disagrees"_s;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (c[i] != expected[i])
            return u"[%1] is %2, expected %3"_s.arg(i).arg(c[i]).arg(expected[i]);
    }
    if (!std::equal(c.begin(), c.end(), expected.begin(), expected.end()))
        return u"iteration differs"_s;
    if (!expected.empty() && (c.front() != expected.front() || c.back() != expected.back()))
        return u"front/back %1/%2, expected %3/%4"_s.arg(c.front()).arg(c.back()).arg(expected.front()).arg(
            expected.back());
    return {};
}

} // namespace

void TestStepColumn::progressionStaysAffine_data()
{
    QTest::addColumn<Steps>("steps");
    QTest::addRow("empty") << Steps {};
    QTest::addRow("one step") << Steps { 42 };
    QTest::addRow("0 .. n-1") << progression(0, 1, 10'000);
    QTest::addRow("stride 10") << progression(0, 10, 5000);
    QTest::addRow("resumed at 7000") << progression(7000, 1, 300);
    QTest::addRow("constant (MLflow's default step 0)") << Steps(1000, 0);
    QTest::addRow("descending") << progression(1000, -3, 300);
    QTest::addRow("epoch milliseconds") << progression(1'714'000'000'000, 250, 4000);
    QTest::addRow("up to the largest step") << Steps { kMax - 2, kMax - 1, kMax };
    QTest::addRow("down to the smallest step") << Steps { kMin + 4, kMin + 2, kMin };
    QTest::addRow("widest stride") << Steps { kMin, -1 };
}

void TestStepColumn::progressionStaysAffine()
{
    QFETCH(Steps, steps);
    StepColumn c;
    c.reserve(steps.size());
    for (const std::int64_t s : steps)
        c.push_back(s);
    QVERIFY(c.isAffine());
    QCOMPARE(c.memoryBytes(), std::size_t(0)); // the reservation is only a hint while affine
    const QString diff = differenceFrom(c, steps);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestStepColumn::breakMaterialisesTheSameValues_data()
{
    QTest::addColumn<Steps>("steps");
    QTest::addColumn<int>("affinePrefix"); // how many steps the column holds while still affine
    Steps restart = progression(0, 1, 1000);
    const Steps again = progression(500, 1, 1000);
    restart.insert(restart.end(), again.begin(), again.end());
    QTest::addRow("restart re-logs from 500") << restart << 1000;
    QTest::addRow("irregular third step") << Steps { 0, 10, 25, 30 } << 2;
    Steps late = progression(0, 5, 3000);
    late.push_back(15001);
    QTest::addRow("off by one at the end") << late << 3000;
    QTest::addRow("stride overflows") << Steps { kMin, kMax, 0 } << 1;
    QTest::addRow("next step would overflow") << Steps { kMax - 2, kMax - 1, kMax, kMin } << 3;
    QTest::addRow("wraps around as unsigned") << Steps { kMax - 1, kMax, kMin, kMin + 1 } << 2;
    QTest::addRow("repeated step") << Steps { 0, 1, 2, 2, 3 } << 3;
}

void TestStepColumn::breakMaterialisesTheSameValues()
{
    QFETCH(Steps, steps);
    QFETCH(int, affinePrefix);
    StepColumn c;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        QCOMPARE(c.isAffine(), i <= static_cast<std::size_t>(affinePrefix));
        c.push_back(steps[i]);
    }
    QVERIFY(!c.isAffine());
    QVERIFY(c.memoryBytes() >= steps.size() * sizeof(std::int64_t));
    QCOMPARE(c.materialised().size(), steps.size());
    const QString diff = differenceFrom(c, steps);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestStepColumn::iteratorsServeTheStandardAlgorithms_data()
{
    QTest::addColumn<Steps>("steps");
    QTest::addRow("affine") << progression(-300, 7, 2000);
    Steps irregular;
    std::mt19937_64 rng(5);
    std::int64_t s = -300;
    for (int i = 0; i < 2000; ++i)
        irregular.push_back(s += static_cast<std::int64_t>(rng() % 14));
    QTest::addRow("materialised, with repeats") << irregular;
}

void TestStepColumn::iteratorsServeTheStandardAlgorithms()
{
    QFETCH(Steps, steps);
    const StepColumn c = columnOf(steps);
    std::mt19937_64 rng(11);
    for (int probe = 0; probe < 500; ++probe) {
        const std::int64_t x = steps.front() - 10 + static_cast<std::int64_t>(rng() % 14'100);
        const auto want = std::lower_bound(steps.begin(), steps.end(), x) - steps.begin();
        QCOMPARE(std::lower_bound(c.begin(), c.end(), x) - c.begin(), want);
        QCOMPARE(std::upper_bound(c.begin(), c.end(), x) - c.begin(),
            std::upper_bound(steps.begin(), steps.end(), x) - steps.begin());
    }
    const auto [lo, hi] = std::minmax_element(c.begin(), c.end());
    QCOMPARE(*lo, *std::min_element(steps.begin(), steps.end()));
    QCOMPARE(*hi, *std::max_element(steps.begin(), steps.end()));
    const std::vector<double> asDoubles(c.begin(), c.end());
    QCOMPARE(asDoubles.size(), steps.size());
    QCOMPARE(asDoubles.back(), static_cast<double>(steps.back()));
    Steps reversed(c.end() - 1 - 10, c.end());
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(reversed.front(), steps.back());
    auto it = c.end();
    --it;
    QCOMPARE(it[-1], steps[steps.size() - 2]);
    QCOMPARE(*(c.begin() + 17), steps[17]);
    QVERIFY(c.begin() < c.end());
}

void TestStepColumn::resizeAndTruncate()
{
    StepColumn affine = columnOf(progression(3, 4, 100));
    affine.truncate(40);
    QVERIFY(affine.isAffine());
    QVERIFY(differenceFrom(affine, progression(3, 4, 40)).isEmpty());
    affine.push_back(3 + 4 * 40); // still continues the shortened progression
    QVERIFY(affine.isAffine());
    QCOMPARE(affine.back(), 163);
    affine.truncate(1);
    affine.push_back(10); // one step left: any next step sets a new stride
    affine.push_back(17);
    QVERIFY(affine.isAffine());
    QVERIFY(differenceFrom(affine, { 3, 10, 17 }).isEmpty());
    affine.truncate(0);
    QVERIFY(affine.empty());
    affine.push_back(-5);
    QVERIFY(differenceFrom(affine, { -5 }).isEmpty());

    // resize behaves as std::vector's, growing with zeros.
    for (const Steps& start : { Steps { 0, 0 }, progression(5, 1, 10), Steps { 1, 9, 2 } }) {
        for (std::size_t n : { std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(10), std::size_t(25) }) {
            StepColumn c = columnOf(start);
            Steps v = start;
            c.resize(n);
            v.resize(n);
            const QString diff = differenceFrom(c, v);
            QVERIFY2(diff.isEmpty(), qPrintable(u"resize to %1: "_s.arg(n) + diff));
        }
    }
    StepColumn zeros = columnOf({ 0, 0 });
    zeros.resize(1000);
    QVERIFY(zeros.isAffine());

    StepColumn materialised = columnOf({ 0, 2, 3, 9 });
    materialised.truncate(2);
    QVERIFY(differenceFrom(materialised, { 0, 2 }).isEmpty());
    materialised.truncate(5); // longer than the column: no change
    QCOMPARE(materialised.size(), std::size_t(2));
}

void TestStepColumn::shrinkToFitFindsAProgression()
{
    // A restart's re-logged tail purged: what is left is a progression again and needs no vector.
    StepColumn c = columnOf(progression(0, 1, 800));
    c.push_back(400);
    QVERIFY(!c.isAffine());
    c.truncate(800);
    c.shrink_to_fit();
    QVERIFY(c.isAffine());
    QCOMPARE(c.memoryBytes(), std::size_t(0));
    QVERIFY(differenceFrom(c, progression(0, 1, 800)).isEmpty());

    StepColumn irregular = columnOf({ 1, 2, 4, 8 });
    irregular.reserve(1000);
    irregular.shrink_to_fit();
    QVERIFY(!irregular.isAffine());
    QCOMPARE(irregular.memoryBytes(), 4 * sizeof(std::int64_t));

    const StepColumn fromVector(progression(10, 10, 50));
    QVERIFY(fromVector.isAffine());
    QVERIFY(differenceFrom(fromVector, progression(10, 10, 50)).isEmpty());
}

void TestStepColumn::copyAndMove()
{
    for (const Steps& steps : { progression(0, 2, 100), Steps { 5, 1, 7 } }) {
        const StepColumn original = columnOf(steps);
        StepColumn copy = original;
        QCOMPARE(copy, original);
        copy.push_back(-1);
        QVERIFY(differenceFrom(original, steps).isEmpty()); // the copy is independent
        QVERIFY(copy != original);

        StepColumn moved = std::move(copy);
        QCOMPARE(moved.size(), steps.size() + 1);
        // A moved-from column is empty, as the moved-from vectors of the same MetricSeries are.
        QVERIFY(copy.empty()); // NOLINT(bugprone-use-after-move): the state after a move is what is tested
        copy.push_back(9);
        QVERIFY(differenceFrom(copy, { 9 }).isEmpty());
        StepColumn assigned;
        assigned = std::move(moved);
        QVERIFY(moved.empty()); // NOLINT(bugprone-use-after-move)
        QCOMPARE(assigned.back(), -1);
    }
}

void TestStepColumn::insertAtEnd_data()
{
    QTest::addColumn<Steps>("head");
    QTest::addColumn<Steps>("tail");
    QTest::addColumn<bool>("affine");
    QTest::addRow("continuing progression") << progression(0, 1, 500) << progression(500, 1, 700) << true;
    QTest::addRow("into an empty column") << Steps {} << progression(10, 10, 50) << true;
    QTest::addRow("onto one step") << Steps { 4 } << progression(6, 2, 50) << true;
    QTest::addRow("one step onto a progression") << progression(0, 3, 10) << Steps { 30 } << true;
    QTest::addRow("gap") << progression(0, 1, 500) << progression(600, 1, 100) << false;
    QTest::addRow("other stride") << progression(0, 1, 500) << progression(500, 2, 100) << false;
    QTest::addRow("onto one step, wrong stride")
        << Steps { 4 } << Steps { 6, 9, 12 } << false;
    QTest::addRow("irregular tail") << progression(0, 1, 50) << Steps { 50, 52, 53 } << false;
    QTest::addRow("irregular head") << Steps { 0, 5, 6 } << progression(7, 1, 50) << false;
    QTest::addRow("empty tail") << progression(0, 1, 50) << Steps {} << true;
}

void TestStepColumn::insertAtEnd()
{
    QFETCH(Steps, head);
    QFETCH(Steps, tail);
    QFETCH(bool, affine);
    Steps expected = head;
    expected.insert(expected.end(), tail.begin(), tail.end());

    // From another column (the TensorBoard live refresh appends the new points' column to the kept one).
    StepColumn c = columnOf(head);
    const StepColumn added = columnOf(tail);
    c.insert(c.end(), added.begin(), added.end());
    QCOMPARE(c.isAffine(), affine);
    QString diff = differenceFrom(c, expected);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // A part of another column, and from a vector.
    if (tail.size() > 2) {
        StepColumn part = columnOf(head);
        part.insert(part.end(), added.begin() + 1, added.end() - 1);
        Steps want = head;
        want.insert(want.end(), tail.begin() + 1, tail.end() - 1);
        diff = differenceFrom(part, want);
        QVERIFY2(diff.isEmpty(), qPrintable(u"part: "_s + diff));
    }
    StepColumn fromVector = columnOf(head);
    fromVector.insert(fromVector.end(), tail.begin(), tail.end());
    diff = differenceFrom(fromVector, expected);
    QVERIFY2(diff.isEmpty(), qPrintable(u"from a vector: "_s + diff));
    QCOMPARE(fromVector.isAffine(), affine);
}

void TestStepColumn::equalityIgnoresTheRepresentation()
{
    StepColumn materialised = columnOf({ 0, 1, 2, 7 });
    materialised.truncate(3);
    QVERIFY(!materialised.isAffine());
    const StepColumn affine { 0, 1, 2 };
    QVERIFY(affine.isAffine());
    QCOMPARE(materialised, affine);
    QCOMPARE(affine, materialised);
    QVERIFY(affine != StepColumn({ 0, 1, 3 }));
    QVERIFY(affine != StepColumn({ 0, 2, 4 }));
    QVERIFY(affine != StepColumn({ 1, 2, 3 }));
    QVERIFY(affine != StepColumn({ 0, 1 }));
    QCOMPARE(StepColumn({ 5 }), StepColumn({ 5 }));
    QVERIFY(StepColumn({ 5 }) != StepColumn({ 6 }));
    QCOMPARE(StepColumn(), StepColumn());
}

void TestStepColumn::metricSeriesOfUsualStepsHasNoStepBytes()
{
    MetricSeries s;
    s.reserve(10'000);
    for (int i = 0; i < 10'000; ++i)
        s.append(i * 10, 1'714'000'000'000 + 997LL * i + (i % 7), std::sin(i));
    QVERIFY(s.steps.isAffine());
    QCOMPARE(s.steps.memoryBytes(), std::size_t(0));
    QCOMPARE(s.steps.size(), s.size());
    QCOMPARE(s.steps[9999], 99'990);
    // Moving a series leaves all three columns empty together, so that appending to it again stays aligned.
    MetricSeries moved = std::move(s);
    QCOMPARE(moved.steps.size(), moved.values.size());
    s.append(1, 2, 3.0); // NOLINT(bugprone-use-after-move): reused as a live reader reuses it
    QCOMPARE(s.steps.size(), s.values.size());
    QCOMPARE(s.steps.size(), s.timestampsMs.size());
}

void TestStepColumn::xValuesOfAnAffineColumn_data()
{
    QTest::addColumn<Steps>("steps");
    QTest::addColumn<bool>("ascending");
    QTest::addRow("0 .. n-1") << progression(0, 1, 1000) << true;
    QTest::addRow("stride 10 from 5") << progression(5, 10, 1000) << true;
    QTest::addRow("constant") << Steps(100, 3) << true;
    QTest::addRow("descending") << progression(100, -1, 50) << false;
    // stride * 2 overflows a signed multiply although every step fits: the x must still be exact.
    QTest::addRow("huge stride") << Steps { -6'000'000'000'000'000'000, 0, 6'000'000'000'000'000'000 } << true;
    QTest::addRow("beyond double precision") << progression((std::int64_t(1) << 60) + 1, 3, 100) << true;
    QTest::addRow("materialised") << Steps { 0, 3, 4, 10 } << true;
    QTest::addRow("materialised, out of order") << Steps { 0, 3, 2, 10 } << false;
    QTest::addRow("single") << Steps { -8 } << true;
    QTest::addRow("empty") << Steps {} << true;
}

void TestStepColumn::xValuesOfAnAffineColumn()
{
    QFETCH(Steps, steps);
    QFETCH(bool, ascending);
    const StepColumn c = columnOf(steps);
    const XValues xs(c);
    QCOMPARE(xs.size(), steps.size());
    QCOMPARE(xs.memoryBytes(), std::size_t(0)); // never a copy
    QCOMPARE(xs.isAscending(), ascending);
    xs.visit([&](auto xAt) {
        for (std::size_t i = 0; i < steps.size(); ++i) {
            // Bit for bit what the chart computed into doubles before it read the column.
            const auto want = std::bit_cast<std::uint64_t>(static_cast<double>(steps[i]));
            QCOMPARE(std::bit_cast<std::uint64_t>(xs[i]), want);
            QCOMPARE(std::bit_cast<std::uint64_t>(xAt(i)), want);
        }
    });
    if (steps.size() >= 2) {
        const XValues prefix(c, steps.size() - 1);
        QCOMPARE(prefix.size(), steps.size() - 1);
        QCOMPARE(prefix.back(), static_cast<double>(steps[steps.size() - 2]));
        QCOMPARE(XValues(c, steps.size() + 5).size(), steps.size()); // clamped to the column
    }
    if (ascending && !steps.empty()) {
        const std::vector<double> doubles(steps.begin(), steps.end());
        const double x = doubles[doubles.size() / 2];
        QCOMPARE(std::lower_bound(xs.begin(), xs.end(), x) - xs.begin(),
            std::lower_bound(doubles.begin(), doubles.end(), x) - doubles.begin());
    }
}

// The chart reduces an affine column through XValues' multiply-add accessor; the result must be the reduction
// of the same x as doubles.
void TestStepColumn::decimationOverAnAffineColumnMatchesDoubles()
{
    const std::size_t n = 200'000;
    std::mt19937_64 rng(3);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<double> ys(n);
    double walk = 0;
    for (std::size_t i = 0; i < n; ++i)
        ys[i] = (walk += noise(rng));
    ys[n / 3] = std::numeric_limits<double>::quiet_NaN();
    ys[n / 2] = 1e6;
    const MinMaxPyramid pyramid(ys);
    for (const std::int64_t stride : { 1, 10, 250 }) {
        const StepColumn steps = columnOf(progression(5, stride, n));
        QVERIFY(steps.isAffine());
        const std::vector<double> xs(steps.begin(), steps.end());
        for (const auto& [from, to] : { std::pair { 0.0, 1.0 }, std::pair { 0.3, 0.31 }, std::pair { 0.49, 0.51 } }) {
            const double xMin = xs.front() + (xs.back() - xs.front()) * from;
            const double xMax = xs.front() + (xs.back() - xs.front()) * to;
            for (int width : { 7, 640, 1921 }) {
                const ColumnGrid grid = ColumnGrid::painter(xMin, xMax, 50.5, width, 1.0, 1.6, true);
                const XYPoints want = decimateM4(xs, ys, grid, M4Options { true });
                const XYPoints got = decimateM4(XValues(steps), ys, pyramid, grid, M4Options { true });
                QVERIFY(!got.empty());
                QCOMPARE(got.source, want.source);
                QCOMPARE(got.x, want.x);
                QCOMPARE(got.y.size(), want.y.size());
                for (std::size_t i = 0; i < got.y.size(); ++i)
                    QCOMPARE(std::bit_cast<std::uint64_t>(got.y[i]), std::bit_cast<std::uint64_t>(want.y[i]));
            }
        }
    }
}

QTEST_APPLESS_MAIN(TestStepColumn)
#include "tst_stepcolumn.moc"
