#include "exportcommand.h"

#include "chartdatacsv.h"
#include "chartexporter.h"
#include "metricchart.h"
#include "runcolors.h"
#include "sourcefactory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace {

void println(FILE* f, const QString& s)
{
    const QByteArray bytes = s.toUtf8() + '\n';
    fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), f);
    fflush(f);
}

int usage(FILE* err, const QString& message)
{
    println(err, u"runlens: "_s + message + u"\nusage: "_s + ExportCommand::usageText());
    return 2;
}

// "0.6" (TensorBoard's weight, the default kind), "tb:0.6", "mlflow:50", "avg:20", "gauss:5".
std::optional<SmoothingSettings> parseSmoothing(const QString& text)
{
    if (text.isEmpty())
        return SmoothingSettings {};
    const qsizetype colon = text.indexOf(u':');
    const QString kind = colon < 0 ? u"tb"_s : text.left(colon).toLower();
    bool ok = false;
    const double value = text.mid(colon + 1).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    if (kind == u"tb" && value >= 0 && value <= 0.999)
        return SmoothingSettings { SmoothingMode::EmaTensorBoard, value };
    if (kind == u"mlflow" && value >= 0 && value <= 100)
        return SmoothingSettings { SmoothingMode::EmaMlflow, value };
    if (kind == u"avg" && value >= 1)
        return SmoothingSettings { SmoothingMode::RunningAverage, value };
    if (kind == u"gauss" && value >= 0)
        return SmoothingSettings { SmoothingMode::Gaussian, value };
    return std::nullopt;
}

} // namespace

QString ExportCommand::usageText()
{
    return u"runlens export URI --runs ID[,ID…] --metric KEY [--x step|wall|relative] [--smoothing W] [--log] "
           u"[--size WxH] [--dpi N] -o out.{png,svg,pdf,csv}"_s;
}

int ExportCommand::run(const QStringList& arguments, FILE* out, FILE* err)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        { u"runs"_s, u"Run ids, comma-separated."_s, u"ids"_s },
        { u"metric"_s, u"Metric key."_s, u"key"_s },
        { u"x"_s, u"step, wall or relative."_s, u"axis"_s, u"step"_s },
        { u"smoothing"_s, u"EMA weight 0-0.999, or mlflow:N, avg:N, gauss:S."_s, u"w"_s },
        { u"log"_s, u"Logarithmic y axis."_s },
        { u"size"_s, u"Image size in pixels."_s, u"WxH"_s, u"1200x700"_s },
        { u"dpi"_s, u"PNG resolution."_s, u"n"_s, u"96"_s },
        { { u"o"_s, u"output"_s }, u"Output file."_s, u"file"_s },
    });
    if (!p.parse(arguments))
        return usage(err, p.errorText());
    QStringList pos = p.positionalArguments();
    if (!pos.isEmpty() && pos.first() == u"export")
        pos.removeFirst();
    if (pos.size() != 1)
        return usage(err, u"export takes one URI"_s);
    const QStringList runIds = p.value(u"runs"_s).split(u',', Qt::SkipEmptyParts);
    const QString metric = p.value(u"metric"_s), path = p.value(u"output"_s), axis = p.value(u"x"_s);
    if (runIds.isEmpty() || metric.isEmpty() || path.isEmpty())
        return usage(err, u"export needs --runs, --metric and -o"_s);
    if (axis != u"step" && axis != u"wall" && axis != u"relative")
        return usage(err, u"--x is step, wall or relative"_s);
    const std::optional<SmoothingSettings> smoothing = parseSmoothing(p.value(u"smoothing"_s));
    if (!smoothing)
        return usage(err, u"bad --smoothing '"_s + p.value(u"smoothing"_s) + u'\'');
    const QStringList wh = p.value(u"size"_s).split(u'x');
    const QSize size = wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
    bool dpiOk = false;
    const int dpi = p.value(u"dpi"_s).toInt(&dpiOk);
    const ChartExporter::Format format = ChartExporter::formatFor(path);
    if (format == ChartExporter::Format::Unknown)
        return usage(err, u"-o must end in .png, .svg, .pdf or .csv"_s);
    if (format != ChartExporter::Format::Csv && !qobject_cast<QApplication*>(QCoreApplication::instance())) {
        println(err, u"runlens: exporting an image needs a QApplication"_s);
        return 1;
    }

    auto opened = SourceFactory::open(pos[0]);
    if (!opened.source) {
        println(err, u"runlens: "_s + opened.error);
        return 1;
    }
    const ReadResult<Catalog> index = opened.source->index({}, {});
    for (const ReadWarning& w : index.warnings)
        println(err, u"warning: "_s + w.toString());
    if (index.error) {
        println(err, u"runlens: "_s + *index.error);
        return 1;
    }
    QVector<ChartDataCsv::Series> data;
    QVector<ChartSeries> charted;
    RunColors colors;
    for (const QString& id : runIds) {
        const Run* run = index.value.run(id);
        if (!run) {
            println(err, u"runlens: no run "_s + id + u" in "_s + pos[0]);
            return 1;
        }
        if (!run->metrics.contains(metric)) {
            println(err, u"runlens: run "_s + id + u" has no metric '"_s + metric + u'\'');
            return 1;
        }
        const ReadResult<MetricSeries> series = opened.source->series(id, metric, {});
        for (const ReadWarning& w : series.warnings)
            println(err, u"warning: "_s + w.toString());
        if (!series.ok()) {
            println(err, u"runlens: "_s + series.error.value_or(u"cancelled"_s));
            return 1;
        }
        auto shared = std::make_shared<const MetricSeries>(series.value);
        const QString name = run->name.isEmpty() ? run->runId.left(8) : run->name;
        data.append({ run->runId, run->name, shared });
        charted.append({ name, colors.colorFor({ pos[0], run->runId }), shared, run->startTimeMs.value_or(0) });
    }

    if (format == ChartExporter::Format::Csv) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || !ChartDataCsv::write(data, file) || !file.commit()) {
            println(err, u"runlens: cannot write "_s + path);
            return 1;
        }
    } else {
        if (!dpiOk || !size.isValid())
            return usage(err, u"bad --size or --dpi"_s);
        MetricChart chart;
        chart.setXAxisMode(axis == u"wall" ? XAxisMode::WallTime
                : axis == u"relative"      ? XAxisMode::RelativeTime
                                           : XAxisMode::Step);
        chart.setLogY(p.isSet(u"log"_s));
        chart.setSmoothing(*smoothing);
        chart.setTitle(metric);
        chart.setSeries(charted);
        QString error;
        if (!ChartExporter::saveImage(chart, path, size, dpi, &error)) {
            println(err, u"runlens: "_s + error);
            return 1;
        }
    }
    println(out, u"wrote "_s + path);
    return 0;
}
