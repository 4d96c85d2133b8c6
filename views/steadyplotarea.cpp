#include "steadyplotarea.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLayout>

#include <algorithm>

SteadyPlotArea::SteadyPlotArea(QChart* chart)
    : m_chart(chart)
{
}

void SteadyPlotArea::settle()
{
    QGraphicsLayout* layout = m_chart->layout();
    if (!layout)
        return;
    if (m_chart->size() != m_chartSize) {
        m_chartSize = m_chart->size();
        reset();
    }
    layout->activate();
    const QRectF got = m_chart->plotArea();
    if (got.isEmpty())
        return; // not laid out yet: nothing to keep
    // Where Qt would put the plot for these labels without the margins held back, then the part of it every
    // earlier layout also had.
    const QRectF wanted = got + m_extra;
    m_area = m_area.isNull() ? wanted - headroom()
                             : QRectF(QPointF(std::max(m_area.left(), wanted.left()), std::max(m_area.top(), wanted.top())),
                                 QPointF(std::min(m_area.right(), wanted.right()),
                                     std::min(m_area.bottom(), wanted.bottom())));
    if (m_area == got)
        return;
    setExtra(QMarginsF(m_area.left() - wanted.left(), m_area.top() - wanted.top(), wanted.right() - m_area.right(),
        wanted.bottom() - m_area.bottom()));
    layout->activate();
}

QMarginsF SteadyPlotArea::headroom() const
{
    // Room for two more digits in the y labels and one more in the last x label's overhang: what the first zooms
    // usually add (a sign, a decimal, a thousands group), so the plot does not move at the first few zooms.
    const QList<QAbstractAxis*> axes = m_chart->axes();
    if (axes.isEmpty())
        return {};
    const QFontMetricsF metrics(axes.front()->labelsFont());
    const double digit = metrics.horizontalAdvance(QLatin1Char('0'));
    return QMarginsF(2 * digit, 0, digit, 0);
}

void SteadyPlotArea::reset()
{
    m_area = {};
    setExtra({});
}

void SteadyPlotArea::chartResized()
{
    if (!m_area.isNull() && m_chart->size() != m_chartSize)
        reset(); // Qt lays the chart out, and its plotAreaChanged redraws it
}

void SteadyPlotArea::setExtra(const QMarginsF& extra)
{
    m_extra = extra;
    if (QGraphicsLayout* layout = m_chart->layout())
        layout->setContentsMargins(extra.left(), extra.top(), extra.right(), extra.bottom());
}
