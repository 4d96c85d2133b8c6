#pragma once

#include <QObject>
#include <QPointF>

#include <optional>

QT_BEGIN_NAMESPACE
class QChartView;
class QWidget;
QT_END_NAMESPACE

class MetricChart;

// The mouse and wheel on a MetricChart's plot: wheel zoom around the cursor (in a scrolling grid only with the
// chart's wheel modifier; without it the grid scrolls), shift- or middle-drag to pan, double-click to reset, and the
// hover readout and crosshair. A plain drag stays QChartView's rubber band zoom.
class ChartPointerInput final : public QObject {
public:
    // Watches `view`'s viewport; a child of `chart`, which deletes it before its own teardown.
    ChartPointerInput(MetricChart* chart, QChartView* view);

    void setWheelModifier(Qt::KeyboardModifier modifier) { m_wheelModifier = modifier; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    MetricChart* m_chart;
    QChartView* m_view;
    QWidget* m_viewport; // what it watches; compared, never called, so that events during teardown are harmless
    Qt::KeyboardModifier m_wheelModifier = Qt::NoModifier;
    std::optional<QPointF> m_panFrom; // the mouse position a drag started at
    double m_panOriginFrom = 0, m_panOriginTo = 0; // the visible range it started from
};
