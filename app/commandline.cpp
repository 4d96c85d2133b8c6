#include "commandline.h"

#include "diffcommand.h"
#include "exportcommand.h"
#include "runserializer.h"
#include "searchfilter.h"
#include "sourcefactory.h"
#include "spanscommand.h"

#include <QCollator>
#include <QCommandLineParser>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <functional>
#include <vector>

namespace {

void print(FILE* f, const QByteArray& bytes)
{
    fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), f);
    fflush(f);
}

void println(FILE* f, const QString& s)
{
    print(f, s.toUtf8() + '\n');
}

struct Loaded {
    std::unique_ptr<Source> source;
    ReadResult<Catalog> result;
    bool ok = false;
};

Loaded load(const QString& uri, FILE* err)
{
    Loaded l;
    auto opened = SourceFactory::open(uri);
    if (!opened.source) {
        println(err, u"runlens: " + opened.error);
        return l;
    }
    l.source = std::move(opened.source);
    l.result = l.source->index({}, {});
    for (const ReadWarning& w : std::as_const(l.result.warnings))
        println(err, u"warning: " + w.toString());
    if (l.result.error) {
        println(err, u"runlens: " + *l.result.error);
        return l;
    }
    l.ok = true;
    return l;
}

// The --format value, or `fallback`; empty when it is not one of `allowed`.
QString chosenFormat(const QCommandLineParser& p, const QString& fallback, const QStringList& allowed)
{
    const QString format = p.value(QStringLiteral("format")).isEmpty() ? fallback : p.value(QStringLiteral("format"));
    return allowed.contains(format) ? format : QString();
}

const Run* findRun(const Loaded& l, const QString& uri, const QString& runId, FILE* err)
{
    const Run* run = l.result.value.run(runId);
    if (!run)
        println(err, u"runlens: no run " + runId + u" in " + uri);
    return run;
}

int usage(FILE* err, const QString& message)
{
    println(err, u"runlens: " + message + u"\nusage: runlens ls URI [--experiment NAME|ID] [--filter EXPR] [--all] "
                                          u"[--format table|json|csv]\n"
                                          u"       runlens show URI RUN_ID [--format text|json]\n"
                                          u"       runlens metrics URI RUN_ID KEY [--format csv|json]\n"
                                          u"       " + DiffCommand::usageText() + u"\n"
                                          u"       " + ExportCommand::usageText() + u"\n"
                                          u"       " + SpansCommand::usageText() + u"\n"
                                          u"       runlens [URI…] [--screenshot FILE]");
    return 2;
}

// Runs in MLflow's natural order (newest start first, then run id), except that a child run (mlflow.parentRunId)
// follows its parent, children in name order ("worker_2" before "worker_10"): itwinai's parent run carries no
// metrics, its worker_<rank> runs do. `depths` gets each run's nesting level (0 when its parent is not listed).
void sortRuns(QVector<const Run*>& runs, QHash<const Run*, int>* depths = nullptr)
{
    std::stable_sort(runs.begin(), runs.end(), [](const Run* a, const Run* b) {
        const qint64 sa = a->startTimeMs.value_or(-1);
        const qint64 sb = b->startTimeMs.value_or(-1);
        if (sa != sb)
            return sa > sb;
        return a->runId < b->runId;
    });
    QHash<QString, QVector<const Run*>> children;
    QSet<QString> listed;
    for (const Run* r : std::as_const(runs))
        listed.insert(r->runId);
    QCollator byName;
    byName.setNumericMode(true);
    for (const Run* r : std::as_const(runs)) {
        if (!r->parentRunId.isEmpty() && r->parentRunId != r->runId && listed.contains(r->parentRunId))
            children[r->parentRunId].append(r);
    }
    for (auto& list : children)
        std::stable_sort(list.begin(), list.end(), [&](const Run* a, const Run* b) { return byName(a->name, b->name); });
    QVector<const Run*> ordered;
    ordered.reserve(runs.size());
    QSet<const Run*> placed;
    const std::function<void(const Run*, int)> place = [&](const Run* r, int depth) {
        if (placed.contains(r))
            return; // a parent cycle in damaged tags: each run is listed once
        placed.insert(r);
        ordered.append(r);
        if (depths)
            depths->insert(r, depth);
        for (const Run* c : children.value(r->runId))
            place(c, depth + 1);
    };
    for (const Run* r : std::as_const(runs)) {
        const bool isChild = !r->parentRunId.isEmpty() && r->parentRunId != r->runId && listed.contains(r->parentRunId);
        if (!isChild)
            place(r, 0);
    }
    for (const Run* r : std::as_const(runs))
        place(r, 0); // runs whose parents form a cycle
    runs = ordered;
}

int commandLs(const QStringList& pos, QCommandLineParser& p, FILE* out, FILE* err)
{
    if (pos.size() != 1)
        return usage(err, QStringLiteral("ls takes one URI"));
    const QString format = chosenFormat(
        p, QStringLiteral("table"), { QStringLiteral("table"), QStringLiteral("json"), QStringLiteral("csv") });
    if (format.isEmpty())
        return usage(err, QStringLiteral("ls --format is table, json or csv"));
    const SearchFilter filter = SearchFilter::parse(p.value(QStringLiteral("filter")));
    if (!filter.isValid()) {
        println(err, u"runlens: bad filter: " + filter.errorMessage());
        return 2;
    }
    Loaded l = load(pos[0], err);
    if (!l.ok)
        return 1;
    const Catalog& catalog = l.result.value;
    const bool all = p.isSet(QStringLiteral("all"));
    QString experimentId;
    if (p.isSet(QStringLiteral("experiment"))) {
        const QString want = p.value(QStringLiteral("experiment"));
        for (const Experiment& e : catalog.experiments) {
            if (e.experimentId == want || (e.name == want && (!e.deleted || all)))
                experimentId = e.experimentId;
        }
        if (experimentId.isEmpty()) {
            println(err, u"runlens: no experiment named or numbered '" + want + u"' in " + pos[0]);
            return 1;
        }
    }
    QVector<const Run*> runs;
    for (const Run& r : catalog.runs) {
        if (r.deleted && !all)
            continue; // MLflow's default view is ACTIVE_ONLY
        if (!experimentId.isEmpty() && r.experimentId != experimentId)
            continue;
        if (filter.matches(r))
            runs.append(&r);
    }
    QHash<const Run*, int> depths;
    sortRuns(runs, &depths);
    if (format == u"json") {
        print(out, RunSerializer::runsJson(runs, catalog));
    } else if (format == u"csv") {
        print(out, RunSerializer::runsCsv(runs, catalog));
    } else {
        // The table is for people: child runs are indented under their parent.
        std::vector<Run> shown;
        shown.reserve(static_cast<size_t>(runs.size()));
        for (const Run* r : std::as_const(runs)) {
            shown.push_back(*r);
            const int depth = depths.value(r);
            if (depth > 0)
                shown.back().name = QString(2 * (depth - 1), u' ') + u"\u2514 " + r->name;
        }
        QVector<const Run*> rows;
        for (const Run& r : shown)
            rows.append(&r);
        print(out, RunSerializer::runsTable(rows, catalog));
    }
    return 0;
}

int commandShow(const QStringList& pos, QCommandLineParser& p, FILE* out, FILE* err)
{
    if (pos.size() != 2)
        return usage(err, QStringLiteral("show takes a URI and a run id"));
    const QString format = chosenFormat(p, QStringLiteral("text"), { QStringLiteral("text"), QStringLiteral("json") });
    if (format.isEmpty())
        return usage(err, QStringLiteral("show --format is text or json"));
    Loaded l = load(pos[0], err);
    const Run* run = l.ok ? findRun(l, pos[0], pos[1], err) : nullptr;
    if (!run)
        return 1;
    print(out, format == u"json" ? RunSerializer::runJson(*run, l.result.value)
                                 : RunSerializer::runText(*run, l.result.value));
    return 0;
}

int commandMetrics(const QStringList& pos, QCommandLineParser& p, FILE* out, FILE* err)
{
    if (pos.size() != 3)
        return usage(err, QStringLiteral("metrics takes a URI, a run id and a metric key"));
    const QString format = chosenFormat(p, QStringLiteral("csv"), { QStringLiteral("csv"), QStringLiteral("json") });
    if (format.isEmpty())
        return usage(err, QStringLiteral("metrics --format is csv or json"));
    Loaded l = load(pos[0], err);
    const Run* run = l.ok ? findRun(l, pos[0], pos[1], err) : nullptr;
    if (!run)
        return 1;
    if (!run->metrics.contains(pos[2])) {
        println(err, u"runlens: run " + pos[1] + u" has no metric '" + pos[2] + u"' (it has: "
                + QStringList(run->metrics.keys()).join(QStringLiteral(", ")) + u')');
        return 1;
    }
    const auto series = l.source->series(pos[1], pos[2], {});
    for (const ReadWarning& w : series.warnings)
        println(err, u"warning: " + w.toString());
    if (!series.ok()) {
        println(err, u"runlens: " + series.error.value_or(QStringLiteral("cancelled")));
        return 1;
    }
    print(out, format == u"json" ? RunSerializer::seriesJson(series.value) : RunSerializer::seriesCsv(series.value));
    return 0;
}

} // namespace

bool CommandLine::isCommand(const QString& word)
{
    if (word == u"spans")
        return true;
    return word == u"ls" || word == u"show" || word == u"metrics" || word == u"diff" || word == u"export";
}

int CommandLine::run(const QStringList& arguments, FILE* out, FILE* err)
{
    if (arguments.size() > 1 && arguments[1] == u"spans") // a file, not a store: its own arguments
        return SpansCommand::run(arguments, out, err);
    // diff and export take options of their own; they parse their arguments themselves.
    if (arguments.size() > 1 && arguments[1] == u"diff")
        return DiffCommand::run(arguments, out, err);
    if (arguments.size() > 1 && arguments[1] == u"export")
        return ExportCommand::run(arguments, out, err);
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        { QStringLiteral("format"), QStringLiteral("Output format."), QStringLiteral("format") },
        { QStringLiteral("experiment"), QStringLiteral("Only this experiment (name or id)."), QStringLiteral("exp") },
        { QStringLiteral("filter"), QStringLiteral("MLflow search expression."), QStringLiteral("expr") },
        { QStringLiteral("all"), QStringLiteral("Include deleted runs.") },
    });
    p.addHelpOption();
    if (!p.parse(arguments))
        return usage(err, p.errorText());
    QStringList pos = p.positionalArguments();
    if (pos.isEmpty() || !isCommand(pos.first()))
        return usage(err, QStringLiteral("expected a command"));
    const QString command = pos.takeFirst();
    if (command == u"ls")
        return commandLs(pos, p, out, err);
    if (command == u"show")
        return commandShow(pos, p, out, err);
    return commandMetrics(pos, p, out, err);
}
