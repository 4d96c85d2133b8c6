#pragma once

#include "chartreduction.h"
#include "opaquerows.h"
#include "tracerasterizer.h"
#include "twophasework.h"

#include <QColor>
#include <QGraphicsItem>
#include <QImage>
#include <QLineF>
#include <QString>
#include <QTransform>

#include <array>
#include <cstdint>
#include <memory>

#include <vector>

// One reduced curve as the trace layer paints it.
struct TraceCurve {
    QString name; // the run's label, "label (raw)" for the faint unsmoothed curve
    QColor color; // with alpha for the faint raw curve
    double penWidth = 2; // device pixels (a cosmetic pen), so an export at 300 dpi thickens with the picture
    ChartReduction data; // in axis units
    bool markers = false; // draw data.plusInfX / minusInfX as triangles at the plot's top and bottom edge
    QImage plusMarker, minusMarker;
};

// The data of a MetricChart, painted straight on top of the QChart's plot area, which keeps only the axes, grid,
// title and legend. Qt Charts spends about 4 µs per point it is handed (QXYSeries::replace, a QPainterPath per
// series, its stroker outline for hover, geometry updates per series); here a frame costs the reduction and the
// painting. x and y map onto the plot exactly as Qt Charts' domains map them (linear: (x - min) * (width /
// (max - min)); log y: by log10), so the axes, the grid and the M4 columns (ColumnGrid::painter) line up with what
// is painted.
//
// Raster targets (the screen, PNG export) are painted by TraceRasterizer, column by column into a layer image:
// ~1.8 µs per antialiased QPainter segment made 50 runs cost 1.4 s a frame, the rasterizer a few milliseconds, and
// its picture of an M4 reduction equals its picture of every point. Vector targets (SVG, PDF) get QPainter strokes,
// every segment on its own with round caps as Qt Charts' line items stroke them (one polyline per piece would be
// slow: Qt fills a wide pen's outline of a self-overlapping polyline as a single path, super-linear in its length).
class TraceLayer final : public QGraphicsItem {
public:
    explicit TraceLayer(QGraphicsItem* parent = nullptr);
    ~TraceLayer() override;

    // The plot area in the parent's coordinates and the axes' ranges; markers sit at y = plusInfY / minusInfY.
    void setPlot(const QRectF& plot);
    void setRanges(double xFrom, double xTo, double yLow, double yHigh, bool logY, double plusInfY, double minusInfY);
    // Painted in order: the chart puts the faint raw curves first, so every smoothed line stays on top.
    // Whoever changes the curves calls curvesChanged() afterwards (setRanges() does it too).
    std::vector<TraceCurve>& curves()
    {
        discardAhead(); // it reads them, and paints what they were
        return m_curves;
    }
    void curvesChanged()
    {
        ++m_version;
        update();
    }
    const std::vector<TraceCurve>& curves() const { return m_curves; }
    // Every point and marker painted, as MetricChart::drawnPointCount counts them.
    int pointCount() const;
    QPointF map(double x, double y) const;
    double plusInfY() const { return m_plusInfY; } // where +inf markers sit, in y-axis units
    double minusInfY() const { return m_minusInfY; }

    // Starts painting the traces into the screen cache on a second thread, for the view the last paint had, with the
    // plot where it is now: the chart's axes, grid and legend all lie below the traces, and Qt paints them
    // meanwhile; paint() then shares what is left. Nothing happens when there is no earlier paint to go by or a
    // curve has dots or markers, which only a painter draws.
    void rasterAhead();
    // Whether the traces on screen were painted ahead (for tests and diagnostics).
    bool paintedAhead() const { return m_paintedAhead; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void paintCurves(QPainter* painter);
    // Raster targets (the screen's cache image, PNG export): TraceRasterizer's column spans, exact under M4.
    void rasterCurves(QPainter* painter, const QTransform& device, const QRectF& clip);
    // Where the raster path paints: the canvas, the pixels inside the clip and the mapping to its pixels.
    struct RasterSetup {
        QImage* canvas = nullptr;
        QRect inside;
        double sx = 1, sy = 1, dx = 0, dy = 0;
        bool antialiased = true;
    };
    static RasterSetup rasterSetup(const QTransform& device, const QRectF& clip, QImage* canvas, QPoint origin,
        bool antialiased);
    // Curves [begin, end) into setup.canvas, front to back: gathered into m_batch, then filled in stripes; the
    // canvas made transparent first if asked.
    std::unique_ptr<TwoPhaseWork> rasterWork(
        const RasterSetup& setup, std::size_t begin, std::size_t end, bool clearCanvas = false);
    // Moves the cache to where the next paint will want it, when the plot moved since the last (see rasterAhead).
    void placeCacheAhead();
    // Waits for a raster ahead, whose picture is then the cache's only if nothing changed since it started.
    void settle();
    // Stops a raster ahead whose picture is no longer wanted (what it paints is changing): the cache is then void.
    void discardAhead();
    void endAhead(bool keep);
    // Vector targets (SVG, PDF): QPainter strokes, one segment at a time.
    void strokeCurves(QPainter* painter);
    void paintDotsAndMarkers(QPainter* painter, const TraceCurve& curve);
    double mapX(double x) const { return (x - m_xFrom) * m_xScale; }
    double mapY(double y) const { return m_logY ? mapLogY(y) : (m_yHigh - y) * m_yScale; }
    double mapLogY(double y) const;
    void updateScales();

    QSizeF m_size;
    double m_xFrom = 0, m_xTo = 1, m_yLow = 0, m_yHigh = 1, m_xScale = 1, m_yScale = 1;
    bool m_logY = false;
    double m_plusInfY = 1, m_minusInfY = 0;
    std::vector<TraceCurve> m_curves;
    // Reused by every paint: a frame allocates nothing once they have grown. Two: one per gathering thread.
    std::vector<QPointF> m_mapped; // the vector path's, per segment
    std::vector<QLineF> m_lines;
    QImage m_layer; // the raster path's curves in device pixels, reused
    QImage* m_rasterTarget = nullptr; // the screen cache while it is painted: rasterized into directly
    // On screen the traces are painted once into an image and the image is reused for repaints that change
    // nothing of them: the crosshair following the mouse, a tooltip, the rubber band. Stroking 50 runs costs
    // hundreds of milliseconds; copying the image, a fraction of one.
    QImage m_cache;
    QTransform m_cacheTransform;
    QTransform m_cacheWorld; // the painter's world transform when the cache was painted, and where the layer was
    QPointF m_cachePos;
    std::uint64_t m_version = 0, m_cacheVersion = ~std::uint64_t(0);
    // The last cache paint's device transform and antialiasing, which a raster ahead assumes.
    QTransform m_cacheDevice;
    bool m_cacheAntialiased = true;
    // The raster in flight, its curves' rasterizers, what they cover, and the version it paints.
    std::unique_ptr<TwoPhaseWork> m_work;
    std::vector<std::unique_ptr<TraceRasterizer>> m_batch;
    OpaqueRows m_cover;
    std::uint64_t m_workVersion = 0;
    bool m_paintedAhead = false;
};
