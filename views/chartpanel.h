#pragma once

#include "metricchart.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;

// The chart of the selected runs for one chosen metric, with the x-axis mode, log-y and smoothing choices above it.
class ChartPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);

    // Offers `keys`; keeps the current metric if it is still offered, else picks a loss-like key, else the first.
    void setMetricKeys(const QStringList& keys);
    QString currentMetric() const;
    void setCurrentMetric(const QString& key);
    MetricChart* chart() const { return m_chart; }
    void setStatus(const QString& text); // e.g. "loading 3 of 5 runs…"
    void setSmoothing(const SmoothingSettings& smoothing);
    SmoothingSettings smoothing() const;

Q_SIGNALS:
    void metricChanged(const QString& key);

private:
    void onSmoothingModeChanged();

    QComboBox* m_metric;
    QComboBox* m_xAxis;
    QCheckBox* m_logY;
    QComboBox* m_smoothingMode;
    QDoubleSpinBox* m_smoothingValue;
    QLabel* m_status;
    MetricChart* m_chart;
};
