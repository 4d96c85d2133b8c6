#pragma once

#include "columngrid.h"

#include <cstddef>
#include <span>
#include <vector>

class ColumnMemo;
class MinMaxPyramid;
class XValues;

// The M4 reduction (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014):
// a line drawn through the first, minimum, maximum and last point of every pixel column covers the same pixels
// as a line drawn through every point, spikes included. It is how a chart shows a million steps truthfully
// with a few thousand points (DESIGN.md §4).
struct XYPoints {
    std::vector<double> x;
    std::vector<double> y; // NaN marks a break: the chart starts a new segment after it
    std::vector<std::size_t> source; // index into the input of each point (a break: the first non-finite value)
    // x of the points with y = +inf / -inf, at most one per pixel column each. They break the line like NaN
    // (no finite height to draw them at); the chart marks them at the plot's top or bottom edge instead.
    std::vector<double> plusInfX;
    std::vector<double> minusInfX;

    std::size_t size() const { return x.size(); }
    bool empty() const { return x.empty(); }
    void clear() // keeps the capacity
    {
        x.clear();
        y.clear();
        source.clear();
        plusInfX.clear();
        minusInfX.clear();
    }
};

// Reduces (xs, ys) to at most 4 points per pixel column over [xMin, xMax] mapped onto `pixelWidth` columns:
// the first, minimum, maximum and last point of each column, in order. A point's column is
// floor((x - xMin) / (xMax - xMin) * pixelWidth) (ColumnGrid::uniform); x == xMax belongs to the last column.
// When xMax == xMin every point at that x is one column.
//
// - Outside [xMin, xMax] only the nearest point on each side is kept, so the line enters and leaves the
//   viewport at the right height.
// - A non-finite y breaks the line: a NaN marker point (at the x of the last non-finite value of the break)
//   stands between two output points exactly when the data has a break between them, never leading or
//   trailing. A column crossed by breaks keeps the first, min, max and last of the stretch entering it, of the
//   stretch leaving it and of everything between, so at most 12 points; values left alone between breaks come
//   out as single points, which the chart draws as dots.
// - x need not be ascending (steps logged out of order, a resumed run re-logging steps). The series is drawn
//   as y over x: points are taken in ascending x, points with equal x in their original order. Sorting costs
//   an index array and O(n log n); callers that decimate the same data repeatedly should sort it once
//   (stableOrderByX) and pass ascending data, which is decimated in one pass over the visible range only.
// - Points with a non-finite x cannot be placed and are skipped.
// - An empty input, pixelWidth < 1, a non-finite or inverted range give an empty result.
XYPoints decimateM4(std::span<const double> xs, std::span<const double> ys, double xMin, double xMax, int pixelWidth);

struct M4Options {
    // Also keep the points either side of each column's lowest and highest point (those in the same column and
    // unbroken stretch). A wide antialiased pen draws an extreme with the strokes of its two segments; with its
    // neighbours kept they are the very strokes of the full data, so even the faint edge pixels next to a
    // single-step spike agree. Up to 8 points per column instead of 4.
    bool keepExtremeNeighbours = false;
    // Keep every point of the visible range (and the nearest one on either side) when it holds no more than this
    // many points per column on average. A picture drawn by columns is then the same as the reduction's, and so
    // is any other painter's, since it is all the data; but with a few points per column, finding the columns
    // and their extremes costs several times more than drawing every point. 0: always reduce.
    double keepEveryPointUpTo = 0;
};

// The same reduction onto any column layout (see ColumnGrid); the overload above is the uniform layout. The
// range it keeps points of is [grid.reachFrom(), grid.reachTo()] (for a painter layout a little wider than the
// visible [xMin, xMax], by what the pen reaches), with the nearest point on either side.
XYPoints decimateM4(
    std::span<const double> xs, std::span<const double> ys, const ColumnGrid& grid, const M4Options& options = {});

// The same reduction of ascending data (xs.isAscending()) in O(columns · log n): column boundaries by search
// on x, each column's lowest and highest point from `pyramid` (built over ys), and only columns holding NaN or
// ±inf scanned point by point. The result is identical to
// decimateM4(xs as doubles, ys, grid, options). A pyramid built over other values is ignored (every column
// scanned); x not ascending is a precondition violation with an unspecified result.
XYPoints decimateM4(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid, const ColumnGrid& grid,
    const M4Options& options = {});
// The same into `out`, whose buffers a caller reducing every frame keeps: no allocation once they have grown.
void decimateM4Into(XYPoints& out, const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options = {});

// Takes a reduction point by point as it is made, in place of XYPoints: a chart keeps points in its own form,
// and a copy through XYPoints costs about as much as the reduction itself when a zoom leaves a few points per
// column.
class M4Sink {
public:
    // At most this many points follow.
    virtual void reserve(std::size_t points) = 0;
    // The next point of what XYPoints would hold: y NaN is a break marker.
    virtual void point(double x, double y, std::size_t source) = 0;
    virtual void plusInf(double x) = 0; // what XYPoints::plusInfX would hold, in order
    virtual void minusInf(double x) = 0;

protected:
    ~M4Sink() = default;
};
// decimateM4Into into a sink, which gets exactly the points, in order, that XYPoints would. With a memo, the columns
// whose positions the memo's previous reduction of the same values also had are taken from it, and this
// reduction's columns are recorded for the next one (a pan); the points are the same.
void decimateM4Into(M4Sink& sink, const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options = {}, ColumnMemo* memo = nullptr);

// True when every x is finite and no x is smaller than the one before.
bool isSortedByX(std::span<const double> xs);

// The stable ascending-x order decimateM4 uses, without the points whose x is not finite.
std::vector<std::size_t> stableOrderByX(std::span<const double> xs);
