#pragma once

#include "spantimelinelayout.h"

#include <QCoreApplication>
#include <QFont>
#include <QRect>
#include <QSize>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QPainter;
QT_END_NAMESPACE

// Where everything of the span timeline goes for a widget size and font: the time axis on top, the lanes (label
// gutter on the left, bars on the right, scrolled vertically when they do not fit) and the wrapped legend below.
struct SpanTimelineGeometry {
    int rowHeight = 0, rowPitch = 0, lanePadding = 0;
    // When the gutter is too narrow for the lane labels (plot insets set to line up with a chart), each lane gets
    // a header line holding its label above its rows instead; the gutter then keeps only the lane's colour.
    bool labelsAbove = false;
    int laneHeader = 0;
    int axisHeight = 0, legendLineHeight = 0, legendHeight = 0, gutter = 0;
    int contentHeight = 0; // all lanes stacked
    bool needsScroll = false;
    QRect lanes; // the lanes' viewport, gutter included
    QRect plot; // where bars are drawn; x is time
    std::vector<int> laneTops; // within the stacked content
    std::vector<int> laneHeights;
    int scroll = 0;

    QRect laneRect(int lane) const;
    int rowsTop(int lane) const { return laneRect(lane).top() + lanePadding + laneHeader; }
    int rowTop(int lane, int row) const { return rowsTop(lane) + row * rowPitch; }
};

// What one paint shows beyond the layout: the range, the pointer, the drag.
struct SpanTimelineFrame {
    double fromMs = 0, toMs = 1;
    bool zoomed = false;
    double hoverMs = 0; // NaN: no cursor line
    std::pair<int, int> hovered { -1, -1 }; // lane, span: outlined
    std::optional<std::pair<int, int>> band; // rubber band, x from/to in pixels
    QString placeholder;
};

// Paints the span timeline (see SpanTimelineView). Each row is culled to the visible range by binary search, and
// bars narrower than a few pixels are merged while they touch, so a row of 100,000 iteration windows costs about
// its width in pixels.
class SpanTimelinePainter final {
    Q_DECLARE_TR_FUNCTIONS(SpanTimelinePainter)

public:
    // `leftInset`/`rightInset`: where the plot starts and how far it ends from the right edge, in pixels, to line
    // the time axis up with a chart's plot area; -1: as the lane labels need.
    static SpanTimelineGeometry layOut(const SpanTimelineLayout& layout, const QFont& font, QSize size,
        int scrollBarWidth, int leftInset = -1, int rightInset = -1);
    static QFont smallFont(const QFont& base);

    SpanTimelinePainter(QPainter& painter, const SpanTimelineLayout& layout, const SpanTimelineGeometry& geometry,
        const SpanTimelineFrame& frame, const QFont& font, QSize size);
    void paint();
    int paintedBars() const { return m_paintedBars; } // rectangles drawn for bars

private:
    double xFor(double ms) const;
    void paintAxis();
    void paintLanes();
    void paintRow(int lane, const SpanTimelineLayout::Row& row, int top);
    void paintOpenBar(const QRect& r, const QColor& color, const QString& name);
    void paintGutter();
    void paintLegend();
    void paintOverlays();

    QPainter& m_p;
    const SpanTimelineLayout& m_layout;
    const SpanTimelineGeometry& m_g;
    const SpanTimelineFrame& m_frame;
    QFont m_font;
    QFont m_small;
    QSize m_size;
    int m_paintedBars = 0;
};
