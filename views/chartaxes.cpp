#include "chartaxes.h"

#include "timeaxisticks.h"

#include <QCategoryAxis>
#include <QColor>
#include <QDateTime>
#include <QLocale>
#include <QLogValueAxis>
#include <QPainter>
#include <QPainterPath>
#include <QSet>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// A printf format that shows just the digits an interval needs: 0.05 → "%.2f", 250 → "%.0f".
QString labelFormatFor(double interval, double largestMagnitude)
{
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(interval) - 1e-9)), 0, 12);
    if (largestMagnitude >= 1e7 || decimals > 6)
        return u"%.4g"_s;
    return u"%."_s + QString::number(decimals) + u"f"_s;
}

void style(QAbstractAxis* axis)
{
    QFont font = axis->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    axis->setLabelsFont(font);
    axis->setGridLineColor(QColor(0xe6e6e6));
    axis->setLinePenColor(QColor(0xb0b0b0));
    axis->setTitleBrush(QColor(0x505050));
}

} // namespace

// 1, 2 or 5 times a power of ten, so that about `ticks` ticks fill `span`.
double ChartAxes::niceInterval(double span, int ticks)
{
    const double raw = span / std::max(ticks, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double m = raw / magnitude;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * magnitude;
}

QAbstractAxis* ChartAxes::createX(XAxisMode mode, const QString& detail)
{
    QAbstractAxis* result = nullptr;
    if (mode == XAxisMode::WallTime) {
        // Ticks at round times of the local clock (TimeAxisTicks), as labelled categories: QDateTimeAxis only
        // divides the range evenly, so its ticks read 10:15, 12:30, 14:46.
        auto* axis = new QCategoryAxis;
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis->setTitleText(QObject::tr("wall time"));
        result = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTitleText(mode == XAxisMode::Step ? QObject::tr("step")
                : mode == XAxisMode::Metric        ? detail
                                                   : QObject::tr("time since run start (%1)").arg(detail));
        result = axis;
    }
    style(result);
    return result;
}

QAbstractAxis* ChartAxes::createY(bool logApplied, bool logRequested, const QString& title)
{
    QAbstractAxis* result = nullptr;
    if (logApplied) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(u"%.3g"_s);
        axis->setMinorTickCount(8);
        axis->setMinorGridLineColor(QColor(0xf2f2f2));
        axis->setTitleText(QObject::tr("%1 (log)").arg(title));
        result = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTitleText(
            logRequested ? QObject::tr("%1 (linear: log scale needs all values > 0)").arg(title) : title);
        result = axis;
    }
    style(result);
    return result;
}

void ChartAxes::configureXTicks(QAbstractAxis* axis, XAxisMode mode, double from, double to, int plotWidth)
{
    const int width = std::max(1, plotWidth);
    if (auto* time = qobject_cast<QCategoryAxis*>(axis)) {
        const double span = to - from;
        const bool withDate = span > 20 * 3'600'000.0;
        // Labels must be unique in a category axis: a time of day seen again on the next day gets an invisible
        // zero-width space.
        const QVector<TimeAxisTicks::Tick> ticks = TimeAxisTicks::compute(from, to, width, withDate ? 130 : 90);
        for (const QString& label : time->categoriesLabels())
            time->remove(label);
        time->setStartValue(from);
        QSet<QString> used;
        for (const TimeAxisTicks::Tick& tick : ticks) {
            if (!(tick.ms > from) || tick.ms > to)
                continue;
            QString label = tick.label;
            while (used.contains(label))
                label += QChar(0x200B);
            used.insert(label);
            time->append(label, tick.ms);
        }
        // Times of day alone do not say which day.
        if (!withDate) {
            const QDateTime start = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(from));
            time->setTitleText(
                QObject::tr("wall time (%1)").arg(QLocale().toString(start.date(), QLocale::ShortFormat)));
        } else {
            time->setTitleText(QObject::tr("wall time"));
        }
    } else if (auto* value = qobject_cast<QValueAxis*>(axis)) {
        const double interval = xTickInterval(mode, from, to, plotWidth);
        value->setTickInterval(interval);
        // Set only when it changes: a new format makes Qt Charts format and lay out every label again.
        const QString format = labelFormatFor(interval, std::max(std::abs(from), std::abs(to)));
        if (value->labelFormat() != format)
            value->setLabelFormat(format);
    }
}

double ChartAxes::niceIntervalAtLeast(double minimum)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(minimum)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * magnitude >= minimum)
            return m * magnitude;
    }
    return 10 * magnitude;
}

double ChartAxes::xTickInterval(XAxisMode mode, double from, double to, int plotWidth)
{
    // Qt Charts gives every x label the axis's width divided by the number of ticks, less its padding, and cuts a
    // longer label to "...". So the interval is never rounded down: the smallest nice one that leaves each label
    // the room its text needs (digits, thousands separators, the decimals the interval itself asks for).
    const double width = std::max(1, plotWidth), span = to - from;
    const double largest = std::max(std::abs(from), std::abs(to));
    const int digits = static_cast<int>(std::log10(std::max(largest, 1.0))) + 1;
    const auto roomFor = [&](int decimals) {
        const int characters = digits + (digits - 1) / 3 + (decimals > 0 ? decimals + 1 : 0) + (from < 0 ? 1 : 0);
        return std::max(70.0, characters * 7.0 + 30);
    };
    const auto decimalsOf = [](double interval) {
        return std::clamp(static_cast<int>(std::ceil(-std::log10(interval) - 1e-9)), 0, 12);
    };
    if (!(span > 0) || !std::isfinite(span))
        return mode == XAxisMode::Step ? 1.0 : 1e-12;
    double interval = niceIntervalAtLeast(span * roomFor(0) / width);
    interval = niceIntervalAtLeast(span * roomFor(decimalsOf(interval)) / width); // with its decimals' room
    if (mode == XAxisMode::Step)
        interval = std::max(interval, 1.0);
    return interval;
}

std::pair<double, double> ChartAxes::yRangeFor(bool log, double low, double high)
{
    if (log) {
        // Whole decades: a log axis labels only powers of ten, and a range inside one decade would show none.
        // The hair of extra range keeps the end decades' labels, which rounding would otherwise drop.
        return { std::pow(10.0, std::floor(std::log10(low))) * 0.999999,
            std::pow(10.0, std::ceil(std::log10(high))) * 1.000001 };
    }
    const double pad = (high - low) * 0.05;
    return { low - pad, high + pad };
}

void ChartAxes::setYRange(QAbstractAxis* axis, double low, double high, double plotHeight)
{
    if (auto* log = qobject_cast<QLogValueAxis*>(axis)) {
        const auto [min, max] = yRangeFor(true, low, high);
        log->setRange(min, max);
        return;
    }
    auto* value = qobject_cast<QValueAxis*>(axis);
    if (!value)
        return;
    std::tie(low, high) = yRangeFor(false, low, high);
    const int ticks = std::max(2, static_cast<int>(plotHeight) / 45);
    const double interval = niceInterval(high - low, ticks);
    value->setRange(low, high);
    value->setTickAnchor(std::floor(low / interval) * interval);
    value->setTickInterval(interval);
    // As for x: only a new format is set, or Qt Charts formats and lays out every label once more each frame.
    const QString format = labelFormatFor(interval, std::max(std::abs(low), std::abs(high)));
    if (value->labelFormat() != format)
        value->setLabelFormat(format);
}

std::pair<double, double> ChartAxes::insetEdges(bool log, double min, double max)
{
    if (log) {
        const double ratio = std::pow(max / min, 0.02);
        return { max / ratio, min * ratio };
    }
    const double inset = (max - min) * 0.02;
    return { max - inset, min + inset };
}

QImage ChartAxes::infMarker(const QColor& color, bool pointingUp)
{
    const int size = 11;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    const double top = pointingUp ? 1 : size - 1, bottom = pointingUp ? size - 1 : 1;
    path.moveTo(size / 2.0, top);
    path.lineTo(size - 1, bottom);
    path.lineTo(1, bottom);
    path.closeSubpath();
    painter.fillPath(path, color);
    return image;
}
