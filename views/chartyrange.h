#pragma once

#include <span>
#include <utility>

struct ChartTrack;

// What a chart's y axis spans, before the axis pads and rounds it (ChartAxes::setYRange): the finite values inside
// the visible x range, else the points just outside it, and TensorBoard's "ignore outliers" range (5th to 95th
// percentile of every run's values) when asked.
class ChartYRange final {
public:
    // The values with x in [from, to], raw ones included: a spike the smoothing flattens is still drawn, faintly,
    // in full. From the tracks' pyramids, O(log n) per track: known before the frame is reduced, so the axes can
    // take their final layout (and the plot its final width) while the reduction runs.
    // Never empty or a single value: an empty view gets [0, 1] ([0.1, 1] on a log axis), a flat line some room.
    static std::pair<double, double> ofTracks(std::span<const ChartTrack> tracks, double from, double to, bool logY);
    // The widest of the tracks' 5th-95th percentile ranges (each estimated from an even sample of its values);
    // low > high when no track has a finite value.
    static std::pair<double, double> outlierRange(std::span<const ChartTrack> tracks);
    // `range` narrowed to `percentiles` where those lie inside it, kept from collapsing to a single value.
    static std::pair<double, double> withoutOutliers(
        std::pair<double, double> range, std::pair<double, double> percentiles);
};
