#include "tensorboard/tensorboardlogdir.h"
#include "tensorboard/tfrecordreader.h"

#include "catalogchecks.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace catalogchecks;

namespace {

QString fixtureDir() { return QStringLiteral(RUNLENS_FIXTURE_DIR "/tensorboard"); }

QString seedFile(int seed)
{
    const QString dir = fixtureDir() + QStringLiteral("/tbx/sweep/seed%1").arg(seed);
    const QStringList files = QDir(dir).entryList({ QStringLiteral("*tfevents*") }, QDir::Files);
    return files.isEmpty() ? QString() : dir + u'/' + files.front();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A logdir whose single run "run" has one event file holding `bytes`; the file's path, empty when it failed.
QString writeOneRunLogdir(const QString& logdir, const QByteArray& bytes)
{
    const QString path = logdir + QStringLiteral("/run/events.out.tfevents.1.host");
    return QDir().mkpath(logdir + QStringLiteral("/run")) && writeFile(path, bytes) ? path : QString();
}

} // namespace

// Event files that change under the reader: truncated, replaced or rewritten between and during reads. The reader
// must warn and carry on, never crash (a memory mapping of a file that shrinks raises SIGBUS on access).
class TestTensorBoardLogdirDamage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shrunkOrReplacedBetweenReads();
    void damageStaysReported();
    void truncatedWhileReading();
};

void TestTensorBoardLogdirDamage::shrunkOrReplacedBetweenReads()
{
    const QByteArray seed1 = readAll(seedFile(1));
    const QByteArray seed2 = readAll(seedFile(2));
    QVERIFY(seed1.size() > 1000 && seed2.size() > 1000 && seed1 != seed2);
    QTemporaryDir tmp;
    const QString logdir = tmp.path() + QStringLiteral("/logdir");
    const QString path = writeOneRunLogdir(logdir, seed1);
    QVERIFY(!path.isEmpty());
    auto live = TensorBoardLogdir::fromPath(logdir);
    const auto first = live->index({}, {});
    QVERIFY2(first.ok() && first.warnings.isEmpty(), qPrintable(describe(first.warnings)));
    const auto loss = live->series(QStringLiteral("run"), QStringLiteral("loss"), {});
    QVERIFY(loss.ok() && loss.value.size() > 100);

    // Truncated in the middle of a record, after the index: series() shows what is left and says why it is short.
    const QList<qint64> offsets = [&] {
        QList<qint64> out;
        TfRecordReader r(std::string_view(seed1.constData(), static_cast<std::size_t>(seed1.size())), {}, nullptr);
        TfRecordReader::Record rec;
        while (r.next(rec))
            out << rec.offset;
        return out;
    }();
    const qint64 cut = offsets[offsets.size() / 2] + 5;
    QVERIFY(QFile::resize(path, cut));
    const auto shorter = live->series(QStringLiteral("run"), QStringLiteral("loss"), {});
    QVERIFY(shorter.ok());
    QCOMPARE(shorter.warnings.size(), 1);
    QCOMPARE(shorter.warnings.front().file, path);
    QVERIFY2(shorter.warnings.front().message.contains(QStringLiteral("shorter than when the logdir was indexed")),
        qPrintable(shorter.warnings.front().toString()));
    QVERIFY(shorter.value.size() > 0 && shorter.value.size() < loss.value.size());
    auto fresh = TensorBoardLogdir::fromPath(logdir);
    const auto freshLoss = fresh->series(QStringLiteral("run"), QStringLiteral("loss"), {});
    QVERIFY(freshLoss.ok() && freshLoss.warnings.isEmpty()); // a reader that never saw the longer file: no warning
    QCOMPARE(shorter.value.steps, freshLoss.value.steps);

    // The next index notices, warns once and reads the file again from the start.
    auto again = live->index({}, {});
    QVERIFY(again.ok());
    QCOMPARE(again.warnings.size(), 1);
    QVERIFY2(again.warnings.front().message.contains(QStringLiteral("shrank since it was last read")),
        qPrintable(again.warnings.front().toString()));
    QCOMPARE(live->lastIndexBytesRead(), cut);
    auto freshIndex = fresh->index({}, {});
    QVERIFY(freshIndex.ok() && freshIndex.warnings.isEmpty());
    QStringList problems = compareCatalogs(again.value, freshIndex.value);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

    // Replaced by another run's file, longer than what is left: the same name, other first bytes, read from the
    // start (a resume would append seed2's records to seed1's half).
    QVERIFY(writeFile(path, seed2));
    again = live->index({}, {});
    QVERIFY2(again.ok() && again.warnings.isEmpty(), qPrintable(describe(again.warnings)));
    QCOMPARE(live->lastIndexBytesRead(), qint64(256) + seed2.size()); // its head, compared, then all of it
    freshIndex = TensorBoardLogdir::fromPath(logdir)->index({}, {});
    problems = compareCatalogs(again.value, freshIndex.value);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(again.value.runs.front().metrics.value(QStringLiteral("loss")).latest
        != first.value.runs.front().metrics.value(QStringLiteral("loss")).latest);
}

void TestTensorBoardLogdirDamage::damageStaysReported()
{
    const QByteArray seed = readAll(seedFile(1));
    QVERIFY(seed.size() > 1000);
    QByteArray damaged = seed;
    const qint64 victim = damaged.size() / 2;
    damaged[victim] = static_cast<char>(damaged[victim] ^ 0x10);
    QTemporaryDir tmp;
    const QString logdir = tmp.path() + QStringLiteral("/logdir");
    const QString path = writeOneRunLogdir(logdir, damaged);
    QVERIFY(!path.isEmpty());
    auto live = TensorBoardLogdir::fromPath(logdir);

    const QList<QByteArray> appends { QByteArray(40, 'x'), seed.left(seed.size() / 3) };
    for (qsizetype stage = 0; stage <= appends.size(); ++stage) {
        if (stage > 0) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write(appends[stage - 1]);
        }
        const auto resumed = live->index({}, {});
        const auto fresh = TensorBoardLogdir::fromPath(logdir)->index({}, {});
        QVERIFY(resumed.ok() && fresh.ok());
        QVERIFY2(!resumed.warnings.isEmpty(), "the bad data CRC is not reported");
        QCOMPARE(describe(resumed.warnings), describe(fresh.warnings));
        const QStringList problems = compareCatalogs(resumed.value, fresh.value);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        if (stage > 0)
            QVERIFY(live->lastIndexBytesRead() < 256 + 12 + appends[stage - 1].size());
    }
    QVERIFY2(describe(live->index({}, {}).warnings).contains(QStringLiteral("resuming at the next valid record")),
        "the records after the garbage were not found");
}

void TestTensorBoardLogdirDamage::truncatedWhileReading()
{
    const QByteArray one = readAll(seedFile(1));
    QVERIFY(one.size() > 1000);
    // The seed run repeated: still valid framing, and large enough that a read is often caught mid-way.
    QByteArray big;
    while (big.size() < 24 * 1024 * 1024)
        big += one;
    QTemporaryDir tmp;
    const QString runDir = tmp.path() + QStringLiteral("/logdir/run");
    QVERIFY(QDir().mkpath(runDir));
    const QString path = runDir + QStringLiteral("/events.out.tfevents.1.host");
    QVERIFY(writeFile(path, big));

    auto logdir = TensorBoardLogdir::fromPath(tmp.path() + QStringLiteral("/logdir"));
    const auto first = logdir->index({}, {});
    QVERIFY2(first.ok() && first.warnings.isEmpty(), qPrintable(describe(first.warnings)));
    const qint64 fullPoints = totalPoints(first.value);

    std::atomic<bool> stop { false };
    std::atomic<int> cuts { 0 };
    std::thread writer([&]() {
        QRandomGenerator rng(7);
        QFile f(path);
        if (!f.open(QIODevice::ReadWrite))
            return;
        while (!stop.load()) {
            const qint64 cut = rng.bounded(qint64(big.size()));
            f.resize(cut);
            ++cuts;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            f.seek(cut);
            f.write(big.constData() + cut, big.size() - cut);
            f.flush();
        }
    });
    int reads = 0;
    int warned = 0;
    QStringList problems;
    QSet<QString> kinds;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 3000 || reads < 10) {
        const auto series = logdir->series(QStringLiteral("run"), QStringLiteral("loss"), {});
        const auto index = logdir->index({}, {});
        ++reads;
        if (!series.ok() || !index.ok())
            problems << QStringLiteral("read %1 failed: ").arg(reads) + series.error.value_or(QString())
                    + index.error.value_or(QString());
        else if (totalPoints(index.value) > fullPoints)
            problems << QStringLiteral("read %1: more points than the file holds").arg(reads);
        for (const ReadWarning& w : series.warnings + index.warnings) {
            if (w.file != path)
                problems << QStringLiteral("warning names another file: ") + w.toString();
            else if (!w.message.contains(QStringLiteral("shrank")) && !w.message.contains(QStringLiteral("shorter")))
                problems << QStringLiteral("unexpected warning: ") + w.toString();
            kinds.insert(w.message.left(w.message.indexOf(u'(')));
        }
        warned += !series.warnings.isEmpty() || !index.warnings.isEmpty();
    }
    stop = true;
    writer.join();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(u'\n')));
    QVERIFY(cuts.load() > 10);
    qInfo("%d reads while the file was cut %d times; %d reads warned: %s", reads, cuts.load(), warned,
        qPrintable(kinds.values().join(QStringLiteral("; "))));

    // Once the writer is done, the file is whole again and a re-index reads all of it.
    const auto last = logdir->index({}, {});
    QVERIFY(last.ok());
    QCOMPARE(totalPoints(last.value), fullPoints);
}

QTEST_MAIN(TestTensorBoardLogdirDamage)
#include "tst_tensorboardlogdirdamage.moc"
