#pragma once

#include <span>
#include <vector>

struct ChartTrack;
struct TraceCurve;

// How a chart draws each run: its line in the run's colour, and with smoothing on the raw values faintly behind it;
// ±inf markers on whichever curve shows the raw data.
class ChartCurveStyle final {
public:
    // Device pixels, as a cosmetic pen draws; an export at `renderPixelRatio` thickens the line with the picture.
    static double penWidth(bool faint, double renderPixelRatio);
    // Two curves per track, emptied and styled: the faint raw ones first (tracks' order), then the lines, so that
    // no raw curve covers another run's line.
    static void apply(std::vector<TraceCurve>& curves, std::span<const ChartTrack> tracks, double renderPixelRatio);
};
