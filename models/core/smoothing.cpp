#include "smoothing.h"

#include <algorithm>
#include <cmath>

bool SmoothingSettings::isActive() const
{
    switch (mode) {
    case SmoothingMode::None:
        return false;
    case SmoothingMode::EmaTensorBoard:
        return parameter > 0;
    case SmoothingMode::EmaMlflow:
        return parameter > 1;
    case SmoothingMode::RunningAverage:
        return parameter >= 2;
    case SmoothingMode::Gaussian:
        return parameter > 0;
    }
    return false;
}

QString SmoothingSettings::label() const
{
    switch (mode) {
    case SmoothingMode::None:
        return {};
    case SmoothingMode::EmaTensorBoard:
        return QStringLiteral("EMA (TensorBoard) %1").arg(parameter);
    case SmoothingMode::EmaMlflow:
        return QStringLiteral("EMA (MLflow) %1").arg(parameter);
    case SmoothingMode::RunningAverage:
        return QStringLiteral("running average of %1 points").arg(parameter);
    case SmoothingMode::Gaussian:
        return QStringLiteral("Gaussian, sigma %1 points").arg(parameter);
    }
    return {};
}

double SmoothingSettings::defaultParameter(SmoothingMode mode)
{
    switch (mode) {
    case SmoothingMode::None:
        return 0;
    case SmoothingMode::EmaTensorBoard:
        return 0.6; // TensorBoard's default
    case SmoothingMode::EmaMlflow:
        return 50;
    case SmoothingMode::RunningAverage:
        return 20;
    case SmoothingMode::Gaussian:
        return 5;
    }
    return 0;
}

namespace {

bool allEqualToFirst(std::span<const double> ys)
{
    // IEEE ==, as the JavaScript originals: a NaN anywhere makes the series non-constant.
    return std::all_of(ys.begin(), ys.end(), [first = ys.front()](double y) { return y == first; });
}

} // namespace

namespace Smoothing {

std::vector<double> emaTensorBoard(std::span<const double> ys, double weight)
{
    std::vector<double> out(ys.begin(), ys.end());
    if (ys.empty() || allEqualToFirst(ys))
        return out;
    const double w = std::clamp(weight, 0.0, 1.0);
    double last = 0;
    double finiteCount = 0;
    for (std::size_t i = 0; i < ys.size(); ++i) {
        if (!std::isfinite(ys[i]))
            continue;
        last = last * w + (1 - w) * ys[i];
        finiteCount += 1;
        const double debias = w == 1 ? 1 : 1 - std::pow(w, finiteCount);
        out[i] = last / debias;
    }
    return out;
}

std::vector<double> emaMlflow(std::span<const double> ys, double slider)
{
    std::vector<double> out(ys.begin(), ys.end());
    if (slider <= 1 || ys.size() <= 1 || allEqualToFirst(ys))
        return out;
    const double s = slider / (100 + 1);
    double biased = 0;
    for (std::size_t i = 0; i < ys.size(); ++i) {
        if (std::isnan(ys[i]))
            continue;
        biased = biased * s + (1 - s) * ys[i];
        out[i] = biased / (1 - std::pow(s, static_cast<double>(i + 1)));
    }
    return out;
}

std::vector<double> runningAverage(std::span<const double> ys, int window)
{
    std::vector<double> out(ys.begin(), ys.end());
    if (window <= 1)
        return out;
    const std::size_t n = ys.size(), w = static_cast<std::size_t>(window);
    // A sliding sum, recomputed from scratch every `window` points so rounding cannot build up over a
    // million-point history: O(n) overall.
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t begin = i + 1 >= w ? i + 1 - w : 0;
        if (i % w == 0) {
            sum = 0;
            count = 0;
            for (std::size_t j = begin; j <= i; ++j) {
                if (std::isfinite(ys[j])) {
                    sum += ys[j];
                    ++count;
                }
            }
        } else {
            if (std::isfinite(ys[i])) {
                sum += ys[i];
                ++count;
            }
            if (i >= w && std::isfinite(ys[i - w])) {
                sum -= ys[i - w];
                --count;
            }
        }
        if (std::isfinite(ys[i]))
            out[i] = sum / static_cast<double>(count);
    }
    return out;
}

std::vector<double> gaussian(std::span<const double> ys, double sigma)
{
    std::vector<double> out(ys.begin(), ys.end());
    if (!(sigma > 0))
        return out;
    const auto radius = static_cast<std::ptrdiff_t>(4 * sigma + 0.5);
    std::vector<double> kernel(static_cast<std::size_t>(radius) + 1);
    for (std::ptrdiff_t k = 0; k <= radius; ++k)
        kernel[static_cast<std::size_t>(k)]
            = std::exp(-0.5 * (static_cast<double>(k) / sigma) * (static_cast<double>(k) / sigma));
    const auto n = static_cast<std::ptrdiff_t>(ys.size());
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        if (!std::isfinite(ys[static_cast<std::size_t>(i)]))
            continue;
        double sum = 0, weights = 0;
        for (std::ptrdiff_t j = std::max<std::ptrdiff_t>(0, i - radius); j <= std::min(n - 1, i + radius); ++j) {
            const double y = ys[static_cast<std::size_t>(j)];
            if (!std::isfinite(y))
                continue;
            const double k = kernel[static_cast<std::size_t>(std::abs(j - i))];
            sum += k * y;
            weights += k;
        }
        out[static_cast<std::size_t>(i)] = sum / weights;
    }
    return out;
}

std::vector<double> apply(std::span<const double> ys, const SmoothingSettings& settings)
{
    switch (settings.mode) {
    case SmoothingMode::None:
        break;
    case SmoothingMode::EmaTensorBoard:
        return emaTensorBoard(ys, settings.parameter);
    case SmoothingMode::EmaMlflow:
        return emaMlflow(ys, settings.parameter);
    case SmoothingMode::RunningAverage:
        return runningAverage(ys, static_cast<int>(std::lround(settings.parameter)));
    case SmoothingMode::Gaussian:
        return gaussian(ys, settings.parameter);
    }
    return { ys.begin(), ys.end() };
}

} // namespace Smoothing
