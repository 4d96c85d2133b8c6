#include "chartfeeder.h"

#include "chartgrid.h"
#include "distinguishinglabels.h"
#include "metrickeyinfo.h"
#include "chartcontrols.h"
#include "seriescache.h"
#include "source.h"

#include <QFutureWatcher>
#include <QMap>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString pendingId(const QString& key, const RunKey& run) { return key + u'\n' + run.sourceUri + u'\n' + run.runId; }

QString labelOf(const Run& run) { return run.name.isEmpty() ? run.runId.left(8) : run.name; }

// The runs' names, and for runs charted beside another of the same name (the same sweep in two stores, a rerun),
// the first of the source's label, the short and the whole run id that tells them apart: a legend of two
// "resnet-seed5" says nothing.
QVector<QString> chartLabels(const QVector<ChartFeeder::ChartedRun>& runs)
{
    return distinguishingLabels(
        static_cast<int>(runs.size()), [&](int i) { return labelOf(runs[i].run); }, 3, [&](int c, int i) {
            return c == 0 ? runs[i].sourceLabel : c == 1 ? runs[i].run.runId.left(8) : runs[i].run.runId;
        });
}

} // namespace

ChartFeeder::ChartFeeder(SeriesCache* cache, SeriesCache::SourceLookup lookup, ChartGrid* grid, QObject* parent)
    : QObject(parent)
    , m_cache(cache)
    , m_lookup(std::move(lookup))
    , m_grid(grid)
    , m_timer(new QTimer(this))
    , m_derived(new DerivedSeriesCache(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(0); // a burst of arriving series becomes one redraw per chart
    connect(m_timer, &QTimer::timeout, this, &ChartFeeder::feedDirty);
    connect(m_grid, &ChartGrid::visibleKeysChanged, this, [this] {
        for (const QString& key : m_grid->visibleKeys())
            m_dirty.insert(key);
        m_timer->start();
    });
    connect(m_derived, &DerivedSeriesCache::ready, this, [this](const QString& chartKey) {
        m_dirty.insert(chartKey);
        m_timer->start();
    });
    connect(m_grid, &ChartGrid::settingsChanged, this, &ChartFeeder::refreshAll); // grouping changes the lines
    connect(m_cache, &SeriesCache::seriesReady, this, [this](const RunKey& run, const QString& metric) {
        if (m_pending.remove(pendingId(metric, run))) {
            m_dirty.insert(metric);
            const ChartSettings settings = m_grid->settings();
            if (settings.xMode == XAxisMode::Metric && metric == settings.xMetric) {
                for (const QString& key : m_grid->visibleKeys()) // every chart plots against it
                    m_dirty.insert(key);
            }
            m_timer->start();
        }
    });
    connect(m_cache, &SeriesCache::seriesFailed, this, [this](const RunKey& run, const QString& metric) {
        if (m_pending.remove(pendingId(metric, run))) {
            m_dirty.insert(metric);
            m_timer->start();
        }
    });
}

void ChartFeeder::setRuns(const QVector<ChartedRun>& runs)
{
    m_runs = runs;
    m_labels = chartLabels(runs);
    m_pending.clear();
    m_derived->clear();
    QStringList keys, groupKeys;
    QSet<QString> seen, seenGroup;
    for (const ChartedRun& r : runs) {
        for (auto it = r.run.metrics.keyBegin(); it != r.run.metrics.keyEnd(); ++it) {
            if (!seen.contains(*it)) {
                seen.insert(*it);
                keys << *it;
            }
        }
        for (auto it = r.run.params.keyBegin(); it != r.run.params.keyEnd(); ++it) {
            if (!seenGroup.contains(u"params."_s + *it)) {
                seenGroup.insert(u"params."_s + *it);
                groupKeys << u"params."_s + *it;
            }
        }
        for (auto it = r.run.tags.keyBegin(); it != r.run.tags.keyEnd(); ++it) {
            if (!it->startsWith(u"mlflow.") && !seenGroup.contains(u"tags."_s + *it)) {
                seenGroup.insert(u"tags."_s + *it);
                groupKeys << u"tags."_s + *it;
            }
        }
    }
    keys.sort(Qt::CaseInsensitive);
    groupKeys.sort(Qt::CaseInsensitive);
    m_grid->controls()->setGroupKeys(groupKeys);
    QStringList xKeys = keys;
    xKeys.removeIf([](const QString& k) { return MetricKeyInfo::isSystem(k); });
    m_grid->controls()->setXMetricKeys(xKeys);
    m_grid->setPlaceholder(runs.isEmpty() ? tr("Select runs in the table to chart their metrics")
                                          : tr("The selected runs have no metrics"));
    m_grid->setMetricKeys(keys);
    refreshAll();
    loadSpans();
}

void ChartFeeder::loadSpans()
{
    struct Job {
        std::shared_ptr<Source> source;
        QString runId;
        SpanLane lane;
    };
    QVector<Job> jobs;
    for (int i = 0; i < m_runs.size(); ++i) {
        const ChartedRun& r = m_runs[i];
        if (std::shared_ptr<Source> source = m_lookup(r.key.sourceUri))
            jobs.append({ std::move(source), r.run.runId, SpanLane { m_labels[i], r.color, {}, r.run.endTimeMs } });
    }
    const quint64 id = ++m_spanJob;
    m_spansLoading = !jobs.isEmpty();
    if (jobs.isEmpty()) {
        m_grid->setSpanLanes({});
        return;
    }
    auto* watcher = new QFutureWatcher<QVector<SpanLane>>(this);
    connect(watcher, &QFutureWatcher<QVector<SpanLane>>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        if (id != m_spanJob)
            return; // the selection changed meanwhile
        m_spansLoading = false;
        m_grid->setSpanLanes(watcher->result());
    });
    // Most sources have no spans and answer at once; a OneLogger file is parsed here, off the GUI thread.
    watcher->setFuture(QtConcurrent::run([jobs]() {
        QVector<SpanLane> lanes;
        for (const Job& job : jobs) {
            ReadResult<QVector<Span>> spans = job.source->spans(job.runId, CancelToken());
            if (spans.value.isEmpty())
                continue;
            SpanLane lane = job.lane;
            lane.spans = std::move(spans.value);
            lanes.append(std::move(lane));
        }
        return lanes;
    }));
}

void ChartFeeder::refreshAll()
{
    for (const QString& key : m_grid->visibleKeys())
        m_dirty.insert(key);
    m_timer->start();
}

bool ChartFeeder::isBusy() const
{
    return !m_pending.isEmpty() || m_derived->pendingCount() > 0 || m_timer->isActive() || m_grid->isSettling() || m_spansLoading;
}

QString ChartFeeder::groupOf(const Run& run, const QString& groupBy) const
{
    if (groupBy.startsWith(u"params."))
        return run.params.value(groupBy.mid(7), tr("(none)"));
    return run.tags.value(groupBy.mid(5), tr("(none)"));
}

void ChartFeeder::feedDirty()
{
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    const QStringList visible = m_grid->visibleKeys();
    for (const QString& key : dirty) {
        if (visible.contains(key))
            feed(key);
    }
    updateStatus();
}

void ChartFeeder::feed(const QString& key)
{
    const ChartSettings settings = m_grid->settings();
    // x = another metric's value at each step: its history is needed too (system metrics stay on wall time).
    const QString xKey = m_grid->xModeFor(key) == XAxisMode::Metric ? settings.xMetric : QString();
    QVector<ChartSeries> series;
    // Groups in order of first appearance, so colours and legend follow the table's order.
    QStringList groupOrder;
    QHash<QString, QVector<int>> members;
    bool waiting = false;
    bool joining = false;
    const auto load = [&](const ChartedRun& r, const QString& metric) {
        const MetricSeriesPtr data = m_cache->cached(r.key, metric);
        if (!data) {
            waiting = true;
            m_pending.insert(pendingId(metric, r.key));
            m_cache->request(r.key, metric);
        }
        return data;
    };
    for (int i = 0; i < m_runs.size(); ++i) {
        const ChartedRun& r = m_runs[i];
        if (!r.run.metrics.contains(key) || (!xKey.isEmpty() && !r.run.metrics.contains(xKey)))
            continue; // a run without the x metric has nowhere to put its points
        const MetricSeriesPtr data = load(r, key);
        const MetricSeriesPtr xData = xKey.isEmpty() ? nullptr : load(r, xKey);
        if (!data || (!xKey.isEmpty() && !xData))
            continue;
        if (settings.groupBy.isEmpty()) {
            DerivedSeriesCache::XValuesPtr xs;
            if (xData && !(xs = m_derived->join(data, xData, key))) {
                joining = true; // drawn with the others once its x values are computed
                continue;
            }
            series.append({ m_labels[i], r.color, data, r.run.startTimeMs.value_or(0), {}, {}, xs });
        } else {
            const QString group = groupOf(r.run, settings.groupBy);
            if (!members.contains(group))
                groupOrder << group;
            members[group].append(i);
        }
    }
    if (joining)
        return; // a chart whose runs appear one by one as their joins finish would rescale at each
    if (!settings.groupBy.isEmpty()) {
        if (waiting)
            return; // a mean of the runs loaded so far would move as the rest arrive; show it once, complete
        const QString name = settings.groupBy.mid(settings.groupBy.indexOf(u'.') + 1);
        bool computing = false;
        for (const QString& group : std::as_const(groupOrder)) {
            const QVector<int>& runs = members[group];
            qint64 start = 0;
            for (int i : runs) {
                start = start == 0 ? m_runs[i].run.startTimeMs.value_or(0)
                                   : std::min(start, m_runs[i].run.startTimeMs.value_or(start));
            }
            const std::shared_ptr<const GroupAggregate> y = aggregate(key, group, runs, settings.band, key);
            const std::shared_ptr<const GroupAggregate> x
                = xKey.isEmpty() ? nullptr : aggregate(xKey, group, runs, settings.band, key);
            DerivedSeriesCache::XValuesPtr xs;
            if (y && x) // the group's mean x at each step, against its mean y there
                xs = m_derived->join(y->mean, x->mean, key);
            if (!y || (!xKey.isEmpty() && !xs)) {
                computing = true;
                continue;
            }
            const QString label = runs.size() == 1 ? tr("%1=%2 (1 run)").arg(name, group)
                                                   : tr("%1=%2 (%3 runs)").arg(name, group).arg(runs.size());
            series.append({ label, m_runs[runs.front()].color, y->mean, start, y->low, y->high, xs });
        }
        if (computing)
            return; // every group at once, as above
    }
    m_grid->setSeries(key, series);
}

std::shared_ptr<const GroupAggregate> ChartFeeder::aggregate(const QString& key, const QString& group,
    const QVector<int>& runs, GroupAggregate::Band band, const QString& chartKey)
{
    std::vector<MetricSeriesPtr> data;
    for (int i : runs)
        data.push_back(m_cache->cached(m_runs[i].key, key));
    return m_derived->aggregate(key + u'\n' + group, data, band, chartKey);
}

void ChartFeeder::updateStatus()
{
    const int n = static_cast<int>(m_pending.size());
    const int computing = m_derived->pendingCount();
    m_grid->setStatus(n > 0           ? tr("loading %1 series…").arg(n)
            : computing > 0 ? tr("computing %1 group means and x joins…").arg(computing)
                            : QString());
}

QVector<ChartDataCsv::Series> ChartFeeder::dataFor(const QString& key) const
{
    QVector<ChartDataCsv::Series> out;
    for (const ChartedRun& r : m_runs) {
        if (const MetricSeriesPtr data = m_cache->cached(r.key, key))
            out.append({ r.run.runId, r.run.name, data });
    }
    return out;
}
