#pragma once

#include "chartsettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;

// The settings bar above the chart grid: x axis, log y, smoothing (each mode's parameter in the units its origin
// uses), ignore outliers, and grouping runs by a param or tag with a ±std or min–max band.
class ChartControls final : public QWidget {
    Q_OBJECT
public:
    explicit ChartControls(QWidget* parent = nullptr);

    ChartSettings settings() const;
    void setSettings(const ChartSettings& settings);
    // Offers "params.<name>" / "tags.<name>" keys to group by; keeps the current choice if still offered.
    void setGroupKeys(const QStringList& keys);
    // Offers these metrics as the x axis (x = the metric's value at the same step); keeps the current choice if
    // still offered, else falls back to steps.
    void setXMetricKeys(const QStringList& keys);
    // The owner's widgets in the bar: before the axis settings (e.g. a search box), after the grouping.
    void addLeading(QWidget* widget, int stretch = 0);
    void addTrailing(QWidget* widget);

Q_SIGNALS:
    void settingsChanged();

private:
    void onSmoothingModeChanged();

    QComboBox* m_xAxis;
    QCheckBox* m_logY;
    QComboBox* m_smoothingMode;
    QDoubleSpinBox* m_smoothingValue;
    QCheckBox* m_ignoreOutliers;
    QComboBox* m_groupBy;
    QComboBox* m_band;
    QHBoxLayout* m_firstRow = nullptr;
    QHBoxLayout* m_secondRow = nullptr;
};
