#include "oneloggersource.h"

#include "oneloggerparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace {

// A record line is a few hundred bytes; a traceback in an error record can be longer. The sniff only needs
// the first line, and stops early so opening a large unrelated file stays cheap.
constexpr qint64 kSniffBytes = 1 << 16;

std::optional<QByteArray> readAll(const QString& file, QList<ReadWarning>& warnings)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        warnings.append(ReadWarning::at(file, u"cannot open: " + f.errorString()));
        return std::nullopt;
    }
    return f.readAll();
}

} // namespace

OneLoggerSource::OneLoggerSource(QString path)
    : m_path(QDir::cleanPath(QFileInfo(path).absoluteFilePath()))
    , m_isFolder(QFileInfo(m_path).isDir())
{
}

SourceInfo OneLoggerSource::info() const
{
    // A running job appends to its file, so the files are watched (growth does not touch the folder's time) and the
    // folder too (a new rank's file appears).
    SourceInfo i { m_path, QStringLiteral("onelogger"), QFileInfo(m_path).fileName(), SourceInfo::Live };
    i.watchPaths << m_path;
    if (m_isFolder) {
        for (const QFileInfo& fi : QDir(m_path).entryInfoList(QDir::Files | QDir::Readable, QDir::Name))
            i.watchPaths << fi.absoluteFilePath();
    }
    return i;
}

bool OneLoggerSource::looksLikeFile(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(kSniffBytes);
    const qsizetype newline = head.indexOf('\n');
    return OneLoggerParser::isOneLoggerRecord(newline >= 0 ? head.left(newline) : head);
}

bool OneLoggerSource::looksLikeFolder(const QString& dir)
{
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
    return std::any_of(
        entries.cbegin(), entries.cend(), [](const QFileInfo& fi) { return looksLikeFile(fi.absoluteFilePath()); });
}

QStringList OneLoggerSource::files() const
{
    if (!m_isFolder)
        return { m_path };
    QStringList out;
    for (const QFileInfo& fi : QDir(m_path).entryInfoList(QDir::Files | QDir::Readable, QDir::Name)) {
        if (looksLikeFile(fi.absoluteFilePath()))
            out << fi.absoluteFilePath();
    }
    return out;
}

// The file's name: unique within the folder, stable across reloads, and what a user recognises.
QString OneLoggerSource::runIdFor(const QString& file) const { return QFileInfo(file).fileName(); }

QString OneLoggerSource::fileFor(const QString& runId) const
{
    const QStringList paths = files();
    const auto it = std::find_if(paths.cbegin(), paths.cend(), [&](const QString& p) { return runIdFor(p) == runId; });
    return it == paths.cend() ? QString() : *it;
}

ReadResult<Catalog> OneLoggerSource::index(const Progress& progress, const CancelToken& cancel)
{
    ReadResult<Catalog> result;
    if (!QFileInfo::exists(m_path))
        return ReadResult<Catalog>::failure(m_path + QStringLiteral(": no such file or folder"));
    const QStringList paths = files();
    if (paths.isEmpty())
        return ReadResult<Catalog>::failure(m_path + QStringLiteral(": no OneLogger telemetry file here"));
    QHash<QString, int> experimentIndex;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        const auto bytes = readAll(paths[i], result.warnings);
        if (!bytes)
            continue;
        OneLoggerFile file = OneLoggerParser::parse(*bytes, paths[i]);
        result.warnings.append(file.warnings);
        if (file.records == 0) {
            result.warnings.append(ReadWarning::at(paths[i], QStringLiteral("no readable record; skipped")));
            continue;
        }
        // Without a session tag (initialization not logged), the folder is the closest thing to a job.
        const QString experiment
            = file.sessionTag.isEmpty() ? QFileInfo(paths[i]).absoluteDir().dirName() : file.sessionTag;
        if (!experimentIndex.contains(experiment)) {
            experimentIndex.insert(experiment, static_cast<int>(result.value.experiments.size()));
            Experiment e;
            e.experimentId = experiment;
            e.name = experiment;
            result.value.experiments.append(e);
        }
        Run run = std::move(file.run);
        run.runId = runIdFor(paths[i]);
        run.experimentId = experiment;
        const QString rank = run.tags.value(QStringLiteral("rank"));
        const QString node = run.tags.value(QStringLiteral("node_name"));
        run.name = rank.isEmpty() ? QFileInfo(paths[i]).completeBaseName()
                                  : u"rank " + rank + (node.isEmpty() ? QString() : u" @ " + node);
        run.artifactUri = QUrl::fromLocalFile(paths[i]).toString();
        run.tags.insert(QStringLiteral("runlens.source.file"), paths[i]);
        Experiment& e = result.value.experiments[experimentIndex.value(experiment)];
        if (run.startTimeMs && (!e.creationTimeMs || *run.startTimeMs < *e.creationTimeMs))
            e.creationTimeMs = run.startTimeMs;
        result.value.runs.append(run);
        progress.publish({ run });
        progress.report(i + 1, paths.size(), QStringLiteral("Reading telemetry files"));
    }
    return result;
}

ReadResult<MetricSeries> OneLoggerSource::series(
    const QString& runId, const QString& metricKey, const CancelToken& cancel)
{
    if (cancel.isCancelled()) {
        ReadResult<MetricSeries> r;
        r.cancelled = true;
        return r;
    }
    const QString path = fileFor(runId);
    if (path.isEmpty())
        return ReadResult<MetricSeries>::failure(m_path + u": no run " + runId);
    ReadResult<MetricSeries> result;
    const auto bytes = readAll(path, result.warnings);
    if (!bytes) {
        result.error = path + QStringLiteral(": cannot read");
        return result;
    }
    OneLoggerFile file = OneLoggerParser::parse(*bytes, path);
    result.warnings = file.warnings;
    const auto found = file.series.constFind(metricKey);
    if (found == file.series.constEnd()) {
        result.error = path + u": no metric '" + metricKey + u'\'';
        return result;
    }
    result.value = *found;
    return result;
}

ReadResult<QVector<Span>> OneLoggerSource::spans(const QString& runId, const CancelToken& cancel)
{
    if (cancel.isCancelled()) {
        ReadResult<QVector<Span>> r;
        r.cancelled = true;
        return r;
    }
    const QString path = fileFor(runId);
    if (path.isEmpty())
        return ReadResult<QVector<Span>>::failure(m_path + u": no run " + runId);
    return readSpans(path);
}

ReadResult<QVector<Span>> OneLoggerSource::readSpans(const QString& file)
{
    ReadResult<QVector<Span>> result;
    const auto bytes = readAll(file, result.warnings);
    if (!bytes) {
        result.error = file + QStringLiteral(": cannot read");
        return result;
    }
    OneLoggerFile parsed = OneLoggerParser::parse(*bytes, file);
    result.warnings = parsed.warnings;
    if (parsed.records == 0)
        result.error = file + QStringLiteral(": not a OneLogger telemetry file (no readable record)");
    result.value = std::move(parsed.spans);
    return result;
}
