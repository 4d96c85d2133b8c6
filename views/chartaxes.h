#pragma once

#include <QImage>
#include <QString>

#include <utility>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
QT_END_NAMESPACE

// Metric: x is another metric's value at the same step (MLflow's "x axis: any metric"), e.g. epoch or tokens.
enum class XAxisMode { Step, WallTime, RelativeTime, Metric };

// The axes of a MetricChart: which Qt Charts axis type each mode needs, and ticks at 1-2-5 intervals with just
// the digits they need, recomputed for the visible range and the plot's size (Qt's own ticks are neither).
class ChartAxes final {
public:
    // A step, relative-time or metric axis is a QValueAxis, wall time a QCategoryAxis whose labelled
    // categories end on round times (configureXTicks). `detail`: the relative-time
    // unit, or the x metric's key. The caller owns the result.
    static QAbstractAxis* createX(XAxisMode mode, const QString& detail);
    // Log only when applicable (all values > 0); otherwise linear, titled so the user sees why.
    static QAbstractAxis* createY(bool logApplied, bool logRequested, const QString& title);
    static void configureXTicks(QAbstractAxis* axis, XAxisMode mode, double from, double to, int plotWidth);
    // The tick interval configureXTicks gives a value axis showing [from, to].
    static double xTickInterval(XAxisMode mode, double from, double to, int plotWidth);
    // Sets [low, high] plus a margin (whole decades on a log axis) with ticks fitting `plotHeight` pixels.
    static void setYRange(QAbstractAxis* axis, double low, double high, double plotHeight);
    // The range setYRange gives an axis (log or not) for [low, high], known before the axis is touched.
    static std::pair<double, double> yRangeFor(bool log, double low, double high);
    // The y values just inside the top and bottom edges of a plot showing [min, max], where ±inf markers sit.
    static std::pair<double, double> insetEdges(bool log, double min, double max);
    // The triangle marking a ±inf value at the plot's top (pointing up) or bottom edge.
    static QImage infMarker(const QColor& color, bool pointingUp);
    static double niceInterval(double span, int ticks);
    // The smallest 1, 2 or 5 times a power of ten that is at least `minimum` (> 0).
    static double niceIntervalAtLeast(double minimum);
};
