#include "benchstats.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>

TimingSummary summarizeTimings(QList<double> seconds)
{
    if (seconds.isEmpty())
        return {};
    std::sort(seconds.begin(), seconds.end());
    const qsizetype n = seconds.size();
    const double median = n % 2 ? seconds.at(n / 2) : (seconds.at(n / 2 - 1) + seconds.at(n / 2)) / 2.0;
    return { seconds.first(), median };
}

qint64 peakResidentKilobytes()
{
    // /proc files report a size of 0, so read them whole rather than by the announced size.
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = status.readAll();
    for (const QByteArray& line : text.split('\n')) {
        if (line.startsWith("VmHWM:")) {
            // "VmHWM:     123456 kB"
            const QByteArray number = line.mid(6).trimmed().split(' ').value(0);
            return number.toLongLong();
        }
    }
    return 0;
}
