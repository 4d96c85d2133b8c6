// The M4 reduction of ascending data through a min/max pyramid (decimation.h): O(columns · log n) per call, and
// with a ColumnMemo only the columns a pan brought into view.
#include "decimation.h"

#include "columnmemo.h"
#include "m4reducer.h"
#include "minmaxpyramid.h"
#include "xvalues.h"

#include <algorithm>

using namespace m4reduction;

namespace {

template <typename V, typename Out>
void decimateWithPyramid(Out& out, const V& visit, const MinMaxPyramid& pyramid, const ColumnGrid& grid,
    const M4Options& options, ColumnMemo* memo)
{
    if (memo)
        memo->start(visit.ys);
    const auto [begin, end] = visibleRange(visit, grid);
    if (keepsEveryPoint(end - begin, grid, options))
        return keepEveryPoint(out, visit, grid, begin, end);
    reserveFor(out, end - begin, grid, options);
    Reducer<V, Out> reducer(out, visit, options, begin, end);
    const auto columnAt = [&](std::size_t position) { return grid.columnOf(visit.x(position)); };

    // Column sizes repeat (a grid with two cuts per pixel alternates two sizes), so the size two columns back
    // is a good guess of where the next column ends; the search gallops from the guess in either direction.
    std::size_t sizes[2] = { 0, 0 };
    const std::size_t expected = (end - begin) / static_cast<std::size_t>(grid.lastColumn() + 1);
    sizes[0] = sizes[1] = std::max<std::size_t>(1, expected);

    std::int64_t known = -1; // the column of p, when the search for the previous column's end computed it
    for (std::size_t p = begin, k = 0; p < end; ++k) {
        const std::int64_t col = known >= 0 ? known : columnAt(p);
        // The first position after p outside column col: in (lo, hi]; hiColumn is hi's column once computed.
        std::size_t lo = p, hi = end;
        std::int64_t hiColumn = -1;
        const auto beyond = [&](std::size_t position) {
            const std::int64_t c = columnAt(position);
            if (c <= col)
                return false;
            hiColumn = c;
            return true;
        };

        // The frame before had a column of exactly these positions (a pan by whole pixels): checking its end is
        // all the search needs, and its extremes are known.
        if (const ColumnMemo::Column* kept = memo ? memo->find(p) : nullptr;
            kept && kept->end <= end && !beyond(kept->end - 1) && (kept->end == end || beyond(kept->end))) {
            const std::size_t q = kept->end;
            known = q == end ? -1 : hiColumn;
            sizes[k & 1] = q - p;
            memo->noteReused();
            reducer.visitColumn(col, p, q - 1, kept->extremes(), kept->firstY, kept->lastY);
            memo->record(p, q, kept->extremes(), kept->firstY, kept->lastY); // into the other buffer
            p = q;
            continue;
        }
        const std::size_t guess = std::min(end - 1, p + std::max<std::size_t>(1, sizes[k & 1]));
        if (guess > p) {
            if (beyond(guess)) {
                hi = guess;
                for (std::size_t step = 1;; step *= 2) {
                    if (hi - p <= step) {
                        lo = p;
                        break;
                    }
                    if (beyond(hi - step)) {
                        hi -= step;
                    } else {
                        lo = hi - step;
                        break;
                    }
                }
            } else {
                lo = guess;
                for (std::size_t step = 1;; step *= 2) {
                    if (end - lo <= step) {
                        hi = end;
                        break;
                    }
                    if (beyond(lo + step)) {
                        hi = lo + step;
                        break;
                    }
                    lo += step;
                }
            }
        }
        while (hi - lo > 1) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (beyond(mid))
                hi = mid;
            else
                lo = mid;
        }
        known = hiColumn;
        const std::size_t q = hi;
        sizes[k & 1] = q - p;
        // About where the column after next ends (column sizes alternate): fetched while this one is reduced.
        pyramid.prefetch(visit.ys, q + sizes[0] + sizes[1]);

        // Every column, however few its points: the pyramid scans short ranges with a branch-free pass, several
        // times faster than visiting point by point, which only a column holding NaN or ±inf needs.
        const MinMaxPyramid::Extremes e = pyramid.extremes(visit.ys, p, q);
        if (e.allFinite && e.lowest != MinMaxPyramid::npos) {
            const double firstY = visit.y(p), lastY = visit.y(q - 1);
            reducer.visitColumn(col, p, q - 1, e, firstY, lastY);
            if (memo)
                memo->record(p, q, e, firstY, lastY);
        } else {
            for (std::size_t position = p; position < q; ++position)
                reducer.visit(position, col);
        }
        p = q;
    }
    reducer.finish();
}


} // namespace

XYPoints decimateM4(const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid, const ColumnGrid& grid,
    const M4Options& options)
{
    XYPoints out;
    decimateM4Into(out, xs, ys, pyramid, grid, options);
    return out;
}

namespace {

template <typename Out>
void reduceAscending(Out& out, const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options, ColumnMemo* memo = nullptr)
{
    const std::size_t count = std::min(xs.size(), ys.size());
    if (count == 0 || !grid.isValid())
        return;
    ys = ys.first(count);
    xs.visit([&](auto xAt) {
        const Visit visit { xAt, [](std::size_t position) { return position; }, ys, count };
        decimateWithPyramid(out, visit, pyramid, grid, options, memo);
    });
}

} // namespace

void decimateM4Into(XYPoints& out, const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options)
{
    out.clear();
    PointsOut points { out };
    reduceAscending(points, xs, ys, pyramid, grid, options);
}

void decimateM4Into(M4Sink& sink, const XValues& xs, std::span<const double> ys, const MinMaxPyramid& pyramid,
    const ColumnGrid& grid, const M4Options& options, ColumnMemo* memo)
{
    SinkOut out { sink };
    reduceAscending(out, xs, ys, pyramid, grid, options, memo);
}
