#include "foldersource.h"

#include "sourcefactory.h"

#include <QDir>
#include <QFileInfo>

namespace {

Run prefixedRun(Run run, const QString& label)
{
    run.runId = FolderSource::prefixed(label, run.runId);
    run.experimentId = FolderSource::prefixed(label, run.experimentId);
    if (!run.parentRunId.isEmpty())
        run.parentRunId = FolderSource::prefixed(label, run.parentRunId);
    return run;
}

} // namespace

FolderSource::FolderSource(QString folder, FolderDiscovery::Result found)
    : m_folder(QDir::cleanPath(QFileInfo(folder).absoluteFilePath()))
    , m_notes(std::move(found.notes))
{
    m_notes.append(found.limitsHit);
    for (const FolderDiscovery::Store& store : std::as_const(found.stores)) {
        auto opened = SourceFactory::openStore(store);
        if (!opened.source) {
            m_notes.append(ReadWarning::at(store.path, opened.error));
            continue;
        }
        m_members.push_back({ store.displayName, store.kind, std::shared_ptr<Source>(std::move(opened.source)) });
    }
}

SourceInfo FolderSource::info() const
{
    SourceInfo i { m_folder, QStringLiteral("folder"), QFileInfo(m_folder).fileName(), SourceInfo::None };
    for (const Member& m : m_members) {
        const SourceInfo mi = m.source->info();
        // Live if any store is followed (a running job's logdir); the app then re-indexes the whole folder.
        i.capabilities |= mi.capabilities & (SourceInfo::Live | SourceInfo::Registry);
        i.watchPaths << mi.watchPaths;
    }
    return i;
}

const FolderSource::Member* FolderSource::split(const QString& id, QString* inner) const
{
    // Labels are paths and may hold ':' themselves: the longest label that prefixes the id wins.
    const Member* best = nullptr;
    for (const Member& m : m_members) {
        if (id.startsWith(m.label + u':') && (!best || m.label.size() > best->label.size()))
            best = &m;
    }
    if (best)
        *inner = id.mid(best->label.size() + 1);
    return best;
}

ReadResult<Catalog> FolderSource::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    result.warnings = m_notes;
    int loaded = 0;
    for (const Member& m : m_members) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        Progress inner;
        inner.onRuns = [&progress, label = m.label](const QVector<Run>& batch) {
            QVector<Run> mapped;
            mapped.reserve(batch.size());
            for (const Run& r : batch)
                mapped.append(prefixedRun(r, label));
            progress.publish(mapped);
        };
        inner.onProgress = [&progress, label = m.label](qint64 done, qint64 total, const QString& what) {
            progress.report(done, total, label + u": " + what);
        };
        ReadResult<Catalog> part = m.source->index(inner, cancel);
        result.warnings.append(part.warnings);
        if (part.cancelled) {
            result.cancelled = true;
            return result;
        }
        if (part.error) {
            result.warnings.append(
                ReadWarning::at(m.source->info().uri, *part.error + QStringLiteral("; store skipped")));
            continue;
        }
        ++loaded;
        for (Experiment e : std::as_const(part.value.experiments)) {
            e.experimentId = prefixed(m.label, e.experimentId);
            e.store = m.label;
            result.value.experiments.append(e);
        }
        for (const Run& r : std::as_const(part.value.runs))
            result.value.runs.append(prefixedRun(r, m.label));
        for (RegisteredModel model : std::as_const(part.value.models)) {
            for (ModelVersion& v : model.versions) {
                if (!v.runId.isEmpty())
                    v.runId = prefixed(m.label, v.runId);
            }
            result.value.models.append(model);
        }
    }
    if (loaded == 0) {
        result.error = m_members.empty()
            ? m_folder + QStringLiteral(": no store RunLens can read in this folder")
            : m_folder + QStringLiteral(": none of the stores in this folder could be read");
    }
    return result;
}

ReadResult<MetricSeries> FolderSource::series(const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    QString inner;
    const Member* m = split(runId, &inner);
    if (!m)
        return ReadResult<MetricSeries>::failure(m_folder + u": no run " + runId);
    return m->source->series(inner, metricKey, cancel);
}

ReadResult<QVector<Span>> FolderSource::spans(const QString& runId, const CancelToken& cancel)
{
    QString inner;
    const Member* m = split(runId, &inner);
    if (!m)
        return ReadResult<QVector<Span>>::failure(m_folder + u": no run " + runId);
    return m->source->spans(inner, cancel);
}
