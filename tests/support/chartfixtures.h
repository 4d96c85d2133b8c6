#pragma once

// What the MetricChart tests share: a realistic series and a chart shown and laid out.

#include "metricchart.h"
#include "metricseries.h"

#include <QChart>
#include <QtTest>

#include <cmath>
#include <memory>
#include <random>

namespace chartfixtures {

using namespace Qt::StringLiterals;

inline constexpr qint64 kStartMs = 1'714'000'000'000; // 2024-04-24, a plausible run start

// A training loss: exponential decay, noise, and a few single-step spikes.
inline MetricSeriesPtr lossCurve(int n, double scale, unsigned seed, qint64 msPerStep = 250)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.03);
    auto series = std::make_shared<MetricSeries>();
    series->key = u"train/loss"_s;
    series->reserve(n);
    for (int i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / n;
        double v = scale * (0.15 + 2.2 * std::exp(-t * 6)) * (1 + noise(rng));
        if (i % (n / 7 + 1) == n / 13)
            v *= 3; // a loss spike
        series->append(i, kStartMs + i * msPerStep, v);
    }
    return series;
}

inline void showAndSettle(MetricChart& chart, QSize size = { 900, 460 })
{
    chart.resize(size);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    // The chart lays out asynchronously; the plot width is final once it stops changing.
    QTRY_VERIFY(chart.chart()->plotArea().width() > 100);
    QTest::qWait(20);
}

} // namespace chartfixtures
