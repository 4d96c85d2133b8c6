#include "folderdiscovery.h"

#include "telemetry/flordatabase.h"
#include "telemetry/oneloggersource.h"
#include "telemetry/prov4mlsource.h"
#include "tensorboard/logdirdiscovery.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <deque>

namespace {

// Files sniffed for OneLogger records per folder: enough for a folder of rank files, bounded for a folder of
// thousands of JSON files.
constexpr int kSniffedFilesPerFolder = 64;

QByteArray head(const QString& path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(bytes);
}

bool isSqliteFile(const QString& path) { return head(path, 16) == QByteArrayLiteral("SQLite format 3\0"); }

bool isSkippedFolderName(const QString& name)
{
    static const std::array<QString, 6> skipped { QStringLiteral("node_modules"), QStringLiteral("__pycache__"),
        QStringLiteral("site-packages"), QStringLiteral("venv"), QStringLiteral("dist-packages"),
        QStringLiteral("wandb-artifacts") };
    if (name.startsWith(u'.'))
        return name != u".flor";
    return std::find(skipped.begin(), skipped.end(), name) != skipped.end();
}

QString relativeName(const QDir& root, const QString& path)
{
    const QString rel = root.relativeFilePath(path);
    return rel.isEmpty() ? QStringLiteral(".") : rel;
}

bool isInside(const QString& path, const QString& folder)
{
    return path == folder || path.startsWith(folder.endsWith(u'/') ? folder : folder + u'/');
}

} // namespace

bool FolderDiscovery::isWandbRunFolderName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral(R"(^(offline-)?run-\d{8}_\d{6}-[A-Za-z0-9]+$)"));
    return re.match(name).hasMatch();
}

bool FolderDiscovery::isMlflowFileStore(const QString& dir)
{
    for (const QFileInfo& sub : QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks)) {
        if (sub.fileName() == u"models") {
            for (const QFileInfo& model :
                QDir(sub.absoluteFilePath()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                if (QFileInfo::exists(model.absoluteFilePath() + QStringLiteral("/meta.yaml")))
                    return true;
            }
            continue;
        }
        const QByteArray meta = head(sub.absoluteFilePath() + QStringLiteral("/meta.yaml"), 4096);
        if (meta.contains("experiment_id") && meta.contains("artifact_location"))
            return true;
    }
    return false;
}

bool FolderDiscovery::isItwinaiTensorBoardFolder(const QString& dir)
{
    const QFileInfo info(dir);
    if (info.fileName() != u"tensorboard" || LogdirDiscovery::eventFilesIn(dir).isEmpty())
        return false;
    const QDir parent = info.dir();
    if (parent.dirName() == u"mllogs")
        return true;
    // The folders itwinai's other loggers make in the same savedir (reference/telemetry.md §2.2).
    static const std::array<QString, 4> siblings { QStringLiteral("mlflow"), QStringLiteral("prov_logs"),
        QStringLiteral("simple-logger"), QStringLiteral("wandb") };
    return std::any_of(siblings.cbegin(), siblings.cend(),
        [&](const QString& name) { return QFileInfo(parent.filePath(name)).isDir(); });
}

FolderDiscovery::Result FolderDiscovery::discover(const QString& folder, const CancelToken& cancel)
{
    return discover(folder, cancel, Limits {});
}

FolderDiscovery::Result FolderDiscovery::discover(const QString& folder, const CancelToken& cancel, Limits limits)
{
    Result result;
    const QString root = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QDir rootDir(root);
    if (!QFileInfo(root).isDir())
        return result;

    QStringList claimed; // store folders and W&B runs: never walked into, never part of a TensorBoard logdir
    QStringList eventDirs;
    QStringList pruned; // stores found after some of their folders were queued or walked
    const auto claim = [&](const QString& path, const QString& kind) {
        result.stores.append({ path, kind, relativeName(rootDir, path) });
        claimed << path;
    };

    std::deque<std::pair<QString, int>> queue { { root, 0 } };
    int visited = 0;
    while (!queue.empty()) {
        if (cancel.isCancelled()) {
            result.cancelled = true;
            return result;
        }
        if (visited >= limits.maxFolders) {
            result.limitsHit.append(ReadWarning::at(root,
                u"stopped looking for stores after " + QString::number(limits.maxFolders)
                    + u" folders; open a sub-folder to see what lies deeper"));
            break;
        }
        const auto [dir, depth] = queue.front();
        queue.pop_front();
        if (std::any_of(pruned.cbegin(), pruned.cend(), [&](const QString& c) { return isInside(dir, c); }))
            continue; // a sibling of a yProv4ML run folder, whose parent became a store after it was queued
        ++visited;
        const QString name = QFileInfo(dir).fileName();

        if (isWandbRunFolderName(name)) {
            const QString id = name.mid(name.lastIndexOf(u'-') + 1);
            const bool offline = name.startsWith(u"offline-");
            result.notes.append(ReadWarning::at(dir,
                u"W&B " + (offline ? QStringLiteral("offline ") : QString()) + u"run " + id
                    + u" found; RunLens cannot read W&B runs yet"));
            claimed << dir;
            continue;
        }
        if (isMlflowFileStore(dir)) {
            claim(dir, QStringLiteral("mlflow-files"));
            continue;
        }
        if (Prov4mlSource::looksLikeRunFolder(dir)) {
            // A run folder's parent is the provenance_save_dir (prov_logs/) holding its sibling runs: the store is
            // the parent, unless the run folder itself was opened. Siblings still queued are skipped when reached.
            const QString store = dir == root ? dir : QFileInfo(dir).absolutePath();
            if (!claimed.contains(store)) {
                claim(store, QStringLiteral("prov4ml"));
                pruned << store;
            }
            continue;
        }

        const QFileInfoList entries
            = QDir(dir).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
        bool hasEvents = false;
        bool oneLogger = false;
        int sniffed = 0;
        for (const QFileInfo& fi : entries) {
            if (fi.isDir())
                continue;
            const QString file = fi.fileName();
            // Stricter than TensorBoard's "tfevents anywhere in the name": a walk of any folder meets source files
            // such as benchtfevents.cpp; writers name theirs events.out.tfevents.<time>.<host>….
            if (LogdirDiscovery::isEventFileName(file)
                && (file.startsWith(u"events.out.tfevents") || file.contains(u".tfevents."))) {
                hasEvents = true;
            } else if (!oneLogger && (file.endsWith(u".json") || file.endsWith(u".jsonl"))
                && sniffed++ < kSniffedFilesPerFolder) {
                oneLogger = OneLoggerSource::looksLikeFile(fi.absoluteFilePath());
            } else if ((file.endsWith(u".db") || file.endsWith(u".sqlite")) && isSqliteFile(fi.absoluteFilePath())) {
                if (FlorDatabase::looksLikeFlor(fi.absoluteFilePath()))
                    claim(fi.absoluteFilePath(), QStringLiteral("flor"));
                else if (file == u"mlflow.db") // MLflow's default name; other SQLite files are not guessed at
                    claim(fi.absoluteFilePath(), QStringLiteral("mlflow-sqlite"));
            }
        }
        if (oneLogger)
            claim(dir, QStringLiteral("onelogger"));
        if (hasEvents)
            eventDirs << dir;
        for (const QFileInfo& fi : entries) {
            if (!fi.isDir() || fi.isSymLink() || isSkippedFolderName(fi.fileName()))
                continue;
            if (depth + 1 > limits.maxDepth) {
                if (result.limitsHit.isEmpty()) {
                    result.limitsHit.append(ReadWarning::at(root,
                        u"looked for stores " + QString::number(limits.maxDepth)
                            + u" folders deep only; open a sub-folder to see what lies deeper"));
                }
                continue;
            }
            queue.emplace_back(fi.absoluteFilePath(), depth + 1);
        }
    }

    // Each event folder joins the highest folder above it that holds no other store.
    QStringList logdirs;
    for (const QString& events : std::as_const(eventDirs)) {
        if (std::any_of(pruned.cbegin(), pruned.cend(), [&](const QString& c) { return isInside(events, c); }))
            continue; // seen before the folder holding it was found to be a store
        QString candidate = root;
        const QStringList parts = rootDir.relativeFilePath(events).split(u'/', Qt::SkipEmptyParts);
        for (qsizetype i = 0;; ++i) {
            const bool clean = std::none_of(claimed.cbegin(), claimed.cend(),
                [&](const QString& c) { return isInside(c, candidate) && c != candidate; });
            if (clean || i >= parts.size() || parts[i] == u".")
                break;
            candidate += u'/' + parts[i];
        }
        if (!logdirs.contains(candidate))
            logdirs << candidate;
    }
    for (const QString& logdir : std::as_const(logdirs)) {
        // A OneLogger folder may hold event files too; the TensorBoard reader only looks at the event files.
        result.stores.append(
            { logdir, QStringLiteral("tensorboard"), relativeName(rootDir, logdir), isItwinaiTensorBoardFolder(logdir) });
    }
    std::sort(result.stores.begin(), result.stores.end(),
        [](const Store& a, const Store& b) { return a.path != b.path ? a.path < b.path : a.kind < b.kind; });
    return result;
}
