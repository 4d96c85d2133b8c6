#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRect>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

class OpaqueRows;

// Paints curves y(x), x ascending, straight into an ARGB32 premultiplied image, one pixel column at a time: the
// frame of 50 runs at a million points each (issue 5) cannot afford QPainter's stroker, which costs ~1.8 µs per
// antialiased segment, 1.4 s for the ~750,000 segments of the M4 columns. Here a frame costs a few updates per
// segment and one blend per painted pixel.
//
// How a round pen of radius r is drawn: pixel column k (device x in [k, k+1)) shows the curve where it passes
// within r of that column, more faintly the farther away it passes. That falloff is taken in a few steps: for
// "tiers" of half-width h, the curve's lowest and highest point within [k + 0.5 - h, k + 0.5 + h] (vertices and the
// crossings of its segments with the interval's ends) is stretched by r up and down, with the vertical coverage of
// each pixel computed exactly, and weighted by how much of the column a vertical line at that distance covers.
//
// The tiers' ends are chosen among the positions k - r and k + r, which are exactly the cuts of
// ColumnGrid::painter's antialiased layout. So a column's picture depends only on the first, lowest, highest and
// last point between consecutive cuts, which is what an M4 reduction over that grid keeps: the reduced curve paints
// the same pixels, bit for bit, as every point of the full one (tst_decimationfidelity). Without antialiasing a
// single tier [k + 0.5 - r, k + 0.5 + r] at full strength and pixels by their centres match the aliased layout.
class TraceRasterizer final {
public:
    // `image` must be Format_ARGB32_Premultiplied and not shared with another QImage (call bits() on it once
    // before painting, as fills from several threads write its pixels without detaching it); only pixels inside
    // `clip` (device pixels) are painted.
    TraceRasterizer(QImage& image, const QRect& clip, double penWidth, bool antialiased);

    // Adds an unbroken piece of the current curve, in the image's pixel coordinates, x not decreasing.
    void addPiece(std::span<const QPointF> points);
    // Ends the pieces: what each pixel column's tiers span, which the fills read.
    void finish();
    // Blends what the pieces added cover, each pixel once, under what the image already holds: curves are
    // blended front to back, the topmost first, so that pixels a curve in front covers opaquely cost nothing
    // (OpaqueRows). On a transparent image a single curve paints as it would blended over it.
    void fill(const QColor& color);
    // The same for the image columns [from, to] only, after finish(): calls for disjoint ranges may run on
    // different threads. `cover` holds what the curves blended before this one (in front of it) cover, for at
    // least these columns, and gets what this one covers.
    void fillColumns(const QColor& color, int from, int to, OpaqueRows& cover) const;

private:
    friend class TestTraceRasterizer; // compares fillTwoTiers with the general path
    static inline bool s_generalPathOnly = false;

    // fillColumns for the screen's pen (ChartCurveStyle: 2 px, antialiased), whose two tiers are spelled out: a
    // zoomed-out frame fills 50 curves' columns, most of them a few rows each, so a column's fixed cost is most of
    // it. Paints exactly what the general path paints.
    void fillTwoTiers(QRgb premultiplied, int from, int to, OpaqueRows& cover) const;

private:
    struct Tier {
        double halfWidth = 0;
        double alpha = 1;
    };
    // The stretches between consecutive cuts ("slots", as ColumnGrid numbers them) hold the curve's lowest and
    // highest point inside them and where it crosses their ends; a tier's extent for a column is the union of the
    // slots its interval spans. So a point costs one update and a column a few slot reads.
    std::int64_t slotOf(double u) const
    {
        const double v = u - m_cut0;
        const double k = std::floor(v);
        const auto whole = static_cast<std::int64_t>(k);
        return m_twoCuts ? 2 * whole + (v - k >= m_cut1 - m_cut0 ? 1 : 0) : whole;
    }
    double cutBefore(std::int64_t slot) const; // where `slot` starts
    void include(std::int64_t slot, double v)
    {
        const auto at = static_cast<std::uint64_t>(slot - m_firstSlot); // below the first slot: huge
        if (at >= m_low.size())
            return;
        m_low[at] = std::min(m_low[at], v);
        m_high[at] = std::max(m_high[at], v);
    }
    // The segment a–b (a.x <= b.x) at the cuts that begin slots firstSlot … lastSlot.
    void crossCuts(QPointF a, QPointF b, std::int64_t firstSlot, std::int64_t lastSlot);

    QImage& m_image;
    QRect m_clip;
    double m_radius = 0.8;
    bool m_antialiased = true;
    double m_cut0 = 0, m_cut1 = 0;
    bool m_twoCuts = true;
    std::vector<Tier> m_tiers; // innermost first; the last one reaches farthest
    std::int64_t m_firstSlot = 0;
    std::vector<double> m_low, m_high; // per slot from m_firstSlot
    struct Extent {
        double low, high;
    };
    // Per pixel column of the clip, then per tier: the slots' union, computed once by finish() while the slots are
    // still in the cache, so that the fills, striped over all curves, read one short run per column.
    std::vector<Extent> m_extents;
    bool m_empty = true;
};
