#include "chartkeyinput.h"

#include "metricchart.h"

#include <QChartView>
#include <QKeyEvent>

namespace {

constexpr double zoomPerKey = 0.8; // as one wheel notch

} // namespace

ChartKeyInput::ChartKeyInput(MetricChart* chart, QChartView* view)
    : QObject(chart)
    , m_chart(chart)
    , m_view(view)
{
    m_view->setFocusPolicy(Qt::ClickFocus);
    m_view->installEventFilter(this);
}

bool ChartKeyInput::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_view || event->type() != QEvent::KeyPress || m_chart->isShowingPlaceholder())
        return QObject::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const double step = key->modifiers() & Qt::ShiftModifier ? 0.5 : 0.1;
    switch (key->key()) {
    case Qt::Key_Left:
        m_chart->panBy(-step);
        return true;
    case Qt::Key_Right:
        m_chart->panBy(step);
        return true;
    case Qt::Key_Plus:
    case Qt::Key_Equal: // + without Shift on most layouts
    case Qt::Key_Up:
        zoomAroundMiddle(zoomPerKey);
        return true;
    case Qt::Key_Minus:
    case Qt::Key_Down:
        zoomAroundMiddle(1 / zoomPerKey);
        return true;
    case Qt::Key_Home:
        m_chart->resetZoom();
        return true;
    default:
        return QObject::eventFilter(watched, event);
    }
}

void ChartKeyInput::zoomAroundMiddle(double factor)
{
    const double middle = (m_chart->visibleFrom() + m_chart->visibleTo()) / 2;
    const double half = (m_chart->visibleTo() - m_chart->visibleFrom()) / 2 * factor;
    m_chart->setVisibleXRange(middle - half, middle + half);
}
