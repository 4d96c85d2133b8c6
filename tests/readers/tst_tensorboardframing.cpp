#include "tensorboard/crc32c.h"
#include "tensorboard/tfrecordreader.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

QByteArray le64(quint64 v)
{
    QByteArray b(8, '\0');
    for (int i = 0; i < 8; ++i)
        b[i] = static_cast<char>((v >> (8 * i)) & 0xffu);
    return b;
}

QByteArray le32(quint32 v) { return le64(v).left(4); }

QByteArray header(quint64 length)
{
    const QByteArray len = le64(length);
    return len + le32(Crc32c::masked(len.constData(), 8));
}

QByteArray record(const QByteArray& payload)
{
    return header(static_cast<quint64>(payload.size())) + payload
        + le32(Crc32c::masked(payload.constData(), static_cast<std::size_t>(payload.size())));
}

const QByteArray kA = QByteArrayLiteral("first payload");
const QByteArray kB = QByteArrayLiteral("second, a little longer payload");
const QByteArray kC = QByteArrayLiteral("third");

QByteArray threeRecords() { return record(kA) + record(kB) + record(kC); }

qint64 secondOffset() { return record(kA).size(); }

} // namespace

class TestTensorBoardFraming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownVectors_data();
    void knownVectors();
    void hardwareMatchesTable();
    void framing_data();
    void framing();
    void piecewise_data() { framing_data(); }
    void piecewise();
};

void TestTensorBoardFraming::knownVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("masked");
    QTest::addColumn<quint32>("expected");
    // reference/tensorboard.md §1.3 (RFC 3720 §B.4, tf_record.rs, masked_crc.rs) and the usual check value.
    QTest::addRow("32 zero bytes") << QByteArray(32, '\0') << false << 0x8a9136aau;
    QTest::addRow("check value 123456789") << QByteArrayLiteral("123456789") << false << 0xe3069283u;
    QTest::addRow("empty input") << QByteArray() << false << 0x0u;
    QTest::addRow("length field 24") << le64(24) << true << 0x224b7fa3u;
    QTest::addRow("CRC test payload") << QByteArrayLiteral("\x1a\x11"
                                                           "CRC test, one two")
                                      << true << 0x5794d08au;
    QTest::addRow("CRC test payload raw") << QByteArrayLiteral("\x1a\x11"
                                                               "CRC test, one two")
                                          << false << 0xf2d95a88u;
    QTest::addRow("first record payload")
        << QByteArray::fromHex("0900008038 99d6d741 1a0d") + QByteArrayLiteral("brain.Event:2") << true << 0xab364b12u;
}

void TestTensorBoardFraming::knownVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, masked);
    QFETCH(quint32, expected);
    const auto size = static_cast<std::size_t>(input.size());
    const auto apply = [&](std::uint32_t crc) { return masked ? Crc32c::mask(crc) : crc; };
    QCOMPARE(apply(Crc32c::computeTable(input.constData(), size)), expected);
    QCOMPARE(apply(Crc32c::compute(input.constData(), size)), expected);
    if (!Crc32c::hasHardware())
        QSKIP("no SSE4.2 on this CPU: the table path is the only one");
    QCOMPARE(apply(Crc32c::computeHardware(input.constData(), size)), expected);
}

void TestTensorBoardFraming::hardwareMatchesTable()
{
    if (!Crc32c::hasHardware())
        QSKIP("no SSE4.2 on this CPU");
    QRandomGenerator rng(42);
    QByteArray buffer(4096 + 16, '\0');
    for (char& c : buffer)
        c = static_cast<char>(rng.bounded(256));
    // Every length up to 300 at every alignment mod 8: the 8-byte loop, its tail and unaligned starts.
    for (int start = 0; start < 8; ++start) {
        for (int len = 0; len <= 300; ++len) {
            const char* p = buffer.constData() + start;
            QCOMPARE(Crc32c::computeHardware(p, static_cast<std::size_t>(len)),
                Crc32c::computeTable(p, static_cast<std::size_t>(len)));
            // The per-record call: a header's 8 bytes and the payload after them, both masked.
            std::uint32_t header = 0;
            std::uint32_t data = 0;
            Crc32c::maskedRecord(p, p + 8, static_cast<std::size_t>(len), &header, &data);
            QCOMPARE(header, Crc32c::mask(Crc32c::computeTable(p, 8)));
            QCOMPARE(data, Crc32c::mask(Crc32c::computeTable(p + 8, static_cast<std::size_t>(len))));
        }
    }
    QCOMPARE(Crc32c::computeHardware(buffer.constData(), 4096), Crc32c::computeTable(buffer.constData(), 4096));
    // Long payloads run three interleaved streams joined by polynomial multiplication: lengths around one and
    // several rounds of three 2 KiB streams, with every tail length.
    QByteArray large(100 * 1024 + 16, '\0');
    for (char& c : large)
        c = static_cast<char>(rng.bounded(256));
    for (const int len : { 6143, 6144, 6145, 6151, 6152, 12288, 12300, 20000, 65536 + 7, 100 * 1024 }) {
        const char* p = large.constData() + (len % 8);
        QCOMPARE(Crc32c::computeHardware(p, static_cast<std::size_t>(len)),
            Crc32c::computeTable(p, static_cast<std::size_t>(len)));
    }
}

void TestTensorBoardFraming::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("payloads");
    QTest::addColumn<qint64>("warningOffset"); // -1: no warning expected
    QTest::addColumn<QString>("warningFragment");
    QTest::addColumn<bool>("endsMidRecord");

    const QByteArray clean = threeRecords();
    const qint64 second = secondOffset();
    QTest::addRow("three clean records") << clean << QList<QByteArray> { kA, kB, kC } << qint64(-1) << QString()
                                         << false;
    QTest::addRow("empty file") << QByteArray() << QList<QByteArray> {} << qint64(-1) << QString() << false;
    QTest::addRow("truncated mid-record")
        << clean.left(clean.size() - 3) << QList<QByteArray> { kA, kB } << qint64(-1) << QString() << true;
    QTest::addRow("truncated inside a header")
        << clean.left(second + 5) << QList<QByteArray> { kA } << qint64(-1) << QString() << true;

    QByteArray badLengthCrc = clean;
    badLengthCrc[second + 9] = static_cast<char>(badLengthCrc[second + 9] ^ 0x40);
    QTest::addRow("bad length CRC") << badLengthCrc << QList<QByteArray> { kA, kC } << second
                                    << QStringLiteral("bad length CRC") << false;

    QByteArray badDataCrc = clean;
    badDataCrc[second + 12 + 3] = 'X';
    QTest::addRow("bad data CRC") << badDataCrc << QList<QByteArray> { kA, kC } << second
                                  << QStringLiteral("bad data CRC") << false;

    QByteArray hugeLength = record(kA) + header(quint64(1) << 40) + record(kB).mid(12) + record(kC);
    QTest::addRow("huge length with a valid CRC")
        << hugeLength << QList<QByteArray> { kA, kC } << second << QStringLiteral("implausible record length") << false;

    // A plausible length past the end is a record still being written: no allocation, no warning.
    QTest::addRow("length beyond the end of the file") << record(kA) + header(quint64(1) << 30) + QByteArray(100, 'z')
                                                       << QList<QByteArray> { kA } << qint64(-1) << QString() << true;

    QTest::addRow("foreign file") << QByteArrayLiteral("this is a CSV file,\n1,2,3\n4,5,6\n") << QList<QByteArray> {}
                                  << qint64(0) << QStringLiteral("not a TFRecord event file") << false;

    QByteArray garbageBetween = record(kA) + QByteArrayLiteral("garbage!garbage!") + record(kB);
    QTest::addRow("garbage between records")
        << garbageBetween << QList<QByteArray> { kA, kB } << second << QStringLiteral("bad length CRC") << false;
}

void TestTensorBoardFraming::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, payloads);
    QFETCH(qint64, warningOffset);
    QFETCH(QString, warningFragment);
    QFETCH(bool, endsMidRecord);

    QList<ReadWarning> warnings;
    TfRecordReader reader(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
        QStringLiteral("events.out.tfevents.test"), &warnings);
    QList<QByteArray> got;
    TfRecordReader::Record r;
    while (reader.next(r))
        got << QByteArray(r.payload.data(), static_cast<qsizetype>(r.payload.size()));
    QCOMPARE(got, payloads);
    QCOMPARE(reader.endsMidRecord(), endsMidRecord);
    if (warningOffset < 0) {
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.value(0).toString()));
    } else {
        QVERIFY(!warnings.isEmpty());
        const ReadWarning& w = warnings.front();
        QCOMPARE(w.location, warningOffset);
        QCOMPARE(w.where, ReadWarning::Where::ByteOffset);
        QVERIFY2(w.message.contains(warningFragment), qPrintable(w.toString()));
        QVERIFY(w.file.contains(QStringLiteral("tfevents")));
    }
}

// A file read in two pieces (a chunk boundary, or a poll before a writer's append) yields the same records and the
// same warnings at the same offsets as reading it whole, wherever the split falls: in a header, a payload, or in
// damage the reader is scanning past.
void TestTensorBoardFraming::piecewise()
{
    QFETCH(QByteArray, bytes);
    const auto walk = [](const QByteArray& all, qsizetype split, QList<ReadWarning>& warnings) {
        QList<QPair<qint64, QByteArray>> got;
        const QString name = QStringLiteral("events.out.tfevents.test");
        TfRecordReader first(std::string_view(all.constData(), static_cast<std::size_t>(split)), name, &warnings);
        TfRecordReader::Record r;
        while (first.next(r))
            got.append({ r.offset, QByteArray(r.payload.data(), static_cast<qsizetype>(r.payload.size())) });
        const qint64 resume = first.resumeOffset();
        TfRecordReader second(std::string_view(all.constData() + resume, static_cast<std::size_t>(all.size() - resume)),
            name, &warnings, resume, first.lostFraming());
        while (second.next(r))
            got.append({ r.offset, QByteArray(r.payload.data(), static_cast<qsizetype>(r.payload.size())) });
        return got;
    };
    QList<ReadWarning> wholeWarnings;
    const auto whole = walk(bytes, bytes.size(), wholeWarnings);
    for (qsizetype split = 0; split <= bytes.size(); ++split) {
        QList<ReadWarning> warnings;
        const auto pieces = walk(bytes, split, warnings);
        QCOMPARE(pieces, whole);
        QCOMPARE(warnings.size(), wholeWarnings.size());
        for (qsizetype i = 0; i < warnings.size(); ++i) {
            QCOMPARE(warnings[i].location, wholeWarnings[i].location);
            QCOMPARE(warnings[i].message, wholeWarnings[i].message);
        }
    }
}

QTEST_GUILESS_MAIN(TestTensorBoardFraming)
#include "tst_tensorboardframing.moc"
