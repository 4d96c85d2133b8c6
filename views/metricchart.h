#pragma once

#include "chartaxes.h"
#include "chartbands.h"
#include "chartcrosshair.h"
#include "charttrack.h"
#include "smoothing.h"
#include "steadyplotarea.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <functional>

#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QChart;
class QChartView;
class QLabel;
class QStackedLayout;
class QToolButton;
QT_END_NAMESPACE

class ChartKeyInput;
class ChartPointerInput;
class TraceLayer;

// One metric of one or more runs as lines. Full-resolution data stays in the MetricSeries; on every change of
// data, size or zoom each series is reduced with decimateM4 to the visible x range and the plot's pixel width
// before it is painted, so a million-step history draws as fast as a short one and shows every spike. Qt Charts
// draws the axes, grid, title and legend; the reduced curves are painted by a TraceLayer over its plot area.
// NaN splits a line, ±inf is marked by a triangle at the plot's top or bottom edge, values alone between
// breaks are dots. With smoothing on, the smoothed curve (computed once on the full data) is drawn over the raw
// one, which stays faint (a light tint of the same colour) so spikes the smoothing hides remain visible. Drag to zoom
// into a step range, wheel to zoom around the cursor, double-click to reset; with the focus, keys pan and zoom.
class MetricChart final : public QWidget {
    Q_OBJECT

public:
    // Zoomed in to at most this many points per column on average, every point is drawn instead of reduced
    // (M4Options::keepEveryPointUpTo): M4 would keep nearly all of them, and finding the columns costs twice as
    // much as passing the points on (runlens-bench charts, "zoom").
    static constexpr double keepEveryPointUpTo = 4;

    explicit MetricChart(QWidget* parent = nullptr);
    ~MetricChart() override;

    void setSeries(const QVector<ChartSeries>& series);
    QVector<ChartSeries> series() const { return m_input; }
    // Device pixels per logical pixel the reduction is made for; 0 (default): the screen's. An export at 300 dpi
    // sets it so every printed pixel column still holds its first/min/max/last point.
    void setRenderPixelRatio(double ratio) { m_renderPixelRatio = ratio; }
    // `xMetric`: with XAxisMode::Metric, the key of the metric the series' xValues come from (the axis title).
    void setXAxisMode(XAxisMode mode, const QString& xMetric = {});
    QString xMetric() const { return m_xMetric; }
    XAxisMode xAxisMode() const { return m_mode; }
    void setLogY(bool logY);
    bool logYRequested() const { return m_logYRequested; }
    bool logYApplied() const { return m_logYApplied; } // false when some value is <= 0
    void setSmoothing(const SmoothingSettings& smoothing);
    SmoothingSettings smoothing() const { return m_smoothing; }
    void setTitle(const QString& title); // the metric; the smoothing in use is appended to what is shown
    QString title() const { return m_title; }
    void setPlaceholder(const QString& text); // shown when there is nothing to chart
    bool isShowingPlaceholder() const;

    int drawnPointCount() const { return m_drawnPoints; } // points painted (lines, dots and ±inf markers)
    qint64 rawPointCount() const { return m_rawPoints; }
    QChart* chart() const { return m_chart; }
    // What is painted over the plot: per series its reduced curve (after the faint raw curves when smoothing).
    TraceLayer* traceLayer() const { return m_traces; }
    int plotPixelWidth() const;

    // In x-axis units: steps, milliseconds since the epoch, or the relative-time unit shown in the axis title.
    double visibleFrom() const { return m_from; }
    double visibleTo() const { return m_to; }
    void setVisibleXRange(double from, double to);
    void resetZoom();
    bool isZoomed() const { return m_zoomed; }
    // The x extent of the data alone (the full range before any frame); false when the chart has no points.
    bool dataXRange(double* from, double* to) const;
    // On wall time, a range the chart's full extent always covers: the grid passes the extent of every wall-time
    // chart and of the span timeline, so that unzoomed they all show the same stretch of time and a throughput dip
    // sits under the checkpoint save that caused it. NaN for none; ignored on other x axes.
    void setWallTimeFrame(double from, double to);
    // The hover tooltip's text (rich text) for an x position: the nearest step's value per series.
    QString readoutAt(double x) const;

    // The y axis's title; empty (default): the metric key, or "value" when the series have several keys.
    void setYAxisTitle(const QString& title);
    QString yAxisTitle() const { return m_yTitle; }
    // Scale y to the 5th–95th percentile of the data (TensorBoard's "ignore outliers"): one spike no longer
    // flattens the curve; what lies outside is clipped at the plot's edge, not dropped.
    void setIgnoreOutliers(bool ignore);
    bool ignoresOutliers() const { return m_ignoreOutliers; }
    // A vertical line at x (in x-axis units) as another chart's hover shows; NaN hides it.
    void setCrosshairX(double x);
    double crosshairX() const { return m_crosshairX; }
    // In a scrolling grid the wheel scrolls; zooming then needs a modifier (e.g. Ctrl). Default: none needed.
    void setWheelZoomModifier(Qt::KeyboardModifier modifier);
    // Moves the visible range by `fraction` of its width (negative: left), rounded to whole device pixels, clamped
    // to the data.
    void panBy(double fraction);
    // Above this many series the legend is hidden (its entries would be cut to "r5…"); the run table's colours
    // and the hover readout name the runs then. 0 (default): always shown.
    void setMaxLegendEntries(int count);

Q_SIGNALS:
    // Emitted for every change of the visible range, the user's and programmatic ones alike.
    void visibleXRangeChanged(double from, double to);
    // The x under the mouse as the user hovers (NaN when the mouse leaves the plot), for linked crosshairs.
    void hoverXChanged(double x);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void prepareTracks();
    void rebuildChart();
    void rebuildKeepingZoom();
    // `alongside` runs on this thread while the reduction has started on another (see forEachOnTwoThreadsAfter).
    void redraw(const std::function<void()>& alongside = {});
    // Reduces every track for the plot as it is now, into the trace layer's curves, on two threads; `alongside`
    // runs on this one meanwhile. Returns the plot area it reduced for.
    QRectF reduceFrame(const std::function<void()>& alongside);
    // What a range becomes on the x axis: whole milliseconds on a time axis.
    std::pair<double, double> xAxisAligned(double from, double to) const;
    void applyXRange(double from, double to);
    void onAxisXRangeChanged();
    void smoothTracks();
    void forgetReducedColumns();
    void updateTitle();
    QString relativeUnitName() const;
    void placeOverlays();
    void updatePointsLabel();
    void placeCrosshair();

    QChart* m_chart;
    QChartView* m_view;
    QStackedLayout* m_stack;
    QLabel* m_placeholder;
    QLabel* m_pointsLabel;
    QToolButton* m_resetButton;
    QAbstractAxis* m_xAxis = nullptr;
    QAbstractAxis* m_yAxis = nullptr;
    TraceLayer* m_traces; // a child item of m_chart
    ChartCrosshair m_crosshair;
    ChartBands m_bands;
    SteadyPlotArea m_plotArea;

    QVector<ChartSeries> m_input;
    std::vector<ChartTrack> m_tracks;
    XAxisMode m_mode = XAxisMode::Step;
    SmoothingSettings m_smoothing;
    QString m_title;
    bool m_logYRequested = false;
    bool m_logYApplied = false;
    double m_renderPixelRatio = 0;
    QString m_yTitle;
    QString m_xMetric;
    bool m_ignoreOutliers = false;
    // ChartYRange::outlierRange, per data; reset by prepareTracks.
    std::optional<std::pair<double, double>> m_outlierRange;
    double m_crosshairX = std::numeric_limits<double>::quiet_NaN();
    int m_maxLegendEntries = 0;
    ChartPointerInput* m_pointer = nullptr; // a child QObject
    ChartKeyInput* m_keys = nullptr; // a child QObject
    double m_relativeUnitMs = 1000; // the unit RelativeTime counts in: seconds, minutes or hours
    double m_fullFrom = 0, m_fullTo = 1;
    double m_dataFrom = 0, m_dataTo = -1; // the data's own x extent; empty when to < from
    double m_frameFrom = std::numeric_limits<double>::quiet_NaN(), m_frameTo = std::numeric_limits<double>::quiet_NaN();
    double m_from = 0, m_to = 1;
    bool m_zoomed = false;
    bool m_applyingRange = false;
    bool m_userRangePending = false;
    bool m_redrawing = false;
    int m_drawnPoints = 0;
    qint64 m_rawPoints = 0;
};
