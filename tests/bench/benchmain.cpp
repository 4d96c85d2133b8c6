// runlens-bench: times RunLens's readers on large stores so that run_bench.sh can set them beside the peer tool
// (mlflow's own Python client) on the same store, on the same machine. Never run by ctest.
//
//   runlens-bench mlflow-index URI [--repeat K] [--json]
//
// mlflow-index opens URI through SourceFactory (a folder, file:///…, sqlite:///…) and times Source::index(): what
// the run table needs (experiments, runs, params, tags, metric summaries). It prints the best and median of K runs,
// runs per second and the peak resident memory of the process.

#include "benchcharts.h"
#include "benchstats.h"
#include "benchtfevents.h"
#include "sourcefactory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <cstdio>
#include <cstring>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usage()
{
    err() << "usage: runlens-bench mlflow-index URI [--repeat K] [--json]\n"
             "       runlens-bench tfevents LOGDIR [--threads 1,2] [--repeat K] [--peer-python PY --peer-script S]\n"
             "       runlens-bench charts [--runs 50] [--points 1000000] [--width 1200] [--height 700] [--frames 50]\n";
    return 2;
}

struct CatalogCounts {
    qsizetype experiments = 0;
    qsizetype runs = 0;
    qsizetype params = 0;
    qsizetype tags = 0;
    qsizetype metrics = 0;
    qsizetype warnings = 0;
};

CatalogCounts countCatalog(const ReadResult<Catalog>& result)
{
    CatalogCounts counts;
    counts.experiments = result.value.experiments.size();
    counts.runs = result.value.runs.size();
    for (const Run& run : result.value.runs) {
        counts.params += run.params.size();
        counts.tags += run.tags.size();
        counts.metrics += run.metrics.size();
    }
    counts.warnings = result.warnings.size();
    return counts;
}

int mlflowIndex(const QString& uri, int repeat, bool json)
{
    QList<double> seconds;
    CatalogCounts counts;
    for (int i = 0; i < repeat; ++i) {
        // A fresh Source each time, so that nothing one pass learned about the store helps the next.
        SourceFactory::Opened opened = SourceFactory::open(uri);
        if (!opened.source) {
            err() << "runlens-bench: " << opened.error << '\n';
            return 1;
        }
        QElapsedTimer timer;
        timer.start();
        const ReadResult<Catalog> result = opened.source->index(Progress {}, CancelToken {});
        seconds.append(static_cast<double>(timer.nsecsElapsed()) / 1e9);
        if (result.error) {
            err() << "runlens-bench: " << *result.error << '\n';
            return 1;
        }
        counts = countCatalog(result);
        if (i == 0) {
            for (const ReadWarning& warning : result.warnings.mid(0, 5))
                err() << "warning: " << warning.toString() << '\n';
        }
    }

    const TimingSummary timing = summarizeTimings(seconds);
    const double runsPerSecond = timing.median > 0 ? static_cast<double>(counts.runs) / timing.median : 0.0;
    const double peakRssMb = static_cast<double>(peakResidentKilobytes()) / 1024.0;

    if (json) {
        const QJsonObject object {
            { QStringLiteral("tool"), QStringLiteral("runlens") },
            { QStringLiteral("uri"), uri },
            { QStringLiteral("repeat"), repeat },
            { QStringLiteral("seconds"), timing.median },
            { QStringLiteral("best_seconds"), timing.best },
            { QStringLiteral("median_seconds"), timing.median },
            { QStringLiteral("experiments"), counts.experiments },
            { QStringLiteral("runs"), counts.runs },
            { QStringLiteral("params"), counts.params },
            { QStringLiteral("tags"), counts.tags },
            { QStringLiteral("metrics"), counts.metrics },
            { QStringLiteral("warnings"), counts.warnings },
            { QStringLiteral("runs_per_second"), runsPerSecond },
            { QStringLiteral("peak_rss_mb"), peakRssMb },
        };
        out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        return 0;
    }

    out() << "store        " << uri << '\n'
          << "experiments  " << counts.experiments << '\n'
          << "runs         " << counts.runs << "  (params " << counts.params << ", tags " << counts.tags
          << ", metric summaries " << counts.metrics << ", warnings " << counts.warnings << ")\n"
          << "index        best " << QString::number(timing.best, 'f', 3) << " s, median "
          << QString::number(timing.median, 'f', 3) << " s of " << repeat << '\n'
          << "throughput   " << QString::number(runsPerSecond, 'f', 0) << " runs/s\n"
          << "peak RSS     " << QString::number(peakRssMb, 'f', 1) << " MB\n";
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    // Charts need a QApplication (widgets), which must be the only application object.
    if (argc > 1 && std::strcmp(argv[1], "charts") == 0)
        return runChartsBench(argc, argv);
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (!args.isEmpty() && args.first() == QStringLiteral("tfevents"))
        return runTfeventsBench(args.mid(1));
    if (args.size() < 2 || args.first() != QStringLiteral("mlflow-index"))
        return usage();

    const QString uri = args.at(1);
    int repeat = 1;
    bool json = false;
    for (qsizetype i = 2; i < args.size(); ++i) {
        if (args.at(i) == QStringLiteral("--json")) {
            json = true;
        } else if (args.at(i) == QStringLiteral("--repeat") && i + 1 < args.size()) {
            bool ok = false;
            repeat = args.at(++i).toInt(&ok);
            if (!ok || repeat < 1)
                return usage();
        } else {
            return usage();
        }
    }
    return mlflowIndex(uri, repeat, json);
}
