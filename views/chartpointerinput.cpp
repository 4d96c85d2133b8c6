#include "chartpointerinput.h"

#include "metricchart.h"

#include <QAbstractScrollArea>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double wheelZoomPerNotch = 0.8;

} // namespace

ChartPointerInput::ChartPointerInput(MetricChart* chart, QChartView* view)
    : QObject(chart)
    , m_chart(chart)
    , m_view(view)
    , m_viewport(view->viewport())
{
    m_viewport->installEventFilter(this);
}

bool ChartPointerInput::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_viewport)
        return QObject::eventFilter(watched, event);
    QChart* const qchart = m_chart->chart();
    const QRectF plot = qchart->plotArea();
    const double from = m_chart->visibleFrom(), to = m_chart->visibleTo();
    const auto toChart = [&](const QPointF& pos) { return qchart->mapFromScene(m_view->mapToScene(pos.toPoint())); };
    const auto xAt = [&](const QPointF& inChart) { return from + (inChart.x() - plot.left()) / plot.width() * (to - from); };
    switch (event->type()) {
    case QEvent::MouseButtonDblClick:
        m_chart->resetZoom();
        return true;
    case QEvent::Wheel: {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        const double notches = wheel->angleDelta().y() / 120.0;
        const QPointF at = toChart(wheel->position());
        if (notches == 0 || !plot.contains(at) || m_chart->isShowingPlaceholder())
            return false;
        if (m_wheelModifier != Qt::NoModifier && !(wheel->modifiers() & m_wheelModifier)) {
            // The enclosing scroll area scrolls. Handed over explicitly: Qt does not propagate a wheel event a
            // filter ignored when it was synthesised, and a chart in a grid must scroll the grid either way.
            for (QWidget* w = m_chart->parentWidget(); w; w = w->parentWidget()) {
                if (auto* area = qobject_cast<QAbstractScrollArea*>(w)) {
                    QCoreApplication::sendEvent(area->verticalScrollBar(), event);
                    break;
                }
            }
            return true;
        }
        const double x = xAt(at), factor = std::pow(wheelZoomPerNotch, notches);
        m_chart->setVisibleXRange(x - (x - from) * factor, x + (to - x) * factor);
        return true;
    }
    case QEvent::MouseButtonPress: {
        // Shift-drag or middle-drag pans; a plain drag stays the rubber band zoom.
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const bool pan = mouse->button() == Qt::MiddleButton
            || (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ShiftModifier));
        if (!pan || !plot.contains(toChart(mouse->position())) || m_chart->isShowingPlaceholder())
            return false;
        m_panFrom = mouse->position();
        m_panOriginFrom = from;
        m_panOriginTo = to;
        m_view->viewport()->setCursor(Qt::ClosedHandCursor);
        return true;
    }
    case QEvent::MouseButtonRelease:
        if (!m_panFrom)
            return false;
        m_panFrom.reset();
        m_view->viewport()->unsetCursor();
        return true;
    case QEvent::MouseMove: {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (m_panFrom) {
            const double dx = mouse->position().x() - m_panFrom->x();
            const double shift = -dx / std::max(1.0, plot.width()) * (m_panOriginTo - m_panOriginFrom);
            m_chart->setVisibleXRange(m_panOriginFrom + shift, m_panOriginTo + shift);
            return true;
        }
        const QPointF at = toChart(mouse->position());
        if (mouse->buttons() == Qt::NoButton && plot.contains(at) && !m_chart->isShowingPlaceholder()) {
            const double x = xAt(at);
            QToolTip::showText(mouse->globalPosition().toPoint(), m_chart->readoutAt(x), m_view);
            m_chart->setCrosshairX(x);
            Q_EMIT m_chart->hoverXChanged(x);
        } else {
            QToolTip::hideText();
        }
        return false;
    }
    case QEvent::Leave:
        QToolTip::hideText();
        m_chart->setCrosshairX(std::numeric_limits<double>::quiet_NaN());
        Q_EMIT m_chart->hoverXChanged(std::numeric_limits<double>::quiet_NaN());
        return false;
    default:
        return QObject::eventFilter(watched, event);
    }
}
