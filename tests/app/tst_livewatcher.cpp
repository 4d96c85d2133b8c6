#include "livewatcher.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// A local change is noticed through file-system notifications, long before the polling fallback would run.
class TestLiveWatcher final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void notificationBeatsPolling();
    void fingerprintSeesGrowthAndNewFiles();
};

void TestLiveWatcher::notificationBeatsPolling()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"run/events.out.tfevents.1"_s));
    QVERIFY(QDir().mkpath(dir.filePath(u"run"_s)));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("first");
    file.flush();

    LiveWatcher watcher;
    watcher.setInterval(10 * 60 * 1000); // polling would take ten minutes
    QSignalSpy changed(&watcher, &LiveWatcher::changed);
    watcher.watch(u"logs"_s, { dir.path() });
    QTest::qWait(500); // the baseline fingerprint is taken on the pool
    QCOMPARE(changed.count(), 0);
    // On a loaded machine the baseline may be taken after the first append: append again until one is seen.
    for (int attempt = 0; attempt < 5 && changed.isEmpty(); ++attempt) {
        file.write(" and more");
        file.flush();
        if (QTest::qWaitFor([&] { return !changed.isEmpty(); }, 3000))
            break;
    }
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.first().first().toString(), u"logs"_s);
}

void TestLiveWatcher::fingerprintSeesGrowthAndNewFiles()
{
    QTemporaryDir dir;
    QFile a(dir.filePath(u"a"_s));
    QVERIFY(a.open(QIODevice::WriteOnly));
    a.write("1");
    a.flush();
    const quint64 before = LiveWatcher::fingerprint({ dir.path() });
    QCOMPARE(LiveWatcher::fingerprint({ dir.path() }), before); // nothing changed: same print
    a.write("2");
    a.flush();
    const quint64 grown = LiveWatcher::fingerprint({ dir.path() });
    QVERIFY(grown != before);
    QFile b(dir.filePath(u"b"_s));
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.close();
    QVERIFY(LiveWatcher::fingerprint({ dir.path() }) != grown);
}

QTEST_MAIN(TestLiveWatcher)
#include "tst_livewatcher.moc"
