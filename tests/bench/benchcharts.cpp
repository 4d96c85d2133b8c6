// runlens-bench charts: one MetricChart over 50 runs of 1,000,000 points each, already in memory as
// MetricSeries (issue 5, "Performance": first chart within 1 s, a zoom or pan frame within 16 ms, at most
// 24 bytes per point overall).
//
// 1. first chart: MetricChart::setSeries until the first finished paint (QWidget::grab of the laid-out chart).
//    The shown chart is already painted while the posted events run (the event loop paints it); the grab then
//    reuses the trace layer's cached image, so the traces' stroking is in "layout, redraw and paint".
// 2. frames: setVisibleXRange (or panBy) + grab over random zoom ranges and pans; median and max, split into
//    the chart's own work (reduction of all runs into the trace layer, axes) and the paint.
// 3. reduction alone, per frame over all runs: the pyramid (decimateM4 with MinMaxPyramid) beside a pass over
//    every visible point (the same code without a pyramid), and the ratio.
// 4. memory: resident set growth per point after the data, and after the chart exists.

#include "benchcharts.h"

#include "benchstats.h"
#include "chartcurvestyle.h"
#include "columngrid.h"
#include "decimation.h"
#include "metricchart.h"
#include "minmaxpyramid.h"
#include "tracelayer.h"
#include "xvalues.h"

#include <QApplication>
#include <QChart>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QImage>
#include <QPixmap>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <random>
#include <vector>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Options {
    int runs = 50;
    int points = 1'000'000;
    int width = 1200;
    int height = 700;
    int frames = 50;
    int naiveFrames = 10;
    QString screenshot;
    bool frameLog = false; // every frame's figures on stderr, to find which zoom a slow one showed
    // The zoom frames show between 10^-maxDecades and 10^-minDecades of the data, log-uniform: narrowed, a profile
    // shows what one kind of frame costs.
    double minDecades = 0, maxDecades = 4;
};

// A training loss: decay, noise, single-step spikes and a few NaN gaps (a diverged evaluation, a logging hiccup).
MetricSeriesPtr syntheticRun(int run, int points)
{
    std::mt19937_64 rng(1000 + run);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto series = std::make_shared<MetricSeries>();
    series->key = QStringLiteral("train/loss");
    series->reserve(static_cast<std::size_t>(points));
    const qint64 start = 1'714'000'000'000 + run * 3'600'000LL;
    const double scale = 0.6 + 0.02 * run;
    for (int i = 0; i < points; ++i) {
        const double t = static_cast<double>(i) / points;
        double v = scale * (0.15 + 2.2 * std::exp(-6 * t)) * (1 + 0.05 * noise(rng));
        const double u = unit(rng);
        if (u < 2e-5)
            v *= 8; // a spike
        else if (u < 3e-5)
            v = std::numeric_limits<double>::quiet_NaN();
        series->append(i, start + 250LL * i, v);
    }
    return series;
}

// CPU time of every thread of the process: steadier than the wall clock on a shared machine, and it shows how much
// of a frame's work the second thread takes.
double processCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

qint64 residentKilobytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

struct Stats {
    double median = 0, max = 0, min = 0;
    double p95 = 0; // nearest rank: one slow frame in a hundred on a shared machine is the neighbours as often as us
};

Stats stats(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    const std::size_t n = ms.size();
    const std::size_t rank95 = (95 * n + 99) / 100; // ceil(0.95 n), 1-based
    return { n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, ms.back(), ms.front(), ms[rank95 - 1] };
}

QString fmt(double v, int decimals = 1) { return QString::number(v, 'f', decimals); }

// Frames by how much of the data they show, a decade at a time: zoomed out, every column holds hundreds of points
// and the pyramid answers for them; zoomed in, every point is drawn.
QString frameBands(const std::vector<double>& frameMs, const std::vector<double>& visible)
{
    QString text;
    for (int decade = 0; decade < 4; ++decade) {
        const double high = std::pow(10.0, -decade), low = high / 10;
        std::vector<double> band;
        for (std::size_t i = 0; i < frameMs.size(); ++i) {
            if (visible[i] > low && (visible[i] <= high || decade == 0))
                band.push_back(frameMs[i]);
        }
        if (band.empty())
            continue;
        const Stats s = stats(band);
        text += QStringLiteral("  %1 %2 frames showing %3-%4% of the data: median %5 ms, max %6 ms\n")
                    .arg(decade == 0 ? QStringLiteral("by zoom") : QStringLiteral("       "))
                    .arg(band.size(), 3)
                    .arg(low * 100, 0, 'g', 3)
                    .arg(high * 100, 0, 'g', 3)
                    .arg(fmt(s.median), fmt(s.max));
    }
    return text;
}

// Zooms (even frames) and pans by 10 % (odd ones), which reuse the columns still in view (ColumnMemo).
QString frameKinds(const std::vector<double>& frameMs, const std::vector<double>& reusedColumns)
{
    std::vector<double> zooms, pans, reused;
    for (std::size_t i = 0; i < frameMs.size(); ++i) {
        (i % 2 ? pans : zooms).push_back(frameMs[i]);
        if (i % 2)
            reused.push_back(reusedColumns[i]);
    }
    if (zooms.empty() || pans.empty())
        return {};
    const Stats z = stats(zooms), p = stats(pans);
    return QStringLiteral("  by kind %1 zooms: median %2 ms, max %3 ms; %4 pans: median %5 ms, max %6 ms "
                          "(median %7 columns of all runs reused)\n")
        .arg(zooms.size(), 3)
        .arg(fmt(z.median), fmt(z.max))
        .arg(pans.size())
        .arg(fmt(p.median), fmt(p.max), fmt(stats(reused).median, 0));
}

int usage()
{
    QTextStream(stderr) << "usage: runlens-bench charts [--runs N] [--points N] [--width PX] [--height PX] "
                           "[--frames N] [--naive-frames N] [--screenshot PATH] [--frame-log] "
                           "[--decades MIN,MAX (zooms show 10^-MAX..10^-MIN of the data; default 0,4)]\n";
    return 2;
}

} // namespace

int runChartsBench(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(2);
    Options options;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        int* target = a == QStringLiteral("--runs") ? &options.runs
            : a == QStringLiteral("--points")       ? &options.points
            : a == QStringLiteral("--width")        ? &options.width
            : a == QStringLiteral("--height")       ? &options.height
            : a == QStringLiteral("--frames")       ? &options.frames
            : a == QStringLiteral("--naive-frames") ? &options.naiveFrames
                                                    : nullptr;
        if (target && hasValue) {
            bool ok = false;
            *target = args.at(++i).toInt(&ok);
            if (!ok || *target < 0)
                return usage();
        } else if (a == QStringLiteral("--screenshot") && hasValue) {
            options.screenshot = args.at(++i);
        } else if (a == QStringLiteral("--decades") && hasValue) {
            const QStringList ends = args.at(++i).split(u',');
            bool ok1 = false, ok2 = ends.size() == 2;
            options.minDecades = ends.value(0).toDouble(&ok1);
            options.maxDecades = ends.value(1).toDouble(&ok2);
            if (!ok1 || !ok2 || options.minDecades < 0 || options.maxDecades < options.minDecades)
                return usage();
        } else if (a == QStringLiteral("--frame-log")) {
            options.frameLog = true;
        } else {
            return usage();
        }
    }
    if (options.runs < 1 || options.points < 2)
        return usage();
    const double totalPoints = static_cast<double>(options.runs) * options.points;

    // The chart first exists empty and shown, so that what is timed is what the data costs.
    MetricChart chart;
    // As the chart grid shows it (ChartGrid): with more runs than a legend can name, the run table's colours name
    // them and the legend is hidden.
    chart.setMaxLegendEntries(4);
    chart.resize(options.width, options.height);
    chart.show();
    QCoreApplication::processEvents();

    // Warm up with a small chart of as many runs (1,000 points each, left in place): Qt Charts, fonts and the 50
    // legend series cost a fixed amount that is not per point; the growth measured below is.
    const qint64 rssEmpty = residentKilobytes();
    {
        QVector<ChartSeries> small;
        for (int run = 0; run < options.runs; ++run)
            small.append({ QStringLiteral("warm-up"), QColor(), syntheticRun(run, 1000) });
        chart.setSeries(small);
        QCoreApplication::processEvents();
        chart.grab();
#ifdef __GLIBC__
        malloc_trim(0);
#endif
    }
    const qint64 rssBefore = residentKilobytes();
    QElapsedTimer timer;
    timer.start();
    QVector<ChartSeries> series;
    for (int run = 0; run < options.runs; ++run)
        series.append({ QStringLiteral("run-%1").arg(run, 2, 10, QLatin1Char('0')), QColor(),
            syntheticRun(run, options.points) });
    const double generateSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    const qint64 rssData = residentKilobytes();

    // 1. First chart: data in memory -> a finished paint.
    timer.restart();
    chart.setSeries(series);
    const double setSeriesMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const qint64 rssSetSeries = residentKilobytes();
    QCoreApplication::processEvents(); // the layout settles in posted events; the chart redraws for its real width
    // The warm-up's axes are deleted later, as a running event loop would before painting.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const double settledMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    QPixmap first = chart.grab();
    const double firstMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const qint64 rssChart = residentKilobytes();
    if (!options.screenshot.isEmpty())
        first.save(options.screenshot);

    // 2. Zoom and pan frames.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double fullFrom = chart.visibleFrom(), fullTo = chart.visibleTo(), fullSpan = fullTo - fullFrom;
    std::vector<std::pair<double, double>> ranges;
    for (int f = 0; f < options.frames; ++f) {
        // 1e-4 .. 1 of the data, log-uniform, unless narrowed
        const double decades = options.minDecades + (options.maxDecades - options.minDecades) * unit(rng);
        const double span = fullSpan * std::pow(10.0, -decades);
        const double from = fullFrom + (fullSpan - span) * unit(rng);
        ranges.emplace_back(from, from + span);
    }
    std::vector<double> frameMs, chartMs, paintMs, points, cpuMs, visible, reusedColumns;
    int plotMoves = 0; // frames whose new labels moved the plot: reduced twice
    const auto frame = [&](auto&& change) {
        const QRectF plotBefore = chart.chart()->plotArea();
        const double cpuBefore = processCpuMs();
        QElapsedTimer t;
        t.start();
        change();
        const double changed = static_cast<double>(t.nsecsElapsed()) / 1e6;
        const QPixmap pixmap = chart.grab();
        const double total = static_cast<double>(t.nsecsElapsed()) / 1e6;
        frameMs.push_back(total);
        cpuMs.push_back(processCpuMs() - cpuBefore);
        chartMs.push_back(changed);
        paintMs.push_back(total - changed);
        points.push_back(chart.drawnPointCount());
        visible.push_back((chart.visibleTo() - chart.visibleFrom()) / fullSpan);
        if (chart.chart()->plotArea() != plotBefore)
            ++plotMoves;
        std::size_t reused = 0;
        for (const TraceCurve& curve : std::as_const(*chart.traceLayer()).curves())
            reused += curve.data.reusedColumnCount();
        reusedColumns.push_back(static_cast<double>(reused));
        if (options.frameLog) {
            std::fprintf(stderr,
                "frame %zu: %.1f ms (chart %.1f, paint %.1f), cpu %.1f ms, visible %.5f, points %d, ahead %d, "
                "columns reused %zu\n",
                frameMs.size(), total, changed, total - changed, cpuMs.back(), visible.back(), chart.drawnPointCount(),
                chart.traceLayer()->paintedAhead() ? 1 : 0, reused);
        }
    };
    for (int f = 0; f < options.frames; ++f) {
        if (f % 2 == 0)
            frame([&] { chart.setVisibleXRange(ranges[f].first, ranges[f].second); });
        else
            frame([&] { chart.panBy(0.1); });
    }

    // A repaint that changes nothing of the traces (the crosshair following the mouse, a tooltip): the chart's
    // axes, grid and labels, and the trace layer's cached image.
    std::vector<double> repaintMs;
    for (int f = 0; f < 10; ++f) {
        QElapsedTimer t;
        t.start();
        chart.grab();
        repaintMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    if (!options.screenshot.isEmpty()) // the last frame, as the frames left it: for looking at, next to the first
        chart.grab().save(QString(options.screenshot).replace(QStringLiteral(".png"), QStringLiteral("-last.png")));

    // What the chart itself keeps per point, apart from the buffers of the points it draws: zoomed in to a few
    // points each, with freed memory handed back to the system.
    chart.setVisibleXRange(fullFrom + fullSpan * 0.5, fullFrom + fullSpan * 0.5001);
    chart.grab();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    const qint64 rssFewDrawn = residentKilobytes();
    const int fewDrawn = chart.drawnPointCount();

    // 3. The reduction alone, over every run, for the chart's plot and pen.
    const QRectF plot = chart.chart()->plotArea();
    std::vector<MinMaxPyramid> pyramids;
    timer.restart();
    for (const ChartSeries& s : std::as_const(series))
        pyramids.emplace_back(s.data->values);
    const double pyramidBuildMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const MinMaxPyramid none;
    // As MetricChart reduces for the screen; with every point visited (no pyramid, always M4); for an export.
    const M4Options screen { .keepExtremeNeighbours = false, .keepEveryPointUpTo = MetricChart::keepEveryPointUpTo };
    const M4Options plainM4 {};
    const M4Options exported { .keepExtremeNeighbours = true };
    const auto reduceAll = [&](double from, double to, bool withPyramid, const M4Options& m4, std::size_t* count) {
        const ColumnGrid grid = ColumnGrid::painter(
            from, to, plot.left(), plot.width(), 1.0, ChartCurveStyle::penWidth(false, 0), true);
        QElapsedTimer t;
        t.start();
        for (qsizetype r = 0; r < series.size(); ++r) {
            const MetricSeries& data = *series[r].data;
            const XYPoints reduced = decimateM4(XValues(data.steps), data.values,
                withPyramid ? pyramids[static_cast<std::size_t>(r)] : none, grid, m4);
            if (count)
                *count += reduced.size();
        }
        return static_cast<double>(t.nsecsElapsed()) / 1e6;
    };
    std::vector<double> pyramidMs;
    std::size_t reducedPoints = 0;
    for (int f = 0; f < options.frames; ++f)
        pyramidMs.push_back(reduceAll(ranges[f].first, ranges[f].second, true, screen, &reducedPoints));
    struct Zoom {
        double fraction, pyramidMs, scanMs;
        std::size_t screen, exported;
    };
    std::vector<Zoom> zooms;
    for (double fraction : { 1.0, 0.3, 0.1, 0.03, 0.01, 0.001 }) {
        Zoom z { fraction, 0, 0, 0, 0 };
        const double from = fullFrom + fullSpan * (1 - fraction) / 2, to = from + fullSpan * fraction;
        std::vector<double> p, n;
        // The best of five: on a shared machine the slower runs measure the neighbours.
        for (int repeat = 0; repeat < 5; ++repeat) {
            p.push_back(reduceAll(from, to, true, screen, nullptr));
            if (repeat < options.naiveFrames)
                n.push_back(reduceAll(from, to, false, plainM4, nullptr));
        }
        z.pyramidMs = stats(p).min;
        z.scanMs = stats(n).min;
        reduceAll(from, to, true, screen, &z.screen);
        reduceAll(from, to, true, exported, &z.exported);
        zooms.push_back(z);
    }
    const Stats frameStats = stats(frameMs), chartStats = stats(chartMs), paintStats = stats(paintMs);
    const Stats pyramidStats = stats(pyramidMs);
    const double bytesData = static_cast<double>(rssData - rssBefore) * 1024 / totalPoints;
    const double bytesAll = static_cast<double>(rssChart - rssBefore) * 1024 / totalPoints;
    std::size_t pyramidBytes = 0;
    for (const MinMaxPyramid& p : pyramids)
        pyramidBytes += p.memoryBytes();

    out() << "data          " << options.runs << " runs x " << options.points << " points (generated in "
          << fmt(generateSeconds, 2) << " s), chart " << options.width << "x" << options.height << ", plot "
          << fmt(plot.width(), 0) << " px wide, offscreen\n"
          << "first chart   " << fmt(firstMs, 0)
          << " ms  (setSeries -> laid out -> first grab; target <= 1000): setSeries " << fmt(setSeriesMs, 0)
          << " ms, layout, redraw and the shown chart's paint " << fmt(settledMs - setSeriesMs, 0) << " ms, grab "
          << fmt(firstMs - settledMs, 0) << " ms (the traces from their cached image)\n"
          << "frames        " << frameMs.size() << " (" << (options.frames + 1) / 2 << " zooms, " << options.frames / 2
          << " pans): median " << fmt(frameStats.median) << " ms, 95th percentile " << fmt(frameStats.p95)
          << " ms, max " << fmt(frameStats.max) << " ms  (target <= 16; "
          << std::count_if(frameMs.begin(), frameMs.end(), [](double ms) { return ms > 16.0; }) << " of "
          << frameMs.size() << " frames over it)\n"
          << "  cpu         median " << fmt(stats(cpuMs).median) << " ms of CPU per frame, both threads\n"
          << "  chart       median " << fmt(chartStats.median) << " ms, max " << fmt(chartStats.max)
          << " ms  (reduction of all runs into the trace layer, axes)\n"
          << "  paint       median " << fmt(paintStats.median) << " ms, max " << fmt(paintStats.max)
          << " ms  (grab: the trace layer paints " << fmt(stats(points).median, 0) << " points, median)\n"
          << frameBands(frameMs, visible) << frameKinds(frameMs, reusedColumns)
          << "  plot        moved in " << plotMoves << " of " << frameMs.size()
          << " frames (new labels needing more room: the frame is reduced again)\n"
          << "  repaint     median " << fmt(stats(repaintMs).median) << " ms  (a grab that reuses the traces' image)\n"
          << "reduction     pyramid: median " << fmt(pyramidStats.median, 2) << " ms, max " << fmt(pyramidStats.max, 2)
          << " ms per frame for all " << options.runs << " runs ("
          << reducedPoints / std::max<std::size_t>(1, pyramidMs.size()) << " points out per frame)\n"
          << "              pyramids built in " << fmt(pyramidBuildMs, 0) << " ms for all runs, "
          << fmt(static_cast<double>(pyramidBytes) / totalPoints, 3) << " bytes/point\n"
          << "memory        fixed cost of a painted chart of " << options.runs
          << " runs (warm-up): " << fmt(static_cast<double>(rssBefore - rssEmpty) / 1024, 0) << " MB\n"
          << "              data " << fmt(bytesData, 2) << " B/point, data + chart " << fmt(bytesAll, 2)
          << " B/point (resident set growth; target <= 24)\n"
          << "              right after setSeries (tracks and pyramids, one reduction at a guessed width): "
          << fmt(static_cast<double>(rssSetSeries - rssBefore) * 1024 / totalPoints, 2) << " B/point\n"
          << "              data + chart zoomed to " << fewDrawn << " drawn points, freed memory trimmed: "
          << fmt(static_cast<double>(rssFewDrawn - rssBefore) * 1024 / totalPoints, 2) << " B/point\n";
    out() << "zoom          reduction of all runs, one thread, best of 5 (on screen: M4 with the pyramid, every point\n"
          << "              when there are at most 4 a column; beside M4 visiting every point)\n"
          << "              visible  pyramid ms  every-point ms  ratio   points out (screen / export, neighbours kept)\n";
    for (const Zoom& z : zooms) {
        out() << "              " << QString::number(z.fraction * 100, 'g', 3).rightJustified(6) << "%"
              << fmt(z.pyramidMs, 2).rightJustified(12) << fmt(z.scanMs, 2).rightJustified(16)
              << QString(fmt(z.pyramidMs > 0 ? z.scanMs / z.pyramidMs : 0, 1) + u'x').rightJustified(7) << "   "
              << z.screen << " / " << z.exported << "\n";
    }
    const double qtMsPerPoint = (chartStats.median + paintStats.median) / std::max(1.0, stats(points).median);
    out() << "per point     about " << fmt(qtMsPerPoint * 1000, 2) << " us per point drawn (reduction + paint)\n";
    return 0;
}
