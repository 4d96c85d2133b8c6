#include "derivedseriescache.h"
#include "stepjoin.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <random>

using namespace Qt::StringLiterals;

namespace {

MetricSeriesPtr randomSeries(std::uint32_t seed, std::size_t n, std::int64_t stride)
{
    auto s = std::make_shared<MetricSeries>();
    s->key = u"m"_s;
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise;
    for (std::size_t i = 0; i < n; ++i)
        s->append(static_cast<std::int64_t>(i) * stride, 1000 + static_cast<std::int64_t>(i), noise(rng));
    return s;
}

bool sameValues(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
            return false;
    }
    return true;
}

} // namespace

// The cache computes off the GUI thread, so every first request answers "not yet" and `ready` follows; what it
// then hands out must equal the direct computation, stay the same object while the inputs are the same
// snapshots, and be recomputed for a new snapshot (a live refresh).
class TestDerivedSeriesCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void joinIsComputedOnceAndMatchesStepJoin();
    void newSnapshotIsRecomputed();
    void aggregateMatchesCompute();
    void clearDropsJobsInFlight();
};

void TestDerivedSeriesCache::joinIsComputedOnceAndMatchesStepJoin()
{
    DerivedSeriesCache cache;
    QSignalSpy ready(&cache, &DerivedSeriesCache::ready);
    const MetricSeriesPtr y = randomSeries(1, 200'000, 1), x = randomSeries(2, 50'000, 4);
    QVERIFY(!cache.join(y, x, u"loss"_s));
    QVERIFY(!cache.join(y, x, u"loss"_s)); // asked twice while running: still one job
    QCOMPARE(cache.pendingCount(), 1);
    QVERIFY(ready.wait(10'000));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.front().front().toString(), u"loss"_s);
    QCOMPARE(cache.pendingCount(), 0);
    const DerivedSeriesCache::XValuesPtr first = cache.join(y, x, u"loss"_s);
    QVERIFY(first);
    QVERIFY(sameValues(*first, StepJoin::xAtSteps(*y, *x)));
    QCOMPARE(cache.join(y, x, u"other"_s).get(), first.get());
    QCOMPARE(cache.pendingCount(), 0);
}

void TestDerivedSeriesCache::newSnapshotIsRecomputed()
{
    DerivedSeriesCache cache;
    QSignalSpy ready(&cache, &DerivedSeriesCache::ready);
    const MetricSeriesPtr y = randomSeries(3, 1000, 1), x = randomSeries(4, 1000, 1);
    QVERIFY(!cache.join(y, x, u"k"_s));
    QVERIFY(ready.wait(10'000));
    QVERIFY(cache.join(y, x, u"k"_s));
    const MetricSeriesPtr longer = randomSeries(3, 2000, 1); // the same run, grown
    QVERIFY(!cache.join(longer, x, u"k"_s));
    QVERIFY(ready.wait(10'000));
    const DerivedSeriesCache::XValuesPtr joined = cache.join(longer, x, u"k"_s);
    QVERIFY(joined);
    QCOMPARE(joined->size(), std::size_t(2000));
    QVERIFY(sameValues(*joined, StepJoin::xAtSteps(*longer, *x)));
}

void TestDerivedSeriesCache::aggregateMatchesCompute()
{
    DerivedSeriesCache cache;
    QSignalSpy ready(&cache, &DerivedSeriesCache::ready);
    const std::vector<MetricSeriesPtr> runs { randomSeries(5, 5000, 1), randomSeries(6, 4000, 1),
        randomSeries(7, 3000, 2) };
    QVERIFY(!cache.aggregate(u"acc\nsgd"_s, runs, GroupAggregate::Band::StdDev, u"acc"_s));
    QVERIFY(ready.wait(10'000));
    const auto got = cache.aggregate(u"acc\nsgd"_s, runs, GroupAggregate::Band::StdDev, u"acc"_s);
    QVERIFY(got);
    const GroupAggregate direct = GroupAggregate::compute(runs, GroupAggregate::Band::StdDev);
    QCOMPARE(got->mean->steps, direct.mean->steps);
    QVERIFY(sameValues(got->mean->values, direct.mean->values));
    QVERIFY(sameValues(got->low->values, direct.low->values));
    QVERIFY(sameValues(got->high->values, direct.high->values));
    // Another band, or another member set, is another result.
    QVERIFY(!cache.aggregate(u"acc\nsgd"_s, runs, GroupAggregate::Band::MinMax, u"acc"_s));
    QVERIFY(ready.wait(10'000));
    const auto minMax = cache.aggregate(u"acc\nsgd"_s, runs, GroupAggregate::Band::MinMax, u"acc"_s);
    QVERIFY(minMax);
    QVERIFY(sameValues(minMax->high->values, GroupAggregate::compute(runs, GroupAggregate::Band::MinMax).high->values));
    const std::vector<MetricSeriesPtr> two(runs.begin(), runs.begin() + 2);
    QVERIFY(!cache.aggregate(u"acc\nsgd"_s, two, GroupAggregate::Band::MinMax, u"acc"_s));
}

void TestDerivedSeriesCache::clearDropsJobsInFlight()
{
    DerivedSeriesCache cache;
    QSignalSpy ready(&cache, &DerivedSeriesCache::ready);
    const MetricSeriesPtr y = randomSeries(8, 2'000'000, 1), x = randomSeries(9, 2'000'000, 1);
    QVERIFY(!cache.join(y, x, u"k"_s));
    cache.clear(); // the selection changed: the job's result is of no use any more
    QCOMPARE(cache.pendingCount(), 0);
    QVERIFY(!ready.wait(3'000));
    QVERIFY(!cache.join(y, x, u"k"_s)); // not stored: asked again, computed again
    QVERIFY(ready.wait(10'000));
    QVERIFY(cache.join(y, x, u"k"_s));
}

QTEST_GUILESS_MAIN(TestDerivedSeriesCache)
#include "tst_derivedseriescache.moc"
