#include "sourcefactory.h"

#include "mlflowfiles/mlflowfilestore.h"
#include "mlflowsqlite/mlflowsqlitestore.h"

#include <QDir>
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
    if (!info.exists())
        return { nullptr, path + QStringLiteral(": no such file or folder") };
    if (info.isFile()) {
        if (looksLikeSqlite(path))
            return { std::make_unique<MlflowSqliteStore>(info.absoluteFilePath()), {} };
        return { nullptr, path + QStringLiteral(": not a store RunLens can read (expected an mlruns folder or an "
                                                "MLflow SQLite database)") };
    }
    return { std::make_unique<MlflowFileStore>(QDir::cleanPath(info.absoluteFilePath())), {} };
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
