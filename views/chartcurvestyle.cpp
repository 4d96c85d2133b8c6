#include "chartcurvestyle.h"

#include "chartaxes.h"
#include "charttrack.h"
#include "tracelayer.h"

#include <QCoreApplication>

#include <algorithm>

// Whole pixels, not in-between widths such as 1.6: an antialiased pen of width w reaches w/2 either side of a pixel
// centre, so the reduction's column cuts lie at k ± w/2 (ColumnGrid::painter). For an even width both fall on the
// same place, for an odd one too (k ± 0.5), and a frame reduces one column per pixel; 1.6 put them 0.6 apart and
// doubled the columns to reduce and rasterize (runlens-bench charts: CPU per frame 27 -> 19 ms).
double ChartCurveStyle::penWidth(bool faint, double renderPixelRatio)
{
    return (faint ? 1.0 : 2.0) * std::max(1.0, renderPixelRatio);
}

void ChartCurveStyle::apply(std::vector<TraceCurve>& curves, std::span<const ChartTrack> tracks, double renderPixelRatio)
{
    const std::size_t n = tracks.size();
    curves.resize(2 * n);
    for (std::size_t t = 0; t < n; ++t) {
        const ChartTrack& track = tracks[t];
        const bool smoothed = !track.smoothedYs.empty();
        TraceCurve& raw = curves[t];
        raw.name = QCoreApplication::translate("MetricChart", "%1 (raw)").arg(track.spec.label);
        // The faint raw curve as an opaque tint (a quarter of the colour on the white plot) rather than a
        // translucent pen: every segment is stroked on its own, and a translucent one would darken wherever
        // strokes overlap, so the picture would depend on how many points are drawn, which the reduction changes.
        raw.color = QColor::fromRgbF(0.75f + 0.25f * track.color.redF(), 0.75f + 0.25f * track.color.greenF(),
            0.75f + 0.25f * track.color.blueF());
        raw.penWidth = penWidth(true, renderPixelRatio);
        raw.data.clear();
        TraceCurve& line = curves[n + t];
        line.name = track.spec.label;
        line.color = track.color;
        line.penWidth = penWidth(false, renderPixelRatio);
        line.data.clear();
        // Where ±inf was logged is a fact of the raw data, whatever the smoothing made of it.
        TraceCurve& marked = smoothed ? raw : line;
        (smoothed ? line : raw).markers = false;
        marked.markers = true;
        marked.plusMarker = ChartAxes::infMarker(track.color, true);
        marked.minusMarker = ChartAxes::infMarker(track.color, false);
    }
}
