#include "chartdatacsv.h"
#include "csvexportjob.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <cmath>
#include <limits>
#include <random>

using namespace Qt::StringLiterals;

namespace {

MetricSeriesPtr series(std::uint32_t seed, std::size_t n)
{
    auto s = std::make_shared<MetricSeries>();
    s->key = u"loss"_s;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> value(-1e6, 1e6);
    for (std::size_t i = 0; i < n; ++i) {
        double v = value(rng) / (1.0 + static_cast<double>(i % 97)); // digits that need all 17 places
        if (i % 10007 == 5)
            v = std::numeric_limits<double>::quiet_NaN();
        if (i % 20011 == 7)
            v = -std::numeric_limits<double>::infinity();
        s->append(static_cast<std::int64_t>(i) * 3 - 5, 1'700'000'000'000 + static_cast<std::int64_t>(i) * 17, v);
    }
    return s;
}

QVector<ChartDataCsv::Series> data()
{
    return { { u"run-a"_s, u"seed, 1"_s, series(1, 120'000) }, { u"run-b"_s, u"say \"b\""_s, series(2, 80'000) },
        { u"run-c"_s, u"c"_s, nullptr } };
}

// Every row parsed back: the streamed text must be the data, point for point, in order, with exact values.
void checkRows(const QByteArray& csv, const QVector<ChartDataCsv::Series>& expected)
{
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.front(), QByteArray("run_id,run_name,step,timestamp_ms,value"));
    QCOMPARE(lines.back(), QByteArray()); // ends with a newline, no partial last row
    qsizetype row = 1;
    for (const ChartDataCsv::Series& s : expected) {
        if (!s.data)
            continue;
        for (std::size_t i = 0; i < s.data->size(); ++i, ++row) {
            const QByteArray& line = lines[row];
            const qsizetype valueAt = line.lastIndexOf(',');
            const qsizetype timeAt = line.lastIndexOf(',', valueAt - 1);
            const qsizetype stepAt = line.lastIndexOf(',', timeAt - 1);
            QVERIFY2(line.startsWith(QByteArray(s.runId.toUtf8() + ',')), line.constData());
            QCOMPARE(line.mid(stepAt + 1, timeAt - stepAt - 1).toLongLong(), s.data->steps[i]);
            QCOMPARE(line.mid(timeAt + 1, valueAt - timeAt - 1).toLongLong(), s.data->timestampsMs[i]);
            const QByteArray text = line.mid(valueAt + 1);
            const double want = s.data->values[i];
            if (std::isnan(want))
                QCOMPARE(text, QByteArray("nan"));
            else if (std::isinf(want))
                QCOMPARE(text, want > 0 ? QByteArray("inf") : QByteArray("-inf"));
            else
                QCOMPARE(std::strtod(text.constData(), nullptr), want); // exact: the shortest round-trip text
        }
    }
    QCOMPARE(row, lines.size() - 1);
}

} // namespace

// A chart's data exported as CSV: written in pieces (never all in memory), with progress, cancellable, and through
// a QSaveFile so a cancelled or failed export never leaves half a file.
class TestCsvExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streamsEveryRowExactly();
    void progressReachesTheTotal();
    void cancelLeavesTheOldFile();
    void jobWritesOffTheGuiThread();
    void jobReportsAnUnwritablePath();
};

void TestCsvExport::streamsEveryRowExactly()
{
    const auto d = data();
    const QByteArray csv = ChartDataCsv::write(d);
    QVERIFY(csv.size() > 3 * (1 << 20)); // several pieces
    QVERIFY(csv.contains(",\"seed, 1\",") && csv.contains(",\"say \"\"b\"\"\","));
    checkRows(csv, d);
}

void TestCsvExport::progressReachesTheTotal()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QList<qint64> seen;
    QVERIFY(ChartDataCsv::write(data(), buffer, [&](qint64 done, qint64 total) {
        seen << done;
        return total == 200'000;
    }));
    QVERIFY(seen.size() >= 3);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), qint64(200'000));
}

void TestCsvExport::cancelLeavesTheOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"loss.csv"_s);
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the user's earlier export\n");
    }
    QSaveFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    int calls = 0;
    QVERIFY(!ChartDataCsv::write(data(), file, [&](qint64, qint64) { return ++calls < 2; }));
    QCOMPARE(calls, 2); // stopped at once, not at the end
    file.cancelWriting();
    QVERIFY(!file.commit());
    QFile check(path);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("the user's earlier export\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left behind
}

void TestCsvExport::jobWritesOffTheGuiThread()
{
    QWidget window;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"export.csv"_s);
    const auto d = data();
    CsvExportJob* job = CsvExportJob::start(&window, path, d);
    QSignalSpy finished(job, &CsvExportJob::finished);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.front().at(0).toBool(), false);
    QCOMPARE(finished.front().at(1).toString(), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    checkRows(file.readAll(), d);
}

void TestCsvExport::jobReportsAnUnwritablePath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no/such/folder/export.csv"_s);
    CsvExportJob* job = CsvExportJob::start(nullptr, path, data()); // no window: no message box
    QSignalSpy finished(job, &CsvExportJob::finished);
    QVERIFY(finished.wait(60'000));
    QVERIFY2(finished.front().at(1).toString().contains(path), qPrintable(finished.front().at(1).toString()));
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
