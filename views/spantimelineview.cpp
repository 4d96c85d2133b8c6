#include "spantimelineview.h"

#include "timeaxisticks.h"

#include <QDateTime>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr double kWheelZoomPerNotch = 0.8; // as MetricChart, so both zoom alike when linked
constexpr double kMinVisibleMs = 1;
constexpr int kHitSlopPx = 3;
constexpr int kMaxTooltipAttributes = 40;

QString timeText(double ms)
{
    return QLocale().toString(
        QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::floor(ms))), u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

} // namespace

SpanTimelineView::SpanTimelineView(QWidget* parent)
    : QWidget(parent)
    , m_scroll(new QScrollBar(Qt::Vertical, this))
    , m_placeholder(tr("No spans: select runs that hold telemetry spans (OneLogger)"))
    , m_hoverMs(std::numeric_limits<double>::quiet_NaN())
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_scroll->hide();
    connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
        m_geometry.scroll = value;
        update();
    });
    relayout();
}

SpanTimelineView::~SpanTimelineView() = default;

void SpanTimelineView::setLanes(const QVector<SpanLane>& lanes)
{
    m_layout.setLanes(lanes);
    m_hovered = { -1, -1 };
    relayout();
    if (m_zoomed)
        applyRange(m_from, m_to, false);
    else
        resetZoom();
}

void SpanTimelineView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void SpanTimelineView::relayout()
{
    const int oldContent = m_geometry.contentHeight, oldLegend = m_geometry.legendHeight;
    m_geometry = SpanTimelinePainter::layOut(
        m_layout, font(), size(), m_scroll->sizeHint().width(), m_insetLeft, m_insetRight);
    const SpanTimelineGeometry& g = m_geometry;
    if (g.contentHeight != oldContent || g.legendHeight != oldLegend)
        updateGeometry(); // the size hint follows the lanes and the legend's wrapping
    m_scroll->setVisible(g.needsScroll);
    if (g.needsScroll) {
        m_scroll->setGeometry(g.lanes.right() + 1, g.lanes.top(), width() - g.lanes.width(), g.lanes.height());
        m_scroll->setRange(0, g.contentHeight - g.lanes.height());
        m_scroll->setPageStep(g.lanes.height());
        m_scroll->setSingleStep(g.rowPitch);
    } else {
        m_scroll->setValue(0);
    }
    m_geometry.scroll = m_scroll->value();
    update();
}

void SpanTimelineView::setPlotInsets(int left, int right)
{
    m_insetLeft = left;
    m_insetRight = right;
    relayout();
}

QRect SpanTimelineView::plotRect() const { return m_geometry.plot; }

QRect SpanTimelineView::laneRect(int lane) const { return m_geometry.laneRect(lane); }

int SpanTimelineView::rowCount(int lane) const
{
    if (lane < 0 || lane >= static_cast<int>(m_layout.placed().size()))
        return 0;
    return static_cast<int>(m_layout.placed()[static_cast<std::size_t>(lane)].rows.size());
}

double SpanTimelineView::xForTime(double ms) const
{
    const QRect plot = plotRect();
    return plot.left() + (ms - m_from) / (m_to - m_from) * plot.width();
}

double SpanTimelineView::timeAtX(double x) const
{
    const QRect plot = plotRect();
    return m_from + (x - plot.left()) / plot.width() * (m_to - m_from);
}

void SpanTimelineView::setTimeRange(double fromMs, double toMs) { applyRange(fromMs, toMs, false); }

std::pair<double, double> SpanTimelineView::fullRange() const
{
    double from = m_layout.dataFrom(), to = m_layout.dataTo();
    if (m_frameFrom <= m_frameTo) {
        from = std::isfinite(from) ? std::min(from, m_frameFrom) : m_frameFrom;
        to = std::isfinite(to) ? std::max(to, m_frameTo) : m_frameTo;
    }
    return { from, to };
}

void SpanTimelineView::resetZoom()
{
    const auto [from, to] = fullRange();
    applyRange(from, to, false);
}

void SpanTimelineView::setFrame(double fromMs, double toMs)
{
    m_frameFrom = fromMs;
    m_frameTo = toMs;
    if (!m_zoomed)
        resetZoom();
}

void SpanTimelineView::applyRange(double fromMs, double toMs, bool byUser)
{
    if (!std::isfinite(fromMs) || !std::isfinite(toMs))
        return;
    if (toMs < fromMs)
        std::swap(fromMs, toMs);
    if (toMs - fromMs < kMinVisibleMs) {
        const double mid = (fromMs + toMs) / 2;
        fromMs = mid - kMinVisibleMs / 2;
        toMs = mid + kMinVisibleMs / 2;
    }
    const double tolerance = (m_layout.dataTo() - m_layout.dataFrom()) * 1e-9;
    m_from = fromMs;
    m_to = toMs;
    const auto [fullFrom, fullTo] = fullRange();
    m_zoomed = std::abs(fromMs - fullFrom) > tolerance || std::abs(toMs - fullTo) > tolerance;
    update();
    if (byUser)
        Q_EMIT timeRangeChanged(m_from, m_to);
}

void SpanTimelineView::zoomAround(double ms, double factor)
{
    const auto [fullFrom, fullTo] = fullRange();
    const double span = m_to - m_from, dataSpan = fullTo - fullFrom;
    const double wanted = span * factor;
    if (factor > 1 && wanted >= dataSpan) {
        // Zooming out stops at everything; a range wider than the data (set by a linked chart) stays as it is.
        if (span < dataSpan)
            applyRange(fullFrom, fullTo, true);
        return;
    }
    const double next = std::max(wanted, kMinVisibleMs);
    applyRange(ms - (ms - m_from) * next / span, ms + (m_to - ms) * next / span, true);
}

// Panning keeps a zoomed view inside the data, so the bars cannot be dragged out of sight.
void SpanTimelineView::panByPixels(double dx)
{
    const double span = m_to - m_from;
    double from = m_from - dx * span / plotRect().width();
    const auto [fullFrom, fullTo] = fullRange();
    if (span < fullTo - fullFrom)
        from = std::clamp(from, fullFrom, fullTo - span);
    applyRange(from, from + span, true);
}

void SpanTimelineView::setHoverTime(double ms)
{
    if ((std::isnan(ms) && std::isnan(m_hoverMs)) || ms == m_hoverMs)
        return;
    m_hoverMs = ms;
    update();
}

std::pair<int, int> SpanTimelineView::spanAt(const QPoint& pos) const
{
    const QRect plot = plotRect();
    if (!plot.contains(pos))
        return { -1, -1 };
    const SpanTimelineGeometry& g = m_geometry;
    for (int l = 0; l < static_cast<int>(m_layout.placed().size()); ++l) {
        const QRect lane = laneRect(l);
        if (pos.y() < lane.top() || pos.y() > lane.bottom())
            continue;
        const int inLane = pos.y() - g.rowsTop(l);
        const int row = inLane / g.rowPitch;
        const auto& rows = m_layout.placed()[static_cast<std::size_t>(l)].rows;
        if (inLane < 0 || row >= static_cast<int>(rows.size()) || inLane % g.rowPitch >= g.rowHeight)
            return { -1, -1 };
        const double slop = kHitSlopPx * (m_to - m_from) / plot.width();
        const int span
            = SpanTimelineLayout::spanNear(rows[static_cast<std::size_t>(row)], timeAtX(pos.x() + 0.5), slop);
        return span < 0 ? std::pair { -1, -1 } : std::pair { l, span };
    }
    return { -1, -1 };
}

QString SpanTimelineView::toolTipAt(const QPoint& pos) const
{
    const auto [lane, span] = spanAt(pos);
    return lane < 0 ? QString() : describeSpan(lane, span);
}

QString SpanTimelineView::describeSpan(int lane, int spanIndex) const
{
    if (lane < 0 || lane >= lanes().size() || spanIndex < 0 || spanIndex >= lanes()[lane].spans.size())
        return {};
    const Span& s = m_layout.span(lane, spanIndex);
    const auto row = [](const QString& key, const QString& value) -> QString {
        return u"<tr><td style=\"color:gray\">"_s + key.toHtmlEscaped() + u"</td><td>"_s + value.toHtmlEscaped()
            + u"</td></tr>"_s;
    };
    QString text = u"<b>"_s + s.name.toHtmlEscaped() + u"</b>"_s;
    if (!s.isClosed())
        text += u" <span style=\"color:#c0392b\">"_s
            + tr("never stopped: the job crashed or is still running").toHtmlEscaped() + u"</span>"_s;
    text += u"<br>"_s + lanes()[lane].label.toHtmlEscaped() + u"<table>"_s;
    text += row(tr("start"), timeText(static_cast<double>(s.startMs)));
    if (s.durationMs) {
        text += row(tr("duration"), TimeAxisTicks::duration(static_cast<double>(*s.durationMs)));
        text += row(tr("end"), timeText(static_cast<double>(s.startMs + *s.durationMs)));
    } else {
        const double end = m_layout.placed()[static_cast<std::size_t>(lane)].endMs;
        text += row(tr("open for"),
            tr("at least %1 (to the last record, %2)")
                .arg(TimeAxisTicks::duration(end - static_cast<double>(s.startMs)), timeText(end)));
    }
    text += row(tr("depth"), QString::number(s.depth));
    text += row(tr("pid"), QString::number(s.pid));
    text += u"</table>"_s;
    if (!s.attributes.isEmpty()) {
        text += u"<hr><table>"_s;
        int shown = 0;
        for (auto it = s.attributes.cbegin(); it != s.attributes.cend() && shown < kMaxTooltipAttributes; ++it, ++shown)
            text += row(it.key(), it.value());
        text += u"</table>"_s;
        if (s.attributes.size() > kMaxTooltipAttributes)
            text += tr("… and %1 more attributes").arg(s.attributes.size() - kMaxTooltipAttributes).toHtmlEscaped();
    }
    return text;
}

// Tall enough for every lane (up to a limit; then the lanes scroll) and the legend as it wraps at the current
// width, so a layout gives the timeline what it needs and the charts below the rest.
QSize SpanTimelineView::sizeHint() const
{
    const int w = width() > 200 ? width() : 800;
    const SpanTimelineGeometry g
        = SpanTimelinePainter::layOut(m_layout, font(), QSize(w, 1 << 20), 0, m_insetLeft, m_insetRight);
    const int content = std::clamp(g.contentHeight, 3 * g.rowPitch, 480);
    return { 800, g.axisHeight + content + std::max(g.legendHeight, g.legendLineHeight + 6) };
}

QSize SpanTimelineView::minimumSizeHint() const
{
    const SpanTimelineGeometry& g = m_geometry;
    return { 300, g.axisHeight + 2 * g.rowPitch + g.legendLineHeight + 6 };
}

void SpanTimelineView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void SpanTimelineView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout();
}

void SpanTimelineView::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const QRect plot = plotRect();
    if (pos.x() < plot.left() || pos.x() > plot.right() || pos.y() > plot.bottom()) {
        QWidget::mousePressEvent(event);
        return;
    }
    const bool pan = event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (!pan && event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_drag = pan ? Drag::Pan : Drag::Band;
    m_dragStartX = m_dragNowX = pos.x();
    m_dragFrom = m_from;
    m_dragTo = m_to;
    QToolTip::hideText();
    if (pan)
        setCursor(Qt::ClosedHandCursor);
}

void SpanTimelineView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Band) {
        m_dragNowX = std::clamp(pos.x(), plotRect().left(), plotRect().right());
        update();
    } else if (m_drag == Drag::Pan) {
        // From where the drag began, so rounding does not accumulate over a long drag.
        m_from = m_dragFrom;
        m_to = m_dragTo;
        panByPixels(pos.x() - m_dragStartX);
    } else {
        updateHover(pos, event->globalPosition().toPoint());
    }
}

void SpanTimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    const Drag drag = std::exchange(m_drag, Drag::None);
    unsetCursor();
    if (drag == Drag::Band && std::abs(m_dragNowX - m_dragStartX) >= 4) {
        const double a = timeAtX(std::min(m_dragStartX, m_dragNowX));
        const double b = timeAtX(std::max(m_dragStartX, m_dragNowX));
        applyRange(a, b, true);
    }
    update();
    QWidget::mouseReleaseEvent(event);
}

void SpanTimelineView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mouseDoubleClickEvent(event);
        return;
    }
    m_drag = Drag::None;
    const auto [fullFrom, fullTo] = fullRange();
    applyRange(fullFrom, fullTo, true);
}

void SpanTimelineView::wheelEvent(QWheelEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const QRect plot = plotRect();
    const QPoint delta = event->angleDelta();
    if (pos.x() < plot.left() && m_scroll->isVisible()) {
        m_scroll->setValue(m_scroll->value() - delta.y() * m_geometry.rowPitch * 3 / 120);
        event->accept();
        return;
    }
    if (pos.x() < plot.left() || pos.x() > plot.right() || m_layout.isEmpty()) {
        event->ignore();
        return;
    }
    // Some platforms turn Shift+wheel into a horizontal wheel; both pan.
    const bool pan = (event->modifiers() & Qt::ShiftModifier) || std::abs(delta.x()) > std::abs(delta.y());
    if (pan) {
        const double notches = (delta.x() != 0 ? delta.x() : delta.y()) / 120.0;
        panByPixels(notches * plot.width() * 0.1);
    } else if (delta.y() != 0) {
        zoomAround(timeAtX(pos.x()), std::pow(kWheelZoomPerNotch, delta.y() / 120.0));
    }
    event->accept();
}

void SpanTimelineView::leaveEvent(QEvent* event)
{
    QWidget::leaveEvent(event);
    QToolTip::hideText();
    m_hovered = { -1, -1 };
    if (!std::isnan(m_hoverMs)) {
        m_hoverMs = std::numeric_limits<double>::quiet_NaN();
        Q_EMIT hoverTimeChanged(m_hoverMs);
    }
    update();
}

void SpanTimelineView::updateHover(const QPoint& pos, const QPoint& globalPos)
{
    const QRect plot = plotRect();
    const bool inside = pos.x() >= plot.left() && pos.x() <= plot.right() && pos.y() >= 0 && pos.y() <= plot.bottom();
    const double ms = inside && !m_layout.isEmpty() ? timeAtX(pos.x()) : std::numeric_limits<double>::quiet_NaN();
    m_hovered = spanAt(pos);
    const QString tip = m_hovered.first >= 0 ? describeSpan(m_hovered.first, m_hovered.second) : QString();
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, tip, this);
    if (!(std::isnan(ms) && std::isnan(m_hoverMs)) && ms != m_hoverMs) {
        m_hoverMs = ms;
        Q_EMIT hoverTimeChanged(ms);
    }
    update();
}

void SpanTimelineView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    SpanTimelineFrame frame;
    frame.fromMs = m_from;
    frame.toMs = m_to;
    frame.zoomed = m_zoomed;
    frame.hoverMs = m_hoverMs;
    frame.hovered = m_hovered;
    if (m_drag == Drag::Band)
        frame.band = std::pair { m_dragStartX, m_dragNowX };
    frame.placeholder = m_placeholder;
    SpanTimelinePainter painter(p, m_layout, m_geometry, frame, font(), size());
    painter.paint();
    m_paintedBars = painter.paintedBars();
}
