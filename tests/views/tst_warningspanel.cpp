#include "warningspanel.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestWarningsPanel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void where_data();
    void where();
    void countAndSignal();
    void filter_data();
    void filter();
    void sortsWhereNumerically();
    void copyAll();
    void screenshot();
};

namespace {

const QString fileStore = u"file:///data/mlruns"_s;

QList<ReadWarning> sampleWarnings()
{
    return {
        ReadWarning::atLine(
            u"/data/mlruns/1/3f2a9c0e/metrics/train/loss"_s, 10, u"expected 'timestamp value step', got 'nan 0.5'"_s),
        ReadWarning::atLine(u"/data/mlruns/1/3f2a9c0e/metrics/train/loss"_s, 9, u"timestamp is not an integer"_s),
        ReadWarning::at(u"/data/mlruns/1/77ab01cd/meta.yaml"_s, u"missing run_uuid; run skipped"_s),
        ReadWarning::atOffset(u"/data/tb/events.out.tfevents.1714000000.host"_s, 4096,
            u"record CRC mismatch; rest of the file skipped"_s),
        ReadWarning::atLine(u"/data/mlruns/2/params/lr"_s, 1, u"param value has a trailing newline"_s),
    };
}

QStringList columnTexts(const QAbstractItemModel* model, int column)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row)
        texts.append(model->index(row, column).data().toString());
    return texts;
}

} // namespace

void TestWarningsPanel::where_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("location");
    QTest::addColumn<QString>("text");

    QTest::addRow("line") << int(ReadWarning::Where::Line) << qint64(12) << u"line 12"_s;
    QTest::addRow("byte offset") << int(ReadWarning::Where::ByteOffset) << qint64(4096) << u"byte 4096"_s;
    QTest::addRow("nowhere") << int(ReadWarning::Where::Nowhere) << qint64(-1) << QString();
}

void TestWarningsPanel::where()
{
    QFETCH(int, kind);
    QFETCH(qint64, location);
    QFETCH(QString, text);

    ReadWarning w = ReadWarning::at(u"f"_s, u"m"_s);
    w.where = static_cast<ReadWarning::Where>(kind);
    w.location = location;
    QCOMPARE(WarningsPanel::whereText(w), text);

    WarningsPanel panel;
    panel.addWarnings(u"src"_s, { w });
    QCOMPARE(panel.model()->index(0, WarningsPanel::WhereColumn).data().toString(), text);
}

void TestWarningsPanel::countAndSignal()
{
    WarningsPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy spy(&panel, &WarningsPanel::countChanged);
    QCOMPARE(panel.count(), 0);

    panel.addWarnings(fileStore, sampleWarnings());
    QCOMPARE(panel.count(), 5);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 5);

    panel.addWarnings(fileStore, {}); // nothing new: no signal
    QCOMPARE(spy.size(), 1);

    panel.addError(u"http://127.0.0.1:5000"_s, u"connection refused"_s);
    QCOMPARE(panel.count(), 6);
    QCOMPARE(panel.errorCount(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 6);
    QCOMPARE(panel.model()->index(5, WarningsPanel::ProblemColumn).data().toString(), u"connection refused"_s);
    QCOMPARE(panel.model()->index(5, WarningsPanel::SourceColumn).data().toString(), u"http://127.0.0.1:5000"_s);

    panel.clear();
    QCOMPARE(panel.count(), 0);
    QCOMPARE(panel.errorCount(), 0);
    QCOMPARE(spy.last().at(0).toInt(), 0);
    QCOMPARE(panel.model()->rowCount(), 0);
}

void TestWarningsPanel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("shown");

    QTest::addRow("no filter") << QString() << 5;
    QTest::addRow("file name") << u"meta.yaml"_s << 1;
    QTest::addRow("problem, any case") << u"TIMESTAMP"_s << 2;
    QTest::addRow("where column") << u"byte"_s << 1;
    QTest::addRow("source column") << u"mlruns"_s << 5;
    QTest::addRow("nothing matches") << u"zebra"_s << 0;
}

void TestWarningsPanel::filter()
{
    QFETCH(QString, text);
    QFETCH(int, shown);

    WarningsPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.addWarnings(fileStore, sampleWarnings());
    panel.findChild<QLineEdit*>(u"filter"_s)->setText(text);
    QCOMPARE(panel.model()->rowCount(), shown);
    QCOMPARE(panel.count(), 5); // filtering hides rows, it does not remove problems
}

void TestWarningsPanel::sortsWhereNumerically()
{
    WarningsPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.addWarnings(fileStore, sampleWarnings());
    auto* view = panel.findChild<QTableView*>(u"problems"_s);
    view->sortByColumn(WarningsPanel::WhereColumn, Qt::AscendingOrder);
    // Unlocated first, lines numerically (9 before 10, unlike text), byte offsets last.
    QCOMPARE(columnTexts(panel.model(), WarningsPanel::WhereColumn),
        QStringList({ QString(), u"line 1"_s, u"line 9"_s, u"line 10"_s, u"byte 4096"_s }));
    view->sortByColumn(WarningsPanel::FileColumn, Qt::DescendingOrder);
    QCOMPARE(panel.model()->index(0, WarningsPanel::FileColumn).data().toString(),
        u"/data/tb/events.out.tfevents.1714000000.host"_s);
}

void TestWarningsPanel::copyAll()
{
    WarningsPanel panel;
    panel.addWarnings(u"store"_s, { ReadWarning::atLine(u"a.txt"_s, 3, u"bad\tvalue"_s) });
    panel.addError(u"server"_s, u"timed out"_s);
    panel.findChild<QPushButton*>(u"copyAll"_s)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(),
        u"Source\tFile\tWhere\tProblem\nstore\ta.txt\tline 3\tbad value\nserver\t\t\ttimed out\n"_s);
    panel.setFilterText(u"server"_s);
    QCOMPARE(panel.shownAsText(), u"Source\tFile\tWhere\tProblem\nserver\t\t\ttimed out\n"_s);
}

void TestWarningsPanel::screenshot()
{
    WarningsPanel panel;
    panel.addWarnings(u"mlruns (file store)"_s, sampleWarnings());
    panel.addError(u"http://127.0.0.1:5000"_s, u"Could not connect: connection refused"_s);
    panel.resize(900, 260);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::qWait(20);
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(panel.grab().save(dir + u"/warningspanel.png"_s));
    panel.setFilterText(u"line"_s);
    QTest::qWait(20);
    QVERIFY(panel.grab().save(dir + u"/warningspanel_filtered.png"_s));
}

QTEST_MAIN(TestWarningsPanel)
#include "tst_warningspanel.moc"
