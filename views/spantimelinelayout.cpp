#include "spantimelinelayout.h"

#include "spanstyle.h"

#include <QHash>

#include <algorithm>
#include <iterator>
#include <limits>

namespace {

// The charts' run palette (Tableau 10), for lanes that come without a colour.
constexpr QRgb kLanePalette[]
    = { 0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac };

struct SortKey {
    qint64 startMs;
    int depth;
    int index;
};

bool startsBefore(const SortKey& a, const SortKey& b)
{
    if (a.startMs != b.startMs)
        return a.startMs < b.startMs;
    return a.depth != b.depth ? a.depth < b.depth : a.index < b.index;
}

} // namespace

void SpanTimelineLayout::setLanes(const QVector<SpanLane>& lanes)
{
    m_lanes = lanes;
    m_placed.assign(static_cast<std::size_t>(lanes.size()), {});
    // Names repeat (100,000 iteration windows, one name): look each up once.
    QHash<QString, QRgb> colors;
    m_anyOpen = false;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (qsizetype l = 0; l < lanes.size(); ++l) {
        const SpanLane& lane = lanes[l];
        Lane& placed = m_placed[static_cast<std::size_t>(l)];
        placed.color = lane.color.isValid()
            ? lane.color
            : QColor(kLanePalette[static_cast<std::size_t>(l) % std::size(kLanePalette)]);
        double end = -std::numeric_limits<double>::infinity();
        for (const Span& s : lane.spans)
            end = std::max(end, static_cast<double>(s.startMs + s.durationMs.value_or(0)));
        if (lane.endMs)
            end = std::max(end, static_cast<double>(*lane.endMs));
        placed.endMs = end;
        // By start, the shallower first at equal starts (a loop before its first iteration), else in the given order.
        // Readers deliver start order already, so the sort is mostly skipped.
        std::vector<SortKey> order;
        order.reserve(static_cast<std::size_t>(lane.spans.size()));
        for (qsizetype i = 0; i < lane.spans.size(); ++i)
            order.push_back({ lane.spans[i].startMs, lane.spans[i].depth, static_cast<int>(i) });
        if (!std::is_sorted(order.begin(), order.end(), startsBefore))
            std::sort(order.begin(), order.end(), startsBefore);
        for (const SortKey& key : order) {
            const int i = key.index;
            const Span& s = lane.spans[i];
            const double start = static_cast<double>(s.startMs);
            auto color = colors.constFind(s.name);
            if (color == colors.cend())
                color = colors.insert(s.name, SpanStyle::colorFor(s.name).rgb());
            // A negative duration (a clock step between start and stop) is drawn as an instant.
            const double stop = s.durationMs ? start + static_cast<double>(std::max<qint64>(*s.durationMs, 0)) : end;
            const Bar bar { start, std::max(start, stop), i, !s.isClosed(), *color };
            auto row = std::find_if(placed.rows.begin(), placed.rows.end(),
                [&](const Row& r) { return r.depth == s.depth && (r.bars.empty() || r.bars.back().endMs <= start); });
            if (row == placed.rows.end()) {
                const auto at = std::upper_bound(placed.rows.begin(), placed.rows.end(), s.depth,
                    [](int depth, const Row& r) { return depth < r.depth; });
                row = placed.rows.insert(at, Row { s.depth, {} });
            }
            row->bars.push_back(bar);
            placed.openCount += bar.open ? 1 : 0;
            lo = std::min(lo, bar.startMs);
            hi = std::max(hi, bar.endMs);
        }
        m_anyOpen = m_anyOpen || placed.openCount > 0;
    }
    m_names = SpanStyle::legendOrder(colors.keys());
    if (!(lo <= hi)) {
        m_dataFrom = 0;
        m_dataTo = 1;
        return;
    }
    const double pad = std::max((hi - lo) * 0.02, 1.0);
    m_dataFrom = lo - pad;
    m_dataTo = hi + pad;
}

std::vector<SpanTimelineLayout::Bar>::const_iterator SpanTimelineLayout::firstEndingFrom(const Row& row, double ms)
{
    return std::lower_bound(row.bars.begin(), row.bars.end(), ms, [](const Bar& b, double t) { return b.endMs < t; });
}

int SpanTimelineLayout::spanNear(const Row& row, double ms, double slopMs)
{
    int best = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (auto it = firstEndingFrom(row, ms - slopMs); it != row.bars.end() && it->startMs <= ms + slopMs; ++it) {
        const double d = ms < it->startMs ? it->startMs - ms : ms > it->endMs ? ms - it->endMs : 0;
        if (d < bestDistance) {
            bestDistance = d;
            best = it->span;
        }
    }
    return best;
}

std::pair<int, const SpanTimelineLayout::Bar*> SpanTimelineLayout::barOf(int lane, int index) const
{
    if (lane < 0 || lane >= static_cast<int>(m_placed.size()))
        return { -1, nullptr };
    if (index < 0 || index >= m_lanes[lane].spans.size())
        return { -1, nullptr };
    const double start = static_cast<double>(m_lanes[lane].spans[index].startMs);
    const auto& rows = m_placed[static_cast<std::size_t>(lane)].rows;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        auto it = std::lower_bound(
            rows[r].bars.begin(), rows[r].bars.end(), start, [](const Bar& b, double t) { return b.startMs < t; });
        for (; it != rows[r].bars.end() && it->startMs == start; ++it) {
            if (it->span == index)
                return { static_cast<int>(r), &*it };
        }
    }
    return { -1, nullptr };
}
