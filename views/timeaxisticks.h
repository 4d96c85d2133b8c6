#pragma once

#include <QString>
#include <QVector>

// Ticks for a wall-time axis in milliseconds since the epoch, at intervals people count in (1-2-5 ms up to a
// second, then 1/2/5/10/15/30 s, minutes, 1/2/3/6/12 h, days) and aligned to the local clock, so a tick falls on
// 14:30:00 and not on 14:29:58.317. Labels carry just the precision the interval needs (14:30:00.25 at 50 ms).
class TimeAxisTicks final {
public:
    struct Tick {
        double ms;
        QString label;
    };

    // About one tick per `minSpacingPx` across `widthPx`; the first tick is at or after `fromMs`.
    static QVector<Tick> compute(double fromMs, double toMs, int widthPx, int minSpacingPx);
    // The interval compute() would use, in ms.
    static double interval(double fromMs, double toMs, int widthPx, int minSpacingPx);
    static QString label(double ms, double intervalMs);
    // "2.5 s", "340 ms", "4 min 05 s", "2 h 03 min": for tooltips and the visible-span caption.
    static QString duration(double ms);
};
