#include "chartyrange.h"

#include "charttrack.h"

#include <algorithm>
#include <cmath>
#include <limits>

std::pair<double, double> ChartYRange::ofTracks(std::span<const ChartTrack> tracks, double from, double to, bool logY)
{
    double low = std::numeric_limits<double>::infinity(), high = -low;
    double edgeLow = low, edgeHigh = high; // the neighbours outside the range, if nothing is inside
    const auto includeEdge = [&](double y) {
        if (std::isfinite(y)) {
            edgeLow = std::min(edgeLow, y);
            edgeHigh = std::max(edgeHigh, y);
        }
    };
    for (const ChartTrack& track : tracks) {
        const std::size_t count = std::min(track.xs.size(), track.ys().size());
        const auto xsEnd = track.xs.begin() + static_cast<std::ptrdiff_t>(count);
        const auto first = std::lower_bound(track.xs.begin(), xsEnd, from);
        const auto last = std::upper_bound(first, xsEnd, to);
        const auto begin = static_cast<std::size_t>(first - track.xs.begin());
        const auto end = static_cast<std::size_t>(last - track.xs.begin());
        // The raw values are drawn too (faintly, behind a smoothed line), so both count.
        const auto over = [&](std::span<const double> ys, const MinMaxPyramid& pyramid) {
            if (ys.size() < count)
                return;
            const MinMaxPyramid::Extremes e = pyramid.extremes(ys.first(count), begin, end);
            if (e.lowest != MinMaxPyramid::npos) {
                low = std::min(low, e.low);
                high = std::max(high, e.high);
            }
            if (begin > 0)
                includeEdge(ys[begin - 1]);
            if (end < count)
                includeEdge(ys[end]);
        };
        over(track.ys(), track.pyramid);
        if (!track.smoothedYs.empty())
            over(track.smoothedYs, track.smoothedPyramid);
    }
    if (!(low <= high)) {
        low = edgeLow;
        high = edgeHigh;
    }
    if (!(low <= high))
        return { logY ? 0.1 : 0, 1 };
    if (low == high) {
        const double pad = logY ? 0 : std::max(std::abs(low) * 0.05, 0.5);
        return { logY ? low / 2 : low - pad, logY ? high * 2 : high + pad };
    }
    return { low, high };
}

std::pair<double, double> ChartYRange::outlierRange(std::span<const ChartTrack> tracks)
{
    // Per series, so a run of losses near 0 and one near 10 both stay in view; the widest of their ranges.
    // From at most `sampleSize` values at an even stride through the series rather than a copy of all of
    // them: a quantile of m evenly spread values is the series' quantile within about 1/m of its rank
    // plus the variation over one stride, and its rank error for values in random order has a standard
    // deviation of sqrt(q (1 - q) / m), 0.17 percentile points at m = 8192 for the 5th and 95th. For
    // an axis range that is invisible, and it costs 8192 values per series instead of a million.
    constexpr std::size_t sampleSize = 8192;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    std::vector<double> finite;
    finite.reserve(sampleSize);
    for (const ChartTrack& track : tracks) {
        finite.clear();
        const std::span<const double> ys = track.ys();
        const double stride = std::max(1.0, static_cast<double>(ys.size()) / sampleSize);
        for (double at = 0; at < static_cast<double>(ys.size()); at += stride) {
            const double y = ys[static_cast<std::size_t>(at)];
            if (std::isfinite(y))
                finite.push_back(y);
        }
        if (finite.empty())
            continue;
        const auto quantile = [&](double q) {
            const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(finite.size() - 1));
            std::nth_element(finite.begin(), finite.begin() + k, finite.end());
            return finite[static_cast<std::size_t>(k)];
        };
        low = std::min(low, quantile(0.05));
        high = std::max(high, quantile(0.95));
    }
    return { low, high };
}

std::pair<double, double> ChartYRange::withoutOutliers(
    std::pair<double, double> range, std::pair<double, double> percentiles)
{
    auto [low, high] = range;
    const auto [p5, p95] = percentiles;
    if (!(p5 <= p95) || (p5 <= low && p95 >= high))
        return range;
    low = std::max(low, p5);
    high = std::min(high, p95);
    if (low == high) {
        low -= std::max(std::abs(low) * 0.05, 0.5);
        high += std::max(std::abs(high) * 0.05, 0.5);
    }
    return { low, high };
}
