#pragma once

#include "metricseries.h"
#include "readresult.h"
#include "runkey.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

class Source;

// Full-resolution metric histories, loaded on the thread pool the first time they are charted and shared from
// then on. Views receive immutable snapshots (MetricSeriesPtr); the cache never hands out a mutable series.
class SeriesCache final : public QObject {
    Q_OBJECT
public:
    using SourceLookup = std::function<std::shared_ptr<Source>(const QString& uri)>;
    explicit SeriesCache(SourceLookup lookup, QObject* parent = nullptr);
    ~SeriesCache() override;

    MetricSeriesPtr cached(const RunKey& run, const QString& metric) const;
    // Emits seriesReady (or seriesFailed) later, on the GUI thread; a request already in flight is not repeated.
    void request(const RunKey& run, const QString& metric);
    void dropSource(const QString& sourceUri);

Q_SIGNALS:
    void seriesReady(const RunKey& run, const QString& metric, MetricSeriesPtr series);
    void seriesFailed(const RunKey& run, const QString& metric, const QString& message,
        const QList<ReadWarning>& warnings);

private:
    struct Key {
        RunKey run;
        QString metric;
        friend bool operator==(const Key&, const Key&) = default;
        friend size_t qHash(const Key& k, size_t seed = 0) noexcept { return qHashMulti(seed, k.run, k.metric); }
    };
    SourceLookup m_lookup;
    QHash<Key, MetricSeriesPtr> m_cache;
    QSet<Key> m_pending;
    QHash<QString, quint64> m_generation; // per source, bumped by dropSource: in-flight loads of it are discarded
};
