#include "spanscommand.h"

#include "telemetry/oneloggersource.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QTimeZone>

#include <nlohmann/json.hpp>

namespace {

void println(FILE* f, const QString& s)
{
    const QByteArray bytes = s.toUtf8() + '\n';
    fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), f);
    fflush(f);
}

int usage(FILE* err, const QString& message)
{
    println(err, u"runlens: " + message + u"\nusage: " + SpansCommand::usageText());
    return 2;
}

QString isoTime(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs); }

QString durationText(const Span& s) { return s.durationMs ? QString::number(*s.durationMs) : QString(); }

QString json(const QVector<Span>& spans)
{
    nlohmann::json array = nlohmann::json::array();
    for (const Span& s : spans) {
        nlohmann::json attributes = nlohmann::json::object();
        for (auto it = s.attributes.cbegin(); it != s.attributes.cend(); ++it)
            attributes[it.key().toStdString()] = it.value().toStdString(); // text: big integers stay exact
        array.push_back({ { "name", s.name.toStdString() }, { "id", s.id.toStdString() }, { "start_ms", s.startMs },
            { "duration_ms", s.durationMs ? nlohmann::json(*s.durationMs) : nlohmann::json(nullptr) },
            { "depth", s.depth }, { "pid", s.pid }, { "attributes", attributes } });
    }
    return QString::fromStdString(array.dump(1));
}

QString csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n'))
        return s;
    return u'"' + QString(s).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString csv(const QVector<Span>& spans)
{
    QStringList lines { QStringLiteral("name,depth,start_ms,start,duration_ms,pid") };
    for (const Span& s : spans)
        lines << csvField(s.name) + u',' + QString::number(s.depth) + u',' + QString::number(s.startMs) + u','
                + isoTime(s.startMs) + u',' + durationText(s) + u',' + QString::number(s.pid);
    return lines.join(u'\n');
}

// Names indented by depth, so the nesting reads like a tree; an open span says so instead of a duration.
QString table(const QVector<Span>& spans)
{
    QList<QStringList> rows { { QStringLiteral("SPAN"), QStringLiteral("START"), QStringLiteral("+MS"),
        QStringLiteral("DURATION_MS"), QStringLiteral("DEPTH"), QStringLiteral("PID") } };
    const qint64 origin = spans.isEmpty() ? 0 : spans.first().startMs;
    for (const Span& s : spans)
        rows << QStringList { QString(s.depth * 2, u' ') + s.name, isoTime(s.startMs),
            QString::number(s.startMs - origin), s.durationMs ? durationText(s) : QStringLiteral("never stopped"),
            QString::number(s.depth), QString::number(s.pid) };
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList& row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    QStringList lines;
    for (const QStringList& row : std::as_const(rows)) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row[c].leftJustified(widths[c] + 2) : row[c];
        lines << line;
    }
    lines << QString::number(spans.size()) + (spans.size() == 1 ? u" span" : u" spans");
    return lines.join(u'\n');
}

} // namespace

QString SpansCommand::usageText() { return QStringLiteral("runlens spans FILE [--format table|json|csv]"); }

int SpansCommand::run(const QStringList& arguments, FILE* out, FILE* err)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOption({ QStringLiteral("format"), QStringLiteral("Output format."), QStringLiteral("format") });
    if (!p.parse(arguments))
        return usage(err, p.errorText());
    QStringList pos = p.positionalArguments();
    if (!pos.isEmpty() && pos.first() == u"spans")
        pos.removeFirst();
    if (pos.size() != 1)
        return usage(err, QStringLiteral("spans takes one telemetry file"));
    const QString format
        = p.value(QStringLiteral("format")).isEmpty() ? QStringLiteral("table") : p.value(QStringLiteral("format"));
    if (format != u"table" && format != u"json" && format != u"csv")
        return usage(err, QStringLiteral("spans --format is table, json or csv"));
    if (!OneLoggerSource::looksLikeFile(pos[0])) {
        println(err, u"runlens: " + pos[0] + u": not a OneLogger telemetry file");
        return 1;
    }
    const auto result = OneLoggerSource::readSpans(pos[0]);
    for (const ReadWarning& w : result.warnings)
        println(err, u"warning: " + w.toString());
    if (!result.ok()) {
        println(err, u"runlens: " + result.error.value_or(QStringLiteral("cancelled")));
        return 1;
    }
    println(out, format == u"json" ? json(result.value) : format == u"csv" ? csv(result.value) : table(result.value));
    return 0;
}
