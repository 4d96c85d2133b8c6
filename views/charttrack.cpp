#include "charttrack.h"

#include "decimation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

std::span<const double> ChartTrack::ys() const
{
    if (!order.empty())
        return sortedYs;
    return spec.data ? std::span<const double>(spec.data->values) : std::span<const double>();
}

double ChartTrack::relativeUnitFor(const QVector<ChartSeries>& input)
{
    // A pass over every series' timestamps: only relative time needs their extent.
    qint64 longest = 0;
    for (const ChartSeries& s : input) {
        if (s.data && !s.data->empty()) {
            const auto [lo, hi] = std::minmax_element(s.data->timestampsMs.begin(), s.data->timestampsMs.end());
            longest = std::max(longest, *hi - (s.runStartMs > 0 ? s.runStartMs : *lo));
        }
    }
    return longest <= 300'000 ? 1000.0 : longest <= 5 * 3'600'000 ? 60'000.0 : 3'600'000.0;
}

std::vector<ChartTrack> ChartTrack::fromSeries(
    const QVector<ChartSeries>& input, XAxisMode mode, double relativeUnitMs, std::span<const QColor> palette)
{
    std::vector<ChartTrack> tracks;
    tracks.reserve(static_cast<std::size_t>(input.size()));
    for (const ChartSeries& s : input) {
        ChartTrack track;
        track.spec = s;
        track.color = s.color.isValid() || palette.empty() ? s.color : palette[tracks.size() % palette.size()];
        if (s.data) {
            const MetricSeries& data = *s.data;
            const std::size_t n = std::min({ data.values.size(), data.steps.size(), data.timestampsMs.size() });
            // x is read from the series' own column, not copied: 8 bytes per point less (XValues).
            const std::span<const std::int64_t> times = std::span(data.timestampsMs).first(n);
            if (mode == XAxisMode::Metric) {
                // Another metric's values: a copy, NaN where it has no value (dropped by the sort in index()).
                std::vector<double> xs(n, std::numeric_limits<double>::quiet_NaN());
                if (s.xValues)
                    std::copy_n(s.xValues->begin(), std::min(n, s.xValues->size()), xs.begin());
                track.xs = XValues(std::move(xs));
            } else if (mode == XAxisMode::RelativeTime) {
                const qint64 origin = s.runStartMs > 0 || n == 0
                    ? s.runStartMs
                    : *std::min_element(data.timestampsMs.begin(), data.timestampsMs.begin() + n);
                track.xs = XValues(times, origin, relativeUnitMs);
            } else if (mode == XAxisMode::Step) {
                track.xs = XValues(data.steps, n);
            } else {
                track.xs = XValues(times);
            }
        }
        tracks.push_back(std::move(track));
    }
    return tracks;
}

void ChartTrack::index()
{
    if (!spec.data)
        return;
    const MetricSeries& data = *spec.data;
    // Out-of-order steps are sorted once here rather than on every zoom (see decimateM4).
    if (!xs.isAscending()) {
        std::vector<double> unsorted(xs.begin(), xs.end());
        order = stableOrderByX(unsorted);
        std::vector<double> sorted(order.size());
        sortedYs.resize(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            sorted[i] = unsorted[order[i]];
            sortedYs[i] = data.values[order[i]];
        }
        xs = XValues(std::move(sorted));
    }
    const std::span<const double> values = ys().first(std::min(xs.size(), ys().size()));
    pyramid = MinMaxPyramid(values);
    // Log y needs every finite value > 0: the sign of the lowest one, which the pyramid has in O(log n).
    if (pyramid.size() > 0) {
        const std::size_t lowest = pyramid.extremes(values, 0, values.size()).lowest;
        positive = lowest == MinMaxPyramid::npos || values[lowest] > 0;
    } else {
        for (std::size_t i = 0; i < values.size() && positive; ++i)
            positive = !(std::isfinite(values[i]) && values[i] <= 0);
    }
}

void ChartTrack::smooth(const SmoothingSettings& smoothing)
{
    // Over point index in x order, on the full data: the curve does not change with zoom or width.
    smoothedYs = smoothing.isActive() ? Smoothing::apply(ys(), smoothing) : std::vector<double>();
    smoothedPyramid = smoothedYs.empty() ? MinMaxPyramid() : MinMaxPyramid(smoothedYs);
}
