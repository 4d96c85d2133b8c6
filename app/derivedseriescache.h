#pragma once

#include "groupaggregate.h"
#include "metricseries.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

// What charts draw that is computed from loaded histories rather than read: a group's mean and band
// (GroupAggregate) and a metric's x values taken from another metric (StepJoin). Both are O(n log n) over every
// point of every member — seconds at a million points per run — so they run on the thread pool, never on the GUI
// thread, and are kept until their inputs change. A result belongs to the exact snapshots it was computed from
// (held weakly): a live refresh publishes new snapshots and so recomputes, a freed snapshot never matches again.
class DerivedSeriesCache final : public QObject {
    Q_OBJECT
public:
    using XValuesPtr = std::shared_ptr<const std::vector<double>>;

    explicit DerivedSeriesCache(QObject* parent = nullptr);
    ~DerivedSeriesCache() override;

    // `y`'s points placed at `x`'s value at the same step. Null when not computed yet: the job is started (once)
    // and `ready(chartKey)` follows.
    XValuesPtr join(const MetricSeriesPtr& y, const MetricSeriesPtr& x, const QString& chartKey);
    // The aggregate of `members` for the group `id` (e.g. key + group value). Null as for join().
    std::shared_ptr<const GroupAggregate> aggregate(const QString& id, const std::vector<MetricSeriesPtr>& members,
        GroupAggregate::Band band, const QString& chartKey);
    void clear();
    int pendingCount() const { return static_cast<int>(m_pending.size()); }

Q_SIGNALS:
    // A result asked for by the chart of `chartKey` is ready: ask again.
    void ready(const QString& chartKey);

private:
    struct JoinEntry {
        std::weak_ptr<const MetricSeries> y, x;
        XValuesPtr values;
    };
    struct GroupEntry {
        std::vector<std::weak_ptr<const MetricSeries>> members;
        GroupAggregate::Band band;
        std::shared_ptr<const GroupAggregate> aggregate;
    };
    static bool sameInputs(const std::vector<std::weak_ptr<const MetricSeries>>& held,
        const std::vector<MetricSeriesPtr>& wanted);
    template <typename Result, typename Compute, typename Store>
    void start(const QString& jobId, const QString& chartKey, Compute compute, Store store);

    QHash<QString, JoinEntry> m_joins; // by the two snapshots' addresses, checked against the weak pointers
    QHash<QString, GroupEntry> m_groups;
    QSet<QString> m_pending; // job ids in flight
    quint64 m_generation = 0; // bumped by clear(): results of older jobs are dropped
};
