#include "diffcommand.h"

#include "paramdiffmodel.h"
#include "sourcefactory.h"
#include "valueformat.h"

#include <QCommandLineParser>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

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
    println(err, u"runlens: "_s + message + u"\nusage: "_s + DiffCommand::usageText());
    return 2;
}

// By id first; a name only when exactly one run has it, since names are not unique in MLflow.
const Run* findRun(const Catalog& catalog, const QString& idOrName, QString* problem)
{
    if (const Run* run = catalog.run(idOrName))
        return run;
    const Run* found = nullptr;
    int count = 0;
    for (const Run& r : catalog.runs) {
        if (r.name == idOrName && !r.deleted) {
            found = &r;
            ++count;
        }
    }
    if (count == 1)
        return found;
    *problem = count == 0 ? u"no run with id or name '"_s + idOrName + u'\''
                          : u"%1 runs are named '%2'; give the run id"_s.arg(count).arg(idOrName);
    return nullptr;
}

QString table(const ParamDiffModel& model)
{
    // Plain aligned columns, as `ls` prints, so the output reads in a terminal and diffs cleanly.
    QList<QStringList> lines;
    QStringList header { u"SECTION"_s, u"KEY"_s };
    for (int run = 0; run < model.runCount(); ++run)
        header << model.runLabel(run);
    lines << header;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList line { ParamDiffModel::sectionName(model.rowSection(row)), model.rowKey(row) };
        for (int run = 0; run < model.runCount(); ++run) {
            const QString text = model.displayText(row, run);
            line << (model.rawValue(row, run).isValid() ? text : u"-"_s);
        }
        lines << line;
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList& line : std::as_const(lines)) {
        for (qsizetype c = 0; c < line.size(); ++c)
            widths[c] = std::max(widths[c], line[c].size());
    }
    QString out;
    for (const QStringList& line : std::as_const(lines)) {
        QString text;
        for (qsizetype c = 0; c < line.size(); ++c)
            text += c + 1 == line.size() ? line[c] : line[c].leftJustified(widths[c] + 2);
        out += text + u'\n';
    }
    return out;
}

nlohmann::ordered_json jsonValue(const QVariant& v)
{
    if (!v.isValid())
        return nullptr;
    if (v.typeId() == QMetaType::Double) {
        const double d = v.toDouble();
        if (std::isfinite(d))
            return d;
        return ValueFormat::jsonNumberOrString(d).toStdString(); // "NaN", "Infinity" as MLflow's REST API
    }
    if (v.typeId() == QMetaType::LongLong)
        return v.toLongLong();
    return v.toString().toStdString();
}

QByteArray json(const ParamDiffModel& model)
{
    nlohmann::ordered_json doc;
    doc["runs"] = nlohmann::ordered_json::array();
    for (int run = 0; run < model.runCount(); ++run)
        doc["runs"].push_back(
            { { "run_id", model.run(run).runId.toStdString() }, { "run_name", model.run(run).name.toStdString() } });
    doc["rows"] = nlohmann::ordered_json::array();
    for (int row = 0; row < model.rowCount(); ++row) {
        nlohmann::ordered_json values = nlohmann::ordered_json::array();
        for (int run = 0; run < model.runCount(); ++run)
            values.push_back(jsonValue(model.rawValue(row, run)));
        doc["rows"].push_back({ { "section", ParamDiffModel::sectionName(model.rowSection(row)).toStdString() },
            { "key", model.rowKey(row).toStdString() }, { "differs", model.rowDiffers(row) }, { "values", values } });
    }
    return QByteArray::fromStdString(doc.dump(2)) + '\n';
}

} // namespace

QString DiffCommand::usageText() { return u"runlens diff URI RUN_A RUN_B… [--all] [--format table|json|csv]"_s; }

int DiffCommand::run(const QStringList& arguments, FILE* out, FILE* err)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        { u"format"_s, u"table, json or csv."_s, u"format"_s, u"table"_s },
        { u"all"_s, u"Show every row, not only the ones that differ."_s },
    });
    if (!p.parse(arguments))
        return usage(err, p.errorText());
    QStringList pos = p.positionalArguments();
    if (!pos.isEmpty() && pos.first() == u"diff")
        pos.removeFirst();
    if (pos.size() < 3)
        return usage(err, u"diff takes a URI and two or more runs"_s);
    const QString format = p.value(u"format"_s);
    if (format != u"table" && format != u"json" && format != u"csv")
        return usage(err, u"diff --format is table, json or csv"_s);

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
    QVector<Run> runs;
    for (qsizetype i = 1; i < pos.size(); ++i) {
        QString problem;
        const Run* run = findRun(index.value, pos[i], &problem);
        if (!run) {
            println(err, u"runlens: "_s + problem + u" in "_s + pos[0]);
            return 1;
        }
        runs.append(*run);
    }
    ParamDiffModel model;
    model.setRuns(runs);
    model.setShowDifferencesOnly(!p.isSet(u"all"_s));
    const QByteArray text = format == u"json" ? json(model)
        : format == u"csv"                    ? model.toCsv().toUtf8()
                                              : table(model).toUtf8();
    fwrite(text.constData(), 1, static_cast<size_t>(text.size()), out);
    fflush(out);
    return 0;
}
