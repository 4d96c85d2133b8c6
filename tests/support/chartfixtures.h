#pragma once

// What the MetricChart tests share: a realistic series and a chart shown and laid out.

#include "metricchart.h"
#include "metricseries.h"
#include "tracelayer.h"

#include <QChart>
#include <QDir>
#include <QList>
#include <QPointF>
#include <QtTest>

#include <cmath>
#include <memory>
#include <random>
#include <span>

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

// Saves what a person would see: axis relayouts are posted events, so let them run before grabbing.
inline void saveScreenshot(QWidget& widget, const QString& name)
{
    QTest::qWait(30);
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(dir + u"/metricchart_"_s + name + u".png"_s));
}

inline QString screenshotPath(const QString& name)
{
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    return dir + u"/metricchart_"_s + name + u".png"_s;
}

// The curve the trace layer paints for `name` ("label", or "label (raw)" for the faint one).
inline const TraceCurve* curveNamed(const MetricChart& chart, const QString& name)
{
    for (const TraceCurve& curve : chart.traceLayer()->curves()) {
        if (curve.name == name)
            return &curve;
    }
    return nullptr;
}

// The line pieces painted for `name`, each at least two points.
inline QList<QList<QPointF>> nonEmptyLines(const MetricChart& chart, const QString& name)
{
    QList<QList<QPointF>> lines;
    if (const TraceCurve* curve = curveNamed(chart, name)) {
        for (std::size_t i = 0; i < curve->data.segmentCount(); ++i) {
            const std::span<const QPointF> segment = curve->data.segment(i);
            lines.append(QList<QPointF>(segment.begin(), segment.end()));
        }
    }
    return lines;
}

} // namespace chartfixtures
