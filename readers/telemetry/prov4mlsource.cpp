#include "prov4mlsource.h"

#include "prov4mldocument.h"
#include "prov4mlmetricfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <map>

namespace {

const QRegularExpression& metricsDirPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(^metrics_GR(\d+)$)"));
    return re;
}

// prov_<experiment>_GR<rank>_<RUN_ID>.json
const QRegularExpression& provJsonPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(^prov_(.*)_GR(\d+)_(\d+)\.json$)"));
    return re;
}

QString experimentOf(const QString& folderName)
{
    static const QRegularExpression re(QStringLiteral(R"(^(.+)_(\d+)$)"));
    const QRegularExpressionMatch m = re.match(folderName);
    return m.hasMatch() ? m.captured(1) : folderName;
}

qint64 runNumberOf(const QString& folderName)
{
    const qsizetype underscore = folderName.lastIndexOf(u'_');
    bool ok = false;
    const qint64 n = underscore >= 0 ? folderName.mid(underscore + 1).toLongLong(&ok) : 0;
    return ok ? n : -1;
}

struct RankFiles {
    QString metricsDir;
    QString provJson;
};

std::map<int, RankFiles> ranksOf(const QString& folder)
{
    std::map<int, RankFiles> ranks;
    const QDir dir(folder);
    for (const QFileInfo& fi : dir.entryInfoList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot, QDir::Name)) {
        if (fi.isDir()) {
            const QRegularExpressionMatch m = metricsDirPattern().match(fi.fileName());
            if (m.hasMatch())
                ranks[m.captured(1).toInt()].metricsDir = fi.absoluteFilePath();
            continue;
        }
        const QRegularExpressionMatch m = provJsonPattern().match(fi.fileName());
        if (!m.hasMatch())
            continue;
        RankFiles& r = ranks[m.captured(2).toInt()];
        // Two documents for one rank (a re-used folder): the one numbered like the folder wins.
        if (r.provJson.isEmpty() || m.captured(3).toLongLong() == runNumberOf(dir.dirName()))
            r.provJson = fi.absoluteFilePath();
    }
    return ranks;
}

std::optional<QByteArray> readFile(const QString& path, QList<ReadWarning>& warnings)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        warnings.append(ReadWarning::at(path, u"cannot open: " + f.errorString()));
        return std::nullopt;
    }
    return f.readAll();
}

qint64 newestModification(const QString& folder, const RankFiles& files)
{
    qint64 newest = QFileInfo(folder).lastModified().toMSecsSinceEpoch();
    if (!files.metricsDir.isEmpty()) {
        for (const QFileInfo& fi : QDir(files.metricsDir).entryInfoList(QDir::Files))
            newest = std::max(newest, fi.lastModified().toMSecsSinceEpoch());
    }
    return newest;
}

} // namespace

Prov4mlSource::Prov4mlSource(QString path)
    : m_path(QDir::cleanPath(QFileInfo(path).absoluteFilePath()))
{
}

SourceInfo Prov4mlSource::info() const
{
    return { m_path, QStringLiteral("prov4ml"), QFileInfo(m_path).fileName(), SourceInfo::None };
}

bool Prov4mlSource::looksLikeRunFolder(const QString& dir)
{
    const QStringList names = QDir(dir).entryList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot);
    return std::any_of(names.cbegin(), names.cend(), [](const QString& n) {
        return metricsDirPattern().match(n).hasMatch() || provJsonPattern().match(n).hasMatch();
    });
}

QStringList Prov4mlSource::runFolders() const
{
    if (looksLikeRunFolder(m_path))
        return { m_path };
    QStringList out;
    for (const QFileInfo& fi : QDir(m_path).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks)) {
        if (looksLikeRunFolder(fi.absoluteFilePath()))
            out << fi.absoluteFilePath();
    }
    // mnist_2 before mnist_10: by experiment, then by RUN_ID as a number.
    std::sort(out.begin(), out.end(), [](const QString& a, const QString& b) {
        const QString na = QFileInfo(a).fileName();
        const QString nb = QFileInfo(b).fileName();
        const QString ea = experimentOf(na);
        const QString eb = experimentOf(nb);
        if (ea != eb)
            return ea < eb;
        return runNumberOf(na) < runNumberOf(nb);
    });
    return out;
}

QList<Prov4mlSource::MetricFile> Prov4mlSource::metricFiles(
    const QString& runFolder, int rank, QList<ReadWarning>& warnings)
{
    const QDir dir(runFolder + QStringLiteral("/metrics_GR") + QString::number(rank));
    QList<MetricFile> files;
    QStringList otherFormats;
    const QString suffix = QStringLiteral("_GR") + QString::number(rank);
    for (const QFileInfo& fi : dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (fi.suffix() == u"nc" || fi.suffix() == u"zarr") {
            otherFormats << fi.fileName();
            continue;
        }
        if (!fi.isFile() || fi.suffix() != u"csv")
            continue;
        const Prov4mlMetricFile::Header h = Prov4mlMetricFile::readHeader(fi.absoluteFilePath());
        MetricFile f { h.name, fi.absoluteFilePath(), h.context, h.source };
        if (!h.valid) {
            // No name line (cut off, or another generation): the file name is <metric>_<context>_GR<rank>.csv.
            QString base = fi.completeBaseName();
            if (base.endsWith(suffix))
                base.chop(suffix.size());
            const qsizetype ctx = base.lastIndexOf(QStringLiteral("_Context."));
            f.key = ctx > 0 ? base.left(ctx) : base;
            f.context = ctx > 0 ? base.mid(ctx + 1) : QString();
        }
        files.append(f);
    }
    if (!otherFormats.isEmpty()) {
        warnings.append(ReadWarning::at(dir.absolutePath(),
            QString::number(otherFormats.size()) + u" metric file(s) in NetCDF or Zarr format ("
                + otherFormats.join(u", ") + u"); RunLens reads yProv4ML's CSV metric files only"));
    }
    // One name logged in several contexts: each series keeps the name and says its context.
    QHash<QString, int> uses;
    for (const MetricFile& f : std::as_const(files))
        ++uses[f.key];
    for (MetricFile& f : files) {
        if (uses.value(f.key) > 1)
            f.key += u" (" + Prov4mlMetricFile::shortContext(f.context) + u')';
    }
    return files;
}

ReadResult<Catalog> Prov4mlSource::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    if (!QFileInfo(m_path).isDir())
        return ReadResult<Catalog>::failure(m_path + QStringLiteral(": no such folder"));
    const QStringList folders = runFolders();
    if (folders.isEmpty())
        return ReadResult<Catalog>::failure(m_path + QStringLiteral(": no yProv4ML run folder here"));
    QHash<QString, int> experimentIndex;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qsizetype i = 0; i < folders.size(); ++i) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        const QString& folder = folders[i];
        const QString folderName = QFileInfo(folder).fileName();
        const QString experiment = experimentOf(folderName);
        const std::map<int, RankFiles> ranks = ranksOf(folder);
        QVector<Run> batch;
        for (const auto& [rank, files] : ranks) {
            Run run;
            run.runId = folderName + u"/GR" + QString::number(rank);
            run.name = ranks.size() > 1 ? folderName + u" rank " + QString::number(rank) : folderName;
            run.experimentId = experiment;
            run.tags.insert(QStringLiteral("prov4ml.rank"), QString::number(rank));
            const QString artifacts = folder + u"/artifacts_GR" + QString::number(rank);
            if (QFileInfo(artifacts).isDir())
                run.artifactUri = QUrl::fromLocalFile(artifacts).toString();
            if (!files.provJson.isEmpty()) {
                run.tags.insert(QStringLiteral("runlens.source.file"), files.provJson);
                if (const auto bytes = readFile(files.provJson, result.warnings)) {
                    if (auto doc = Prov4mlDocument::parse(*bytes, files.provJson, result.warnings)) {
                        run.params = doc->params;
                        for (const auto& [name, value] : doc->runAttributes.asKeyValueRange())
                            run.tags.insert(u"prov4ml." + name, value);
                        run.startTimeMs = doc->startTimeMs;
                        run.endTimeMs = doc->endTimeMs;
                    }
                }
                run.status = RunStatus::Finished; // end_run writes the document
            } else {
                result.warnings.append(ReadWarning::at(folder,
                    u"rank " + QString::number(rank)
                        + u" has no PROV-JSON document: the run never reached end_run (it crashed, or is still "
                          u"running); params are missing and each metric may lack its last values"));
                const bool recent = now - newestModification(folder, files) < qint64(m_liveWindowSeconds) * 1000;
                run.status = recent ? RunStatus::Running : RunStatus::Failed;
            }
            QStringList contexts;
            std::optional<qint64> firstPoint;
            for (const MetricFile& mf : metricFiles(folder, rank, result.warnings)) {
                const auto bytes = readFile(mf.path, result.warnings);
                if (!bytes)
                    continue;
                const auto parsed = Prov4mlMetricFile::parse(*bytes, mf.path, nullptr, result.warnings);
                run.metrics.insert(mf.key, parsed.summary);
                if (parsed.firstTimestampMs)
                    firstPoint = std::min(firstPoint.value_or(*parsed.firstTimestampMs), *parsed.firstTimestampMs);
                const QString context = Prov4mlMetricFile::shortContext(mf.context);
                if (!context.isEmpty() && !contexts.contains(context))
                    contexts << context;
            }
            if (!run.startTimeMs)
                run.startTimeMs = firstPoint;
            contexts.sort();
            if (!contexts.isEmpty())
                run.tags.insert(QStringLiteral("prov4ml.contexts"), contexts.join(QStringLiteral(", ")));
            batch.append(run);
        }
        if (ranks.empty())
            result.warnings.append(ReadWarning::at(folder, QStringLiteral("no rank's files in this run folder")));
        for (const Run& run : std::as_const(batch)) {
            if (!experimentIndex.contains(experiment)) {
                experimentIndex.insert(experiment, static_cast<int>(result.value.experiments.size()));
                Experiment e;
                e.experimentId = experiment;
                e.name = experiment;
                e.artifactLocation = m_path;
                result.value.experiments.append(e);
            }
            Experiment& e = result.value.experiments[experimentIndex.value(experiment)];
            if (run.startTimeMs && (!e.creationTimeMs || *run.startTimeMs < *e.creationTimeMs))
                e.creationTimeMs = run.startTimeMs;
        }
        result.value.runs.append(batch);
        progress.publish(batch);
        progress.report(i + 1, folders.size(), QStringLiteral("Reading yProv4ML runs"));
    }
    return result;
}

ReadResult<MetricSeries> Prov4mlSource::series(
    const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    ReadResult<MetricSeries> result;
    if (cancel.isCancelled()) {
        result.cancelled = true;
        return result;
    }
    const qsizetype split = runId.lastIndexOf(QStringLiteral("/GR"));
    bool rankOk = false;
    const int rank = split > 0 ? runId.mid(split + 3).toInt(&rankOk) : -1;
    const QString folderName = split > 0 ? runId.left(split) : QString();
    if (!rankOk || folderName.contains(u'/') || folderName.startsWith(u'.'))
        return ReadResult<MetricSeries>::failure(m_path + u": no run " + runId);
    const QString folder = QFileInfo(m_path).fileName() == folderName && looksLikeRunFolder(m_path)
        ? m_path
        : m_path + u'/' + folderName;
    const QList<MetricFile> files = metricFiles(folder, rank, result.warnings);
    const auto it = std::find_if(files.cbegin(), files.cend(), [&](const MetricFile& f) { return f.key == metricKey; });
    if (it == files.cend()) {
        result.error = m_path + u": run " + runId + u" has no metric '" + metricKey + u'\'';
        return result;
    }
    result.value.key = metricKey;
    const auto bytes = readFile(it->path, result.warnings);
    if (!bytes) {
        result.error = it->path + QStringLiteral(": cannot read metric file");
        return result;
    }
    Prov4mlMetricFile::parse(*bytes, it->path, &result.value, result.warnings);
    return result;
}
