#pragma once

#include "chartdatacsv.h"
#include "derivedseriescache.h"
#include "groupaggregate.h"
#include "metricchart.h"
#include "run.h"
#include "runkey.h"
#include "seriescache.h"
#include "spantimelinelayout.h"

#include <QColor>
#include <QHash>
#include <QObject>
#include <QSet>

class ChartGrid;
class QTimer;

// Feeds the chart grid: for each metric whose chart is on screen, the histories of the charted runs from the
// series cache (asking it for what is missing), or, when the user groups runs by a param or tag, each group's
// mean and band; and the telemetry spans of the charted runs for the grid's timeline. Knows runs, the cache and
// the Source interface, not any format.
class ChartFeeder final : public QObject {
    Q_OBJECT
public:
    struct ChartedRun {
        RunKey key;
        Run run;
        QColor color;
        QString sourceLabel; // as the run table names the run's source
    };
    ChartFeeder(SeriesCache* cache, SeriesCache::SourceLookup lookup, ChartGrid* grid, QObject* parent = nullptr);

    // The runs to chart; offers their metric keys to the grid and their params and tags to group by.
    void setRuns(const QVector<ChartedRun>& runs);
    bool isEmpty() const { return m_runs.isEmpty(); }
    // Feeds every chart on screen again (new data after a live refresh).
    void refreshAll();
    int pendingCount() const { return m_pending.size(); }
    bool isBusy() const;
    // The full-resolution histories behind one chart, per run (grouped or not), for CSV export.
    QVector<ChartDataCsv::Series> dataFor(const QString& key) const;

private:
    void feed(const QString& key);
    // Null while the aggregate is computed on the pool (the chart is fed again when it is ready).
    std::shared_ptr<const GroupAggregate> aggregate(const QString& key, const QString& group,
        const QVector<int>& runs, GroupAggregate::Band band, const QString& chartKey);
    void feedDirty();
    QString groupOf(const Run& run, const QString& groupBy) const;
    void updateStatus();
    void loadSpans();

    SeriesCache* m_cache;
    SeriesCache::SourceLookup m_lookup;
    quint64 m_spanJob = 0;
    bool m_spansLoading = false;
    ChartGrid* m_grid;
    QTimer* m_timer;
    QVector<ChartedRun> m_runs;
    QVector<QString> m_labels; // per run: what legends and the timeline call it (chartLabels)
    QSet<QString> m_dirty;
    QSet<QString> m_pending; // "key\nrun" loads this feeder waits for
    DerivedSeriesCache* m_derived; // group means and x = metric joins, computed off the GUI thread
};
