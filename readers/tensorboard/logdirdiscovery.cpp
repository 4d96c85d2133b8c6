#include "logdirdiscovery.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace {

// The writer a file belongs to; a file whose name does not follow the writers' pattern is a writer of its own.
QString writerKey(const QString& fileName)
{
    const QString writer = LogdirDiscovery::writerOf(fileName);
    return writer.isEmpty() ? fileName : writer;
}

} // namespace

bool LogdirDiscovery::isEventFileName(const QString& fileName)
{
    return fileName.contains(QStringLiteral("tfevents")) && !fileName.endsWith(QStringLiteral(".profile-empty"));
}

QString LogdirDiscovery::writerOf(const QString& fileName)
{
    // events.out.tfevents.<time>.<host>.<pid>.<uid>[suffix]: the host may hold dots and digits, the suffix
    // (".v2", a user's filename_suffix) usually no all-digit part, so pid and uid are the rightmost pair of
    // all-digit parts after the time.
    const qsizetype at = fileName.indexOf(QStringLiteral("tfevents."));
    if (at < 0)
        return {};
    const QStringList parts = fileName.mid(at + 9).split(u'.');
    const auto digits = [](const QString& s) {
        return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), [](QChar c) { return c.isDigit(); });
    };
    if (parts.size() < 4 || !digits(parts.front()))
        return {};
    for (qsizetype pid = parts.size() - 2; pid >= 2; --pid) {
        if (digits(parts[pid]) && digits(parts[pid + 1]))
            return parts.mid(1, pid - 1).join(u'.') + u'.' + parts[pid];
    }
    return {};
}

bool LogdirDiscovery::isTimestampFolderName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral(R"(^\d{9,}(\.\d+)?$)"));
    return re.match(name).hasMatch();
}

QStringList LogdirDiscovery::eventFilesIn(const QString& directory)
{
    QStringList out;
    const QDir dir(directory);
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QString& name : names) {
        if (isEventFileName(name))
            out << dir.absoluteFilePath(name);
    }
    return out;
}

QStringList LogdirDiscovery::writerFilesIn(const QString& directory, const QString& writer)
{
    QStringList out;
    const auto take = [&](const QString& dir) {
        for (const QString& file : eventFilesIn(dir)) {
            if (writerKey(QFileInfo(file).fileName()) == writer)
                out << file;
        }
    };
    take(directory);
    const QStringList subs = QDir(directory).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name);
    for (const QString& sub : subs) {
        if (isTimestampFolderName(sub))
            take(directory + u'/' + sub);
    }
    // Merged in file-name order, as TensorBoard merges a directory's files: the name starts with the write time.
    std::sort(out.begin(), out.end(),
        [](const QString& a, const QString& b) { return QFileInfo(a).fileName() < QFileInfo(b).fileName(); });
    return out;
}

std::vector<LogdirDiscovery::RunFiles> LogdirDiscovery::discover(
    const QString& root, QList<ReadWarning>& warnings, Layout layout)
{
    const QString cleanRoot = QDir::cleanPath(QFileInfo(root).absoluteFilePath());
    if (!QFileInfo(cleanRoot).isDir()) {
        warnings.append(ReadWarning::at(cleanRoot, QStringLiteral("no such folder")));
        return {};
    }
    const QDir rootDir(cleanRoot);
    const auto relative = [&](const QString& dir) {
        const QString name = rootDir.relativeFilePath(dir);
        return name.isEmpty() ? QStringLiteral(".") : name;
    };
    // Ordered by run name, so the run table and tests see a stable order whatever the directory order is.
    std::map<QString, RunFiles> runs;
    std::map<QString, QStringList> timestampFolderFiles; // PerWriter: sub-folder files, placed once all are seen
    QDirIterator it(cleanRoot, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (!isEventFileName(info.fileName()))
            continue;
        const QString dir = info.absolutePath();
        if (layout == Layout::PerDirectory) {
            RunFiles& run = runs[relative(dir)];
            run.name = relative(dir);
            run.directory = dir;
            run.files << path;
            continue;
        }
        if (dir != cleanRoot && isTimestampFolderName(QFileInfo(dir).fileName())) {
            timestampFolderFiles[dir] << path;
            continue;
        }
        const QString writer = writerKey(info.fileName());
        const QString name = dir == cleanRoot ? writer : relative(dir) + u'/' + writer;
        RunFiles& run = runs[name];
        run.name = name;
        run.directory = dir;
        run.writer = writer;
        run.files << path;
    }
    // add_hparams' files join the run of the same writer in the folder above; a writer that only wrote there (its
    // main file deleted, or another process) is a run of its own, named by the sub-folder's path.
    for (const auto& [dir, files] : timestampFolderFiles) {
        const QString parent = QFileInfo(dir).absolutePath();
        for (const QString& path : files) {
            const QString writer = writerKey(QFileInfo(path).fileName());
            const QString parentName = parent == cleanRoot ? writer : relative(parent) + u'/' + writer;
            if (const auto found = runs.find(parentName); found != runs.end() && found->second.writer == writer) {
                found->second.files << path;
                continue;
            }
            const QString name = relative(dir) + u'/' + writer;
            RunFiles& run = runs[name];
            run.name = name;
            run.directory = dir;
            run.writer = writer;
            run.files << path;
        }
    }
    std::vector<RunFiles> out;
    out.reserve(runs.size());
    for (auto& [name, run] : runs) {
        std::sort(run.files.begin(), run.files.end(),
            [](const QString& a, const QString& b) { return QFileInfo(a).fileName() < QFileInfo(b).fileName(); });
        out.push_back(std::move(run));
    }
    return out;
}
