#pragma once

#include <QString>

#include <span>
#include <vector>

// How a chart smooths a metric. All modes work over point index (not x distance), on the full-resolution
// history before M4 reduction, so the smoothed curve does not depend on zoom or window width.
enum class SmoothingMode {
    None,
    EmaTensorBoard, // parameter: weight 0–0.999 (TensorBoard's slider), default 0.6
    EmaMlflow, // parameter: slider 0–100 (MLflow's "line smoothness"), weight = value / 101
    RunningAverage, // parameter: window in points, trailing
    Gaussian, // parameter: sigma in points
};

struct SmoothingSettings {
    SmoothingMode mode = SmoothingMode::None;
    double parameter = 0;

    bool isActive() const;
    QString label() const; // e.g. "EMA (TensorBoard) 0.6", empty for None
    static double defaultParameter(SmoothingMode mode);
    friend bool operator==(const SmoothingSettings&, const SmoothingSettings&) = default;
};

namespace Smoothing {
// TensorBoard's classicSmoothing (webapp/widgets/line_chart_v2/data_transformer.ts): debiased EMA whose
// non-finite values pass through without touching the state, debias exponent = finite points so far;
// a series whose values all equal the first (IEEE ==) is returned unchanged. Weight clamped to [0, 1].
std::vector<double> emaTensorBoard(std::span<const double> ys, double weight);

// MLflow's EMA (MetricsPlotView): s = slider / 101; NaN passes through (±inf do enter the state); the
// debias exponent is the 0-based index + 1 of every point, NaN included. Unchanged when slider <= 1, fewer
// than two points, or all values equal the first.
std::vector<double> emaMlflow(std::span<const double> ys, double slider);

// Trailing mean of the finite values among the last `window` points (pandas rolling(window, min_periods=1) on
// the finite values). Trailing rather than centred so that a value never depends on later steps, which is what
// a live run needs: the curve's end does not move as new points arrive. Non-finite values pass through.
std::vector<double> runningAverage(std::span<const double> ys, int window);

// Gaussian kernel over point index, sigma in points, truncated at 4 sigma (as scipy's gaussian_filter1d),
// renormalised over the finite neighbours, so edges and NaN gaps do not pull the curve towards zero.
// Non-finite values pass through. sigma <= 0 leaves the series unchanged.
std::vector<double> gaussian(std::span<const double> ys, double sigma);

std::vector<double> apply(std::span<const double> ys, const SmoothingSettings& settings);
}
