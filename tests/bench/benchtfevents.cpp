// runlens-bench tfevents: how fast RunLens reads TensorBoard event files (reference/tensorboard.md §8).
//
// 1. parse: every event file of LOGDIR is first read into memory, then framed, CRC-checked and decoded on one
//    thread, with the hand-written decoder and with libprotobuf: MB/s and events/s per thread, without I/O.
// 2. index: TensorBoardLogdir::index() over the whole logdir with 1, 2, … threads (files from the page cache).
// 3. memory: bytes per stored scalar point in the series the reader keeps.
// 4. peer: with --peer-python, TensorBoard's Python EventAccumulator on run_0000, timed by make_tb_logdir.py in the
//    same run, and the ratio.
// 5. follow: a logdir being written, as the app re-indexes it on every change. A copy of the first runs (up to
//    --follow-mb, 256 MB) is indexed; then every run's last file grows by ~1% (records of its own appended, valid
//    events) and the same source indexes again, resuming, beside a fresh source that reads everything; then the
//    same for one charted series per run (series(), resumed vs fresh). --stages limits the run to some stages.

#include "benchtfevents.h"

#include "benchstats.h"
#include "tensorboard/logdirdiscovery.h"
#include "tensorboard/tensorboardlogdir.h"
#include "tensorboard/tensorboardrunreader.h"
#include "tensorboard/tfrecordreader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <functional>
#include <vector>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct ParseResult {
    double seconds = 0;
    qint64 events = 0;
    qint64 points = 0;
    qint64 storedBytes = 0;
};

ParseResult parseInMemory(const std::vector<QByteArray>& files, TensorBoardRunReader::Decoder decoder)
{
    ParseResult r;
    const TensorBoardRunReader reader(decoder);
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray& bytes : files) {
        TensorBoardRunReader::RunData data;
        TensorBoardRunReader::PurgeState state;
        QList<ReadWarning> warnings;
        reader.readBytes(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, data, state,
            warnings, {}, nullptr);
        r.events += data.events;
        for (auto& [name, tag] : data.tags) {
            tag.series.steps.shrink_to_fit();
            tag.series.timestampsMs.shrink_to_fit();
            tag.series.values.shrink_to_fit();
            r.points += static_cast<qint64>(tag.series.size());
            r.storedBytes += static_cast<qint64>(tag.series.steps.memoryBytes()
                + tag.series.timestampsMs.capacity() * 8 + tag.series.values.capacity() * 8);
        }
    }
    r.seconds = timer.nsecsElapsed() / 1e9;
    return r;
}

double secondsOf(const std::function<void()>& work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return timer.nsecsElapsed() / 1e9;
}

// Appends to `path` its own first records, about `fraction` of its size, ending on a record boundary.
qint64 growByOwnRecords(const QString& path, double fraction)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return 0;
    const QByteArray bytes = f.readAll();
    TfRecordReader records(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, nullptr);
    TfRecordReader::Record r;
    const auto target = static_cast<qint64>(double(bytes.size()) * fraction);
    qint64 end = 0;
    while (end < target && records.next(r))
        end = records.resumeOffset();
    f.seek(f.size());
    return f.write(bytes.constData(), end);
}

void followBench(const std::vector<LogdirDiscovery::RunFiles>& runs, qint64 limitBytes, int repeat)
{
    QTemporaryDir tmp;
    qint64 copied = 0;
    QStringList lastFiles;
    for (const auto& run : runs) {
        if (copied >= limitBytes || run.files.isEmpty())
            break;
        const QString dir = tmp.path() + u'/' + run.name;
        QDir().mkpath(dir);
        for (const QString& file : run.files) {
            const QString to = dir + u'/' + QFileInfo(file).fileName();
            QFile::copy(file, to);
            copied += QFileInfo(to).size();
        }
        lastFiles << dir + u'/' + QFileInfo(run.files.back()).fileName();
    }
    auto live = TensorBoardLogdir::fromPath(tmp.path());
    ReadResult<Catalog> catalog;
    const double first = secondsOf([&] { catalog = live->index({}, {}); });
    // One charted series per run (its first scalar tag), as a chart of every run shows it; read once before the
    // appends so that the live source resumes them afterwards.
    QList<QPair<QString, QString>> charted;
    for (const Run& run : std::as_const(catalog.value.runs)) {
        if (!run.metrics.isEmpty())
            charted.append({ run.runId, run.metrics.firstKey() });
    }
    std::vector<MetricSeries> returned(static_cast<std::size_t>(charted.size()));
    const auto readSeries = [&](TensorBoardLogdir& source, qint64* bytes, qint64* points, bool* allResumed) {
        *bytes = 0;
        *points = 0;
        *allResumed = true;
        for (qsizetype i = 0; i < charted.size(); ++i) {
            const auto& [runId, key] = charted.at(i);
            const auto s = source.series(runId, key, {});
            returned[static_cast<std::size_t>(i)] = s.value;
            *bytes += source.lastSeriesBytesRead();
            *points += static_cast<qint64>(s.value.size());
            *allResumed = *allResumed && source.lastSeriesResumed();
        }
    };
    qint64 seriesBytes = 0;
    qint64 seriesPoints = 0;
    bool seriesResumed = false;
    const double firstSeries = secondsOf([&] { readSeries(*live, &seriesBytes, &seriesPoints, &seriesResumed); });
    const double unchanged = secondsOf([&] { live->index({}, {}); });
    const qint64 unchangedBytes = live->lastIndexBytesRead();
    QList<double> resumed;
    QList<double> fresh;
    qint64 resumedBytes = 0;
    qint64 freshBytes = 0;
    qint64 appended = 0;
    QList<double> resumedSeries;
    QList<double> freshSeries;
    qint64 resumedSeriesBytes = 0;
    qint64 freshSeriesBytes = 0;
    for (int k = 0; k < repeat; ++k) {
        appended = 0;
        for (const QString& file : std::as_const(lastFiles))
            appended += growByOwnRecords(file, 0.01);
        resumed << secondsOf([&] { live->index({}, {}); });
        resumedBytes = live->lastIndexBytesRead();
        auto other = TensorBoardLogdir::fromPath(tmp.path());
        fresh << secondsOf([&] { other->index({}, {}); });
        freshBytes = other->lastIndexBytesRead();
        resumedSeries << secondsOf([&] { readSeries(*live, &resumedSeriesBytes, &seriesPoints, &seriesResumed); });
        bool none = false;
        freshSeries << secondsOf([&] { readSeries(*other, &freshSeriesBytes, &seriesPoints, &none); });
    }
    const TimingSummary r = summarizeTimings(resumed);
    const TimingSummary f = summarizeTimings(fresh);
    out() << "follow       " << lastFiles.size() << " runs, " << QString::number(copied / 1e6, 'f', 0)
          << " MB: first index " << QString::number(first, 'f', 3) << " s; unchanged re-index "
          << QString::number(unchanged * 1e3, 'f', 1) << " ms (" << unchangedBytes << " bytes read)\n"
          << "follow       +" << QString::number(appended / 1e6, 'f', 2) << " MB appended: resumed index "
          << QString::number(r.best * 1e3, 'f', 1) << " ms (" << QString::number(resumedBytes / 1e6, 'f', 2)
          << " MB read), fresh index " << QString::number(f.best * 1e3, 'f', 1) << " ms ("
          << QString::number(freshBytes / 1e6, 'f', 1) << " MB read): " << QString::number(f.best / r.best, 'f', 0)
          << "x (best of " << repeat << ")\n";
    // A resumed series() copies the old points once, into the value it returns (the new ones are appended in place
    // to the points it keeps): what that copy costs, which is all that chunked storage could save.
    QList<double> copies;
    for (int k = 0; k < repeat; ++k) {
        std::vector<MetricSeries> copy(returned.size());
        copies << secondsOf([&] {
            for (std::size_t i = 0; i < returned.size(); ++i)
                copy[i] = returned[i];
        });
    }
    const TimingSummary rs = summarizeTimings(resumedSeries);
    const TimingSummary fs = summarizeTimings(freshSeries);
    out() << "follow       series: " << charted.size() << " charted (one tag per run), first read "
          << QString::number(firstSeries * 1e3, 'f', 1) << " ms; after the append: resumed "
          << QString::number(rs.best * 1e3, 'f', 1) << " ms (" << QString::number(resumedSeriesBytes / 1e6, 'f', 2)
          << " MB read" << (seriesResumed ? "" : ", NOT all resumed") << "), fresh "
          << QString::number(fs.best * 1e3, 'f', 1) << " ms (" << QString::number(freshSeriesBytes / 1e6, 'f', 1)
          << " MB read): " << QString::number(fs.best / rs.best, 'f', 0) << "x; " << seriesPoints
          << " points returned (best of " << repeat << ")\n"
          << "follow       series: one copy of those points "
          << QString::number(summarizeTimings(copies).best * 1e3, 'f', 2) << " ms (a resumed series() makes one)\n";
}

} // namespace

int runTfeventsBench(const QStringList& args)
{
    if (args.isEmpty()) {
        QTextStream(stderr) << "usage: runlens-bench tfevents LOGDIR [--threads 1,2] [--repeat K] "
                               "[--peer-python PY --peer-script make_tb_logdir.py] [--follow-mb N] "
                               "[--stages parse,proto,index,follow,peer]\n";
        return 2;
    }
    const QString logdir = args.first();
    QList<int> threadCounts { 1, 2 };
    int repeat = 1;
    QString peerPython;
    QString peerScript;
    qint64 followMb = 256;
    // parse (hand-written decoder), proto (libprotobuf), index, follow, peer: a subset keeps a profile to one path.
    QStringList stages { QStringLiteral("parse"), QStringLiteral("proto"), QStringLiteral("index"),
        QStringLiteral("follow"), QStringLiteral("peer") };
    const auto wants = [&](const char* stage) { return stages.contains(QLatin1String(stage)); };
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--threads") {
            threadCounts.clear();
            for (const QString& t : args.at(i + 1).split(u','))
                threadCounts << std::max(1, t.toInt());
        } else if (args.at(i) == u"--repeat") {
            repeat = std::max(1, args.at(i + 1).toInt());
        } else if (args.at(i) == u"--peer-python") {
            peerPython = args.at(i + 1);
        } else if (args.at(i) == u"--peer-script") {
            peerScript = args.at(i + 1);
        } else if (args.at(i) == u"--stages") {
            stages = args.at(i + 1).split(u',');
        } else if (args.at(i) == u"--follow-mb") {
            followMb = args.at(i + 1).toLongLong();
        }
    }

    QList<ReadWarning> warnings;
    const auto runs = LogdirDiscovery::discover(logdir, warnings);
    std::vector<QByteArray> files;
    qint64 totalBytes = 0;
    for (const auto& run : runs) {
        for (const QString& path : run.files) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly)) {
                files.push_back(f.readAll());
                totalBytes += files.back().size();
            }
        }
    }
    const double mb = totalBytes / 1e6;
    out() << "logdir       " << logdir << ": " << runs.size() << " runs, " << files.size() << " files, "
          << QString::number(mb, 'f', 1) << " MB\n";

    double fastMbps = 0;
    for (const auto decoder : { TensorBoardRunReader::Decoder::Fast, TensorBoardRunReader::Decoder::Protobuf }) {
        if (!wants(decoder == TensorBoardRunReader::Decoder::Fast ? "parse" : "proto"))
            continue;
        QList<double> seconds;
        ParseResult last;
        for (int k = 0; k < repeat; ++k) {
            last = parseInMemory(files, decoder);
            seconds << last.seconds;
        }
        const TimingSummary t = summarizeTimings(seconds);
        const bool fast = decoder == TensorBoardRunReader::Decoder::Fast;
        if (fast)
            fastMbps = mb / t.best;
        out() << (fast ? "parse fast   " : "parse proto  ") << QString::number(mb / t.best, 'f', 0) << " MB/s, "
              << QString::number(last.events / t.best / 1e6, 'f', 2) << " M events/s per thread (best of " << repeat
              << ", in memory, CRCs checked)\n";
        if (fast)
            out() << "memory       "
                  << QString::number(double(last.storedBytes) / double(std::max<qint64>(1, last.points)), 'f', 1)
                  << " bytes per stored point (" << last.points << " points)\n";
    }
    files.clear();
    files.shrink_to_fit();

    for (int threads : wants("index") ? threadCounts : QList<int> {}) {
        QList<double> seconds;
        for (int k = 0; k < repeat; ++k) {
            auto source = TensorBoardLogdir::fromPath(logdir);
            source->setThreadCount(threads);
            QElapsedTimer timer;
            timer.start();
            const auto result = source->index({}, {});
            seconds << timer.nsecsElapsed() / 1e9;
            if (!result.ok() || !result.warnings.isEmpty())
                out() << "index reported " << result.warnings.size() << " warnings\n";
        }
        const TimingSummary t = summarizeTimings(seconds);
        out() << "index " << threads << "t     " << QString::number(t.best, 'f', 3) << " s, "
              << QString::number(mb / t.best, 'f', 0) << " MB/s (page cache, best of " << repeat << ")\n";
    }
    out() << "peak RSS     " << QString::number(peakResidentKilobytes() / 1024.0, 'f', 1) << " MB\n";
    if (followMb > 0 && wants("follow"))
        followBench(runs, followMb * 1000 * 1000, std::max(3, repeat));

    if (!peerPython.isEmpty() && !peerScript.isEmpty() && !runs.empty() && wants("peer")) {
        QProcess peer;
        peer.start(peerPython, { peerScript, QStringLiteral("--time"), runs.front().directory });
        peer.waitForFinished(-1);
        const QString line = QString::fromUtf8(peer.readAllStandardOutput());
        const auto m = QRegularExpression(QStringLiteral("bytes=(\\d+) events=(\\d+) seconds=([\\d.]+)")).match(line);
        if (!m.hasMatch()) {
            out() << "peer         failed: " << QString::fromUtf8(peer.readAllStandardError()).right(400) << '\n';
            return 1;
        }
        const double peerMbps = m.captured(1).toDouble() / 1e6 / m.captured(3).toDouble();
        out() << "peer python  " << QString::number(peerMbps, 'f', 2) << " MB/s, "
              << QString::number(m.captured(2).toDouble() / m.captured(3).toDouble(), 'f', 0)
              << " events/s (EventAccumulator on " << runs.front().name << ")\n"
              << "ratio        " << QString::number(fastMbps / peerMbps, 'f', 0) << "x (fast parse / Python loader)\n";
    }
    return 0;
}
