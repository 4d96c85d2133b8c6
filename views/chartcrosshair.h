#pragma once

#include <QRectF>

QT_BEGIN_NAMESPACE
class QGraphicsItem;
class QGraphicsLineItem;
QT_END_NAMESPACE

// The dashed vertical line at the x another chart's hover shows (linked crosshairs), over the plot area.
// A separate item above the traces, so moving it repaints a thin strip rather than recomputing anything.
class ChartCrosshair final {
public:
    explicit ChartCrosshair(QGraphicsItem* chart); // the line item is the chart's child and dies with it

    // x in axis units over the visible [from, to] mapped onto `plot`; hidden when x is NaN or outside.
    void place(double x, double from, double to, const QRectF& plot, bool chartShown);

private:
    QGraphicsLineItem* m_line;
};
