#include "stepjoin.h"

#include <algorithm>
#include <limits>
#include <numeric>

std::vector<double> StepJoin::xAtSteps(const MetricSeries& y, const MetricSeries& x)
{
    // x's points by step, the last logged winning: a stable sort keeps logged order among equal steps.
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x.steps[a] < x.steps[b]; });
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    steps.reserve(order.size());
    values.reserve(order.size());
    for (std::size_t i : order) {
        if (!steps.empty() && steps.back() == x.steps[i])
            values.back() = x.values[i];
        else {
            steps.push_back(x.steps[i]);
            values.push_back(x.values[i]);
        }
    }
    std::vector<double> out(y.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < y.size(); ++i) {
        const auto it = std::lower_bound(steps.begin(), steps.end(), y.steps[i]);
        if (it != steps.end() && *it == y.steps[i])
            out[i] = values[static_cast<std::size_t>(it - steps.begin())];
    }
    return out;
}
