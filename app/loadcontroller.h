#pragma once

#include "catalog.h"
#include "readresult.h"
#include "source.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>

#include <memory>

// Opens sources and indexes them on the thread pool, never on the GUI thread. Batches of runs and progress are
// forwarded to the GUI thread as they arrive; a reload of the same source makes the older job's results stale,
// and stale results are dropped by job id.
class LoadController final : public QObject {
    Q_OBJECT
public:
    explicit LoadController(QObject* parent = nullptr);
    ~LoadController() override; // cancels and waits for running jobs

    void open(const QString& uriOrPath);
    void reload(const QString& uri);
    // Re-indexes an open source in the background without clearing what is shown: no sourceStarted or
    // runsArrived, just sourceRefreshed at the end (live following). Skipped while the source is loading.
    void refresh(const QString& uri);
    void close(const QString& uri);
    void cancelAll();
    bool isBusy() const { return !m_jobs.isEmpty(); }

    std::shared_ptr<Source> source(const QString& uri) const { return m_sources.value(uri); }
    const Catalog* catalog(const QString& uri) const;
    QStringList uris() const { return m_sources.keys(); }

Q_SIGNALS:
    void sourceStarted(const QString& uri, const QString& label);
    void runsArrived(const QString& uri, const QVector<Run>& batch);
    void progressChanged(const QString& uri, qint64 done, qint64 total, const QString& what);
    void sourceLoaded(const QString& uri, const QList<ReadWarning>& warnings);
    void sourceRefreshed(const QString& uri, const QList<ReadWarning>& warnings);
    // `input` is what was asked for (the URI may not be known if the source could not even be opened).
    void sourceFailed(const QString& input, const QString& message, const QList<ReadWarning>& warnings);
    void busyChanged(bool busy);

private:
    struct Outcome {
        std::shared_ptr<Source> source;
        QString openError;
        ReadResult<Catalog> result;
    };
    struct Job {
        quint64 id = 0;
        QString input;
        CancelToken cancel;
        QFutureWatcher<Outcome>* watcher = nullptr;
        bool quiet = false;
    };
    void start(const QString& input, std::shared_ptr<Source> existing, bool quiet = false);
    void finish(quint64 jobId);

    quint64 m_nextJob = 1;
    QHash<quint64, Job> m_jobs;
    QHash<QString, std::shared_ptr<Source>> m_sources;
    QHash<QString, Catalog> m_catalogs;
};
