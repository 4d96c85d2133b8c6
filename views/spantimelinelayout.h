#pragma once

#include "span.h"

#include <QColor>
#include <QRgb>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <utility>
#include <vector>

// One band of the span timeline: the spans of one process (a run, a rank).
struct SpanLane {
    QString label; // e.g. "rank 0 @ node-3"
    QColor color; // the run's colour in the charts (a strip beside the label); invalid: one from a palette
    QVector<Span> spans; // any order
    // The last moment the process is known to have been alive: for a crashed job its last record (Run::endTimeMs),
    // for a running one now. Spans that never stopped are drawn open-ended up to here. Empty: the latest start
    // or stop among the spans.
    std::optional<qint64> endMs;
};

// The spans of the timeline's lanes placed on rows, in time units only (no pixels): rows by nesting depth, and a
// span that overlaps the last bar of every row of its depth (another pid in the lane, an async save outliving
// the loop that started it) opens another row of that depth instead of hiding behind a bar. Within a row bars
// never overlap and are in start order, so their ends ascend too and a visible range is found by binary search.
class SpanTimelineLayout final {
public:
    struct Bar {
        double startMs;
        double endMs; // an open span ends at its lane's end
        int span; // index into the lane's spans
        bool open;
        QRgb color;
    };
    struct Row {
        int depth;
        std::vector<Bar> bars;
    };
    struct Lane {
        std::vector<Row> rows;
        double endMs = 0;
        int openCount = 0;
        QColor color;
    };

    void setLanes(const QVector<SpanLane>& lanes);
    const QVector<SpanLane>& lanes() const { return m_lanes; }
    const std::vector<Lane>& placed() const { return m_placed; }
    const Span& span(int lane, int index) const { return m_lanes[lane].spans[index]; }
    bool isEmpty() const { return m_names.isEmpty(); } // no lane has a span
    QStringList names() const { return m_names; } // every span name, in SpanStyle::legendOrder
    bool anyOpen() const { return m_anyOpen; }
    // Everything, with a small margin on both sides.
    double dataFrom() const { return m_dataFrom; }
    double dataTo() const { return m_dataTo; }

    // The first bar of `row` that ends at or after `ms`: where drawing [ms, …] starts.
    static std::vector<Bar>::const_iterator firstEndingFrom(const Row& row, double ms);
    // The span of `row` nearest to `ms` (0 inside a bar) within `slopMs`; -1 when none is that close.
    static int spanNear(const Row& row, double ms, double slopMs);
    // The row index and bar of span `index` of `lane`; {-1, nullptr} when there is none.
    std::pair<int, const Bar*> barOf(int lane, int index) const;

private:
    QVector<SpanLane> m_lanes;
    std::vector<Lane> m_placed;
    QStringList m_names;
    bool m_anyOpen = false;
    double m_dataFrom = 0, m_dataTo = 1;
};
