#include "logdirdiscovery.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <map>

bool LogdirDiscovery::isEventFileName(const QString& fileName)
{
    return fileName.contains(QStringLiteral("tfevents")) && !fileName.endsWith(QStringLiteral(".profile-empty"));
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

std::vector<LogdirDiscovery::RunFiles> LogdirDiscovery::discover(const QString& root, QList<ReadWarning>& warnings)
{
    const QString cleanRoot = QDir::cleanPath(QFileInfo(root).absoluteFilePath());
    if (!QFileInfo(cleanRoot).isDir()) {
        warnings.append(ReadWarning::at(cleanRoot, QStringLiteral("no such folder")));
        return {};
    }
    // Ordered by run name, so the run table and tests see a stable order whatever the directory order is.
    std::map<QString, RunFiles> runs;
    QDirIterator it(cleanRoot, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (!isEventFileName(info.fileName()))
            continue;
        const QString dir = info.absolutePath();
        QString name = QDir(cleanRoot).relativeFilePath(dir);
        if (name.isEmpty())
            name = QStringLiteral(".");
        RunFiles& run = runs[name];
        run.name = name;
        run.directory = dir;
        run.files << path;
    }
    std::vector<RunFiles> out;
    out.reserve(runs.size());
    for (auto& [name, run] : runs) {
        run.files.sort();
        out.push_back(std::move(run));
    }
    return out;
}
