#include "chartreadout.h"

#include "charttrack.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

QString ChartReadout::at(double x, std::span<const ChartTrack> tracks, XAxisMode mode, const QString& xMetric,
    const QString& relativeUnit)
{
    const QLocale locale;
    QString where;
    if (mode == XAxisMode::Step)
        where = tr("step %1").arg(locale.toString(static_cast<qint64>(std::llround(x))));
    else if (mode == XAxisMode::WallTime)
        where = locale.toString(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x)), u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    else if (mode == XAxisMode::Metric)
        where = u"%1 = %2"_s.arg(xMetric, QString::number(x, 'g', 7));
    else
        where = tr("%1 %2 since start").arg(locale.toString(x, 'f', 2), relativeUnit);
    QString text = u"<b>"_s + where.toHtmlEscaped() + u"</b>"_s;
    for (const ChartTrack& track : tracks) {
        if (track.xs.empty())
            continue;
        auto it = std::lower_bound(track.xs.begin(), track.xs.end(), x);
        if (it == track.xs.end() || (it != track.xs.begin() && x - *(it - 1) <= *it - x))
            --it;
        const auto position = static_cast<std::size_t>(it - track.xs.begin());
        const std::size_t index = track.indexAt(position);
        const MetricSeries& data = *track.spec.data;
        text += u"<br><span style=\"color:"_s + track.color.name() + u"\">&#9632;</span> "_s
            + track.spec.label.toHtmlEscaped() + u": <b>"_s + QString::number(data.values[index], 'g', 7) + u"</b>"_s;
        if (!track.smoothedYs.empty())
            text += u" ("_s + tr("smoothed %1").arg(QString::number(track.smoothedYs[position], 'g', 7)) + u')';
        if (mode != XAxisMode::Step)
            text += u" <span style=\"color:gray\">("_s + tr("step %1").arg(locale.toString(data.steps[index]))
                + u")</span>"_s;
    }
    return text;
}
