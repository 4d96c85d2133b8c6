#include "loadcontroller.h"

#include "sourcefactory.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

LoadController::LoadController(QObject* parent)
    : QObject(parent)
{
}

LoadController::~LoadController()
{
    cancelAll();
    for (const Job& job : std::as_const(m_jobs))
        job.watcher->waitForFinished();
}

const Catalog* LoadController::catalog(const QString& uri) const
{
    const auto it = m_catalogs.constFind(uri);
    return it == m_catalogs.constEnd() ? nullptr : &*it;
}

void LoadController::open(const QString& uriOrPath)
{
    start(uriOrPath, nullptr);
}

void LoadController::reload(const QString& uri)
{
    start(uri, m_sources.value(uri));
}

void LoadController::refresh(const QString& uri)
{
    for (const Job& job : std::as_const(m_jobs)) {
        if (job.input == uri)
            return;
    }
    if (const auto source = m_sources.value(uri))
        start(uri, source, true);
}

void LoadController::close(const QString& uri)
{
    for (Job& job : m_jobs) {
        if (job.input == uri)
            job.cancel.cancel();
    }
    m_sources.remove(uri);
    m_catalogs.remove(uri);
}

void LoadController::cancelAll()
{
    for (const Job& job : std::as_const(m_jobs))
        job.cancel.cancel();
}

void LoadController::start(const QString& input, std::shared_ptr<Source> existing, bool quiet)
{
    // A second open of the same thing supersedes the first: cancel it, its results will be dropped.
    for (Job& job : m_jobs) {
        if (job.input == input)
            job.cancel.cancel();
    }
    const quint64 id = m_nextJob++;
    Job job;
    job.id = id;
    job.input = input;
    job.quiet = quiet;
    job.watcher = new QFutureWatcher<Outcome>(this);
    const bool wasBusy = isBusy();

    // Callbacks run on the worker: hop to the GUI thread and drop them if the job went stale meanwhile.
    QPointer<LoadController> self(this);
    auto post = [self, id](auto fn) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, id, fn]() {
                if (self && self->m_jobs.contains(id))
                    fn(*self);
            },
            Qt::QueuedConnection);
    };
    const CancelToken cancel = job.cancel;
    const QFuture<Outcome> future = QtConcurrent::run([input, existing, cancel, post, quiet]() {
        Outcome out;
        out.source = existing;
        if (!out.source) {
            auto opened = SourceFactory::open(input);
            if (!opened.source) {
                out.openError = opened.error;
                return out;
            }
            out.source = std::move(opened.source);
        }
        const SourceInfo info = out.source->info();
        Progress progress;
        if (quiet) {
            out.result = out.source->index(progress, cancel);
            return out;
        }
        post([info](LoadController& c) { Q_EMIT c.sourceStarted(info.uri, info.displayName); });
        progress.onRuns = [post, uri = info.uri](const QVector<Run>& batch) {
            post([uri, batch](LoadController& c) { Q_EMIT c.runsArrived(uri, batch); });
        };
        progress.onProgress = [post, uri = info.uri](qint64 done, qint64 total, const QString& what) {
            post([uri, done, total, what](LoadController& c) { Q_EMIT c.progressChanged(uri, done, total, what); });
        };
        out.result = out.source->index(progress, cancel);
        return out;
    });
    connect(job.watcher, &QFutureWatcher<Outcome>::finished, this, [this, id]() { finish(id); });
    job.watcher->setFuture(future);
    m_jobs.insert(id, job);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

void LoadController::finish(quint64 jobId)
{
    const auto it = m_jobs.find(jobId);
    if (it == m_jobs.end())
        return;
    const Job job = *it;
    m_jobs.erase(it);
    job.watcher->deleteLater();
    Outcome out = job.watcher->result();

    bool superseded = false;
    for (const Job& other : std::as_const(m_jobs))
        superseded = superseded || other.input == job.input;
    if (!superseded) {
        if (!out.source) {
            Q_EMIT sourceFailed(job.input, out.openError, {});
        } else {
            const QString uri = out.source->info().uri;
            if (out.result.cancelled) {
                if (!job.quiet)
                    Q_EMIT sourceFailed(uri, QStringLiteral("cancelled"), out.result.warnings);
            } else if (out.result.error) {
                Q_EMIT sourceFailed(uri, *out.result.error, out.result.warnings);
            } else {
                m_sources.insert(uri, out.source);
                m_catalogs.insert(uri, std::move(out.result.value));
                if (job.quiet)
                    Q_EMIT sourceRefreshed(uri, out.result.warnings);
                else
                    Q_EMIT sourceLoaded(uri, out.result.warnings);
            }
        }
    }
    if (!isBusy())
        Q_EMIT busyChanged(false);
}
