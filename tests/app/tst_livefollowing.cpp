#include "chartgrid.h"
#include "livewatcher.h"
#include "mainwindow.h"
#include "metricchart.h"
#include "runtablemodel.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLogdirs = QStringLiteral(RUNLENS_FIXTURE_DIR "/tensorboard/tbx");

bool copyRun(const QString& from, const QString& to, const QString& suffix = {})
{
    QDir().mkpath(to);
    const QStringList files = QDir(from).entryList(QDir::Files);
    for (const QString& f : files) {
        if (!QFile::copy(from + u'/' + f, to + u'/' + f + suffix))
            return false;
    }
    return !files.isEmpty();
}

} // namespace

// A TensorBoard logdir being written: new runs and new points appear in the open table and chart without a reload,
// and the user's selection stays.
class TestLiveFollowing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void newRunsAndPointsAppear();
};

void TestLiveFollowing::newRunsAndPointsAppear()
{
    QVERIFY2(QDir(kLogdirs).exists(), "TensorBoard fixture missing (ctest runs fixtures/tb-logdirs first)");
    QTemporaryDir tmp;
    const QString logdir = tmp.path() + QStringLiteral("/logs");
    QVERIFY(copyRun(kLogdirs + QStringLiteral("/sweep/seed1"), logdir + QStringLiteral("/seed1")));

    MainWindow w;
    w.liveWatcher()->setInterval(100);
    w.show();
    w.openSource(logdir);
    QTRY_COMPARE_WITH_TIMEOUT(w.runModel()->rowCount(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(w.isIdle(), 20000);
    w.selectFirstRuns(1);
    QTRY_VERIFY_WITH_TIMEOUT(
        w.isIdle() && w.chartGrid()->currentChart() && !w.chartGrid()->currentChart()->isShowingPlaceholder(), 20000);
    const QString metric = w.chartGrid()->currentKey();
    QVERIFY(!metric.isEmpty());
    MetricChart* chart = w.chartGrid()->chartFor(metric);
    const qint64 pointsBefore = chart->rawPointCount();
    QVERIFY(pointsBefore > 0);

    // A second run starts writing.
    QVERIFY(copyRun(kLogdirs + QStringLiteral("/sweep/seed2"), logdir + QStringLiteral("/seed2")));
    QTRY_COMPARE_WITH_TIMEOUT(w.runModel()->rowCount(), 2, 20000);

    // The first run writes more points (a later event file in its folder).
    QVERIFY(copyRun(kLogdirs + QStringLiteral("/sweep/seed2"), logdir + QStringLiteral("/seed1"), QStringLiteral(".zz")));
    QTRY_VERIFY_WITH_TIMEOUT(chart->rawPointCount() > pointsBefore, 20000);
    QCOMPARE(w.chartGrid()->chartFor(metric), chart); // the same chart, fed again: zoom and place kept
    QCOMPARE(w.runModel()->rowCount(), 2);
}

QTEST_MAIN(TestLiveFollowing)
#include "tst_livefollowing.moc"
