#include "tracelayer.h"

#include "opaquerows.h"
#include "tracerasterizer.h"

#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace {

constexpr double dotRadius = 2.25; // logical pixels, the size Qt Charts' scatter dots had
constexpr double markerMargin = 7; // half an inf marker, and a pixel

// Dots and ±inf markers are drawn by a painter, not by the rasterizer.
bool hasDotsOrMarkers(const TraceCurve& curve)
{
    return !curve.data.dots.empty()
        || (curve.markers && (!curve.data.plusInfX.empty() || !curve.data.minusInfX.empty()));
}

} // namespace

TraceLayer::TraceLayer(QGraphicsItem* parent)
    : QGraphicsItem(parent)
{
    setFlag(ItemHasNoContents, false);
    setAcceptedMouseButtons(Qt::NoButton); // the chart view's rubber band and hover get every event
}

TraceLayer::~TraceLayer() { discardAhead(); }

void TraceLayer::setPlot(const QRectF& plot)
{
    if (plot.topLeft() == pos() && plot.size() == m_size)
        return;
    discardAhead();
    prepareGeometryChange();
    setPos(plot.topLeft());
    m_size = plot.size();
    updateScales();
    ++m_version;
}

void TraceLayer::setRanges(
    double xFrom, double xTo, double yLow, double yHigh, bool logY, double plusInfY, double minusInfY)
{
    discardAhead();
    m_xFrom = xFrom;
    m_xTo = xTo;
    m_yLow = yLow;
    m_yHigh = yHigh;
    m_logY = logY;
    m_plusInfY = plusInfY;
    m_minusInfY = minusInfY;
    updateScales();
    ++m_version;
    update();
}

double TraceLayer::mapLogY(double y) const
{
    const double high = std::log10(m_yHigh), low = std::log10(m_yLow);
    return (high - std::log10(y)) * (m_size.height() / (high - low));
}

void TraceLayer::updateScales()
{
    // The factors Qt Charts' domains compute, once: mapping a point is then one multiply-add per axis, the same
    // arithmetic bit for bit.
    m_xScale = m_xTo > m_xFrom ? m_size.width() / (m_xTo - m_xFrom) : 0;
    m_yScale = m_size.height() / (m_yHigh - m_yLow);
}

QPointF TraceLayer::map(double x, double y) const { return QPointF(mapX(x), mapY(y)); }

int TraceLayer::pointCount() const
{
    int n = 0;
    for (const TraceCurve& curve : m_curves) {
        n += curve.data.pointCount();
        if (curve.markers)
            n += static_cast<int>(curve.data.plusInfX.size() + curve.data.minusInfX.size());
    }
    return n;
}

QRectF TraceLayer::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-markerMargin, -markerMargin, markerMargin, markerMargin);
}

void TraceLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget* widget)
{
    if (!(m_xTo > m_xFrom) || !(m_yHigh > m_yLow) || m_size.isEmpty() || (m_logY && !(m_yLow > 0)))
        return;
    // `widget` is the view's viewport when the view paints; exports (QGraphicsScene::render, or a widget
    // rendered into SVG or PDF) get the strokes themselves, as vectors where the format has them.
    const QTransform transform = painter->worldTransform();
    const bool raster = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Raster;
    if (!widget || !raster || !transform.isAffine() || transform.isRotating()) {
        settle(); // its rasterizers and the ones painting here would share m_batch
        paintCurves(painter);
        return;
    }
    // The image covers whole device pixels; the traces keep their sub-pixel offset inside it, so every stroke
    // lands on the pixels it would land on painted directly.
    const QRect target = transform.mapRect(boundingRect()).toAlignedRect();
    const QTransform inImage = transform * QTransform::fromTranslate(-target.left(), -target.top());
    const double ratio = painter->device()->devicePixelRatio();
    if (m_work) {
        // A raster ahead paints the cache for the view of the paint before: its picture counts only for that.
        const bool same = m_cacheTransform == inImage && m_cache.size() == target.size() * ratio
            && m_cache.devicePixelRatio() == ratio
            && painter->testRenderHint(QPainter::Antialiasing) == m_cacheAntialiased;
        settle();
        if (!same)
            m_cacheVersion = ~std::uint64_t(0);
        m_paintedAhead = same && m_cacheVersion == m_version;

    }
    if (m_cacheVersion != m_version || m_cacheTransform != inImage || m_cache.size() != target.size() * ratio
        || m_cache.devicePixelRatio() != ratio) {
        if (m_cache.size() != target.size() * ratio) // else reused: a frame allocates no new pixels
            m_cache = QImage(target.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(ratio);
        m_cache.fill(Qt::transparent);
        QPainter cache(&m_cache);
        cache.setRenderHints(painter->renderHints());
        cache.setTransform(inImage);
        m_rasterTarget = &m_cache; // transparent and ours alone: the rasterizer may paint into it directly
        paintCurves(&cache);
        m_rasterTarget = nullptr;
        m_cacheTransform = inImage;
        m_cacheWorld = transform;
        m_cachePos = pos();
        m_cacheVersion = m_version;
        m_paintedAhead = false;
    }
    painter->save();
    painter->resetTransform();
    painter->drawImage(target.topLeft(), m_cache);
    painter->restore();
}

void TraceLayer::paintCurves(QPainter* painter)
{
    painter->save();
    // A logical pixel past the plot, as far as ColumnGrid's reach: a stroke from just outside the visible
    // range still shows at the plot's edge.
    const QRectF clip = QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1);
    painter->setClipRect(clip, Qt::IntersectClip);
    const QTransform device = painter->deviceTransform();
    const bool raster = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Raster
        && device.type() <= QTransform::TxScale && device.m11() > 0 && device.m22() > 0;
    if (raster)
        rasterCurves(painter, device, clip);
    else
        strokeCurves(painter);
    painter->restore();
}

TraceLayer::RasterSetup TraceLayer::rasterSetup(
    const QTransform& device, const QRectF& clip, QImage* canvas, QPoint origin, bool antialiased)
{
    const QRectF onDevice = device.mapRect(clip);
    RasterSetup setup;
    setup.canvas = canvas;
    // Pixels whose centre lies inside the clip, in the canvas's coordinates.
    setup.inside = QRect(QPoint(static_cast<int>(std::ceil(onDevice.left() - 0.5)) - origin.x(),
                             static_cast<int>(std::ceil(onDevice.top() - 0.5)) - origin.y()),
        QPoint(static_cast<int>(std::floor(onDevice.right() - 0.5)) - origin.x(),
            static_cast<int>(std::floor(onDevice.bottom() - 0.5)) - origin.y()));
    setup.sx = device.m11();
    setup.sy = device.m22();
    setup.dx = device.dx() - origin.x();
    setup.dy = device.dy() - origin.y();
    setup.antialiased = antialiased;
    return setup;
}

std::unique_ptr<TwoPhaseWork> TraceLayer::rasterWork(
    const RasterSetup& setup, std::size_t begin, std::size_t end, bool clearCanvas)
{
    setup.canvas->bits(); // detached here, once: the fills write its pixels from two threads
    m_batch.clear();
    m_batch.resize(end - begin);
    m_cover = OpaqueRows(setup.inside.left(), setup.inside.width());
    // Stripes of columns: a curve's busy part (a steep start, a noisy stretch) is shared out, and a stripe of every
    // curve's pixels stays in the cache while it is painted.
    constexpr int stripe = 32;
    const auto stripes = static_cast<std::size_t>(std::max(0, (setup.inside.width() + stripe - 1) / stripe));
    // The canvas is cleared by the threads that paint it: each stripe its own columns just before its fills, so
    // they find them in their cache; one more task of the first list clears the columns beside the stripes.
    const auto clearColumns = [canvas = setup.canvas](int from, int to) {
        from = std::max(from, 0);
        to = std::min(to, canvas->width() - 1);
        if (from > to)
            return;
        // Through constBits(): bits() may not be called off the image's own thread (see above).
        uchar* const bits = const_cast<uchar*>(canvas->constBits());
        const auto bytes = static_cast<std::size_t>(to - from + 1) * sizeof(QRgb);
        for (int y = 0; y < canvas->height(); ++y)
            std::memset(bits + y * canvas->bytesPerLine() + from * static_cast<int>(sizeof(QRgb)), 0, bytes);
    };
    const std::size_t first = clearCanvas ? 1 : 0;
    const auto gather = [this, setup, begin, first, clearColumns](std::size_t task) {
        if (task < first) {
            clearColumns(0, setup.inside.left() - 1);
            clearColumns(setup.inside.right() + 1, setup.canvas->width() - 1);
            return;
        }
        const std::size_t i = task - first;
        const TraceCurve& curve = m_curves[begin + i];
        const ChartReduction& data = curve.data;
        if (data.segmentCount() == 0)
            return;
        thread_local std::vector<QPointF> mapped; // per thread, reused from frame to frame
        auto rasterizer
            = std::make_unique<TraceRasterizer>(*setup.canvas, setup.inside, curve.penWidth, setup.antialiased);
        for (std::size_t s = 0; s < data.segmentCount(); ++s) {
            const std::span<const QPointF> segment = data.segment(s);
            mapped.resize(segment.size());
            for (std::size_t j = 0; j < segment.size(); ++j) {
                mapped[j] = QPointF(
                    setup.sx * mapX(segment[j].x()) + setup.dx, setup.sy * mapY(segment[j].y()) + setup.dy);
            }
            rasterizer->addPiece(mapped);
        }
        rasterizer->finish();
        m_batch[i] = std::move(rasterizer);
    };
    // The last curve is on top: it goes first (TraceRasterizer::fill blends front to back).
    const auto fill = [this, setup, begin, clearCanvas, clearColumns](std::size_t k) {
        const int from = setup.inside.left() + static_cast<int>(k) * stripe;
        const int to = std::min(from + stripe - 1, setup.inside.right());
        if (clearCanvas)
            clearColumns(from, to);
        for (std::size_t i = m_batch.size(); i-- > 0;) {
            if (m_batch[i])
                m_batch[i]->fillColumns(m_curves[begin + i].color, from, to, m_cover);
        }
    };
    return std::make_unique<TwoPhaseWork>(end - begin + first, gather, stripes, fill);
}

void TraceLayer::settle() { endAhead(true); }

void TraceLayer::discardAhead() { endAhead(false); }

void TraceLayer::endAhead(bool keep)
{
    if (!m_work)
        return;
    if (keep)
        m_work->finish();
    else
        m_work->cancel();
    m_work.reset();
    m_batch.clear();
    // What it painted, which paint() checks against m_version; a cancelled raster painted part of it.
    m_cacheVersion = keep ? m_workVersion : ~std::uint64_t(0);
}

void TraceLayer::placeCacheAhead()
{
    // The view is as the last paint had it, but the plot may have moved since (the new range's axis labels are wider
    // or narrower), and the layer with it: by a translation in the parent's coordinates, which comes first.
    const QPointF moved = pos() - m_cachePos;
    const QTransform world = QTransform::fromTranslate(moved.x(), moved.y()) * m_cacheWorld;
    const QRect target = world.mapRect(boundingRect()).toAlignedRect();
    const QTransform inImage = world * QTransform::fromTranslate(-target.left(), -target.top());
    const double ratio = m_cache.devicePixelRatio();
    if (inImage == m_cacheTransform && m_cache.size() == target.size() * ratio)
        return;
    const QTransform pixelRatio = m_cacheTransform.inverted() * m_cacheDevice; // what the device adds to inImage
    if (m_cache.size() != target.size() * ratio) {
        m_cache = QImage(target.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(ratio);
    }
    m_cacheTransform = inImage;
    m_cacheWorld = world;
    m_cachePos = pos();
    m_cacheDevice = inImage * pixelRatio;
}

void TraceLayer::rasterAhead()
{
    discardAhead(); // a raster ahead still running paints a frame that is gone

    if (m_cacheVersion == m_version || m_cache.isNull() || m_cacheDevice.type() > QTransform::TxScale
        || !(m_xTo > m_xFrom) || !(m_yHigh > m_yLow) || m_size.isEmpty() || (m_logY && !(m_yLow > 0)))
        return;
    if (m_curves.empty() || std::any_of(m_curves.begin(), m_curves.end(), hasDotsOrMarkers))
        return;
    placeCacheAhead();
    const QRectF clip = QRectF(QPointF(0, 0), m_size).adjusted(-1, -1, 1, 1); // as paintCurves clips
    m_work = rasterWork(
        rasterSetup(m_cacheDevice, clip, &m_cache, QPoint(0, 0), m_cacheAntialiased), 0, m_curves.size(), true);
    m_workVersion = m_version;
    m_work->start();
}

void TraceLayer::rasterCurves(QPainter* painter, const QTransform& device, const QRectF& clip)
{
    // The curves go into a transparent layer of device pixels over the clip, which is then drawn unscaled.
    const QRectF onDevice = device.mapRect(clip);
    const QRect area(
        QPoint(static_cast<int>(std::floor(onDevice.left())), static_cast<int>(std::floor(onDevice.top()))),
        QPoint(static_cast<int>(std::ceil(onDevice.right())) - 1, static_cast<int>(std::ceil(onDevice.bottom())) - 1));
    if (area.isEmpty())
        return;
    // Curves are blended front to back (TraceRasterizer::fill), so each batch of them goes into a transparent
    // canvas: the screen cache itself for the first batch (it is transparent, so blending there is what blending
    // into a layer and drawing that would give, without the layer's clearing and compositing), else the layer,
    // which is then drawn over what the painter has.
    bool intoCache = m_rasterTarget && painter->device() == m_rasterTarget
        && m_rasterTarget->format() == QImage::Format_ARGB32_Premultiplied;
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    if (intoCache) {
        m_cacheDevice = device;
        m_cacheAntialiased = antialiased;
    }
    // Where the canvas's pixel (0, 0) lies on the device. A layer taking over from the cache mirrors the cache.
    const QPoint origin = intoCache ? QPoint(0, 0) : area.topLeft();
    const QSize layerSize = intoCache ? m_rasterTarget->size() : area.size();
    const auto useLayer = [&] {
        if (m_layer.size() != layerSize)
            m_layer = QImage(layerSize, QImage::Format_ARGB32_Premultiplied);
        m_layer.fill(Qt::transparent);
    };
    if (!intoCache)
        useLayer();
    bool pending = false;
    const auto flush = [&] {
        if (!pending || intoCache)
            return;
        // In device pixels: the world transform undoes the device's pixel ratio; the layer has none of its own.
        painter->save();
        const double ratio = painter->device()->devicePixelRatio();
        painter->setTransform(QTransform::fromScale(1 / ratio, 1 / ratio));
        painter->drawImage(QPointF(origin), m_layer);
        painter->restore();
        m_layer.fill(Qt::transparent);
        pending = false;
    };
    // A curve with dots or markers ends a batch, so that they lie above its line and below the next curve's.
    const auto batch = [&](std::size_t begin, std::size_t end) {
        const RasterSetup setup = rasterSetup(device, clip, intoCache ? m_rasterTarget : &m_layer, origin, antialiased);
        const std::unique_ptr<TwoPhaseWork> work = rasterWork(setup, begin, end);
        work->start();
        work->finish();
        pending = pending || std::any_of(m_batch.begin(), m_batch.end(), [](const auto& r) { return r != nullptr; });
        m_batch.clear();
    };
    std::size_t begin = 0;
    for (std::size_t c = 0; c < m_curves.size(); ++c) {
        if (!hasDotsOrMarkers(m_curves[c]))
            continue;
        batch(begin, c + 1);
        flush(); // dots and markers of this curve above its line, below the next curve's
        paintDotsAndMarkers(painter, m_curves[c]);
        begin = c + 1;
        if (intoCache && begin < m_curves.size()) {
            // The cache is no longer transparent: later curves go through a layer the size of the cache.
            intoCache = false;
            useLayer();
        }
    }
    if (begin < m_curves.size())
        batch(begin, m_curves.size());
    flush();
}

void TraceLayer::strokeCurves(QPainter* painter)
{
    for (const TraceCurve& curve : m_curves) {
        const ChartReduction& data = curve.data;
        QPen pen(curve.color, curve.penWidth);
        pen.setCosmetic(true);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        for (std::size_t s = 0; s < data.segmentCount(); ++s) {
            const std::span<const QPointF> segment = data.segment(s);
            std::vector<QPointF>& mapped = m_mapped;
            mapped.resize(segment.size());
            for (std::size_t i = 0; i < segment.size(); ++i)
                mapped[i] = QPointF(mapX(segment[i].x()), mapY(segment[i].y()));
            m_lines.resize(mapped.size() - 1);
            for (std::size_t i = 1; i < mapped.size(); ++i)
                m_lines[i - 1] = QLineF(mapped[i - 1], mapped[i]);
            painter->drawLines(m_lines.data(), static_cast<int>(m_lines.size()));
        }
        paintDotsAndMarkers(painter, curve);
    }
}

void TraceLayer::paintDotsAndMarkers(QPainter* painter, const TraceCurve& curve)
{
    const ChartReduction& data = curve.data;
    if (!data.dots.empty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(curve.color);
        for (const QPointF& p : data.dots)
            painter->drawEllipse(map(p.x(), p.y()), dotRadius, dotRadius);
    }
    if (curve.markers) {
        const auto draw = [&](const std::vector<double>& xs, double y, const QImage& image) {
            if (image.isNull())
                return;
            const double w = image.width() / image.devicePixelRatio(), h = image.height() / image.devicePixelRatio();
            for (double x : xs)
                painter->drawImage(QRectF(map(x, y) - QPointF(w / 2, h / 2), QSizeF(w, h)), image);
        };
        draw(data.plusInfX, m_plusInfY, curve.plusMarker);
        draw(data.minusInfX, m_minusInfY, curve.minusMarker);
    }
}
