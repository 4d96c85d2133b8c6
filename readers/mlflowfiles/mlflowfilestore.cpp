#include "mlflowfilestore.h"

#include "filestorerunreader.h"
#include "metricfileparser.h"
#include "storefiles.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <array>

namespace {

// Sub-folders of an experiment that are not runs (MLflow 3's FileStore.RESERVED_EXPERIMENT_FOLDERS).
bool isReservedExperimentFolder(const QString& name)
{
    static const std::array<QString, 4> reserved { QStringLiteral("tags"), QStringLiteral("datasets"),
        QStringLiteral("traces"), QStringLiteral("models") };
    return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

bool isValidMetricKey(const QString& key)
{
    return !key.isEmpty() && !key.startsWith(u'/') && !key.contains(QStringLiteral("//"))
        && !key.split(u'/').contains(QStringLiteral(".."));
}

struct RunJob {
    std::string dir;
    QString experimentFolder;
};

struct RunOutcome {
    std::optional<Run> run;
    QList<ReadWarning> warnings;
    std::string dir;
};

constexpr int kBatchSize = 64;

} // namespace

MlflowFileStore::MlflowFileStore(QString rootPath)
    : m_root(std::move(rootPath))
    , m_rootBytes(QFile::encodeName(m_root).toStdString())
{
}

SourceInfo MlflowFileStore::info() const
{
    const QFileInfo fi(m_root);
    return { m_root, QStringLiteral("mlflow-files"), fi.dir().dirName() + u'/' + fi.fileName(), SourceInfo::Registry };
}

std::vector<MlflowFileStore::ExperimentDir> MlflowFileStore::experimentDirs(QList<ReadWarning>& warnings) const
{
    std::vector<ExperimentDir> out;
    for (const StoreFiles::Entry& e : StoreFiles::list(m_rootBytes, true, warnings)) {
        if (e.name == u".trash" || e.name == u"models" || e.name.startsWith(u'.'))
            continue;
        out.push_back({ e.path, e.name, false });
    }
    // Deleted experiments are moved whole into .trash/<id>/. Other tools stage their own files there too
    // (itwinai), so only folders with a matching meta.yaml count, and anything else is silently ignored.
    const std::string trash = m_rootBytes + "/.trash";
    if (StoreFiles::isDirectory(trash)) {
        QList<ReadWarning> ignored;
        for (const StoreFiles::Entry& e : StoreFiles::list(trash, true, ignored)) {
            if (StoreFiles::exists(e.path + "/meta.yaml"))
                out.push_back({ e.path, e.name, true });
        }
    }
    return out;
}

ReadResult<Catalog> MlflowFileStore::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    if (!StoreFiles::isDirectory(m_rootBytes))
        return ReadResult<Catalog>::failure(m_root + QStringLiteral(": no such folder"));

    progress.report(0, -1, QStringLiteral("Listing experiments"));
    const auto dirs = experimentDirs(result.warnings);
    std::vector<RunJob> jobs;
    for (const ExperimentDir& dir : dirs) {
        auto experiment = FileStoreRunReader::readExperiment(dir.path, dir.folderName, result.warnings);
        if (!experiment)
            continue;
        if (dir.inTrash)
            experiment->deleted = true;
        result.value.experiments.append(*experiment);
        for (const StoreFiles::Entry& e : StoreFiles::list(dir.path, true, result.warnings)) {
            if (!isReservedExperimentFolder(e.name))
                jobs.push_back({ e.path, dir.folderName });
        }
    }
    const bool hasRegistry = StoreFiles::isDirectory(m_rootBytes + "/models");
    if (result.value.experiments.isEmpty() && !hasRegistry) {
        result.error = m_root
            + QStringLiteral(": not an MLflow file store (no experiment folder with a meta.yaml, no models/ registry)");
        return result;
    }

    QThreadPool pool;
    pool.setMaxThreadCount(m_threads > 0 ? m_threads : QThread::idealThreadCount());
    const qint64 total = static_cast<qint64>(jobs.size());
    QHash<QString, std::string> runDirs;
    for (size_t start = 0; start < jobs.size(); start += kBatchSize) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        const std::vector<RunJob> chunk(
            jobs.begin() + static_cast<std::ptrdiff_t>(start),
            jobs.begin() + static_cast<std::ptrdiff_t>(std::min(jobs.size(), start + kBatchSize)));
        const QList<RunOutcome> outcomes = QtConcurrent::blockingMapped<QList<RunOutcome>>(&pool, chunk,
            [](const RunJob& job) {
                RunOutcome o;
                o.dir = job.dir;
                o.run = FileStoreRunReader::read(job.dir, job.experimentFolder, o.warnings);
                return o;
            });
        QVector<Run> batch;
        batch.reserve(outcomes.size());
        for (const RunOutcome& o : outcomes) {
            result.warnings.append(o.warnings);
            if (!o.run)
                continue;
            runDirs.insert(o.run->runId, o.dir);
            batch.append(*o.run);
        }
        result.value.runs.append(batch);
        progress.publish(batch);
        progress.report(static_cast<qint64>(start + chunk.size()), total, QStringLiteral("Reading runs"));
    }
    result.value.models = FileStoreRunReader::readRegistry(m_rootBytes + "/models", result.warnings);
    {
        QMutexLocker lock(&m_mutex);
        m_runDirs = std::move(runDirs);
    }
    return result;
}

std::string MlflowFileStore::runDirectory(const QString& runId)
{
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_runDirs.constFind(runId);
        if (it != m_runDirs.constEnd())
            return *it;
    }
    // Not indexed yet: find the folder by name, as MLflow does (active and trashed experiments).
    QList<ReadWarning> ignored;
    const std::string name = QFile::encodeName(runId).toStdString();
    for (const ExperimentDir& dir : experimentDirs(ignored)) {
        const std::string candidate = dir.path + "/" + name;
        if (StoreFiles::exists(candidate + "/meta.yaml"))
            return candidate;
    }
    return {};
}

ReadResult<MetricSeries> MlflowFileStore::series(const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    if (cancel.isCancelled()) {
        ReadResult<MetricSeries> r;
        r.cancelled = true;
        return r;
    }
    if (!isValidMetricKey(metricKey) || runId.contains(u'/') || runId.startsWith(u'.'))
        return ReadResult<MetricSeries>::failure(u"invalid run id or metric key '" + metricKey + u'\'');
    const std::string dir = runDirectory(runId);
    if (dir.empty())
        return ReadResult<MetricSeries>::failure(m_root + u": no run " + runId);
    const std::string path = dir + "/metrics/" + QFile::encodeName(metricKey).toStdString();
    ReadResult<MetricSeries> result;
    result.value.key = metricKey;
    const auto bytes = StoreFiles::readFile(path, result.warnings);
    if (!bytes) {
        result.error = StoreFiles::display(path) + QStringLiteral(": cannot read metric file");
        return result;
    }
    // Lines are ~30 bytes; reserving avoids regrowing three vectors for long histories.
    result.value.reserve(static_cast<size_t>(bytes->size() / 24 + 1));
    MetricFileParser::parse(*bytes, StoreFiles::display(path), &result.value, result.warnings);
    return result;
}
