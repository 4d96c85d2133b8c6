#pragma once

// The machinery of the M4 reduction shared by the point-by-point scan (decimation.cpp) and the reduction through a
// min/max pyramid (pyramiddecimation.cpp): how kept points are written out, and a column's first, lowest, highest
// and last point gathered across breaks. Internal to runlens_core; the API is decimation.h.

#include "columngrid.h"
#include "decimation.h"
#include "minmaxpyramid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <span>
#include <utility>

namespace m4reduction {

inline constexpr std::size_t noPosition = std::numeric_limits<std::size_t>::max();

// A kept point: its position in the visit order (ascending x) and the unbroken segment it belongs to, named by
// the position of the non-finite value that opened that segment (noPosition: the segment open when the visible
// range begins). Two consecutive output points are joined exactly when their segments are equal.
struct Slot {
    std::size_t position = noPosition;
    std::size_t segment = noPosition;
    double y = 0; // the point's value, carried so that writing it out reads nothing of the series again
};

// The first, lowest, highest and last point of some points of one column.
struct Stretch {
    Slot first, lowest, highest, last;
    double low = 0;
    double high = 0;

    bool empty() const { return first.position == noPosition; }
    void add(Slot slot, double y)
    {
        slot.y = y;
        if (empty()) {
            first = lowest = highest = slot;
            low = high = y;
        } else if (y < low) {
            lowest = slot;
            low = y;
        } else if (y > high) {
            highest = slot;
            high = y;
        }
        last = slot;
    }
    // `later` was visited after everything in this stretch.
    void merge(const Stretch& later)
    {
        if (later.empty())
            return;
        if (empty()) {
            *this = later;
            return;
        }
        if (later.low < low) {
            lowest = later.lowest;
            low = later.low;
        }
        if (later.high > high) {
            highest = later.highest;
            high = later.high;
        }
        last = later.last;
    }
};

// The points of a series in visit order: position p is the point indexAt(p) of the input, whose x is xAt(index).
template <typename XAt, typename IndexAt> struct Visit {
    XAt xAt;
    IndexAt indexAt;
    std::span<const double> ys;
    std::size_t count;

    double x(std::size_t position) const { return xAt(indexAt(position)); }
    double y(std::size_t position) const { return ys[indexAt(position)]; }
};

// Where a reduction goes: XYPoints, or a sink that takes each point as it comes.
struct PointsOut {
    XYPoints& points;

    bool empty() const { return points.empty(); }
    void reserve(std::size_t n)
    {
        points.x.reserve(n);
        points.y.reserve(n);
        points.source.reserve(n);
    }
    void push(double x, double y, std::size_t source)
    {
        points.x.push_back(x);
        points.y.push_back(y);
        points.source.push_back(source);
    }
    void plusInf(double x) { points.plusInfX.push_back(x); }
    void minusInf(double x) { points.minusInfX.push_back(x); }
};

struct SinkOut {
    M4Sink& sink;
    bool any = false;

    bool empty() const { return !any; }
    void reserve(std::size_t n) { sink.reserve(n); }
    void push(double x, double y, std::size_t source)
    {
        any = true;
        sink.point(x, y, source);
    }
    void plusInf(double x) { sink.plusInf(x); }
    void minusInf(double x) { sink.minusInf(x); }
};

// Appends points, and a NaN marker before a point whose segment differs from the previous point's, so the
// output never starts or ends with a marker and a run of non-finite values becomes a single marker.
template <typename V, typename Out> class Writer {
public:
    Writer(Out& out, const V& visit)
        : m_out(out)
        , m_visit(visit)
    {
    }
    void point(Slot slot)
    {
        if (!m_out.empty() && slot.segment != m_lastSegment)
            push(slot.segment, std::numeric_limits<double>::quiet_NaN());
        m_lastSegment = slot.segment;
        push(slot.position, slot.y);
    }
    // Whether a point of `segment` written next joins the line written so far.
    bool joins(std::size_t segment) const { return !m_out.empty() && segment == m_lastSegment; }

private:
    void push(std::size_t position, double y)
    {
        const std::size_t index = m_visit.indexAt(position);
        m_out.push(m_visit.xAt(index), y, index);
    }

    Out& m_out;
    const V& m_visit;
    std::size_t m_lastSegment = noPosition;
};

// One column's points, kept as three stretches so that breaks inside a column cannot push its point count past
// a constant: `head` is the segment entering from the previous column, `tail` the one leaving to the next and
// `middle` everything between the first and the last break. Without a break the whole column is `tail`.
struct Column {
    Stretch head;
    Stretch middle;
    Stretch tail;
    bool broken = false;

    void addBreak()
    {
        if (!broken) {
            head = tail;
            broken = true;
        } else {
            middle.merge(tail);
        }
        tail = {};
    }
    // Empties the column; cheaper than assigning a fresh one, which copies all three stretches.
    void reset()
    {
        head.first.position = middle.first.position = tail.first.position = noPosition;
        broken = false;
    }
    template <typename V, typename Out> void flush(Writer<V, Out>& writer, const V& visit, bool neighbours)
    {
        if (!broken && !neighbours) {
            // The common column: one unbroken stretch, first <= lowest, highest <= last.
            if (tail.empty())
                return;
            const Slot& a = tail.lowest.position <= tail.highest.position ? tail.lowest : tail.highest;
            const Slot& b = tail.lowest.position <= tail.highest.position ? tail.highest : tail.lowest;
            std::size_t last = noPosition;
            for (const Slot* slot : std::initializer_list<const Slot*> { &tail.first, &a, &b, &tail.last }) {
                if (slot->position != last)
                    writer.point(*slot);
                last = slot->position;
            }
            reset();
            return;
        }
        std::array<Slot, 24> slots;
        std::size_t count = 0;
        for (const Stretch* s : { &head, &middle, &tail }) {
            if (s->empty())
                continue;
            for (const Slot& slot : { s->first, s->lowest, s->highest, s->last })
                slots[count++] = slot;
            if (!neighbours)
                continue;
            // `middle` may span breaks: a neighbour counts only when it is finite, i.e. joined to the extreme.
            for (const Slot& slot : { s->lowest, s->highest }) {
                if (slot.position > s->first.position && std::isfinite(visit.y(slot.position - 1)))
                    slots[count++] = { slot.position - 1, slot.segment, visit.y(slot.position - 1) };
                if (slot.position < s->last.position && std::isfinite(visit.y(slot.position + 1)))
                    slots[count++] = { slot.position + 1, slot.segment, visit.y(slot.position + 1) };
            }
        }
        // At most 24, mostly 4 to 8: an insertion sort.
        for (std::size_t i = 1; i < count; ++i) {
            const Slot slot = slots[i];
            std::size_t j = i;
            for (; j > 0 && slots[j - 1].position > slot.position; --j)
                slots[j] = slots[j - 1];
            slots[j] = slot;
        }
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (i == 0 || slots[i].position != slots[i - 1].position)
                slots[distinct++] = slots[i];
        }
        for (std::size_t i = 0; i < distinct; ++i) {
            const Slot& slot = slots[i];
            const bool joinedBefore = i > 0 ? slots[i - 1].segment == slot.segment : writer.joins(slot.segment);
            writer.point(slot);
            if (joinedBefore)
                continue;
            // A point of a longer segment that the merged middle stretch kept alone (its segment's other points
            // were not extremes) would be drawn as a dot, which its segment is not: written twice, it becomes a
            // line of no length, which paints what the segment's own points paint in this column.
            const std::size_t p = slot.position;
            const bool nextFinite = p + 1 < visit.count && std::isfinite(visit.y(p + 1));
            const bool joinedAfter = i + 1 < distinct ? slots[i + 1].segment == slot.segment : nextFinite;
            const bool loneInData = !nextFinite && !(p > 0 && std::isfinite(visit.y(p - 1)));
            if (!joinedAfter && !loneInData)
                writer.point(slot);
        }
        reset();
    }
};

// The reduction of the visible positions [begin, end), fed column by column in ascending order: point by point
// (visit) or, for a column without breaks whose extremes are known, whole (visitColumn).
template <typename V, typename Out> class Reducer {
public:
    Reducer(Out& out, const V& visit, const M4Options& options, std::size_t begin, std::size_t end)
        : m_out(out)
        , m_visit(visit)
        , m_writer(out, visit)
        , m_neighbours(options.keepExtremeNeighbours)
        , m_end(end)
    {
        // The nearest point left of the range: the line enters from it, unless it is a break.
        if (begin > 0) {
            if (const double y = visit.y(begin - 1); std::isfinite(y))
                m_writer.point({ begin - 1, m_segment, y });
            else
                m_segment = begin - 1;
        }
    }

    void visit(std::size_t position, std::int64_t col)
    {
        enter(col);
        const double y = m_visit.y(position);
        if (std::isfinite(y)) {
            m_column.tail.add({ position, m_segment }, y);
            return;
        }
        m_column.addBreak();
        m_segment = position;
        if (y > 0 && m_lastPlusInf != col) {
            m_out.plusInf(m_visit.x(position));
            m_lastPlusInf = col;
        } else if (y < 0 && m_lastMinusInf != col) {
            m_out.minusInf(m_visit.x(position));
            m_lastMinusInf = col;
        }
    }

    // Positions [first, last] are the whole of column `col`, all finite, with the given first extremes.
    void visitColumn(std::int64_t col, std::size_t first, std::size_t last, const MinMaxPyramid::Extremes& e)
    {
        visitColumn(col, first, last, e, m_visit.y(first), m_visit.y(last));
    }
    // The same with the values at `first` and `last` already known.
    void visitColumn(std::int64_t col, std::size_t first, std::size_t last, const MinMaxPyramid::Extremes& e,
        double firstY, double lastY)
    {
        enter(col);
        Stretch& s = m_column.tail;
        s.first = { first, m_segment, firstY };
        s.lowest = { e.lowest, m_segment, e.low };
        s.highest = { e.highest, m_segment, e.high };
        s.last = { last, m_segment, lastY };
        s.low = e.low;
        s.high = e.high;
    }

    void finish()
    {
        m_column.flush(m_writer, m_visit, m_neighbours);
        // The nearest point right of the range: the line leaves towards it.
        if (m_end < m_visit.count) {
            if (const double y = m_visit.y(m_end); std::isfinite(y))
                m_writer.point({ m_end, m_segment, y });
        }
    }

private:
    void enter(std::int64_t col)
    {
        if (col != m_current) {
            m_column.flush(m_writer, m_visit, m_neighbours);
            m_current = col;
        }
    }

    Out& m_out;
    const V& m_visit;
    Writer<V, Out> m_writer;
    bool m_neighbours;
    std::size_t m_end;
    Column m_column;
    std::size_t m_segment = noPosition;
    std::int64_t m_current = -1;
    std::int64_t m_lastPlusInf = -1, m_lastMinusInf = -1;
};

// The visible positions: [first with x >= xMin, first with x > xMax), by binary search over the visit order.
template <typename V> std::pair<std::size_t, std::size_t> visibleRange(const V& visit, const ColumnGrid& grid)
{
    const auto partitionPoint = [&](std::size_t lo, auto&& isBefore) {
        std::size_t hi = visit.count;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (isBefore(visit.x(mid)))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    const double xMin = grid.reachFrom(), xMax = grid.reachTo();
    const std::size_t begin = partitionPoint(0, [xMin](double x) { return x < xMin; });
    const std::size_t end = partitionPoint(begin, [xMax](double x) { return x <= xMax; });
    return { begin, end };
}

// Every point of the visible positions [begin, end) and the nearest one on either side, with the breaks and ±inf
// markers a reduction would give them (M4Options::keepEveryPointUpTo).
template <typename V, typename Out>
void keepEveryPoint(Out& out, const V& visit, const ColumnGrid& grid, std::size_t begin, std::size_t end)
{
    const std::size_t from = begin > 0 ? begin - 1 : begin, to = std::min(end + 1, visit.count);
    out.reserve(to - from);
    Writer<V, Out> writer(out, visit);
    std::size_t segment = noPosition;
    std::int64_t lastPlusInf = -1, lastMinusInf = -1;
    for (std::size_t position = from; position < to; ++position) {
        const double y = visit.y(position);
        if (std::isfinite(y)) {
            writer.point({ position, segment, y });
            continue;
        }
        segment = position;
        if (std::isnan(y) || position < begin || position >= end)
            continue;
        // As a reduction marks them: at most one of each sign per column.
        const std::int64_t col = grid.columnOf(visit.x(position));
        std::int64_t& last = y > 0 ? lastPlusInf : lastMinusInf;
        if (last != col) {
            if (y > 0)
                out.plusInf(visit.x(position));
            else
                out.minusInf(visit.x(position));
            last = col;
        }
    }
}

// Whether the visible positions are few enough per column to keep them all.
inline bool keepsEveryPoint(std::size_t visible, const ColumnGrid& grid, const M4Options& options)
{
    return static_cast<double>(visible) <= options.keepEveryPointUpTo * static_cast<double>(grid.lastColumn() + 1);
}

template <typename Out>
void reserveFor(Out& out, std::size_t visible, const ColumnGrid& grid, const M4Options& options)
{
    const std::size_t perColumn = options.keepExtremeNeighbours ? 8 : 4;
    const std::size_t bound = perColumn * static_cast<std::size_t>(grid.lastColumn() + 1) + 2;
    out.reserve(std::min(visible, bound) + 2);
}

} // namespace m4reduction
