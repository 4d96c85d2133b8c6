#include "chartreduction.h"

#include "minmaxpyramid.h"
#include "xvalues.h"

#include <cmath>

void ChartReduction::clear()
{
    points.clear();
    segmentEnds.clear();
    dots.clear();
    plusInfX.clear();
    minusInfX.clear();
}

ChartReduction ChartReduction::reduce(
    std::span<const double> xs, std::span<const double> ys, double from, double to, int pixelWidth)
{
    ChartReduction r;
    r.assign(decimateM4(xs, ys, from, to, pixelWidth));
    return r;
}

void ChartReduction::reduceInto(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options)
{
    begin();
    decimateM4Into(static_cast<M4Sink&>(*this), xs, ys, pyramid, grid, options, &m_memo);
    closePiece();
}

void ChartReduction::assign(const XYPoints& reduced)
{
    begin();
    reserve(reduced.size());
    for (std::size_t i = 0; i < reduced.size(); ++i)
        point(reduced.x[i], reduced.y[i], 0); // where a point came from is not kept (and may be missing)
    closePiece();
    for (double x : reduced.plusInfX)
        plusInf(x);
    for (double x : reduced.minusInfX)
        minusInf(x);
}

void ChartReduction::begin()
{
    clear();
    m_pieceStart = 0;
}

void ChartReduction::point(double x, double y, std::size_t)
{
    if (std::isnan(y)) {
        closePiece();
        return;
    }
    points.emplace_back(x, y);
}

void ChartReduction::closePiece()
{
    // A line needs two points; a value alone between breaks is drawn as a dot so it is not lost.
    if (points.size() - m_pieceStart == 1) {
        dots.push_back(points.back());
        points.pop_back();
    } else if (points.size() - m_pieceStart > 1) {
        segmentEnds.push_back(points.size());
    }
    m_pieceStart = points.size();
}
