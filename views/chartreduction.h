#pragma once

#include "columnmemo.h"
#include "decimation.h"

#include <QPointF>

#include <cstddef>
#include <span>
#include <vector>

class MinMaxPyramid;
class XValues;

// One series as the chart draws it: the M4 reduction of its full data to the visible range and the plot's
// pixel width, cut at breaks (NaN) into line segments, lone values as dots, ±inf as x positions for markers.
// (The y axis's range comes from the series' pyramids, before the reduction: ChartYRange.)
// The segments are stored back to back in one buffer, and every reduction refills the same buffers: a frame
// of 50 runs allocates nothing here once the buffers have grown to the plot's width.
struct ChartReduction final : private M4Sink {
    std::vector<QPointF> points; // every segment's points, one segment after the other
    std::vector<std::size_t> segmentEnds; // one past each segment's last point in `points`
    std::vector<QPointF> dots;
    std::vector<double> plusInfX, minusInfX;

    int pointCount() const { return static_cast<int>(points.size() + dots.size()); }
    std::size_t segmentCount() const { return segmentEnds.size(); }
    std::span<const QPointF> segment(std::size_t i) const
    {
        const std::size_t begin = i == 0 ? 0 : segmentEnds[i - 1];
        return std::span<const QPointF>(points).subspan(begin, segmentEnds[i] - begin);
    }
    void clear(); // keeps the buffers' capacity
    // Call when the values behind the span given to reduceInto change in place.
    void forgetColumns() { m_memo.clear(); }
    std::size_t reusedColumnCount() const { return m_memo.reusedCount(); } // in the last reduceInto

    static ChartReduction reduce(
        std::span<const double> xs, std::span<const double> ys, double from, double to, int pixelWidth);
    // Ascending x with a pyramid over ys: O(columns · log n) per call (see decimateM4), into this object. Columns
    // the previous call found in the same ys are reused (ColumnMemo): a pan by whole pixels reduces only what
    // came into view.
    void reduceInto(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid, const ColumnGrid& grid,
        const M4Options& options);
    // Cuts reduced points at breaks.
    void assign(const XYPoints& reduced);

private:
    // The reduction arrives point by point (M4Sink), straight from decimateM4Into or from assign().
    void begin();
    void reserve(std::size_t n) override { points.reserve(n); }
    void point(double x, double y, std::size_t source) override;
    void plusInf(double x) override { plusInfX.push_back(x); }
    void minusInf(double x) override { minusInfX.push_back(x); }
    void closePiece();

    std::size_t m_pieceStart = 0; // where the piece being received starts in `points`
    ColumnMemo m_memo;
};
