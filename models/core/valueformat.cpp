#include "valueformat.h"

#include <QDateTime>

#include <charconv>
#include <cmath>

namespace ValueFormat {

QString metric(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'g', 6);
}

QString exact(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return QString::fromLatin1(buf, ec == std::errc() ? end - buf : 0);
}

QString jsonNumberOrString(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return exact(value);
}

QString timestamp(std::optional<qint64> ms)
{
    if (!ms)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString duration(std::optional<qint64> ms)
{
    if (!ms)
        return {};
    const qint64 v = *ms;
    if (v < 1000)
        return QString::number(v) + QStringLiteral(" ms");
    const qint64 s = v / 1000;
    if (s < 60)
        return QString::number(v / 1000.0, 'f', 1) + QStringLiteral(" s");
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600);
}

} // namespace ValueFormat
