#include "chartcrosshair.h"

#include <QGraphicsLineItem>
#include <QPen>

#include <cmath>

ChartCrosshair::ChartCrosshair(QGraphicsItem* chart)
    : m_line(new QGraphicsLineItem(chart))
{
    QPen pen(QColor(0x60, 0x60, 0x60, 0xa0), 1, Qt::DashLine);
    pen.setCosmetic(true);
    m_line->setPen(pen);
    m_line->setZValue(1000);
    m_line->hide();
}

void ChartCrosshair::place(double x, double from, double to, const QRectF& plot, bool chartShown)
{
    if (!std::isfinite(x) || x < from || x > to || to <= from || !chartShown) {
        m_line->hide();
        return;
    }
    const double px = plot.left() + (x - from) / (to - from) * plot.width();
    m_line->setLine(px, plot.top(), px, plot.bottom());
    m_line->show();
}
