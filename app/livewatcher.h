#pragma once

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>

class QFileSystemWatcher;
class QTimer;

// Follows sources that are still being written (TensorBoard logdirs, an mlflow.db a training job commits to):
// it fingerprints their watch paths (sizes and modification times of every file below them) on the thread pool
// and reports the sources whose fingerprint changed. A file-system watcher on the folders and files present when
// watching starts makes a local change show within a fraction of a second; polling every few seconds stays as
// the fallback, because logdirs live on NFS and FUSE mounts where notifications do not arrive, and for files
// created later.
class LiveWatcher final : public QObject {
    Q_OBJECT
public:
    explicit LiveWatcher(QObject* parent = nullptr);
    ~LiveWatcher() override;

    void watch(const QString& uri, const QStringList& paths);
    void unwatch(const QString& uri);
    void setInterval(int ms);
    void checkNow();

    // Sum over every regular file below `paths` of (size, mtime), as one number; cheap enough for thousands.
    static quint64 fingerprint(const QStringList& paths);

Q_SIGNALS:
    void changed(const QString& uri);

private:
    struct Watched {
        QStringList paths;
        quint64 fingerprint = 0;
        bool known = false;
    };
    QTimer* m_timer;
    QTimer* m_notified; // coalesces a burst of notifications into one check
    QFileSystemWatcher* m_notifier;
    QHash<QString, Watched> m_watched;
    QFutureWatcher<QHash<QString, quint64>> m_check;
};
