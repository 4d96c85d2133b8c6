#include "chartcontrols.h"
#include "chartgrid.h"
#include "foldersource.h"
#include "mainwindow.h"
#include "metrickeyinfo.h"
#include "metricchart.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"
#include "runtableview.h"
#include "sourcefactory.h"
#include "spantimelineview.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

// The job demo (resources/demo/job/mllogs, written by make_job_demo.py running two ranks with the real mlflow and
// nv-one-logger at the same time) opened as the app opens it: an itwinai folder with an MLflow store whose worker
// runs carry mlflow's system metrics, and a OneLogger store with one file per rank. What the demo is for is checked
// from its data: the ranks ran together, during the system metrics, and rank 0's worst throughput step is the one
// that waited for its sync checkpoint save. Then the main window shows the ranks' spans above the system charts on
// one wall-time axis, saved as runlens-telemetry.png under <build>/screenshots (and $RUNLENS_SCREENSHOT_DIR).
class TestJobDemo final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storesFound();
    void ranksBesideSystemMetrics();
    void throughputDipIsTheSyncSave();
    void screenshot();

private:
    struct Range {
        double from = std::numeric_limits<double>::infinity();
        double to = -std::numeric_limits<double>::infinity();
        void add(double ms)
        {
            from = std::min(from, ms);
            to = std::max(to, ms);
        }
        bool overlaps(const Range& o) const { return from < o.to && o.from < to; }
    };
    Range systemRange(const Run& worker) const;
    const Run* workerOfRank(const QString& rank) const;
    const Run* oneLoggerOfRank(const QString& rank) const;

    std::unique_ptr<Source> m_source;
    Catalog m_catalog;
    QString m_mlflowLabel, m_oneLoggerLabel;
    QVector<const Run*> m_workers, m_ranks;
    QHash<QString, QVector<Span>> m_spans; // by OneLogger run id
};

namespace {

const QString kJob = QStringLiteral(RUNLENS_SOURCE_DIR "/resources/demo/job/mllogs");
const QString kCpu = u"system/cpu_utilization_percentage"_s;
const QString kMemory = u"system/system_memory_usage_megabytes"_s;
const QString kMemoryPercent = u"system/system_memory_usage_percentage"_s;
const QString kThroughput = u"train_samples_per_second"_s;

bool waitIdle(MainWindow& w)
{
    bool idle = false;
    w.whenIdle([&idle] { idle = true; });
    return QTest::qWaitFor([&idle] { return idle; }, 60000);
}

void save(QWidget& widget, const QString& name)
{
    QStringList dirs { QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s };
    if (const QString extra = qEnvironmentVariable("RUNLENS_SCREENSHOT_DIR"); !extra.isEmpty())
        dirs << extra;
    const QImage image = widget.grab().toImage();
    for (const QString& dir : std::as_const(dirs)) {
        QDir().mkpath(dir);
        QVERIFY2(image.save(dir + u'/' + name), qPrintable(dir));
    }
}

} // namespace

void TestJobDemo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QDir(kJob).exists(), "resources/demo/job/mllogs missing: run resources/demo/make_job_demo.py");
    auto opened = SourceFactory::open(kJob);
    QVERIFY2(opened.source, qPrintable(opened.error));
    m_source = std::move(opened.source);
    const auto* folder = dynamic_cast<const FolderSource*>(m_source.get());
    QVERIFY2(folder, "mllogs/ should open as a folder of stores");
    for (const FolderSource::Member& m : folder->members()) {
        if (m.kind == u"mlflow-files")
            m_mlflowLabel = m.label;
        else if (m.kind == u"onelogger")
            m_oneLoggerLabel = m.label;
    }
    auto index = m_source->index({}, {});
    QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
    m_catalog = std::move(index.value);
    for (const Run& run : std::as_const(m_catalog.runs)) {
        if (!m_mlflowLabel.isEmpty() && run.runId.startsWith(m_mlflowLabel + u':') && run.name.startsWith(u"worker_"))
            m_workers << &run;
        if (!m_oneLoggerLabel.isEmpty() && run.runId.startsWith(m_oneLoggerLabel + u':')) {
            m_ranks << &run;
            auto spans = m_source->spans(run.runId, {});
            QVERIFY2(spans.ok(), qPrintable(spans.error.value_or(QString())));
            m_spans.insert(run.runId, spans.value);
        }
    }
}

TestJobDemo::Range TestJobDemo::systemRange(const Run& worker) const
{
    Range r;
    for (auto it = worker.metrics.cbegin(); it != worker.metrics.cend(); ++it) {
        if (!MetricKeyInfo::isSystem(it.key()))
            continue;
        const auto series = m_source->series(worker.runId, it.key(), {});
        for (const qint64 t : series.value.timestampsMs)
            r.add(static_cast<double>(t));
    }
    return r;
}

const Run* TestJobDemo::workerOfRank(const QString& rank) const
{
    for (const Run* run : m_workers) {
        if (run->params.value(u"global_rank"_s) == rank)
            return run;
    }
    return nullptr;
}

const Run* TestJobDemo::oneLoggerOfRank(const QString& rank) const
{
    for (const Run* run : m_ranks) {
        if (run->tags.value(u"rank"_s) == rank)
            return run;
    }
    return nullptr;
}

void TestJobDemo::storesFound()
{
    QCOMPARE(MetricKeyInfo::axisTitle(kCpu), u"%"_s);
    QCOMPARE(MetricKeyInfo::axisTitle(kMemory), u"MB"_s);
    QVERIFY2(!m_mlflowLabel.isEmpty(), "no MLflow store found in mllogs/");
    QVERIFY2(!m_oneLoggerLabel.isEmpty(), "no OneLogger files found in mllogs/");
    QCOMPARE(m_workers.size(), 2);
    QCOMPARE(m_ranks.size(), 2);
    for (const Run* worker : std::as_const(m_workers)) {
        const Run* parent = m_catalog.run(worker->parentRunId);
        QVERIFY2(parent, qPrintable(worker->name));
        QCOMPARE(parent->name, u"train"_s);
        // mlflow's monitor ran in the worker: CPU and memory, each named with the unit its chart's axis shows.
        for (const QString& key : { kCpu, kMemory, kMemoryPercent })
            QVERIFY2(worker->metrics.contains(key), qPrintable(worker->name + u" lacks "_s + key));
        // Sampled every second: a timeline, not a handful of points.
        const auto cpu = m_source->series(worker->runId, kCpu, {});
        QVERIFY2(cpu.ok(), qPrintable(cpu.error.value_or(QString())));
        QVERIFY2(cpu.value.size() >= 20, qPrintable(QString::number(cpu.value.size())));
        const double span = static_cast<double>(cpu.value.timestampsMs.back() - cpu.value.timestampsMs.front());
        QVERIFY2(span / static_cast<double>(cpu.value.size() - 1) < 2000, "samples further apart than 2 s");
    }
}

void TestJobDemo::ranksBesideSystemMetrics()
{
    QCOMPARE(m_ranks.size(), 2);
    QVector<Range> ranks;
    QStringList saves;
    for (const Run* run : std::as_const(m_ranks)) {
        const QVector<Span> spans = m_spans.value(run->runId);
        const auto app
            = std::find_if(spans.cbegin(), spans.cend(), [](const Span& s) { return s.name == u"application"; });
        QVERIFY2(app != spans.cend() && app->isClosed(), qPrintable(run->name));
        Range r;
        r.add(static_cast<double>(app->startMs));
        r.add(static_cast<double>(app->startMs + *app->durationMs));
        ranks << r;
        for (const Span& s : spans) {
            if (s.name.startsWith(u"checkpoint_save_"))
                saves << s.name;
        }
    }
    // The two ranks ran at the same time (not one after the other), and each overlaps both workers' system metrics.
    QVERIFY(ranks[0].overlaps(ranks[1]));
    const double shared = std::min(ranks[0].to, ranks[1].to) - std::max(ranks[0].from, ranks[1].from);
    QVERIFY2(shared > 0.8 * std::min(ranks[0].to - ranks[0].from, ranks[1].to - ranks[1].from),
        qPrintable(QString::number(shared)));
    for (const Run* worker : std::as_const(m_workers)) {
        const Range system = systemRange(*worker);
        for (const Range& r : std::as_const(ranks))
            QVERIFY2(system.overlaps(r), qPrintable(worker->name));
    }
    QVERIFY2(saves.contains(u"checkpoint_save_sync"_s) && saves.contains(u"checkpoint_save_async"_s),
        qPrintable(saves.join(u", "_s)));
}

void TestJobDemo::throughputDipIsTheSyncSave()
{
    const Run* worker = workerOfRank(u"0"_s);
    const Run* rank = oneLoggerOfRank(u"0"_s);
    QVERIFY(worker && rank);
    const auto throughput = m_source->series(worker->runId, kThroughput, {});
    QVERIFY2(throughput.ok() && throughput.value.size() > 2, qPrintable(throughput.error.value_or(QString())));
    const auto& values = throughput.value.values;
    // The step that waited longest; its wall time runs from the step before it was logged to its own logging.
    const auto lowest = std::min_element(values.begin() + 1, values.end()) - values.begin();
    const qint64 from = throughput.value.timestampsMs[static_cast<size_t>(lowest - 1)];
    const qint64 to = throughput.value.timestampsMs[static_cast<size_t>(lowest)];
    const QVector<Span> spans = m_spans.value(rank->runId);
    const bool saveInside = std::any_of(spans.cbegin(), spans.cend(), [&](const Span& s) {
        return s.name == u"checkpoint_save_sync" && s.isClosed() && s.startMs >= from
            && s.startMs + *s.durationMs <= to;
    });
    QVERIFY2(saveInside, qPrintable(u"lowest throughput at step %1 (%2..%3 ms) holds no sync save"_s
                                        .arg(throughput.value.steps[static_cast<size_t>(lowest)])
                                        .arg(from)
                                        .arg(to)));
}

void TestJobDemo::screenshot()
{
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    w.openSource(kJob);
    QVERIFY(waitIdle(w));
    QCOMPARE(w.runModel()->rowCount(), 5); // the parent, two workers, two OneLogger ranks

    // The ranks and the workers, not the parent (it ended at once and holds no metrics), selected as a user would.
    w.selectFirstRuns(0); // expands the parent so its workers are rows
    QItemSelection selection;
    for (int row = 0; row < w.runProxy()->rowCount(); ++row) {
        const QModelIndex index = w.runProxy()->index(row, 0);
        const Run* run = w.runModel()->runAt(w.runProxy()->mapToSource(index).row());
        QVERIFY(run);
        if (run->name != u"train")
            selection.select(index, index);
    }
    QCOMPARE(selection.size(), 4);
    w.runTable()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(waitIdle(w));

    ChartGrid* grid = w.chartGrid();
    QTRY_VERIFY_WITH_TIMEOUT(grid->timeline() && grid->timeline()->isVisible(), 30000);
    SpanTimelineView* timeline = grid->timeline();
    QCOMPARE(timeline->lanes().size(), 2); // one lane per rank, spans of both
    for (const SpanLane& lane : timeline->lanes())
        QVERIFY(!lane.spans.isEmpty());

    // What a user does to look at the job: the splitters dragged for a short run table and a chart grid as wide as
    // the window (the details pane shut), and the search narrowed to the system metrics in percent, so the CPU and
    // memory charts sit in one row of three under the timeline.
    auto* lower = qobject_cast<QSplitter*>(grid->parentWidget());
    auto* middle = lower ? qobject_cast<QSplitter*>(lower->parentWidget()) : nullptr;
    auto* outer = middle ? qobject_cast<QSplitter*>(middle->parentWidget()) : nullptr;
    QVERIFY2(lower && middle && outer, "the chart grid is no longer in the splitters this test drags");
    // (setSizes scales what it is given to the splitter's length, so the sizes add up to it.)
    outer->setSizes({ 210, outer->width() - 210 });
    middle->setSizes({ 300, middle->height() - 300 });
    lower->setSizes({ lower->width(), 0 });
    grid->setFilterText(u"percentage"_s);
    QVERIFY(waitIdle(w));
    QTRY_VERIFY_WITH_TIMEOUT(grid->chartFor(kCpu) && !grid->chartFor(kCpu)->isShowingPlaceholder(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(grid->chartFor(kMemoryPercent) && !grid->chartFor(kMemoryPercent)->isShowingPlaceholder(),
        30000);
    QTest::qWait(150); // charts and the timeline lay out in posted events
    MetricChart* cpu = grid->chartFor(kCpu);
    MetricChart* memory = grid->chartFor(kMemoryPercent);
    for (MetricChart* chart : { cpu, memory }) {
        QVERIFY(chart->isVisible());
        QCOMPARE(chart->xAxisMode(), XAxisMode::WallTime); // system metrics are on wall time in any x mode
        QCOMPARE(chart->yAxisTitle(), u"%"_s);
        QCOMPARE(chart->series().size(), 2); // both workers
    }
    // Every lane's rows in view, not scrolled inside a squeezed section.
    QVERIFY2(timeline->laneRect(1).bottom() <= timeline->plotRect().bottom(),
        qPrintable(u"timeline %1 px high, lanes need %2"_s.arg(timeline->height()).arg(timeline->sizeHint().height())));

    // One wall-time axis. Unzoomed, the timeline and every wall-time chart show the same stretch of time: the union
    // of the spans and the samples (ChartGrid hands it to all of them), the system metrics covering both
    // applications (make_job_demo.py sees to it).
    QVERIFY2(cpu->visibleFrom() <= timeline->dataFrom() + 1000 && timeline->dataTo() - 1000 <= cpu->visibleTo(),
        "the system metrics do not cover the spans");
    for (MetricChart* chart : { cpu, memory }) {
        QVERIFY(!chart->isZoomed());
        QVERIFY2(std::abs(chart->visibleFrom() - timeline->visibleFrom()) < 1
                && std::abs(chart->visibleTo() - timeline->visibleTo()) < 1,
            qPrintable(u"%1: %2..%3, timeline %4..%5"_s.arg(chart->title())
                           .arg(chart->visibleFrom(), 0, 'f', 0)
                           .arg(chart->visibleTo(), 0, 'f', 0)
                           .arg(timeline->visibleFrom(), 0, 'f', 0)
                           .arg(timeline->visibleTo(), 0, 'f', 0)));
    }
    QVERIFY(!timeline->isZoomed());
    // Zoomed to where both ranks ran, in one chart: the grid hands the range to the timeline and the other charts.
    const double from = std::max(timeline->dataFrom(), cpu->visibleFrom());
    const double to = std::min(timeline->dataTo(), cpu->visibleTo());
    cpu->setVisibleXRange(from, to);
    QTest::qWait(150);
    for (MetricChart* chart : { cpu, memory }) {
        QVERIFY2(std::abs(chart->visibleFrom() - from) < 1 && std::abs(chart->visibleTo() - to) < 1,
            qPrintable(u"%1: %2..%3, set %4..%5"_s.arg(chart->title())
                           .arg(chart->visibleFrom(), 0, 'f', 0)
                           .arg(chart->visibleTo(), 0, 'f', 0)
                           .arg(from, 0, 'f', 0)
                           .arg(to, 0, 'f', 0)));
    }
    QVERIFY2(std::abs(timeline->visibleFrom() - from) < 1 && std::abs(timeline->visibleTo() - to) < 1,
        qPrintable(u"timeline %1..%2, charts %3..%4"_s.arg(timeline->visibleFrom(), 0, 'f', 0)
                       .arg(timeline->visibleTo(), 0, 'f', 0)
                       .arg(from, 0, 'f', 0)
                       .arg(to, 0, 'f', 0)));
    save(w, u"runlens-telemetry.png"_s);
}

QTEST_MAIN(TestJobDemo)
#include "tst_jobdemo.moc"
