#include "experiment.h"
#include "run.h"
#include "rundetailsview.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QtTest>

#include <limits>

using namespace Qt::StringLiterals;

class TestRunDetailsView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyShowsPrompt();
    void header_data();
    void header();
    void durations_data();
    void durations();
    void descriptionIsMarkdown();
    void paramsAndMetrics();
    void systemTagsToggle();
    void copySelectedCells();
    void screenshots();
};

namespace {

constexpr qint64 kStartMs = 1'714'000'000'000;

Run sampleRun()
{
    Run run;
    run.runId = u"3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"_s;
    run.experimentId = u"1"_s;
    run.status = RunStatus::Finished;
    run.startTimeMs = kStartMs;
    run.endTimeMs = kStartMs + 5'000'000;
    run.artifactUri = u"file:///home/ana/mlruns/1/3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b/artifacts"_s;
    run.params = { { u"lr"_s, u"0.0003"_s }, { u"batch_size"_s, u"256"_s }, { u"optimizer"_s, u"adamw"_s },
        { u"epochs"_s, u"90"_s }, { u"model"_s, u"resnet50"_s }, { u"weight_decay"_s, u"0.05"_s },
        { u"warmup_steps"_s, u"2000"_s } };
    run.tags = { { u"team"_s, u"vision"_s }, { u"dataset"_s, u"imagenet-1k"_s },
        { u"mlflow.runName"_s, u"resnet50-lr3e-4"_s }, { u"mlflow.user"_s, u"ana"_s },
        { u"mlflow.source.name"_s, u"/home/ana/src/vision/train.py"_s }, { u"mlflow.source.type"_s, u"LOCAL"_s },
        { u"mlflow.source.git.commit"_s, u"9fceb02d0ae598e95dc970b74767f19372d61af8"_s },
        { u"mlflow.parentRunId"_s, u"7c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f"_s },
        { u"mlflow.note.content"_s,
            u"## Baseline\n\nResNet-50 with **AdamW** and a cosine schedule; the first run of the sweep.\n\n"
            "- lr 3e-4, batch 256\n- 90 epochs on 8 GPUs\n\nSee [the paper](https://arxiv.org/abs/1512.03385)."_s } };
    run.adoptWellKnownTags();
    MetricSummary loss;
    loss.latest = 0.1523;
    loss.latestStep = 99'999;
    loss.min = 0.149;
    loss.max = 2.41;
    loss.count = 100'000;
    MetricSummary acc;
    acc.latest = 0.7712;
    acc.latestStep = 90;
    acc.min = 0.001;
    acc.max = 0.7731;
    acc.count = 91;
    MetricSummary lr; // as the SQLite store gives it: latest only
    lr.latest = 10;
    lr.latestStep = 99'999;
    MetricSummary grad;
    grad.latest = std::numeric_limits<double>::quiet_NaN();
    grad.latestStep = 12;
    grad.min = 2.5;
    grad.max = 2.5;
    grad.count = 13;
    run.metrics = { { u"train/loss"_s, loss }, { u"val/acc"_s, acc }, { u"lr"_s, lr }, { u"grad_norm"_s, grad } };
    return run;
}

Experiment sampleExperiment()
{
    Experiment e;
    e.experimentId = u"1"_s;
    e.name = u"imagenet-baselines"_s;
    return e;
}

QStringList column(const QTableWidget* table, int c)
{
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts.append(table->item(row, c)->text());
    return texts;
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    QTest::qWait(20);
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(dir + u"/rundetailsview_"_s + name + u".png"_s));
}

} // namespace

void TestRunDetailsView::emptyShowsPrompt()
{
    RunDetailsView view;
    QVERIFY(!view.hasRun());
    const Run run = sampleRun();
    view.setRun(&run, nullptr);
    QVERIFY(view.hasRun());
    view.setRun(nullptr, nullptr);
    QVERIFY(!view.hasRun());
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    bool prompt = false;
    for (const QLabel* label : view.findChildren<QLabel*>())
        prompt = prompt || (label->isVisible() && label->text() == u"Select a run");
    QVERIFY(prompt);
    QCOMPARE(view.findChild<QTableWidget*>(u"params"_s)->rowCount(), 0);
}

void TestRunDetailsView::header_data()
{
    QTest::addColumn<RunStatus>("status");
    QTest::addColumn<bool>("deleted");
    QTest::addColumn<bool>("ended");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<QString>("duration");

    QTest::addRow("finished run") << RunStatus::Finished << false << true << u"FINISHED"_s << u"1 h 23 min 20 s"_s;
    QTest::addRow("running run") << RunStatus::Running << false << false << u"RUNNING"_s << u"still running"_s;
    QTest::addRow("failed run") << RunStatus::Failed << false << true << u"FAILED"_s << u"1 h 23 min 20 s"_s;
    QTest::addRow("deleted run") << RunStatus::Killed << true << true << u"KILLED · deleted"_s << u"1 h 23 min 20 s"_s;
    QTest::addRow("run without end") << RunStatus::Unknown << false << false << u"UNKNOWN"_s << u"—"_s;
}

void TestRunDetailsView::header()
{
    QFETCH(RunStatus, status);
    QFETCH(bool, deleted);
    QFETCH(bool, ended);
    QFETCH(QString, statusText);
    QFETCH(QString, duration);

    Run run = sampleRun();
    run.status = status;
    run.deleted = deleted;
    if (!ended)
        run.endTimeMs.reset();
    const Experiment experiment = sampleExperiment();
    RunDetailsView view;
    view.setRun(&run, &experiment);

    QCOMPARE(view.fieldText(u"Name"_s), u"resnet50-lr3e-4"_s);
    QCOMPARE(view.fieldText(u"Status"_s), statusText);
    QCOMPARE(view.fieldText(u"Duration"_s), duration);
    QCOMPARE(view.fieldText(u"Run ID"_s), run.runId);
    QCOMPARE(view.fieldText(u"Experiment"_s), u"imagenet-baselines (1)"_s);
    QCOMPARE(view.fieldText(u"User"_s), u"ana"_s);
    QCOMPARE(view.fieldText(u"Start"_s),
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(kStartMs), u"yyyy-MM-dd HH:mm:ss"_s));
    QCOMPARE(view.fieldText(u"Source"_s), u"/home/ana/src/vision/train.py"_s);
    QCOMPARE(view.fieldText(u"Git commit"_s), u"9fceb02d0ae598e95dc970b74767f19372d61af8"_s);
    QCOMPARE(view.fieldText(u"Parent run"_s), u"7c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f"_s);
    QCOMPARE(view.fieldText(u"Artifact URI"_s), run.artifactUri);
    Run parent;
    parent.runId = run.parentRunId;
    parent.name = u"sweep-parent"_s;
    view.setRun(&run, &experiment, &parent); // a known parent is named
    QCOMPARE(view.fieldText(u"Parent run"_s), u"sweep-parent (7c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f)"_s);
    // Header values are selectable, so they can be copied.
    const auto* id = view.findChild<QLabel*>(u"Run ID"_s);
    QVERIFY(id->textInteractionFlags() & Qt::TextSelectableByMouse);
}

void TestRunDetailsView::durations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");

    QTest::addRow("quarter second") << qint64(250) << u"0.25 s"_s;
    QTest::addRow("seconds") << qint64(42'500) << u"42.5 s"_s;
    QTest::addRow("minutes") << qint64(125'000) << u"2 min 05 s"_s;
    QTest::addRow("hours") << qint64(5'000'000) << u"1 h 23 min 20 s"_s;
    QTest::addRow("days") << qint64(200'000'000) << u"2 d 7 h 33 min"_s;
    QTest::addRow("negative (clock skew)") << qint64(-5) << u"—"_s;
}

void TestRunDetailsView::durations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(RunDetailsView::formatDuration(ms), text);
}

void TestRunDetailsView::descriptionIsMarkdown()
{
    const Run run = sampleRun();
    RunDetailsView view;
    view.setRun(&run, nullptr);
    const auto* browser = view.findChild<QTextBrowser*>(u"description"_s);
    QVERIFY(browser->isReadOnly());
    const QString plain = browser->toPlainText();
    QVERIFY2(plain.contains(u"Baseline"_s) && !plain.contains(u"##"_s), qPrintable(plain));
    QVERIFY2(plain.contains(u"AdamW"_s) && !plain.contains(u"**"_s), qPrintable(plain));
    QVERIFY(browser->toHtml().contains(u"href=\"https://arxiv.org/abs/1512.03385\""_s));

    Run plainRun = run;
    plainRun.tags.remove(u"mlflow.note.content"_s);
    view.setRun(&plainRun, nullptr);
    QVERIFY(browser->toPlainText().isEmpty());
}

void TestRunDetailsView::paramsAndMetrics()
{
    const Run run = sampleRun();
    RunDetailsView view;
    view.setRun(&run, nullptr);

    auto* params = view.findChild<QTableWidget*>(u"params"_s);
    QCOMPARE(params->rowCount(), 7);
    // Sorted by name, A to Z, until the user picks another column.
    QCOMPARE(column(params, 0),
        QStringList({ u"batch_size"_s, u"epochs"_s, u"lr"_s, u"model"_s, u"optimizer"_s, u"warmup_steps"_s,
            u"weight_decay"_s }));
    QCOMPARE(params->item(2, 1)->text(), u"0.0003"_s); // params are strings, shown exactly as logged
    params->sortByColumn(1, Qt::DescendingOrder);
    view.setRun(&run, nullptr);
    QCOMPARE(params->horizontalHeader()->sortIndicatorSection(), 1);
    QCOMPARE(params->item(0, 1)->text(), u"resnet50"_s);

    auto* metrics = view.findChild<QTableWidget*>(u"metrics"_s);
    QCOMPARE(metrics->rowCount(), 4);
    // Latest sorts as a number (10 after 0.77, not before it as text would), NaN after every number.
    metrics->sortByColumn(1, Qt::AscendingOrder);
    QCOMPARE(column(metrics, 0), QStringList({ u"train/loss"_s, u"val/acc"_s, u"lr"_s, u"grad_norm"_s }));
    QCOMPARE(column(metrics, 1), QStringList({ u"0.1523"_s, u"0.7712"_s, u"10"_s, u"NaN"_s }));
    // A store that keeps only the latest value cannot say min and max.
    QCOMPARE(metrics->item(2, 2)->text(), u"—"_s);
    QCOMPARE(metrics->item(2, 3)->text(), u"—"_s);
    QCOMPARE(metrics->item(0, 2)->text(), u"0.149"_s);
    QCOMPARE(metrics->item(0, 4)->text(), u"99999"_s);
    const auto* tabs = view.findChild<QTabWidget*>();
    QCOMPARE(tabs->tabText(0), u"Parameters (7)"_s);
    QCOMPARE(tabs->tabText(1), u"Metrics (4)"_s);
}

void TestRunDetailsView::systemTagsToggle()
{
    const Run run = sampleRun();
    RunDetailsView view;
    view.setRun(&run, nullptr);
    auto* tags = view.findChild<QTableWidget*>(u"tags"_s);
    QVERIFY(!view.showsSystemTags());
    QCOMPARE(column(tags, 0), QStringList({ u"dataset"_s, u"team"_s }));
    QCOMPARE(view.findChild<QTabWidget*>()->tabText(2), u"Tags (2)"_s);

    view.setShowSystemTags(true);
    QCOMPARE(tags->rowCount(), 9);
    // The user's own tags first, then MLflow's in grey.
    QCOMPARE(tags->item(0, 0)->text(), u"dataset"_s);
    QCOMPARE(tags->item(1, 0)->text(), u"team"_s);
    QCOMPARE(tags->item(2, 0)->text(), u"mlflow.note.content"_s);
    QVERIFY(tags->item(2, 0)->foreground().color() != tags->item(0, 0)->foreground().color());
    QVERIFY(view.findChild<QCheckBox*>(u"systemTags"_s)->text().contains(u"7 system tags"_s));
}

void TestRunDetailsView::copySelectedCells()
{
    const Run run = sampleRun();
    RunDetailsView view;
    view.setRun(&run, nullptr);
    auto* params = view.findChild<QTableWidget*>(u"params"_s);
    params->sortByColumn(0, Qt::AscendingOrder);
    params->setRangeSelected(QTableWidgetSelectionRange(1, 0, 2, 1), true);
    const QList<QAction*> actions = params->actions();
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.front()->shortcut(), QKeySequence(QKeySequence::Copy));
    actions.front()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"epochs\t90\nlr\t0.0003"_s);
}

void TestRunDetailsView::screenshots()
{
    const Run run = sampleRun();
    const Experiment experiment = sampleExperiment();
    RunDetailsView view;
    view.setRun(&run, &experiment);
    view.resize(760, 640);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    saveScreenshot(view, u"params"_s);
    auto* tabs = view.findChild<QTabWidget*>();
    tabs->setCurrentIndex(1);
    saveScreenshot(view, u"metrics"_s);
    tabs->setCurrentIndex(2);
    view.setShowSystemTags(true);
    saveScreenshot(view, u"tags"_s);
    view.setRun(nullptr, nullptr);
    saveScreenshot(view, u"empty"_s);
}

QTEST_MAIN(TestRunDetailsView)
#include "tst_rundetailsview.moc"
