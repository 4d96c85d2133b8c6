#include "seriescache.h"

#include "source.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

SeriesCache::SeriesCache(SourceLookup lookup, QObject* parent)
    : QObject(parent)
    , m_lookup(std::move(lookup))
{
}

SeriesCache::~SeriesCache()
{
    // Watchers are children; wait so no worker outlives the sources it reads.
    const auto watchers = findChildren<QFutureWatcherBase*>();
    for (QFutureWatcherBase* w : watchers)
        w->waitForFinished();
}

MetricSeriesPtr SeriesCache::cached(const RunKey& run, const QString& metric) const
{
    return m_cache.value({ run, metric });
}

void SeriesCache::request(const RunKey& run, const QString& metric)
{
    const Key key { run, metric };
    if (const auto hit = m_cache.value(key)) {
        QMetaObject::invokeMethod(
            this, [this, run, metric, hit]() { Q_EMIT seriesReady(run, metric, hit); }, Qt::QueuedConnection);
        return;
    }
    if (m_pending.contains(key))
        return;
    std::shared_ptr<Source> source = m_lookup(run.sourceUri);
    if (!source) {
        QMetaObject::invokeMethod(
            this,
            [this, run, metric]() { Q_EMIT seriesFailed(run, metric, QStringLiteral("source is not open"), {}); },
            Qt::QueuedConnection);
        return;
    }
    m_pending.insert(key);
    auto* watcher = new QFutureWatcher<ReadResult<MetricSeries>>(this);
    const quint64 generation = m_generation.value(run.sourceUri);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key, generation]() {
        watcher->deleteLater();
        m_pending.remove(key);
        if (generation != m_generation.value(key.run.sourceUri))
            return;
        ReadResult<MetricSeries> r = watcher->result();
        if (!r.ok()) {
            Q_EMIT seriesFailed(key.run, key.metric, r.error.value_or(QStringLiteral("cancelled")), r.warnings);
            return;
        }
        auto series = std::make_shared<const MetricSeries>(std::move(r.value));
        m_cache.insert(key, series);
        if (!r.warnings.isEmpty())
            Q_EMIT seriesFailed(key.run, key.metric, QString(), r.warnings); // partial: warnings only
        Q_EMIT seriesReady(key.run, key.metric, series);
    });
    watcher->setFuture(QtConcurrent::run([source, runId = run.runId, metric]() {
        return source->series(runId, metric, CancelToken());
    }));
}

void SeriesCache::dropSource(const QString& sourceUri)
{
    ++m_generation[sourceUri];
    m_pending.removeIf([&](const Key& k) { return k.run.sourceUri == sourceUri; });
    m_cache.removeIf([&](const auto& it) { return it.key().run.sourceUri == sourceUri; });
}
