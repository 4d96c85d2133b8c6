#include "groupaggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>

namespace {

// One run's history as (step → last value logged at it), ascending by step.
struct StepView {
    std::vector<std::size_t> order; // indices into the series, one per step, ascending step

    explicit StepView(const MetricSeries& s)
    {
        order.resize(s.size());
        std::iota(order.begin(), order.end(), std::size_t { 0 });
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.steps[a] < s.steps[b]; });
        // Of equal steps keep the last logged: stable sort left them in logged order.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (kept > 0 && s.steps[order[kept - 1]] == s.steps[order[i]])
                order[kept - 1] = order[i];
            else
                order[kept++] = order[i];
        }
        order.resize(kept);
    }
};

} // namespace

GroupAggregate GroupAggregate::compute(const std::vector<MetricSeriesPtr>& runs, Band band)
{
    std::vector<const MetricSeries*> series;
    std::vector<StepView> views;
    for (const MetricSeriesPtr& run : runs) {
        if (run && !run->empty()) {
            series.push_back(run.get());
            views.emplace_back(*run);
        }
    }
    auto mean = std::make_shared<MetricSeries>();
    auto low = std::make_shared<MetricSeries>();
    auto high = std::make_shared<MetricSeries>();
    GroupAggregate result;
    if (!series.empty()) {
        mean->key = low->key = high->key = series.front()->key;
    }

    // A k-way merge over the runs' ascending steps: O(n log k) for n points in k runs.
    using Cursor = std::pair<std::int64_t, std::size_t>; // (step, run)
    std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heap;
    std::vector<std::size_t> position(series.size(), 0);
    for (std::size_t r = 0; r < series.size(); ++r) {
        if (!views[r].order.empty())
            heap.emplace(series[r]->steps[views[r].order.front()], r);
    }
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    while (!heap.empty()) {
        const std::int64_t step = heap.top().first;
        // Welford's update: stable for values far from 0 with a small spread.
        int n = 0;
        double m = 0, m2 = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
        std::int64_t timeSum = 0;
        int times = 0;
        while (!heap.empty() && heap.top().first == step) {
            const std::size_t r = heap.top().second;
            heap.pop();
            const std::size_t i = views[r].order[position[r]];
            const double y = series[r]->values[i];
            timeSum += series[r]->timestampsMs[i];
            ++times;
            if (std::isfinite(y)) {
                ++n;
                const double delta = y - m;
                m += delta / n;
                m2 += delta * (y - m);
                lo = std::min(lo, y);
                hi = std::max(hi, y);
            }
            if (++position[r] < views[r].order.size())
                heap.emplace(series[r]->steps[views[r].order[position[r]]], r);
        }
        // Floor division, exact in integers (a mean of ms stamps needs no fraction).
        std::int64_t time = timeSum / times;
        if (timeSum % times != 0 && timeSum < 0)
            --time;
        if (n == 0) {
            mean->append(step, time, nan);
            low->append(step, time, nan);
            high->append(step, time, nan);
        } else if (band == Band::MinMax) {
            mean->append(step, time, m);
            low->append(step, time, lo);
            high->append(step, time, hi);
        } else {
            const double sd = n > 1 ? std::sqrt(m2 / (n - 1)) : 0.0;
            mean->append(step, time, m);
            low->append(step, time, m - sd);
            high->append(step, time, m + sd);
        }
        result.counts.push_back(n);
    }
    result.mean = std::move(mean);
    result.low = std::move(low);
    result.high = std::move(high);
    return result;
}
