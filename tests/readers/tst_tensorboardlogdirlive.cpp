#include "tensorboard/tensorboardlogdir.h"
#include "tensorboard/tfrecordreader.h"

#include "catalogchecks.h"
#include "livetensorboardwriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace catalogchecks;

namespace {

qint64 eventBytes(const QString& root)
{
    qint64 n = 0;
    QDirIterator it(root, { QStringLiteral("*tfevents*") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        n += QFileInfo(it.next()).size();
    return n;
}

QStringList eventFiles(const QString& dir)
{
    return QDir(dir).entryList({ QStringLiteral("*tfevents*") }, QDir::Files);
}

// Differences between RunLens's run table and TensorBoard's EventAccumulator reading of the same logdir
// (make_tb_fixture.py's "expected" answer): per scalar tag the point count, latest point (greatest step, last
// read on ties), min and max; text tags.
QStringList compareWithAccumulator(const Catalog& got, const nlohmann::json& runs)
{
    QStringList problems;
    if (got.runs.size() != static_cast<qsizetype>(runs.size()))
        problems << QStringLiteral("%1 runs, expected %2").arg(got.runs.size()).arg(runs.size());
    for (const auto& [runName, exp] : runs.items()) {
        const QString id = QString::fromStdString(runName);
        const Run* run = got.run(id);
        if (!run) {
            problems << id + QStringLiteral(": missing");
            continue;
        }
        for (const auto& [key, value] : exp["text"].items()) {
            if (run->tags.value(QString::fromStdString(key)) != QString::fromStdString(value.get<std::string>()))
                problems << id + QStringLiteral(": text ") + QString::fromStdString(key);
        }
        if (run->metrics.size() != static_cast<qsizetype>(exp["scalars"].size()))
            problems << id
                    + QStringLiteral(": %1 metrics, expected %2").arg(run->metrics.size()).arg(exp["scalars"].size());
        for (const auto& [tag, points] : exp["scalars"].items()) {
            MetricSummary want;
            want.count = static_cast<qint64>(points.size());
            std::size_t latest = 0;
            for (std::size_t i = 0; i < points.size(); ++i) {
                if (points[i][0].get<qint64>() >= points[latest][0].get<qint64>())
                    latest = i;
                const double v = points[i][2].is_number() ? points[i][2].get<double>() : std::nan("");
                if (!std::isnan(v)) {
                    want.min = std::isnan(want.min) ? v : std::min(want.min, v);
                    want.max = std::isnan(want.max) ? v : std::max(want.max, v);
                }
            }
            if (!points.empty()) {
                want.latestStep = points[latest][0].get<qint64>();
                want.latest = points[latest][2].get<double>();
            }
            const MetricSummary m = run->metrics.value(QString::fromStdString(tag));
            if (m.count != want.count
                || (want.count > 0 && (m.latestStep != want.latestStep || m.latest != want.latest))
                || !sameNumber(m.min, want.min) || !sameNumber(m.max, want.max))
                problems << id + u' ' + QString::fromStdString(tag) + QStringLiteral(": ") + formatSummary(m)
                        + QStringLiteral(", EventAccumulator ") + formatSummary(want);
        }
    }
    return problems;
}

// Differences between a series and EventAccumulator's points for its tag (make_tb_fixture.py's "expected"), point
// by point: step, wall time (to the millisecond) and value.
QStringList compareSeriesWithAccumulator(const MetricSeries& s, const nlohmann::json& points)
{
    QStringList problems;
    if (!points.is_array())
        return { QStringLiteral("EventAccumulator has no such tag") };
    if (s.size() != points.size())
        return { QStringLiteral("%1 points, EventAccumulator %2").arg(s.size()).arg(points.size()) };
    for (std::size_t i = 0; i < s.size() && problems.size() < 5; ++i) {
        const auto& p = points[i];
        const double wallMs = p[1].get<double>() * 1000.0;
        const double value = p[2].is_number() ? p[2].get<double>() : std::nan("");
        if (s.steps[i] != p[0].get<qint64>() || std::fabs(double(s.timestampsMs[i]) - wallMs) > 1.0
            || !sameNumber(s.values[i], value))
            problems << QStringLiteral("point %1 is (%2, %3, %4), EventAccumulator (%5, %6, %7)")
                            .arg(i)
                            .arg(s.steps[i])
                            .arg(s.timestampsMs[i])
                            .arg(s.values[i], 0, 'g', 17)
                            .arg(p[0].get<qint64>())
                            .arg(wallMs, 0, 'f', 3)
                            .arg(value, 0, 'g', 17);
    }
    return problems;
}

// Where a reader of `path` as it is now would resume: the end of its last complete record.
qint64 completeRecordsEnd(const QString& path)
{
    const QByteArray bytes = readAll(path);
    TfRecordReader framing(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, nullptr);
    TfRecordReader::Record r;
    while (framing.next(r)) { }
    return framing.resumeOffset();
}

} // namespace

// A logdir that a real writer keeps appending to: a reader that read it before reads only what was appended, and
// gets what a fresh reader and TensorBoard's EventAccumulator get.
class TestTensorBoardLogdirLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resumesWhatWasAppended();
    void seriesResumesWhatWasAppended();

private:
    // Indexes `logdir` with `live` (which read it before) and with a fresh reader; both must agree with each other
    // and with EventAccumulator. `bytesRead` gets what the live index read.
    void checkIndex(TensorBoardLogdir& live, const QString& logdir, LiveTensorBoardWriter& writer, qint64* bytesRead);
    // Asks `live` (which returned the series before) and a fresh reader for run/tag; both must be equal point by
    // point, and equal EventAccumulator's reading. `resumed` and `bytesRead` get what the live series() did.
    void checkSeries(TensorBoardLogdir& live, const QString& logdir, LiveTensorBoardWriter& writer, const QString& run,
        const QString& tag, bool* resumed, qint64* bytesRead);
};

void TestTensorBoardLogdirLive::checkSeries(TensorBoardLogdir& live, const QString& logdir,
    LiveTensorBoardWriter& writer, const QString& run, const QString& tag, bool* resumed, qint64* bytesRead)
{
    const auto got = live.series(run, tag, {});
    *resumed = live.lastSeriesResumed();
    *bytesRead = live.lastSeriesBytesRead();
    const auto want = TensorBoardLogdir::fromPath(logdir)->series(run, tag, {});
    QVERIFY2(got.ok() && want.ok(), qPrintable(got.error.value_or(want.error.value_or(QString()))));
    QVERIFY2(got.warnings.isEmpty(), qPrintable(describe(got.warnings)));
    QCOMPARE(got.value.key, tag);
    QCOMPARE(got.value.size(), want.value.size());
    QCOMPARE(got.value.steps, want.value.steps);
    QCOMPARE(got.value.timestampsMs, want.value.timestampsMs);
    for (std::size_t i = 0; i < got.value.size(); ++i)
        QVERIFY2(sameNumber(got.value.values[i], want.value.values[i]), qPrintable(QString::number(i)));
    const nlohmann::json expected
        = nlohmann::json::parse(writer.command(QStringLiteral("expected")).toStdString(), nullptr, false);
    QVERIFY(expected.is_object());
    const QStringList problems = compareSeriesWithAccumulator(
        got.value, expected.value(run.toStdString(), nlohmann::json::object())["scalars"][tag.toStdString()]);
    QVERIFY2(problems.isEmpty(),
        qPrintable(run + u' ' + tag + QStringLiteral(" vs EventAccumulator:\n") + problems.join(u'\n')));
}

void TestTensorBoardLogdirLive::checkIndex(
    TensorBoardLogdir& live, const QString& logdir, LiveTensorBoardWriter& writer, qint64* bytesRead)
{
    const auto incremental = live.index({}, {});
    *bytesRead = live.lastIndexBytesRead();
    auto fresh = TensorBoardLogdir::fromPath(logdir);
    const auto full = fresh->index({}, {});
    QVERIFY2(incremental.ok() && full.ok(), qPrintable(incremental.error.value_or(full.error.value_or(QString()))));
    QVERIFY2(incremental.warnings.isEmpty(), qPrintable(describe(incremental.warnings)));
    QVERIFY2(full.warnings.isEmpty(), qPrintable(describe(full.warnings)));
    QCOMPARE(fresh->lastIndexBytesRead(), eventBytes(logdir));
    QStringList problems = compareCatalogs(incremental.value, full.value);
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("resumed vs fresh read:\n") + problems.join(u'\n')));
    const nlohmann::json expected
        = nlohmann::json::parse(writer.command(QStringLiteral("expected")).toStdString(), nullptr, false);
    QVERIFY(expected.is_object());
    problems = compareWithAccumulator(incremental.value, expected);
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("resumed vs EventAccumulator:\n") + problems.join(u'\n')));
}

void TestTensorBoardLogdirLive::resumesWhatWasAppended()
{
#ifndef RUNLENS_PYTHON_TB
    QSKIP("RUNLENS_PYTHON_TB is not set: no tensorboardX to write a live logdir");
#endif
    QTemporaryDir tmp;
    const QString logdir = tmp.path() + QStringLiteral("/logdir");
    LiveTensorBoardWriter writer;
    QVERIFY(writer.start(logdir));
    QCOMPARE(writer.commands({ QStringLiteral("open a .1"), QStringLiteral("scalars a 0 300"),
                 QStringLiteral("text a 0 first"), QStringLiteral("histogram a 0"), QStringLiteral("open b .1"),
                 QStringLiteral("scalars b 0 100"), QStringLiteral("sync a"), QStringLiteral("sync b") }),
        QByteArray());
    auto live = TensorBoardLogdir::fromPath(logdir);
    qint64 read = 0;
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(read, eventBytes(logdir)); // the first index reads everything

    // More points, a newer text and another histogram, from the same writer.
    const QString fileA = logdir + QStringLiteral("/a/") + eventFiles(logdir + QStringLiteral("/a")).value(0);
    const qint64 sizeA = QFileInfo(fileA).size();
    QCOMPARE(writer.commands({ QStringLiteral("scalars a 300 1000"), QStringLiteral("text a 300 second"),
                 QStringLiteral("histogram a 300"), QStringLiteral("sync a") }),
        QByteArray());
    const qint64 appended = QFileInfo(fileA).size() - sizeA;
    QVERIFY(appended > 10000);
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;
    // The appended bytes, plus the head of the grown file (checked for replacement); nothing of run b.
    QVERIFY2(read >= appended && read <= appended + 256,
        qPrintable(QStringLiteral("read %1, appended %2").arg(read).arg(appended)));

    // A writer between flushes: its buffer spills 8 KB at a time, so the file often ends inside a record. That is
    // a record still being written, not damage: no warning, and the next index resumes before it.
    const QString fileB = logdir + QStringLiteral("/b/") + eventFiles(logdir + QStringLiteral("/b")).value(0);
    int midRecord = 0;
    for (int round = 0, step = 100; round < 12 && midRecord < 2; ++round, step += 300) {
        QCOMPARE(
            writer.commands({ QStringLiteral("scalars b %1 %2").arg(step).arg(step + 300), QStringLiteral("drain b") }),
            QByteArray());
        const QByteArray bytes = readAll(fileB);
        TfRecordReader framing(
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, nullptr);
        TfRecordReader::Record r;
        while (framing.next(r)) { }
        midRecord += framing.endsMidRecord();
        checkIndex(*live, logdir, writer, &read);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY2(midRecord > 0, "the writer's buffer never ended inside a record");
    QCOMPARE(writer.command(QStringLiteral("sync b")), QByteArray("ok"));
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;

    // A restart with purge_step (a second file): the first SessionLog.START of a run purges nothing, so resuming
    // goes on; the second one purges points already summarised, so run a is read again from the start.
    QCOMPARE(writer.commands({ QStringLiteral("close a"), QStringLiteral("open a .2 700"),
                 QStringLiteral("scalars a 700 800"), QStringLiteral("sync a") }),
        QByteArray());
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;
    const qint64 runA = eventBytes(logdir + QStringLiteral("/a"));
    QVERIFY2(read < runA, qPrintable(QStringLiteral("read %1 of run a's %2 bytes").arg(read).arg(runA)));
    QCOMPARE(writer.commands({ QStringLiteral("close a"), QStringLiteral("open a .3 750"),
                 QStringLiteral("scalars a 750 900"), QStringLiteral("sync a") }),
        QByteArray());
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(read >= eventBytes(logdir + QStringLiteral("/a")), qPrintable(QStringLiteral("read %1").arg(read)));

    // A new run appears: read whole, the others only checked.
    QCOMPARE(
        writer.commands({ QStringLiteral("open c .1"), QStringLiteral("scalars c 0 50"), QStringLiteral("sync c") }),
        QByteArray());
    checkIndex(*live, logdir, writer, &read);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(read, eventBytes(logdir + QStringLiteral("/c")));
}

// A charted series of a run being written: each refresh reads only what was appended (plus the head of the grown
// file, checked for replacement) and returns the old points and the new, equal to a fresh read and to
// EventAccumulator; what a resumed read could get wrong (a purge of points already returned) reads again.
void TestTensorBoardLogdirLive::seriesResumesWhatWasAppended()
{
#ifndef RUNLENS_PYTHON_TB
    QSKIP("RUNLENS_PYTHON_TB is not set: no tensorboardX to write a live logdir");
#endif
    QTemporaryDir tmp;
    const QString logdir = tmp.path() + QStringLiteral("/logdir");
    LiveTensorBoardWriter writer;
    QVERIFY(writer.start(logdir));
    QCOMPARE(writer.commands({ QStringLiteral("open a .1"), QStringLiteral("scalars a 0 300"),
                 QStringLiteral("histogram a 0"), QStringLiteral("open b .1"), QStringLiteral("scalars b 0 100"),
                 QStringLiteral("sync a"), QStringLiteral("sync b") }),
        QByteArray());
    auto live = TensorBoardLogdir::fromPath(logdir);
    QVERIFY(live->index({}, {}).ok());
    const QString loss = QStringLiteral("loss");
    const QString acc = QStringLiteral("eval/acc");
    const QString run = QStringLiteral("a");
    bool resumed = true;
    qint64 read = 0;
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    const QString fileA = logdir + QStringLiteral("/a/") + eventFiles(logdir + QStringLiteral("/a")).value(0);
    QVERIFY(!resumed); // the first time, everything
    QCOMPARE(read, QFileInfo(fileA).size());
    const auto first = live->series(run, loss, {}); // nothing new: resumed, only stat()ed
    QVERIFY(first.ok() && live->lastSeriesResumed());
    QCOMPARE(live->lastSeriesBytesRead(), qint64(0));
    QCOMPARE(first.value.size(), std::size_t(300));

    // Appended and flushed: the new bytes and the 256-byte head check, nothing more.
    qint64 sizeA = QFileInfo(fileA).size();
    QCOMPARE(writer.commands(
                 { QStringLiteral("scalars a 300 1000"), QStringLiteral("histogram a 300"), QStringLiteral("sync a") }),
        QByteArray());
    qint64 appended = QFileInfo(fileA).size() - sizeA;
    QVERIFY(appended > 10000);
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(resumed);
    QCOMPARE(read, appended + 256);
    QCOMPARE(first.value.size(), std::size_t(300)); // what was returned before is not changed by a refresh

    // Another tag of the same run is its own series, read whole the first time, then resumed.
    checkSeries(*live, logdir, writer, run, acc, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!resumed);
    QCOMPARE(read, QFileInfo(fileA).size());

    // A writer between flushes: the file often ends inside a record; the next refresh resumes before that record,
    // so it reads from the end of the last complete record, not from the end of the file.
    int midRecord = 0;
    for (int round = 0, step = 1000; round < 12 && midRecord < 2; ++round, step += 300) {
        const qint64 resumeAt = completeRecordsEnd(fileA);
        const qint64 sizeBefore = QFileInfo(fileA).size();
        QCOMPARE(
            writer.commands({ QStringLiteral("scalars a %1 %2").arg(step).arg(step + 300), QStringLiteral("drain a") }),
            QByteArray());
        midRecord += completeRecordsEnd(fileA) < QFileInfo(fileA).size();
        for (const QString& tag : { loss, acc }) {
            checkSeries(*live, logdir, writer, run, tag, &resumed, &read);
            if (QTest::currentTestFailed())
                return;
            QVERIFY(resumed);
            // Both tags were last read at the same point (the loss series just before the eval/acc one).
            const qint64 size = QFileInfo(fileA).size();
            QCOMPARE(read, size - resumeAt + (size != sizeBefore ? 256 : 0));
        }
    }
    QVERIFY2(midRecord > 0, "the writer's buffer never ended inside a record");
    QCOMPARE(writer.command(QStringLiteral("sync a")), QByteArray("ok"));
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(resumed);

    // A restart with purge_step writes a second file: its SessionLog.START is the run's first, which purges
    // nothing, so the series resumes into the new file (read whole). The next restart purges points already
    // returned (steps >= 750): only a full read is right.
    QCOMPARE(writer.commands({ QStringLiteral("close a"), QStringLiteral("open a .2 2000"),
                 QStringLiteral("scalars a 2000 2100"), QStringLiteral("sync a") }),
        QByteArray());
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(resumed);
    const qint64 runA = eventBytes(logdir + QStringLiteral("/a"));
    QVERIFY2(read < runA / 2, qPrintable(QStringLiteral("read %1 of run a's %2 bytes").arg(read).arg(runA)));
    QCOMPARE(writer.commands({ QStringLiteral("close a"), QStringLiteral("open a .3 2050"),
                 QStringLiteral("scalars a 2050 2200"), QStringLiteral("sync a") }),
        QByteArray());
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!resumed);
    QVERIFY(read >= eventBytes(logdir + QStringLiteral("/a")));
    // And the full read is where the next refresh resumes from.
    sizeA = QFileInfo(logdir + QStringLiteral("/a/") + eventFiles(logdir + QStringLiteral("/a")).value(2)).size();
    QCOMPARE(writer.commands({ QStringLiteral("scalars a 2200 2400"), QStringLiteral("sync a") }), QByteArray());
    appended
        = QFileInfo(logdir + QStringLiteral("/a/") + eventFiles(logdir + QStringLiteral("/a")).value(2)).size() - sizeA;
    checkSeries(*live, logdir, writer, run, loss, &resumed, &read);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(resumed);
    QCOMPARE(read, appended + 256);

    // Run b was never touched: its series is read whole, once.
    checkSeries(*live, logdir, writer, QStringLiteral("b"), loss, &resumed, &read);
    QVERIFY(!resumed);
}

// Damage met by an earlier index is not read again by a resumed one, yet it is reported as a fresh read would:
// a bad data CRC in the middle, then garbage appended at the end (the framing is lost there), then valid records
// appended after the garbage, which the resumed scan finds.
QTEST_GUILESS_MAIN(TestTensorBoardLogdirLive)
#include "tst_tensorboardlogdirlive.moc"
