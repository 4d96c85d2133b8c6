#include "tracelayer.h"

#include "tracerasterizer.h"

#include <QPaintEngine>
#include <QPainter>

#include <cmath>
#include <memory>
#include <thread>

namespace {

constexpr double dotRadius = 2.25; // logical pixels, the size Qt Charts' scatter dots had
constexpr double markerMargin = 7; // half an inf marker, and a pixel

} // namespace

TraceLayer::TraceLayer(QGraphicsItem* parent)
    : QGraphicsItem(parent)
{
    setFlag(ItemHasNoContents, false);
    setAcceptedMouseButtons(Qt::NoButton); // the chart view's rubber band and hover get every event
}

void TraceLayer::setPlot(const QRectF& plot)
{
    if (plot.topLeft() == pos() && plot.size() == m_size)
        return;
    prepareGeometryChange();
    setPos(plot.topLeft());
    m_size = plot.size();
    m_xScale = m_xTo > m_xFrom ? m_size.width() / (m_xTo - m_xFrom) : 0;
    ++m_version;
}

void TraceLayer::setRanges(
    double xFrom, double xTo, double yLow, double yHigh, bool logY, double plusInfY, double minusInfY)
{
    m_xFrom = xFrom;
    m_xTo = xTo;
    m_yLow = yLow;
    m_yHigh = yHigh;
    m_logY = logY;
    m_plusInfY = plusInfY;
    m_minusInfY = minusInfY;
    m_xScale = m_xTo > m_xFrom ? m_size.width() / (m_xTo - m_xFrom) : 0;
    ++m_version;
    update();
}

double TraceLayer::mapY(double y) const
{
    if (m_logY) {
        const double high = std::log10(m_yHigh), low = std::log10(m_yLow);
        return (high - std::log10(y)) * (m_size.height() / (high - low));
    }
    return (m_yHigh - y) * (m_size.height() / (m_yHigh - m_yLow));
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
        paintCurves(painter);
        return;
    }
    // The image covers whole device pixels; the traces keep their sub-pixel offset inside it, so every stroke
    // lands on the pixels it would land on painted directly.
    const QRect target = transform.mapRect(boundingRect()).toAlignedRect();
    const QTransform inImage = transform * QTransform::fromTranslate(-target.left(), -target.top());
    const double ratio = painter->device()->devicePixelRatio();
    if (m_cacheVersion != m_version || m_cacheTransform != inImage || m_cache.size() != target.size() * ratio) {
        m_cache = QImage(target.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(ratio);
        m_cache.fill(Qt::transparent);
        QPainter cache(&m_cache);
        cache.setRenderHints(painter->renderHints());
        cache.setTransform(inImage);
        paintCurves(&cache);
        m_cacheTransform = inImage;
        m_cacheVersion = m_version;
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

void TraceLayer::rasterCurves(QPainter* painter, const QTransform& device, const QRectF& clip)
{
    // The curves go into a transparent layer of device pixels over the clip, which is then drawn unscaled.
    const QRectF onDevice = device.mapRect(clip);
    const QRect area(QPoint(static_cast<int>(std::floor(onDevice.left())), static_cast<int>(std::floor(onDevice.top()))),
        QPoint(static_cast<int>(std::ceil(onDevice.right())) - 1, static_cast<int>(std::ceil(onDevice.bottom())) - 1));
    if (area.isEmpty())
        return;
    if (m_layer.size() != area.size())
        m_layer = QImage(area.size(), QImage::Format_ARGB32_Premultiplied);
    m_layer.fill(Qt::transparent);
    // Pixels whose centre lies inside the clip, in the layer's coordinates.
    const QRect inside(QPoint(static_cast<int>(std::ceil(onDevice.left() - 0.5)) - area.left(),
                           static_cast<int>(std::ceil(onDevice.top() - 0.5)) - area.top()),
        QPoint(static_cast<int>(std::floor(onDevice.right() - 0.5)) - area.left(),
            static_cast<int>(std::floor(onDevice.bottom() - 0.5)) - area.top()));
    const double sx = device.m11(), sy = device.m22(), dx = device.dx() - area.left(), dy = device.dy() - area.top();
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    bool pending = false;
    const auto flush = [&] {
        if (!pending)
            return;
        // In device pixels: the world transform undoes the device's pixel ratio; the layer has none of its own.
        painter->save();
        const double ratio = painter->device()->devicePixelRatio();
        painter->setTransform(QTransform::fromScale(1 / ratio, 1 / ratio));
        painter->drawImage(QPointF(area.topLeft()), m_layer);
        painter->restore();
        m_layer.fill(Qt::transparent);
        pending = false;
    };
    // Curves are gathered one by one, then blended in order, the left and the right half of the columns on two
    // threads (disjoint pixels, the same order of curves in each); a curve with dots or markers ends a batch, so
    // that they lie above its line and below the next curve's.
    std::vector<std::unique_ptr<TraceRasterizer>> batch;
    std::vector<QColor> colors;
    const auto blend = [&] {
        if (batch.empty())
            return;
        const int middle = (inside.left() + inside.right()) / 2;
        const auto run = [&](int from, int to) {
            for (std::size_t i = 0; i < batch.size(); ++i)
                batch[i]->fillColumns(colors[i], from, to);
        };
        std::thread right(run, middle + 1, inside.right());
        run(inside.left(), middle);
        right.join();
        batch.clear();
        colors.clear();
        pending = true;
    };
    for (const TraceCurve& curve : m_curves) {
        const ChartReduction& data = curve.data;
        if (data.segmentCount() > 0) {
            auto rasterizer = std::make_unique<TraceRasterizer>(m_layer, inside, curve.penWidth, antialiased);
            for (std::size_t s = 0; s < data.segmentCount(); ++s) {
                const std::span<const QPointF> segment = data.segment(s);
                m_mapped.resize(segment.size());
                for (std::size_t i = 0; i < segment.size(); ++i)
                    m_mapped[i] = QPointF(sx * mapX(segment[i].x()) + dx, sy * mapY(segment[i].y()) + dy);
                rasterizer->addPiece(m_mapped);
            }
            batch.push_back(std::move(rasterizer));
            colors.push_back(curve.color);
        }
        if (!data.dots.empty() || (curve.markers && (!data.plusInfX.empty() || !data.minusInfX.empty()))) {
            blend();
            flush(); // dots and markers of this curve above its line, below the next curve's
            paintDotsAndMarkers(painter, curve);
        }
    }
    blend();
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
            m_mapped.resize(segment.size());
            for (std::size_t i = 0; i < segment.size(); ++i)
                m_mapped[i] = QPointF(mapX(segment[i].x()), mapY(segment[i].y()));
            m_lines.resize(m_mapped.size() - 1);
            for (std::size_t i = 1; i < m_mapped.size(); ++i)
                m_lines[i - 1] = QLineF(m_mapped[i - 1], m_mapped[i]);
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
