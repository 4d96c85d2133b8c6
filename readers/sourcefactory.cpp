#include "sourcefactory.h"

#include "foldersource.h"
#include "mlflowfiles/mlflowfilestore.h"
#include "mlflowsqlite/mlflowsqlitestore.h"
#include "telemetry/flordatabase.h"
#include "telemetry/oneloggersource.h"
#include "telemetry/prov4mlsource.h"
#include "tensorboard/logdirdiscovery.h"
#include "tensorboard/tensorboardlogdir.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QUrl>

namespace {

// sqlite:///relative.db and sqlite:////abs/path.db, as SQLAlchemy (and so MLflow) spells them.
QString sqlitePathFromUri(const QString& uri)
{
    QString rest = uri.mid(QStringLiteral("sqlite:///").size());
    const qsizetype query = rest.indexOf(u'?');
    if (query >= 0)
        rest.truncate(query);
    return QDir::cleanPath(QFileInfo(rest).absoluteFilePath());
}

bool looksLikeSqlite(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(16) == QByteArrayLiteral("SQLite format 3\0");
}

// An MLflow file store has experiment folders with a meta.yaml, or registered models (models/<name>/meta.yaml),
// right below its root. A damaged meta.yaml still counts, so the store's reader can say what is wrong; a bare
// models/ folder does not (a project folder keeps its own models there).
bool looksLikeMlflowStore(const QString& dir)
{
    QDirIterator it(dir, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    while (it.hasNext()) {
        const QString sub = it.next();
        if (QFileInfo::exists(sub + QStringLiteral("/meta.yaml")))
            return true;
        if (it.fileName() == u"models") {
            QDirIterator models(sub, QDir::Dirs | QDir::NoDotAndDotDot);
            while (models.hasNext()) {
                if (QFileInfo::exists(models.next() + QStringLiteral("/meta.yaml")))
                    return true;
            }
        }
    }
    return false;
}

// A TensorBoard logdir has event files ("*tfevents*") somewhere below it; the walk stops at the first one.
bool looksLikeTensorBoardLogdir(const QString& dir)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (LogdirDiscovery::isEventFileName(it.fileName()))
            return true;
    }
    return false;
}

} // namespace

SourceFactory::Opened SourceFactory::open(const QString& uriOrPath)
{
    const QString input = uriOrPath.trimmed();
    if (input.isEmpty())
        return { nullptr, QStringLiteral("No store given") };

    if (input.startsWith(QStringLiteral("sqlite:///"))) {
        const QString path = sqlitePathFromUri(input);
        if (!QFileInfo::exists(path))
            return { nullptr, path + QStringLiteral(": no such database (RunLens never creates one)") };
        return { std::make_unique<MlflowSqliteStore>(path), {} };
    }
    if (input.startsWith(QStringLiteral("http://")) || input.startsWith(QStringLiteral("https://")))
        return { nullptr, input + QStringLiteral(": remote MLflow servers are not supported yet") };

    QString path = input;
    if (input.startsWith(QStringLiteral("file:")))
        path = QUrl(input).toLocalFile();
    const QFileInfo info(path);
    if (!info.exists() && TensorBoardLogdir::looksLikeSpec(input)) {
        // TensorBoard's --logdir_spec: name:path,name:path
        QString error;
        QList<TensorBoardLogdir::Root> roots = TensorBoardLogdir::parseSpec(input, &error);
        if (roots.isEmpty())
            return { nullptr, input + QStringLiteral(": ") + error };
        return { std::make_unique<TensorBoardLogdir>(std::move(roots), input), {} };
    }
    if (!info.exists())
        return { nullptr, path + QStringLiteral(": no such file or folder") };
    if (info.isFile()) {
        if (looksLikeSqlite(path) && FlorDatabase::looksLikeFlor(path))
            return { std::make_unique<FlorDatabase>(info.absoluteFilePath()), {} };
        if (looksLikeSqlite(path))
            return { std::make_unique<MlflowSqliteStore>(info.absoluteFilePath()), {} };
        if (OneLoggerSource::looksLikeFile(path)) // by content: the writer's file name is up to the user
            return { std::make_unique<OneLoggerSource>(path), {} };
        return { nullptr,
            path
                + QStringLiteral(": not a store RunLens can read (expected an mlruns folder or an "
                                 "MLflow SQLite database)") };
    }
    const QString dir = QDir::cleanPath(info.absoluteFilePath());
    if (looksLikeMlflowStore(dir))
        return { std::make_unique<MlflowFileStore>(dir), {} };
    if (OneLoggerSource::looksLikeFolder(dir))
        return { std::make_unique<OneLoggerSource>(dir), {} };
    // Not a store itself: look inside. One store that is the folder itself (a TensorBoard logdir, a yProv4ML
    // prov_logs/) opens directly; anything else (an itwinai mllogs/, W&B runs to name) as a FolderSource.
    FolderDiscovery::Result found = FolderDiscovery::discover(dir);
    if (found.stores.size() == 1 && found.stores.front().path == dir && found.notes.isEmpty())
        return openStore(found.stores.front());
    if (!found.stores.isEmpty())
        return { std::make_unique<FolderSource>(dir, std::move(found)), {} };
    // Event files deeper than the discovery looks: TensorBoard's logdir walk has no depth limit.
    if (looksLikeTensorBoardLogdir(dir))
        return { TensorBoardLogdir::fromPath(dir), {} };
    if (!found.notes.isEmpty())
        return { std::make_unique<FolderSource>(dir, std::move(found)), {} }; // fails at index, naming what it saw
    return { std::make_unique<MlflowFileStore>(dir), {} };
}

SourceFactory::Opened SourceFactory::openStore(const FolderDiscovery::Store& store)
{
    if (store.kind == u"mlflow-files")
        return { std::make_unique<MlflowFileStore>(store.path), {} };
    if (store.kind == u"tensorboard") {
        return { TensorBoardLogdir::fromPath(store.path,
                     store.runPerWriter ? LogdirDiscovery::Layout::PerWriter : LogdirDiscovery::Layout::PerDirectory),
            {} };
    }
    if (store.kind == u"prov4ml")
        return { std::make_unique<Prov4mlSource>(store.path), {} };
    if (store.kind == u"onelogger")
        return { std::make_unique<OneLoggerSource>(store.path), {} };
    if (store.kind == u"mlflow-sqlite")
        return { std::make_unique<MlflowSqliteStore>(store.path), {} };
    if (store.kind == u"flor")
        return { std::make_unique<FlorDatabase>(store.path), {} };
    return { nullptr, store.path + u": no reader for a store of kind " + store.kind };
}

QString SourceFactory::defaultUri()
{
    const QString env = qEnvironmentVariable("MLFLOW_TRACKING_URI");
    if (!env.isEmpty())
        return env;
    if (QFileInfo(QStringLiteral("mlflow.db")).isFile())
        return QStringLiteral("sqlite:///mlflow.db");
    if (QFileInfo(QStringLiteral("mlruns")).isDir())
        return QStringLiteral("mlruns");
    return {};
}
