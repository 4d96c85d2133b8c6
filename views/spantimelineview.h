#pragma once

#include "spantimelinelayout.h"
#include "spantimelinepainter.h"

#include <QString>
#include <QVector>
#include <QWidget>

#include <limits>
#include <utility>

QT_BEGIN_NAMESPACE
class QScrollBar;
QT_END_NAMESPACE

// A Gantt-style timeline of telemetry spans against wall time (ms since the epoch, local clock, the same axis as
// the wall-time metric charts). Lanes are stacked; within a lane each span is a bar on a row by its nesting depth
// (SpanTimelineLayout), coloured by name (SpanStyle) with a legend. A span that never stopped is hatched up to the
// lane's end, which is marked in red. Custom-painted (SpanTimelinePainter), fast with 100,000s of spans.
//
// Wheel: zoom around the cursor (Shift+wheel pans; over the lane labels it scrolls lanes). Drag: zoom to the
// dragged range. Shift+drag or middle-drag: pan. Double-click: reset. Hover: the span's attributes as a tooltip.
class SpanTimelineView final : public QWidget {
    Q_OBJECT

public:
    explicit SpanTimelineView(QWidget* parent = nullptr);
    ~SpanTimelineView() override;

    // Keeps the zoom the user chose when it is set (a live job publishes longer lanes); otherwise shows everything.
    void setLanes(const QVector<SpanLane>& lanes);
    const QVector<SpanLane>& lanes() const { return m_layout.lanes(); }
    void setPlaceholder(const QString& text); // shown when no lane has a span

    // The visible wall-time range in ms since the epoch. setTimeRange and resetZoom never emit timeRangeChanged,
    // so linking two views both ways does not loop.
    double visibleFrom() const { return m_from; }
    double visibleTo() const { return m_to; }
    void setTimeRange(double fromMs, double toMs);
    void resetZoom();
    bool isZoomed() const { return m_zoomed; }
    double dataFrom() const { return m_layout.dataFrom(); } // everything, with a small margin: what resetZoom shows
    double dataTo() const { return m_layout.dataTo(); }
    // A wall-time range resetZoom always shows too (ChartGrid passes the wall-time charts' extent); NaN: none.
    void setFrame(double fromMs, double toMs);

    // A vertical cursor line at `ms` (NaN: none), e.g. where the pointer is in a chart. Does not emit.
    void setHoverTime(double ms);
    double hoverTime() const { return m_hoverMs; }

    // Geometry in widget coordinates (for tests and for lining the timeline up with charts).
    QRect plotRect() const; // where bars are drawn; x is time
    // Puts the plot `left` pixels from the widget's left edge and `right` from its right edge, e.g. a chart's plot
    // area below, so both time axes line up to the pixel (lane labels are elided to fit). -1: automatic.
    void setPlotInsets(int left, int right);
    QRect laneRect(int lane) const; // after vertical scrolling; may lie outside plotRect()
    int rowCount(int lane) const;
    double xForTime(double ms) const;
    double timeAtX(double x) const;

    // The span under `pos` as {lane, index into that lane's spans}, or {-1, -1}. Bars a pixel or two wide are
    // hit within a few pixels.
    std::pair<int, int> spanAt(const QPoint& pos) const;
    QString toolTipAt(const QPoint& pos) const; // rich text; empty when no span is there
    QString describeSpan(int lane, int spanIndex) const;
    int paintedBarCount() const { return m_paintedBars; } // rectangles the last paint drew

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // After the user zoomed, panned or reset (never after setTimeRange/resetZoom).
    void timeRangeChanged(double fromMs, double toMs);
    // Where the pointer is over the plot; NaN when it leaves.
    void hoverTimeChanged(double ms);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag { None, Band, Pan };

    void relayout();
    void applyRange(double fromMs, double toMs, bool byUser);
    void zoomAround(double ms, double factor);
    void panByPixels(double dx);
    void updateHover(const QPoint& pos, const QPoint& globalPos);

    SpanTimelineLayout m_layout;
    SpanTimelineGeometry m_geometry;
    QScrollBar* m_scroll;
    QString m_placeholder;
    int m_insetLeft = -1, m_insetRight = -1;

    double m_from = 0, m_to = 1;
    std::pair<double, double> fullRange() const; // the data's, widened to the frame
    bool m_zoomed = false;
    double m_frameFrom = std::numeric_limits<double>::quiet_NaN(), m_frameTo = std::numeric_limits<double>::quiet_NaN();
    double m_hoverMs;
    std::pair<int, int> m_hovered { -1, -1 };

    Drag m_drag = Drag::None;
    int m_dragStartX = 0;
    int m_dragNowX = 0;
    double m_dragFrom = 0, m_dragTo = 0;
    int m_paintedBars = 0;
};
