#include "derivedseriescache.h"

#include "stepjoin.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace {

QString addressOf(const void* p) { return QString::number(reinterpret_cast<quintptr>(p), 16); }

} // namespace

DerivedSeriesCache::DerivedSeriesCache(QObject* parent)
    : QObject(parent)
{
}

DerivedSeriesCache::~DerivedSeriesCache()
{
    // Watchers are children; a job only holds its input snapshots, but its result handler touches `this`.
    const auto watchers = findChildren<QFutureWatcherBase*>();
    for (QFutureWatcherBase* w : watchers) {
        w->disconnect(this);
        w->waitForFinished();
    }
}

bool DerivedSeriesCache::sameInputs(
    const std::vector<std::weak_ptr<const MetricSeries>>& held, const std::vector<MetricSeriesPtr>& wanted)
{
    if (held.size() != wanted.size())
        return false;
    for (std::size_t i = 0; i < held.size(); ++i) {
        if (held[i].lock() != wanted[i])
            return false;
    }
    return true;
}

template <typename Result, typename Compute, typename Store>
void DerivedSeriesCache::start(const QString& jobId, const QString& chartKey, Compute compute, Store store)
{
    if (m_pending.contains(jobId))
        return;
    m_pending.insert(jobId);
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
        [this, watcher, jobId, chartKey, store = std::move(store), generation = m_generation]() {
            watcher->deleteLater();
            if (generation != m_generation)
                return; // cleared meanwhile; m_pending was cleared with it
            m_pending.remove(jobId);
            store(watcher->result());
            Q_EMIT ready(chartKey);
        });
    watcher->setFuture(QtConcurrent::run(std::move(compute)));
}

DerivedSeriesCache::XValuesPtr DerivedSeriesCache::join(
    const MetricSeriesPtr& y, const MetricSeriesPtr& x, const QString& chartKey)
{
    const QString id = addressOf(y.get()) + u':' + addressOf(x.get());
    const auto it = m_joins.constFind(id);
    if (it != m_joins.cend() && it->y.lock() == y && it->x.lock() == x)
        return it->values;
    start<XValuesPtr>(
        u"join:"_s + id, chartKey,
        [y, x]() { return std::make_shared<const std::vector<double>>(StepJoin::xAtSteps(*y, *x)); },
        [this, id, weakY = std::weak_ptr<const MetricSeries>(y), weakX = std::weak_ptr<const MetricSeries>(x)](
            XValuesPtr values) { m_joins.insert(id, JoinEntry { weakY, weakX, std::move(values) }); });
    return nullptr;
}

std::shared_ptr<const GroupAggregate> DerivedSeriesCache::aggregate(const QString& id,
    const std::vector<MetricSeriesPtr>& members, GroupAggregate::Band band, const QString& chartKey)
{
    const auto it = m_groups.constFind(id);
    if (it != m_groups.cend() && it->band == band && sameInputs(it->members, members))
        return it->aggregate;
    QString jobId = u"group:"_s + id + u':' + QString::number(static_cast<int>(band));
    for (const MetricSeriesPtr& m : members)
        jobId += u':' + addressOf(m.get());
    std::vector<std::weak_ptr<const MetricSeries>> held(members.begin(), members.end());
    start<std::shared_ptr<const GroupAggregate>>(
        jobId, chartKey,
        [members, band]() { return std::make_shared<const GroupAggregate>(GroupAggregate::compute(members, band)); },
        [this, id, band, held = std::move(held)](std::shared_ptr<const GroupAggregate> aggregate) {
            m_groups.insert(id, GroupEntry { held, band, std::move(aggregate) });
        });
    return nullptr;
}

void DerivedSeriesCache::clear()
{
    ++m_generation;
    m_joins.clear();
    m_groups.clear();
    m_pending.clear();
}
