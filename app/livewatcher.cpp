#include "livewatcher.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

LiveWatcher::LiveWatcher(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_notified(new QTimer(this))
    , m_notifier(new QFileSystemWatcher(this))
{
    m_timer->setInterval(3000);
    connect(m_timer, &QTimer::timeout, this, &LiveWatcher::checkNow);
    m_notified->setSingleShot(true);
    m_notified->setInterval(200);
    connect(m_notified, &QTimer::timeout, this, &LiveWatcher::checkNow);
    connect(m_notifier, &QFileSystemWatcher::directoryChanged, m_notified, qOverload<>(&QTimer::start));
    connect(m_notifier, &QFileSystemWatcher::fileChanged, m_notified, qOverload<>(&QTimer::start));
    connect(&m_check, &QFutureWatcherBase::finished, this, [this]() {
        const QHash<QString, quint64> prints = m_check.result();
        for (auto it = prints.cbegin(); it != prints.cend(); ++it) {
            const auto w = m_watched.find(it.key());
            if (w == m_watched.end())
                continue;
            const bool changedNow = w->known && w->fingerprint != it.value();
            w->fingerprint = it.value();
            w->known = true;
            if (changedNow)
                Q_EMIT changed(it.key());
        }
    });
}

LiveWatcher::~LiveWatcher()
{
    m_check.waitForFinished();
}

void LiveWatcher::watch(const QString& uri, const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    if (m_watched.contains(uri) && m_watched[uri].paths == paths)
        return;
    m_watched.insert(uri, { paths, 0, false });
    // Notifications for what exists now, bounded: inotify watches are a per-user resource shared with other apps.
    QStringList targets;
    for (const QString& path : paths) {
        targets << path;
        if (!QFileInfo(path).isDir())
            continue;
        QDirIterator it(path, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext() && targets.size() < 2000)
            targets << it.next();
    }
    m_notifier->addPaths(targets);
    if (!m_timer->isActive())
        m_timer->start();
    checkNow(); // takes the baseline
}

void LiveWatcher::unwatch(const QString& uri)
{
    m_watched.remove(uri);
    if (m_watched.isEmpty())
        m_timer->stop();
}

void LiveWatcher::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void LiveWatcher::checkNow()
{
    if (m_check.isRunning() || m_watched.isEmpty())
        return; // the next tick checks again
    QHash<QString, QStringList> work;
    for (auto it = m_watched.cbegin(); it != m_watched.cend(); ++it)
        work.insert(it.key(), it->paths);
    m_check.setFuture(QtConcurrent::run([work]() {
        QHash<QString, quint64> out;
        for (auto it = work.cbegin(); it != work.cend(); ++it)
            out.insert(it.key(), fingerprint(it.value()));
        return out;
    }));
}

quint64 LiveWatcher::fingerprint(const QStringList& paths)
{
    quint64 sum = 0;
    quint64 count = 0;
    const auto add = [&](const QFileInfo& fi) {
        // Mixing size and time per file so that a file shrinking while another grows still changes the sum.
        const quint64 size = static_cast<quint64>(fi.size());
        const quint64 time = static_cast<quint64>(fi.lastModified().toMSecsSinceEpoch());
        sum += (size * 0x9E3779B97F4A7C15ULL) ^ (time + 0x632BE59BD9B4E019ULL + (sum << 6));
        ++count;
    };
    for (const QString& path : paths) {
        const QFileInfo root(path);
        if (root.isFile()) {
            add(root);
            continue;
        }
        QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            add(it.fileInfo());
        }
    }
    return sum ^ (count << 48);
}
