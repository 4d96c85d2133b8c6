#include "decimation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

namespace {

constexpr std::size_t noPosition = std::numeric_limits<std::size_t>::max();

// A kept point: its position in the visit order (ascending x) and the unbroken segment it belongs to, named by
// the position of the non-finite value that opened that segment (noPosition: the segment open when the visible
// range begins). Two consecutive output points are joined exactly when their segments are equal.
struct Slot {
    std::size_t position = noPosition;
    std::size_t segment = noPosition;
};

// The first, lowest, highest and last point of some points of one column.
struct Stretch {
    Slot first, lowest, highest, last;
    double low = 0;
    double high = 0;

    bool empty() const { return first.position == noPosition; }
    void add(Slot slot, double y)
    {
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

// Appends points, and a NaN marker before a point whose segment differs from the previous point's, so the
// output never starts or ends with a marker and a run of non-finite values becomes a single marker.
template <typename IndexAt> class Writer {
public:
    Writer(XYPoints& out, std::span<const double> xs, std::span<const double> ys, IndexAt indexAt)
        : m_out(out)
        , m_xs(xs)
        , m_ys(ys)
        , m_indexAt(indexAt)
    {
    }
    void point(Slot slot)
    {
        if (!m_out.empty() && slot.segment != m_lastSegment)
            push(m_indexAt(slot.segment), std::numeric_limits<double>::quiet_NaN());
        m_lastSegment = slot.segment;
        const std::size_t index = m_indexAt(slot.position);
        push(index, m_ys[index]);
    }

private:
    void push(std::size_t index, double y)
    {
        m_out.x.push_back(m_xs[index]);
        m_out.y.push_back(y);
        m_out.source.push_back(index);
    }

    XYPoints& m_out;
    std::span<const double> m_xs;
    std::span<const double> m_ys;
    IndexAt m_indexAt;
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
    template <typename W> void flush(W& writer)
    {
        std::array<Slot, 12> slots;
        std::size_t count = 0;
        for (const Stretch* s : { &head, &middle, &tail }) {
            if (!s->empty()) {
                for (const Slot& slot : { s->first, s->lowest, s->highest, s->last })
                    slots[count++] = slot;
            }
        }
        std::sort(
            slots.begin(), slots.begin() + count, [](const Slot& a, const Slot& b) { return a.position < b.position; });
        for (std::size_t i = 0; i < count; ++i) {
            if (i == 0 || slots[i].position != slots[i - 1].position)
                writer.point(slots[i]);
        }
        *this = {};
    }
};

template <typename IndexAt>
void decimateOrdered(XYPoints& out, std::span<const double> xs, std::span<const double> ys, std::size_t count,
    IndexAt indexAt, double xMin, double xMax, int pixelWidth)
{
    const auto xAt = [&](std::size_t position) { return xs[indexAt(position)]; };
    // Binary searches over the visit order, which is ascending in x.
    const auto partitionPoint = [&](std::size_t lo, auto&& isBefore) {
        std::size_t hi = count;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (isBefore(xAt(mid)))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    const std::size_t begin = partitionPoint(0, [xMin](double x) { return x < xMin; });
    const std::size_t end = partitionPoint(begin, [xMax](double x) { return x <= xMax; });

    const std::size_t visible = end - begin;
    const std::size_t bound = 4 * static_cast<std::size_t>(pixelWidth) + 2;
    out.x.reserve(std::min(visible, bound) + 2);
    out.y.reserve(std::min(visible, bound) + 2);
    out.source.reserve(std::min(visible, bound) + 2);

    Writer writer(out, xs, ys, indexAt);
    // The nearest point left of the range: the line enters from it, unless it is a break.
    std::size_t segment = noPosition;
    if (begin > 0) {
        if (std::isfinite(ys[indexAt(begin - 1)]))
            writer.point({ begin - 1, segment });
        else
            segment = begin - 1;
    }

    // A range wider than the largest double is measured in halves; multiplying by 1 leaves the usual
    // formula bit for bit the one a painter uses.
    const double scale = std::isfinite(xMax - xMin) ? 1.0 : 0.5;
    const double scaledMin = xMin * scale;
    const double span = xMax * scale - scaledMin;
    const double width = pixelWidth;
    const double lastColumn = pixelWidth - 1;

    Column column;
    std::int64_t current = -1;
    std::int64_t lastPlusInf = -1, lastMinusInf = -1;
    for (std::size_t position = begin; position < end; ++position) {
        const std::size_t index = indexAt(position);
        const double x = xs[index];
        const double y = ys[index];
        const double c = span > 0 ? std::floor((x * scale - scaledMin) / span * width) : 0.0;
        const auto col = static_cast<std::int64_t>(std::clamp(c, 0.0, lastColumn));
        if (col != current) {
            column.flush(writer);
            current = col;
        }
        if (std::isfinite(y)) {
            column.tail.add({ position, segment }, y);
            continue;
        }
        column.addBreak();
        segment = position;
        if (y > 0 && lastPlusInf != col) {
            out.plusInfX.push_back(x);
            lastPlusInf = col;
        } else if (y < 0 && lastMinusInf != col) {
            out.minusInfX.push_back(x);
            lastMinusInf = col;
        }
    }
    column.flush(writer);

    // The nearest point right of the range: the line leaves towards it.
    if (end < count && std::isfinite(ys[indexAt(end)]))
        writer.point({ end, segment });
}

} // namespace

bool isSortedByX(std::span<const double> xs)
{
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]) || (i > 0 && xs[i] < xs[i - 1]))
            return false;
    }
    return true;
}

std::vector<std::size_t> stableOrderByX(std::span<const double> xs)
{
    std::vector<std::size_t> order;
    order.reserve(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isfinite(xs[i]))
            order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
    return order;
}

XYPoints decimateM4(std::span<const double> xs, std::span<const double> ys, double xMin, double xMax, int pixelWidth)
{
    XYPoints out;
    const std::size_t count = std::min(xs.size(), ys.size());
    if (count == 0 || pixelWidth < 1 || !std::isfinite(xMin) || !std::isfinite(xMax) || xMax < xMin)
        return out;
    xs = xs.first(count);
    ys = ys.first(count);
    if (isSortedByX(xs)) {
        decimateOrdered(
            out, xs, ys, count, [](std::size_t position) { return position; }, xMin, xMax, pixelWidth);
    } else {
        const std::vector<std::size_t> order = stableOrderByX(xs);
        decimateOrdered(
            out, xs, ys, order.size(), [&order](std::size_t position) { return order[position]; }, xMin, xMax,
            pixelWidth);
    }
    return out;
}
