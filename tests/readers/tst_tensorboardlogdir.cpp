#include "sourcefactory.h"
#include "tensorboard/crc32c.h"
#include "tensorboard/eventprotodecoder.h"
#include "tensorboard/eventwiredecoder.h"
#include "tensorboard/tensorboardlogdir.h"
#include "tensorboard/tfrecordreader.h"

#include "catalogchecks.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using Decoder = TensorBoardRunReader::Decoder;
Q_DECLARE_METATYPE(TensorBoardRunReader::Decoder)

namespace {

QByteArray le(quint64 v, int bytes)
{
    QByteArray b(bytes, '\0');
    for (int i = 0; i < bytes; ++i)
        b[i] = static_cast<char>((v >> (8 * i)) & 0xffu);
    return b;
}

QByteArray recordHeader(quint64 length)
{
    const QByteArray len = le(length, 8);
    return len + le(Crc32c::masked(len.constData(), 8), 4);
}

QByteArray recordFooter(const QByteArray& payload)
{
    return le(Crc32c::masked(payload.constData(), static_cast<std::size_t>(payload.size())), 4);
}

QString fixtureDir() { return QStringLiteral(RUNLENS_FIXTURE_DIR "/tensorboard"); }

nlohmann::json loadExpected()
{
    std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
    if (!in)
        return {};
    return nlohmann::json::parse(in, nullptr, false);
}

QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

bool sameValue(const nlohmann::json& expected, double actual)
{
    if (expected.is_string()) {
        const std::string s = expected.get<std::string>();
        if (s == "NaN")
            return std::isnan(actual);
        return std::isinf(actual) && (s == "Infinity") == (actual > 0);
    }
    return expected.get<double>() == actual;
}

bool sameParam(const nlohmann::json& expected, const QString& actual)
{
    if (expected.is_boolean())
        return actual == (expected.get<bool>() ? u"true" : u"false");
    if (expected.is_number())
        return actual.toDouble() == expected.get<double>();
    return expected.is_string() && actual == QString::fromStdString(expected.get<std::string>());
}

QByteArray treeHash(const QString& root)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QStringList paths;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    for (const QString& p : std::as_const(paths)) {
        h.addData(p.toUtf8());
        h.addData(QByteArray::number(QFileInfo(p).lastModified().toMSecsSinceEpoch()));
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            h.addData(f.readAll());
    }
    return h.result().toHex();
}

// Every mismatch between RunLens's reading of `logdir` and TensorBoard's (expected.json), one line each.
QStringList compareLogdir(TensorBoardLogdir& source, const Catalog& catalog, const nlohmann::json& runs)
{
    QStringList problems;
    if (catalog.runs.size() != static_cast<qsizetype>(runs.size()))
        problems << QStringLiteral("run count %1, expected %2").arg(catalog.runs.size()).arg(runs.size());
    for (const auto& [runName, exp] : runs.items()) {
        const QString id = QString::fromStdString(runName);
        const Run* run = catalog.run(id);
        if (!run) {
            problems << id + QStringLiteral(": run missing");
            continue;
        }
        for (const auto& [key, value] : exp["hparams"].items()) {
            const QString k = QString::fromStdString(key);
            if (!run->params.contains(k) || !sameParam(value, run->params.value(k)))
                problems << id + QStringLiteral(": param ") + k + QStringLiteral(" = ") + run->params.value(k);
        }
        if (run->params.size() != static_cast<qsizetype>(exp["hparams"].size()))
            problems << id + QStringLiteral(": %1 params").arg(run->params.size());
        for (const auto& [key, value] : exp["text"].items()) {
            const QString k = QString::fromStdString(key);
            if (run->tags.value(k) != QString::fromStdString(value.get<std::string>()))
                problems << id + QStringLiteral(": text tag ") + k + QStringLiteral(" = ") + run->tags.value(k);
        }
        for (const auto& other : exp["other"]) {
            if (!run->tags.value(TensorBoardLogdir::kSkippedTag).contains(QString::fromStdString(other)))
                problems << id + QStringLiteral(": skipped tag not listed: ") + QString::fromStdString(other);
        }
        if (run->metrics.size() != static_cast<qsizetype>(exp["scalars"].size()))
            problems << id
                    + QStringLiteral(": %1 metrics, expected %2").arg(run->metrics.size()).arg(exp["scalars"].size());
        for (const auto& [tag, points] : exp["scalars"].items()) {
            const QString key = QString::fromStdString(tag);
            const auto series = source.series(id, key, {});
            if (!series.ok() || !series.warnings.isEmpty()) {
                problems << id + u' ' + key + QStringLiteral(": ") + series.error.value_or(describe(series.warnings));
                continue;
            }
            const MetricSeries& s = series.value;
            if (s.size() != points.size()) {
                problems << id + u' ' + key
                        + QStringLiteral(": %1 points, expected %2").arg(s.size()).arg(points.size());
                continue;
            }
            for (std::size_t i = 0; i < s.size(); ++i) {
                const auto& p = points[i];
                const double wallMs = p[1].get<double>() * 1000.0;
                if (s.steps[i] != p[0].get<std::int64_t>() || std::fabs(double(s.timestampsMs[i]) - wallMs) > 1.0
                    || !sameValue(p[2], s.values[i])) {
                    problems << id + u' ' + key
                            + QStringLiteral(": point %1 is (%2, %3, %4), expected (%5, %6, %7)")
                                  .arg(i)
                                  .arg(s.steps[i])
                                  .arg(s.timestampsMs[i])
                                  .arg(s.values[i], 0, 'g', 17)
                                  .arg(p[0].get<std::int64_t>())
                                  .arg(wallMs, 0, 'f', 3)
                                  .arg(QString::fromStdString(p[2].dump()));
                    break;
                }
            }
            const MetricSummary m = run->metrics.value(key);
            if (m.count != static_cast<qint64>(s.size()) || (!s.empty() && m.latestStep != s.steps.back()))
                problems << id + u' ' + key
                        + QStringLiteral(": summary count %1 latest step %2").arg(m.count).arg(m.latestStep);
        }
        if (exp.contains("end_status") && run->status != RunStatus::Finished)
            problems << id + QStringLiteral(": status ") + runStatusName(run->status);
    }
    return problems;
}

// Offsets of the records of one event file, from the framing itself.
QList<qint64> recordOffsets(const QByteArray& bytes)
{
    QList<qint64> offsets;
    TfRecordReader reader(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, nullptr);
    TfRecordReader::Record r;
    while (reader.next(r))
        offsets << r.offset;
    return offsets;
}

QString format(const DecodedEvent& e)
{
    QString out = QStringLiteral("wall %1 step %2 what %3 version '%4' session %5")
                      .arg(e.wallTime, 0, 'f', 6)
                      .arg(e.step)
                      .arg(int(e.what))
                      .arg(QString::fromUtf8(e.fileVersion.data(), qsizetype(e.fileVersion.size())))
                      .arg(e.sessionStatus);
    for (const DecodedValue& v : e.values)
        out += QStringLiteral(" | tag '%1' kind %2 scalar %3 text %4 meta %5 plugin '%6' content %7")
                   .arg(QString::fromUtf8(v.tag.data(), qsizetype(v.tag.size())))
                   .arg(int(v.kind))
                   .arg(v.scalar, 0, 'g', 17)
                   .arg(v.text.size())
                   .arg(v.hasMetadata)
                   .arg(QString::fromUtf8(v.pluginName.data(), qsizetype(v.pluginName.size())))
                   .arg(v.pluginContent.size());
    return out;
}

QString seedFile()
{
    const QStringList files = QDir(fixtureDir() + QStringLiteral("/tbx/sweep/seed1"))
                                  .entryList({ QStringLiteral("*tfevents*") }, QDir::Files);
    return files.isEmpty() ? QString() : fixtureDir() + QStringLiteral("/tbx/sweep/seed1/") + files.front();
}

} // namespace

class TestTensorBoardLogdir : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesEventAccumulator_data();
    void matchesEventAccumulator();
    void decodersAgree();
    void damagedFiles_data();
    void damagedFiles();
    void growingFile();
    void status();
    void openingChangesNothing();
    void factory();
};

void TestTensorBoardLogdir::matchesEventAccumulator_data()
{
    QTest::addColumn<QString>("logdir");
    QTest::addColumn<Decoder>("decoder");
    QTest::addColumn<int>("minRuns");
    QTest::addRow("tensorboardX logdir, fast decoder") << "tbx" << Decoder::Fast << 7;
    QTest::addRow("tensorboardX logdir, libprotobuf") << "tbx" << Decoder::Protobuf << 7;
    QTest::addRow("TensorBoard writer dtypes, fast decoder") << "tbwriter" << Decoder::Fast << 1;
    QTest::addRow("TensorBoard writer dtypes, libprotobuf") << "tbwriter" << Decoder::Protobuf << 1;
}

void TestTensorBoardLogdir::matchesEventAccumulator()
{
    QFETCH(QString, logdir);
    QFETCH(Decoder, decoder);
    QFETCH(int, minRuns);
    const nlohmann::json expected = loadExpected();
    QVERIFY2(expected.is_object(), "expected.json missing: run the fixtures/tb-logdirs test first");
    auto source = TensorBoardLogdir::fromPath(fixtureDir() + u'/' + logdir);
    source->setDecoder(decoder);
    const auto result = source->index({}, {});
    QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    QVERIFY(result.value.runs.size() >= minRuns); // an empty fixture must not pass vacuously
    QCOMPARE(result.value.experiments.size(), 1);
    QCOMPARE(result.value.experiments.front().name, logdir);
    for (const Run& r : result.value.runs)
        QCOMPARE(r.experimentId, logdir);
    const QStringList problems = compareLogdir(*source, result.value, expected["logdirs"][logdir.toStdString()]);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTensorBoardLogdir::decodersAgree()
{
    QDirIterator it(fixtureDir(), { QStringLiteral("*tfevents*") }, QDir::Files, QDirIterator::Subdirectories);
    int events = 0;
    EventProtoDecoder proto;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        TfRecordReader reader(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {}, nullptr);
        TfRecordReader::Record r;
        DecodedEvent fast;
        DecodedEvent reference;
        while (reader.next(r)) {
            QVERIFY(EventWireDecoder::decode(r.payload, fast));
            QVERIFY(proto.decode(r.payload, reference));
            QVERIFY2(fast == reference,
                qPrintable(f.fileName() + QStringLiteral(" @%1\nfast: ").arg(r.offset) + format(fast)
                    + QStringLiteral("\nprotobuf: ") + format(reference)));
            ++events;
        }
    }
    QVERIFY(events > 2000);
}

void TestTensorBoardLogdir::damagedFiles_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("messageFragment"); // empty: no warning
    QTest::addColumn<int>("lostPoints");
    QTest::addRow("truncated mid-record") << "truncate" << QString() << 1;
    QTest::addRow("bad length CRC") << "length-crc"
                                    << "bad length CRC" << 1;
    QTest::addRow("bad data CRC") << "data-crc"
                                  << "bad data CRC" << 1;
    QTest::addRow("unparsable record") << "bad-proto"
                                       << "not an Event" << 1;
    QTest::addRow("huge length") << "huge-length"
                                 << "implausible record length" << 1;
    QTest::addRow("empty event file") << "empty-file"
                                      << "empty event file" << 0;
    QTest::addRow("foreign file") << "foreign-file"
                                  << "not a TFRecord" << 0;
}

void TestTensorBoardLogdir::damagedFiles()
{
    QFETCH(QString, damage);
    QFETCH(QString, messageFragment);
    QFETCH(int, lostPoints);
    const QString source = seedFile();
    QVERIFY(!source.isEmpty());
    QTemporaryDir tmp;
    const QString runDir = tmp.path() + QStringLiteral("/logdir/seed1");
    QVERIFY(QDir().mkpath(runDir));
    const QString file = runDir + u'/' + QFileInfo(source).fileName();
    QVERIFY(QFile::copy(source, file));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));

    auto pristine = TensorBoardLogdir::fromPath(tmp.path() + QStringLiteral("/logdir"));
    const auto before = pristine->index({}, {});
    QVERIFY(before.ok() && before.warnings.isEmpty());

    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    const QList<qint64> offsets = recordOffsets(bytes);
    QVERIFY(offsets.size() > 100);
    const qint64 victim = offsets[offsets.size() / 2]; // a scalar event: one point
    if (damage == u"truncate") {
        bytes.chop(5);
    } else if (damage == u"length-crc") {
        bytes[victim + 9] = static_cast<char>(bytes[victim + 9] ^ 0x01);
    } else if (damage == u"data-crc") {
        bytes[victim + 14] = static_cast<char>(bytes[victim + 14] ^ 0x01);
    } else if (damage == u"bad-proto") {
        // A payload that is not a protobuf message (field 0 is invalid), with correct CRCs.
        const qint64 next = offsets[offsets.size() / 2 + 1];
        const qint64 length = next - victim - 16;
        const QByteArray payload(length, '\0');
        bytes.replace(
            victim, next - victim, QByteArray(recordHeader(quint64(length)) + payload + recordFooter(payload)));
    } else if (damage == u"huge-length") {
        bytes.replace(victim, 12, recordHeader(quint64(1) << 40));
    } else if (damage == u"empty-file") {
        QFile extra(runDir + QStringLiteral("/events.out.tfevents.9999999999.empty"));
        QVERIFY(extra.open(QIODevice::WriteOnly));
    } else if (damage == u"foreign-file") {
        QFile extra(runDir + QStringLiteral("/events.out.tfevents.9999999999.notes"));
        QVERIFY(extra.open(QIODevice::WriteOnly));
        extra.write("these are my notes, not an event file\n");
    }
    QVERIFY(f.resize(0));
    QVERIFY(f.seek(0));
    QCOMPARE(f.write(bytes), bytes.size());
    f.close();

    auto damaged = TensorBoardLogdir::fromPath(tmp.path() + QStringLiteral("/logdir"));
    const auto after = damaged->index({}, {});
    QVERIFY2(after.ok(), qPrintable(after.error.value_or(QString())));
    QCOMPARE(after.value.runs.size(), 1);
    QCOMPARE(catalogchecks::totalPoints(after.value), catalogchecks::totalPoints(before.value) - lostPoints);
    if (messageFragment.isEmpty()) {
        QVERIFY2(after.warnings.isEmpty(), qPrintable(describe(after.warnings)));
    } else {
        QVERIFY(!after.warnings.isEmpty());
        const ReadWarning& w = after.warnings.front();
        QVERIFY2(w.message.contains(messageFragment), qPrintable(describe(after.warnings)));
        QVERIFY2(w.file.contains(QStringLiteral("tfevents")), qPrintable(w.toString()));
        if (damage != u"empty-file" && damage != u"foreign-file") {
            QCOMPARE(w.where, ReadWarning::Where::ByteOffset);
            QCOMPARE(w.location, victim);
        }
    }
}

void TestTensorBoardLogdir::growingFile()
{
    const QString source = seedFile();
    QVERIFY(!source.isEmpty());
    QFile in(source);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray full = in.readAll();
    const QList<qint64> offsets = recordOffsets(full);
    const qint64 cut = offsets[offsets.size() - 1] + 7; // the writer is in the middle of the last record

    QTemporaryDir tmp;
    const QString runDir = tmp.path() + QStringLiteral("/logdir/live");
    QVERIFY(QDir().mkpath(runDir));
    QFile out(runDir + QStringLiteral("/events.out.tfevents.1.host"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(full.left(cut));
    out.flush();

    auto logdir = TensorBoardLogdir::fromPath(tmp.path() + QStringLiteral("/logdir"));
    const auto first = logdir->index({}, {});
    QVERIFY2(first.ok() && first.warnings.isEmpty(), qPrintable(describe(first.warnings)));
    const qint64 pointsBefore = catalogchecks::totalPoints(first.value);
    const auto loss1 = logdir->series(QStringLiteral("live"), QStringLiteral("loss"), {});

    QCOMPARE(logdir->lastIndexBytesRead(), cut);
    out.write(full.mid(cut)); // the writer finishes the record
    out.flush();
    const auto second = logdir->index({}, {});
    QVERIFY2(second.ok() && second.warnings.isEmpty(), qPrintable(describe(second.warnings)));
    QCOMPARE(catalogchecks::totalPoints(second.value), pointsBefore + 1);
    // Only the last record (from its start, where the first read stopped) and the head checked for replacement.
    QCOMPARE(logdir->lastIndexBytesRead(), 256 + full.size() - offsets.back());
    const auto loss2 = logdir->series(QStringLiteral("live"), QStringLiteral("loss"), {});
    QVERIFY(loss2.ok());
    QCOMPARE(loss2.value.size(), loss1.value.size() + 1);
    QCOMPARE(loss2.value.steps.back(), 1998);
}

void TestTensorBoardLogdir::status()
{
    auto logdir = TensorBoardLogdir::fromPath(fixtureDir() + QStringLiteral("/tbx"));
    logdir->setLiveWindowSeconds(0);
    auto result = logdir->index({}, {});
    QVERIFY(result.ok());
    QCOMPARE(result.value.run(QStringLiteral("sweep/seed1"))->status, RunStatus::Finished);
    logdir->setLiveWindowSeconds(1000000000);
    result = logdir->index({}, {});
    QCOMPARE(result.value.run(QStringLiteral("sweep/seed1"))->status, RunStatus::Running);
    QCOMPARE(result.value.run(QStringLiteral("hp"))->status, RunStatus::Finished); // session_end_info SUCCESS
    const Run* root = result.value.run(QStringLiteral("."));
    QVERIFY(root);
    QCOMPARE(root->startTimeMs.value_or(0), qint64(1700000000000));
    QVERIFY(root->endTimeMs.value_or(0) > qint64(1700000000000)); // the file_version event has the real time
}

void TestTensorBoardLogdir::openingChangesNothing()
{
    const QByteArray before = treeHash(fixtureDir());
    auto logdir = TensorBoardLogdir::fromPath(fixtureDir() + QStringLiteral("/tbx"));
    QVERIFY(logdir->index({}, {}).ok());
    QVERIFY(logdir->series(QStringLiteral("resumed"), QStringLiteral("loss"), {}).ok());
    QCOMPARE(treeHash(fixtureDir()), before);
}

void TestTensorBoardLogdir::factory()
{
    auto opened = SourceFactory::open(fixtureDir() + QStringLiteral("/tbx"));
    QVERIFY2(opened.source, qPrintable(opened.error));
    QCOMPARE(opened.source->info().kind, QStringLiteral("tensorboard"));

    const QString spec = QStringLiteral("sweep:") + fixtureDir() + QStringLiteral("/tbx/sweep,dt:") + fixtureDir()
        + QStringLiteral("/tbwriter");
    opened = SourceFactory::open(spec);
    QVERIFY2(opened.source, qPrintable(opened.error));
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    QStringList ids;
    for (const Run& r : result.value.runs)
        ids << r.runId;
    ids.sort();
    QCOMPARE(ids,
        (QStringList { QStringLiteral("dt/dtypes"), QStringLiteral("sweep/seed1"), QStringLiteral("sweep/seed2") }));
    QCOMPARE(result.value.experiments.size(), 2);
    QVERIFY(opened.source->series(QStringLiteral("dt/dtypes"), QStringLiteral("typed/int8"), {}).ok());

    QVERIFY(!SourceFactory::open(QStringLiteral("a:/nonexistent,a:/other")).source);
    // An MLflow store stays an MLflow store.
    opened = SourceFactory::open(QStringLiteral(RUNLENS_FIXTURE_DIR "/mlflow3-file/mlruns"));
    QVERIFY2(opened.source, qPrintable(opened.error));
    QCOMPARE(opened.source->info().kind, QStringLiteral("mlflow-files"));
}

QTEST_GUILESS_MAIN(TestTensorBoardLogdir)
#include "tst_tensorboardlogdir.moc"
