#include "timeaxisticks.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr double kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;

// Steps a clock reader counts in; beyond a week, whole weeks.
constexpr double kIntervals[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, kSecond, 2 * kSecond, 5 * kSecond, 10 * kSecond,
    15 * kSecond, 30 * kSecond, kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,
    2 * kHour, 3 * kHour, 6 * kHour, 12 * kHour, kDay, 2 * kDay, 7 * kDay };

double localOffsetMs(double ms)
{
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms)).offsetFromUtc() * kSecond;
}

} // namespace

double TimeAxisTicks::interval(double fromMs, double toMs, int widthPx, int minSpacingPx)
{
    const double span = std::max(toMs - fromMs, 1e-9);
    const double maxTicks = std::max(1.0, static_cast<double>(widthPx) / std::max(minSpacingPx, 1));
    for (double step : kIntervals) {
        if (span / step <= maxTicks)
            return step;
    }
    const double weeks = std::ceil(span / maxTicks / (7 * kDay));
    return weeks * 7 * kDay;
}

QVector<TimeAxisTicks::Tick> TimeAxisTicks::compute(double fromMs, double toMs, int widthPx, int minSpacingPx)
{
    QVector<Tick> ticks;
    if (!(toMs > fromMs) || widthPx <= 0)
        return ticks;
    const double step = interval(fromMs, toMs, widthPx, minSpacingPx);
    // Aligned in local time: shift into the local clock, round, shift back. (A DST change inside the range moves
    // the ticks after it by the change; ranges that long are labelled with dates, where an hour does not show.)
    const double offset = step >= kMinute ? localOffsetMs(fromMs) : 0;
    const double first = std::ceil((fromMs + offset) / step) * step - offset;
    for (int i = 0; first + i * step <= toMs && i < 1000; ++i)
        ticks.append({ first + i * step, label(first + i * step, step) });
    return ticks;
}

QString TimeAxisTicks::label(double ms, double intervalMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::floor(ms)));
    if (intervalMs >= kDay)
        return QLocale().toString(time.date(), u"MMM d"_s);
    if (intervalMs >= kHour && time.time().hour() == 0 && time.time().minute() == 0)
        return QLocale().toString(time, u"MMM d HH:mm"_s);
    if (intervalMs >= kMinute)
        return time.toString(u"HH:mm"_s);
    if (intervalMs >= kSecond)
        return time.toString(u"HH:mm:ss"_s);
    const int digits = intervalMs >= 100 ? 1 : intervalMs >= 10 ? 2 : 3;
    const QString millis = QString::number(time.time().msec()).rightJustified(3, u'0');
    return time.toString(u"HH:mm:ss"_s) + u'.' + millis.left(digits);
}

QString TimeAxisTicks::duration(double ms)
{
    if (!std::isfinite(ms))
        return u"?"_s;
    const QLocale locale;
    if (ms < kSecond)
        return locale.toString(ms, 'f', ms == std::floor(ms) ? 0 : 1) + u" ms"_s;
    if (ms < kMinute)
        return locale.toString(ms / kSecond, 'f', ms < 10 * kSecond ? 3 : 2) + u" s"_s;
    const qint64 seconds = static_cast<qint64>(std::llround(ms / kSecond));
    if (ms < kHour)
        return QString::number(seconds / 60) + u" min "_s + QString::number(seconds % 60).rightJustified(2, u'0')
            + u" s"_s;
    if (ms < kDay)
        return QString::number(seconds / 3600) + u" h "_s + QString::number((seconds / 60) % 60).rightJustified(2, u'0')
            + u" min"_s;
    return QString::number(seconds / 86400) + u" d "_s + QString::number((seconds / 3600) % 24) + u" h"_s;
}
