#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QChartView;
QT_END_NAMESPACE

class MetricChart;

// The keyboard on a MetricChart that has the focus (a click gives it): Left and Right pan by a tenth of the visible
// range (Shift: by half), + and − (or Up and Down) zoom around the middle, Home resets the zoom. Charts linked on
// the same x axis follow, as they follow the mouse.
class ChartKeyInput final : public QObject {
public:
    // Watches `view`; a child of `chart`.
    ChartKeyInput(MetricChart* chart, QChartView* view);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void zoomAroundMiddle(double factor);

    MetricChart* m_chart;
    QChartView* m_view;
};
