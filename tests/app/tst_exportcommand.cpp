#include "clirunner.h"
#include "expectedstore.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

int runCli(const QStringList& args, QByteArray* errors = nullptr)
{
    const CliOutput o = CliRunner::run(args);
    if (errors)
        *errors = o.err;
    return o.exitCode;
}

const nlohmann::json& runNamed(const ExpectedStore& store, const std::string& name)
{
    for (const auto& r : store.json().at("runs")) {
        if (r.at("run_name") == name)
            return r;
    }
    static const nlohmann::json none;
    return none;
}

QString idOf(const ExpectedStore& store, const char* name)
{
    return QString::fromStdString(runNamed(store, name).at("run_id").get<std::string>());
}

double parseValue(const QString& text)
{
    if (text == u"nan")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == u"inf" || text == u"-inf")
        return text.startsWith(u'-') ? -std::numeric_limits<double>::infinity()
                                     : std::numeric_limits<double>::infinity();
    return text.toDouble();
}

} // namespace

class TestExportCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvIsTheSourceData_data();
    void csvIsTheSourceData();
    void png();
    void svgAndPdf();
    void errors();

private:
    QTemporaryDir m_dir;
};

void TestExportCommand::initTestCase() { QVERIFY(m_dir.isValid()); }

void TestExportCommand::csvIsTheSourceData_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("metric");
    QTest::addRow("two runs, 1000 points each")
        << QStringList { u"resnet-seed5"_s, u"resnet-seed2"_s } << u"train loss"_s;
    QTest::addRow("nan and inf") << QStringList { u"special-values"_s } << u"weird"_s;
    QTest::addRow("out of order steps") << QStringList { u"special-values"_s } << u"out_of_order"_s;
    QTest::addRow("three runs, one metric")
        << QStringList { u"resnet-seed0"_s, u"special-values"_s, u"child-a"_s } << u"accuracy"_s;
}

void TestExportCommand::csvIsTheSourceData()
{
    QFETCH(QStringList, names);
    QFETCH(QString, metric);
    const ExpectedStore expected(u"mlflow3-file"_s);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    QStringList ids;
    for (const QString& name : names)
        ids << idOf(expected, name.toUtf8().constData());
    const QString path = m_dir.filePath(u"data.csv"_s);
    QByteArray errors;
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, ids.join(u','), u"--metric"_s, metric, u"-o"_s, path,
                        u"--smoothing"_s, u"0.9"_s },
                 &errors),
        0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.front(), QByteArray("run_id,run_name,step,timestamp_ms,value"));
    qsizetype line = 1;
    for (const QString& name : names) {
        const nlohmann::json& run = runNamed(expected, name.toStdString());
        // Every logged point, in the source's order, unsmoothed: what the chart draws from, not what it draws.
        for (const auto& point : run.at("histories").at(metric.toStdString())) {
            const QStringList fields = QString::fromUtf8(lines.value(line++)).split(u',');
            QCOMPARE(fields.size(), 5);
            QCOMPARE(fields[0], QString::fromStdString(run.at("run_id").get<std::string>()));
            QCOMPARE(fields[1], name);
            QCOMPARE(fields[2].toLongLong(), point.at(0).get<qint64>());
            QCOMPARE(fields[3].toLongLong(), point.at(1).get<qint64>());
            QVERIFY2(sameMetricValue(point.at(2), parseValue(fields[4])), qPrintable(fields[4]));
        }
    }
    QCOMPARE(lines.value(line), QByteArray()); // the final newline, nothing after it
    QCOMPARE(lines.size(), line + 1);
}

void TestExportCommand::png()
{
    const ExpectedStore expected(u"mlflow3-file"_s);
    const QString ids = idOf(expected, "resnet-seed5") + u',' + idOf(expected, "resnet-seed2");
    const QString path = m_dir.filePath(u"chart.png"_s);
    QByteArray errors;
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, ids, u"--metric"_s, u"train loss"_s, u"--log"_s,
                        u"--smoothing"_s, u"0.9"_s, u"--size"_s, u"800x500"_s, u"--dpi"_s, u"192"_s, u"-o"_s, path },
                 &errors),
        0);
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1600, 1000)); // 192 dpi: twice the pixels
    // Not blank: a good share of non-white pixels, in the runs' colours as well as greys.
    qsizetype inked = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb p = image.pixel(x, y);
            if (qRed(p) < 240 || qGreen(p) < 240 || qBlue(p) < 240)
                ++inked;
            colours.insert(p);
        }
    }
    QVERIFY2(inked > 2000, qPrintable(QString::number(inked)));
    QVERIFY(colours.size() > 20);
    QDir().mkpath(QStringLiteral(RUNLENS_BINARY_DIR "/screenshots"));
    QFile::remove(QStringLiteral(RUNLENS_BINARY_DIR "/screenshots/export_train_loss.png"));
    QVERIFY(QFile::copy(path, QStringLiteral(RUNLENS_BINARY_DIR "/screenshots/export_train_loss.png")));
}

void TestExportCommand::svgAndPdf()
{
    const ExpectedStore expected(u"mlflow3-file"_s);
    const QString ids = idOf(expected, "resnet-seed5") + u',' + idOf(expected, "resnet-seed2");
    const QString svgPath = m_dir.filePath(u"chart.svg"_s), pdfPath = m_dir.filePath(u"chart.pdf"_s);
    for (const QString& path : { svgPath, pdfPath }) {
        QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, ids, u"--metric"_s, u"train loss"_s, u"--x"_s,
                     u"relative"_s, u"-o"_s, path }),
            0);
    }
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    int paths = 0;
    bool root = false;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            root = root || xml.name() == u"svg";
            paths += xml.name() == u"path" || xml.name() == u"polyline";
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(root);
    QVERIFY2(paths > 10, qPrintable(QString::number(paths)));
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY2(bytes.size() > 10'000, qPrintable(QString::number(bytes.size())));
    QVERIFY(bytes.trimmed().endsWith("%%EOF"));
}

void TestExportCommand::errors()
{
    const ExpectedStore expected(u"mlflow3-file"_s);
    const QString id = idOf(expected, "resnet-seed5");
    const QString out = m_dir.filePath(u"x.png"_s);
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--metric"_s, u"train loss"_s, u"-o"_s, out }), 2); // no --runs
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, id, u"--metric"_s, u"nope"_s, u"-o"_s, out }), 1);
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, id, u"--metric"_s, u"train loss"_s, u"-o"_s,
                 m_dir.filePath(u"x.gif"_s) }),
        2);
    QCOMPARE(runCli({ u"export"_s, expected.uri(), u"--runs"_s, id, u"--metric"_s, u"train loss"_s, u"--smoothing"_s,
                 u"2"_s, u"-o"_s, out }),
        2);
}

QTEST_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
