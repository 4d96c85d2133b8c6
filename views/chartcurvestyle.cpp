#include "chartcurvestyle.h"

#include "chartaxes.h"
#include "charttrack.h"
#include "tracelayer.h"

#include <QCoreApplication>

#include <algorithm>

double ChartCurveStyle::penWidth(bool faint, double renderPixelRatio)
{
    return (faint ? 1.2 : 1.6) * std::max(1.0, renderPixelRatio);
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
