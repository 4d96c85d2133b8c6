#include "tensorboardlogdir.h"

#include "logdirdiscovery.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

namespace {

struct RunJob {
    QString runName;
    QString experimentId;
    QString directory;
    QString writer;
    QStringList files;
};

struct RunOutcome {
    Run run;
    QList<ReadWarning> warnings;
    TensorBoardRunReader::RunData data;
};

constexpr int kBatchSize = 32;

QString prefixed(const TensorBoardLogdir::Root& root, const QString& relative)
{
    if (!root.named)
        return relative;
    return relative == u"." ? root.name : root.name + u'/' + relative;
}

} // namespace

TensorBoardLogdir::TensorBoardLogdir(QList<Root> roots, QString uri)
    : m_roots(std::move(roots))
    , m_uri(std::move(uri))
{
    if (m_uri.isEmpty() && !m_roots.isEmpty())
        m_uri = m_roots.front().path;
}

std::unique_ptr<TensorBoardLogdir> TensorBoardLogdir::fromPath(const QString& path, LogdirDiscovery::Layout layout)
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return std::make_unique<TensorBoardLogdir>(
        QList<Root> { Root { QFileInfo(clean).fileName(), clean, false, layout } }, clean);
}

bool TensorBoardLogdir::looksLikeSpec(const QString& input)
{
    // "name:path[,name:path…]"; a bare absolute or relative path has no "name:" before its first '/'.
    const qsizetype colon = input.indexOf(u':');
    if (colon <= 0)
        return false;
    const qsizetype slash = input.indexOf(u'/');
    return (slash < 0 || colon < slash) && !input.startsWith(QStringLiteral("file:"));
}

QList<TensorBoardLogdir::Root> TensorBoardLogdir::parseSpec(const QString& spec, QString* error)
{
    QList<Root> roots;
    QStringList names;
    const QStringList entries = spec.split(u',', Qt::SkipEmptyParts);
    for (const QString& entry : entries) {
        const qsizetype colon = entry.indexOf(u':');
        const QString name = entry.left(colon).trimmed();
        const QString path = entry.mid(colon + 1).trimmed();
        if (colon <= 0 || name.isEmpty() || path.isEmpty()) {
            if (error)
                *error = entry + QStringLiteral(": expected name:path");
            return {};
        }
        if (names.contains(name)) {
            if (error)
                *error = name + QStringLiteral(": name used twice in the logdir spec");
            return {};
        }
        names << name;
        roots.append(Root { name, QDir::cleanPath(QFileInfo(path).absoluteFilePath()), true });
    }
    if (roots.isEmpty() && error)
        *error = QStringLiteral("empty logdir spec");
    return roots;
}

SourceInfo TensorBoardLogdir::info() const
{
    QStringList names;
    QStringList paths;
    for (const Root& r : m_roots) {
        names << r.name;
        paths << r.path;
    }
    // Logdirs are usually still being written: the app follows them (new points, new runs) without a reload.
    return { m_uri, QStringLiteral("tensorboard"), names.join(u','), SourceInfo::Live, paths };
}

Run TensorBoardLogdir::makeRun(
    const QString& runName, const QString& experimentId, const TensorBoardRunReader::RunData& data) const
{
    Run run;
    run.runId = runName;
    run.name = runName;
    run.experimentId = experimentId;
    run.startTimeMs = data.firstWallMs;
    run.endTimeMs = data.lastWallMs;
    run.params = data.hparams;
    if (data.sessionEndStatus) {
        const int s = *data.sessionEndStatus;
        run.status = s == 1 ? RunStatus::Finished
            : s == 2        ? RunStatus::Failed
            : s == 3        ? RunStatus::Running
                            : RunStatus::Unknown;
    } else {
        qint64 newest = 0;
        for (const auto& f : data.files)
            newest = std::max(newest, f.modifiedMs);
        const qint64 age = QDateTime::currentMSecsSinceEpoch() - newest;
        run.status = age < qint64(m_liveWindowSeconds) * 1000 ? RunStatus::Running : RunStatus::Finished;
    }
    QStringList skipped;
    for (const auto& [tagBytes, tag] : data.tags) {
        const QString name = tag.series.key;
        const MetricSummary summary = TensorBoardRunReader::summary(tag);
        if (summary.count > 0)
            run.metrics.insert(name, summary);
        else if (!tag.pluginName.empty() && tag.pluginName == "scalars" && tag.histograms == 0)
            run.metrics.insert(name, summary); // every point purged: the metric still exists
        if (tag.text)
            run.tags.insert(name, *tag.text);
        QStringList kinds;
        if (tag.histograms)
            kinds << QStringLiteral("%1 histograms").arg(tag.histograms);
        if (tag.images)
            kinds << QStringLiteral("%1 images").arg(tag.images);
        if (tag.audio)
            kinds << QStringLiteral("%1 audio").arg(tag.audio);
        if (tag.otherTensors && !tag.text)
            kinds << QStringLiteral("%1 tensors").arg(tag.otherTensors);
        if (!kinds.isEmpty())
            skipped << name + QStringLiteral(" (") + kinds.join(QStringLiteral(", ")) + u')';
    }
    if (!skipped.isEmpty())
        run.tags.insert(kSkippedTag, skipped.join(QStringLiteral("; ")));
    return run;
}

ReadResult<Catalog> TensorBoardLogdir::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    progress.report(0, -1, QStringLiteral("Listing event files"));
    std::vector<RunJob> jobs;
    for (const Root& root : std::as_const(m_roots)) {
        if (!QFileInfo(root.path).isDir()) {
            result.warnings.append(ReadWarning::at(root.path, QStringLiteral("no such folder")));
            continue;
        }
        Experiment experiment;
        experiment.experimentId = root.name;
        experiment.name = root.name;
        experiment.artifactLocation = root.path;
        result.value.experiments.append(experiment);
        for (LogdirDiscovery::RunFiles& run : LogdirDiscovery::discover(root.path, result.warnings, root.layout))
            jobs.push_back({ prefixed(root, run.name), root.name, run.directory, run.writer, std::move(run.files) });
    }
    if (result.value.experiments.isEmpty())
        return ReadResult<Catalog>::failure(m_uri + QStringLiteral(": no such folder"));

    QHash<QString, std::shared_ptr<const RunState>> previous;
    {
        QMutexLocker lock(&m_mutex);
        previous = m_runs;
    }
    QThreadPool pool;
    pool.setMaxThreadCount(m_threads > 0 ? m_threads : QThread::idealThreadCount());
    const TensorBoardRunReader reader(m_decoder);
    QHash<QString, std::shared_ptr<const RunState>> states;
    qint64 bytesRead = 0;
    const qint64 total = static_cast<qint64>(jobs.size());
    for (std::size_t start = 0; start < jobs.size(); start += kBatchSize) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        const std::vector<RunJob> chunk(jobs.begin() + static_cast<std::ptrdiff_t>(start),
            jobs.begin() + static_cast<std::ptrdiff_t>(std::min(jobs.size(), start + kBatchSize)));
        QList<RunOutcome> outcomes
            = QtConcurrent::blockingMapped<QList<RunOutcome>>(&pool, chunk, [&](const RunJob& job) {
                  RunOutcome o;
                  const auto before = previous.value(job.runName);
                  bool resumed = false;
                  qint64 checked = 0; // bytes a resume attempt read before finding it could not resume
                  if (before && before->directory == job.directory) {
                      o.data = before->data;
                      resumed = reader.resume(o.data, job.files, o.warnings, &cancel);
                      checked = o.data.bytesRead;
                  }
                  if (!resumed) {
                      o.data = reader.read(job.files, o.warnings, &cancel);
                      o.data.bytesRead += checked;
                  }
                  o.warnings.append(o.data.recordWarnings);
                  o.run = makeRun(job.runName, job.experimentId, o.data);
                  TensorBoardRunReader::foldSeries(o.data);
                  return o;
              });
        QVector<Run> batch;
        batch.reserve(outcomes.size());
        for (qsizetype i = 0; i < outcomes.size(); ++i) {
            RunOutcome& o = outcomes[i];
            const RunJob& job = chunk[static_cast<std::size_t>(i)];
            result.warnings.append(o.warnings);
            batch.append(o.run);
            bytesRead += o.data.bytesRead;
            states.insert(job.runName,
                std::make_shared<const RunState>(
                    RunState { job.experimentId, job.directory, job.writer, std::move(o.data) }));
        }
        result.value.runs.append(batch);
        progress.publish(batch);
        progress.report(static_cast<qint64>(start + chunk.size()), total, QStringLiteral("Reading runs"));
    }
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result;
    }
    m_lastIndexBytesRead = bytesRead;
    QMutexLocker lock(&m_mutex);
    m_runs = std::move(states);
    return result;
}

TensorBoardLogdir::RunLocation TensorBoardLogdir::locate(const QString& runId)
{
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_runs.constFind(runId);
        if (it != m_runs.constEnd()) {
            // Files may have been added since the index: list the directory again, it is cheap.
            const RunState& state = **it;
            const QStringList files = state.writer.isEmpty()
                ? LogdirDiscovery::eventFilesIn(state.directory)
                : LogdirDiscovery::writerFilesIn(state.directory, state.writer);
            return { state.experimentId, state.directory, files, *it };
        }
    }
    // Not indexed yet: the run id is the directory relative to its logdir.
    for (const Root& root : std::as_const(m_roots)) {
        QString relative = runId;
        if (root.named) {
            if (runId == root.name)
                relative = QStringLiteral(".");
            else if (runId.startsWith(root.name + u'/'))
                relative = runId.mid(root.name.size() + 1);
            else
                continue;
        }
        if (relative.split(u'/').contains(QStringLiteral("..")))
            continue;
        if (root.layout == LogdirDiscovery::Layout::PerWriter) {
            // The name's last part is the writer, not a folder; the walk knows how it was made.
            QList<ReadWarning> ignored;
            for (LogdirDiscovery::RunFiles& run : LogdirDiscovery::discover(root.path, ignored, root.layout)) {
                if (run.name == relative)
                    return { root.name, run.directory, run.files, nullptr };
            }
            continue;
        }
        const QString dir = QDir::cleanPath(root.path + u'/' + relative);
        const QStringList files = LogdirDiscovery::eventFilesIn(dir);
        if (!files.isEmpty())
            return { root.name, dir, files, nullptr };
    }
    return {};
}

ReadResult<MetricSeries> TensorBoardLogdir::series(
    const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    ReadResult<MetricSeries> result;
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result;
    }
    const RunLocation loc = locate(runId);
    const QPair<QString, QString> cacheKey { runId, metricKey };
    if (loc.files.isEmpty()) {
        QMutexLocker lock(&m_mutex);
        m_series.remove(cacheKey);
        return ReadResult<MetricSeries>::failure(m_uri + QStringLiteral(": no run ") + runId);
    }
    std::shared_ptr<SeriesState> state;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_series.find(cacheKey);
        if (it != m_series.end()) {
            state = std::move(it->state);
            m_series.erase(it);
        }
    }
    const QByteArray tag = metricKey.toUtf8();
    const std::string_view tagView(tag.constData(), static_cast<std::size_t>(tag.size()));
    const TensorBoardRunReader reader(m_decoder);
    // Resumed: the points returned last time plus those appended since. resume() refuses whatever a resumed read
    // could get wrong (a file shrank or was replaced, a new file sorts earlier, a purge reaches old points); the
    // full read then says what a fresh reader would, so the refusal's own warnings are dropped.
    bool resumed = false;
    qint64 checked = 0;
    if (state && state->directory == loc.directory) {
        QList<ReadWarning> resumeWarnings;
        resumed = reader.resume(state->data, loc.files, resumeWarnings, &cancel, tagView);
        checked = state->data.bytesRead;
        if (resumed)
            result.warnings.append(resumeWarnings);
    }
    if (!resumed) {
        state = std::make_shared<SeriesState>();
        state->directory = loc.directory;
        state->data = reader.read(loc.files, result.warnings, &cancel, tagView);
        state->data.bytesRead += checked;
    }
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result; // the state is dropped: it may stop anywhere
    }
    m_lastSeriesBytesRead = state->data.bytesRead;
    m_lastSeriesResumed = resumed;
    result.warnings.append(state->data.recordWarnings);
    if (loc.indexed) {
        // Points the run table counted may be gone: say why, rather than show a shorter curve without a word.
        for (const TensorBoardRunReader::FileState& now : state->data.files) {
            for (const TensorBoardRunReader::FileState& then : loc.indexed->data.files) {
                if (then.path == now.path && now.size < then.size)
                    result.warnings.append(ReadWarning::at(now.path,
                        QStringLiteral("the file is shorter than when the logdir was indexed (%1 bytes, then %2): "
                                       "truncated or replaced")
                            .arg(now.size)
                            .arg(then.size)));
            }
        }
    }
    const auto it = state->data.tags.find(tagView);
    // A tag whose points were all purged is still a scalar tag if its metadata says so (as in the run table).
    const bool tagFound = it != state->data.tags.end()
        && (TensorBoardRunReader::summary(it->second).count > 0 || it->second.pluginName == "scalars");
    if (!tagFound) {
        result.error = runId + QStringLiteral(": no scalar tag ") + metricKey;
        return result;
    }
    // The state keeps summaries, not points, in its RunData (a purge reaching them forces a full read), like the
    // index's; the points are kept once, in SeriesState::points.
    const MetricSummary all = TensorBoardRunReader::summary(it->second);
    MetricSeries added = std::move(it->second.series);
    TensorBoardRunReader::foldSeries(state->data);
    it->second.earlier = all;
    MetricSeries& points = state->points;
    if (resumed) {
        // Appended in place (amortised growth), then copied once into the value returned: a resumed refresh copies
        // each old point once, which costs far less than decoding the ~45 bytes on disk each point took.
        points.steps.insert(points.steps.end(), added.steps.begin(), added.steps.end());
        points.timestampsMs.insert(points.timestampsMs.end(), added.timestampsMs.begin(), added.timestampsMs.end());
        points.values.insert(points.values.end(), added.values.begin(), added.values.end());
    } else {
        points = std::move(added);
    }
    points.key = metricKey;
    result.value = points;
    {
        QMutexLocker lock(&m_mutex);
        m_series.insert(cacheKey, SeriesSlot { std::move(state), ++m_seriesUses });
        while (m_series.size() > kResumableSeries) {
            auto oldest = m_series.begin();
            for (auto s = m_series.begin(); s != m_series.end(); ++s) {
                if (s->lastUse < oldest->lastUse)
                    oldest = s;
            }
            m_series.erase(oldest);
        }
    }
    return result;
}
