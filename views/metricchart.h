#pragma once

#include "chartaxes.h"
#include "metricseries.h"
#include "smoothing.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QVector>
#include <QWidget>

#include <span>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QStackedLayout;
class QToolButton;
class QXYSeries;
QT_END_NAMESPACE

struct ChartSeries {
    QString label;
    QColor color; // invalid: a colour from the chart's palette
    MetricSeriesPtr data;
    qint64 runStartMs = 0; // origin of RelativeTime; 0: the series' first timestamp
};

// One metric of one or more runs as lines. Full-resolution data stays in the MetricSeries; on every change of
// data, size or zoom each series is reduced with decimateM4 to the visible x range and the plot's pixel width
// before it reaches Qt Charts, so a million-step history draws as fast as a short one and shows every spike.
// NaN splits a line, ±inf is marked by a triangle at the plot's top or bottom edge, values alone between
// breaks are dots. With smoothing on, the smoothed curve (computed once on the full data) is drawn over the raw
// one, which stays faint in the same colour so spikes the smoothing hides remain visible. Drag to zoom into a step
// range, wheel to zoom around the cursor, double-click to reset.
class MetricChart final : public QWidget {
    Q_OBJECT

public:
    explicit MetricChart(QWidget* parent = nullptr);
    ~MetricChart() override;

    void setSeries(const QVector<ChartSeries>& series);
    QVector<ChartSeries> series() const { return m_input; }
    // Device pixels per logical pixel the reduction is made for; 0 (default): the screen's. An export at 300 dpi
    // sets it so every printed pixel column still holds its first/min/max/last point.
    void setRenderPixelRatio(double ratio) { m_renderPixelRatio = ratio; }
    void setXAxisMode(XAxisMode mode);
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

    int drawnPointCount() const { return m_drawnPoints; } // points handed to Qt Charts
    qint64 rawPointCount() const { return m_rawPoints; }
    QChart* chart() const { return m_chart; }
    int plotPixelWidth() const;

    // In x-axis units: steps, milliseconds since the epoch, or the relative-time unit shown in the axis title.
    double visibleFrom() const { return m_from; }
    double visibleTo() const { return m_to; }
    void setVisibleXRange(double from, double to);
    void resetZoom();
    bool isZoomed() const { return m_zoomed; }
    // The hover tooltip's text (rich text) for an x position: the nearest step's value per series.
    QString readoutAt(double x) const;

Q_SIGNALS:
    void visibleXRangeChanged(double from, double to);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Track {
        ChartSeries spec;
        QColor color;
        std::vector<double> xs; // ascending x in the current axis mode
        std::vector<double> sortedYs; // filled only when the history is not ascending in x
        std::vector<double> smoothedYs; // in the order of xs; empty without smoothing
        std::vector<std::size_t> order; // index into the MetricSeries per x; empty when it is the identity
        bool positive = true; // every finite value > 0
        QLineSeries* line = nullptr; // carries the legend entry
        QList<QLineSeries*> extraSegments; // pieces after NaN breaks, same colour, no legend entry
        QScatterSeries* dots = nullptr;
        QList<QLineSeries*> rawSegments; // the unsmoothed curve, faint, when smoothing is on
        QScatterSeries* rawDots = nullptr;
        QScatterSeries* plusInf = nullptr;
        QScatterSeries* minusInf = nullptr;

        std::span<const double> ys() const;
        std::size_t indexAt(std::size_t i) const { return order.empty() ? i : order[i]; }
    };

    void prepareTracks();
    void rebuildChart();
    void rebuildKeepingZoom();
    void redraw();
    void applyXRange(double from, double to);
    void onAxisXRangeChanged();
    void smoothTracks();
    void updateTitle();
    void attach(QXYSeries* series, const Track& track, bool inLegend);
    QLineSeries* addSegmentSeries(const Track& track, bool inLegend, bool faint = false);
    QScatterSeries* addMarkerSeries(const Track& track, const QImage& marker, bool faint = false);
    QString relativeUnitName() const;
    void placeOverlays();
    void updatePointsLabel();
    void zoomAround(double x, double factor);

    QChart* m_chart;
    QChartView* m_view;
    QStackedLayout* m_stack;
    QLabel* m_placeholder;
    QLabel* m_pointsLabel;
    QToolButton* m_resetButton;
    QAbstractAxis* m_xAxis = nullptr;
    QAbstractAxis* m_yAxis = nullptr;

    QVector<ChartSeries> m_input;
    std::vector<Track> m_tracks;
    XAxisMode m_mode = XAxisMode::Step;
    SmoothingSettings m_smoothing;
    QString m_title;
    bool m_logYRequested = false;
    bool m_logYApplied = false;
    double m_renderPixelRatio = 0;
    double m_relativeUnitMs = 1000; // the unit RelativeTime counts in: seconds, minutes or hours
    double m_fullFrom = 0, m_fullTo = 1;
    double m_from = 0, m_to = 1;
    bool m_zoomed = false;
    bool m_applyingRange = false;
    bool m_userRangePending = false;
    bool m_redrawing = false;
    int m_drawnPoints = 0;
    qint64 m_rawPoints = 0;
};
