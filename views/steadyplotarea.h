#pragma once

#include <QMarginsF>
#include <QRectF>
#include <QSizeF>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

// Keeps a chart's plot area in place while zooming and panning relabel its axes. Qt Charts lays the plot out
// around its labels, so "0.45" after "1.2", or a wider last x label, moves the plot by a few pixels: the picture
// jitters, and every pixel column of the frame, reduced for the plot as it was, has to be reduced again (about a
// third of the frames of a random zoom). Here the plot keeps to the part of the chart every layout since the
// last reset left it, less a little headroom, so it only moves when labels need more room than ever before.
//
// QChart::setPlotArea cannot do it: Qt 6 then still places the axes by its own layout. The plot is held in place by
// the chart layout's contents margins instead, which take fractions of a pixel; the axes, title and legend follow.
class SteadyPlotArea final {
public:
    explicit SteadyPlotArea(QChart* chart);

    // After the axes took their new ranges: lays the chart out now (not in a posted event after the frame) and
    // puts the plot where it stays.
    void settle();
    // Back to Qt's own layout, for new axes, titles or legend.
    void reset();
    // Call when the chart's geometry changed: a new size lays the plot out afresh.
    void chartResized();

private:
    void setExtra(const QMarginsF& extra);
    // Kept free beside the first layout's plot, for labels that grow as the user zooms.
    QMarginsF headroom() const;

    QChart* m_chart;
    QRectF m_area; // null: none kept yet
    QMarginsF m_extra; // what the layout's margins hold back around the plot Qt would lay out
    QSizeF m_chartSize; // what m_area was kept for
};
