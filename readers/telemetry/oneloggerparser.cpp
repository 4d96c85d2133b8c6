#include "oneloggerparser.h"

#include "tolerantjsonline.h"

#include <QDateTime>
#include <QHash>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

using nlohmann::json;

namespace {

const json& member(const json& object, const char* key)
{
    static const json null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}

std::optional<qint64> integer(const json& value)
{
    if (value.is_number_integer())
        return value.get<qint64>();
    const auto n = TolerantJsonLine::number(value);
    // Outside int64 the cast would be undefined; such a pid, time or iteration is not one anyway.
    if (!n || !std::isfinite(*n) || std::fabs(*n) >= 9.2e18)
        return std::nullopt;
    return static_cast<qint64>(*n);
}

QString isoTime(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs); }

class FileReader {
public:
    explicit FileReader(const QString& path)
        : m_path(path)
    {
    }

    void record(const json& rec, qint64 line)
    {
        ++m_file.records;
        const QString type = TolerantJsonLine::string(rec, "type");
        const qint64 pid = integer(member(rec, "pid")).value_or(0);
        if (type == u"start" || type == u"complete")
            startSpan(rec, pid, type == u"complete", line);
        else if (type == u"stop")
            stopSpan(rec, pid, line);
        else if (type == u"event")
            event(member(rec, "event"), line);
        else if (type == u"application_error")
            error(member(rec, "event"), u"application error", line);
        else if (type == u"telemetry_data_error")
            error(member(rec, "error"), u"telemetry data error", line);
        else
            m_file.warnings.append(ReadWarning::atLine(m_path, line, u"unknown record type '" + type + u"' skipped"));
        if (m_file.run.tags.value(QStringLiteral("pid")).isEmpty() && pid != 0)
            m_file.run.tags.insert(QStringLiteral("pid"), QString::number(pid));
    }

    void warn(qint64 line, const QString& message)
    {
        m_file.warnings.append(ReadWarning::atLine(m_path, line, message));
    }

    OneLoggerFile finish()
    {
        QStringList unclosed;
        for (const Span& s : std::as_const(m_file.spans)) {
            if (s.isClosed())
                continue;
            unclosed << s.name;
            m_file.warnings.append(ReadWarning::atLine(m_path, m_startLines.value(s.id),
                u"span " + s.name + u" started at " + isoTime(s.startMs)
                    + u" never stopped (the job crashed or is still running)"));
        }
        Run& run = m_file.run;
        // The exporter writes every open span when it closes, so an open span means the process never got there.
        run.status = m_file.spans.isEmpty() ? RunStatus::Unknown
            : unclosed.isEmpty()            ? RunStatus::Finished
                                            : RunStatus::Failed;
        if (!unclosed.isEmpty())
            run.tags.insert(QStringLiteral("runlens.unclosed_spans"), unclosed.join(QStringLiteral(", ")));
        if (!m_errors.isEmpty())
            run.tags.insert(QStringLiteral("runlens.errors"), m_errors.join(u'\n'));
        if (!m_file.spans.isEmpty())
            run.startTimeMs = m_file.spans.first().startMs;
        if (m_lastTimeMs)
            run.endTimeMs = m_lastTimeMs;
        for (auto it = m_file.series.cbegin(); it != m_file.series.cend(); ++it)
            run.metrics.insert(it.key(), summarize(*it));
        return std::move(m_file);
    }

private:
    void seeTime(const json& attributes)
    {
        if (const auto t = integer(member(attributes, "timestamp_msec")))
            m_lastTimeMs = std::max(m_lastTimeMs.value_or(*t), *t);
    }

    void seeIteration(const json& attributes)
    {
        if (const auto it = integer(member(attributes, "current_iteration")))
            m_iteration = *it;
    }

    static void addAttributes(Span& span, const json& attributes)
    {
        if (!attributes.is_object())
            return;
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            span.attributes.insert(QString::fromStdString(it.key()), TolerantJsonLine::text(it.value()));
    }

    void startSpan(const json& rec, qint64 pid, bool complete, qint64 line)
    {
        QVector<int>& stack = m_open[pid];
        Span span;
        span.id = TolerantJsonLine::string(rec, "id");
        span.name = TolerantJsonLine::string(rec, "name");
        span.pid = pid;
        span.depth = static_cast<int>(stack.size());
        const json& startAttributes = member(member(rec, "start_event"), "attributes");
        span.startMs = integer(member(startAttributes, "timestamp_msec")).value_or(0);
        seeTime(startAttributes);
        const json& attributes = member(rec, "attributes");
        addAttributes(span, attributes);
        seeIteration(attributes);
        if (complete) {
            span.durationMs = integer(member(attributes, "duration_msec")).value_or(0);
            seeTime(member(member(rec, "stop_event"), "attributes"));
        }
        if (span.name == u"training_loop")
            addParams(attributes, { "duration_msec" });
        m_file.spans.append(span);
        if (!complete) {
            m_byId.insert(span.id, static_cast<int>(m_file.spans.size() - 1));
            m_startLines.insert(span.id, line);
            stack.append(static_cast<int>(m_file.spans.size() - 1));
        }
    }

    void stopSpan(const json& rec, qint64 pid, qint64 line)
    {
        const QString id = TolerantJsonLine::string(rec, "id");
        const auto found = m_byId.constFind(id);
        if (found == m_byId.constEnd()) {
            m_file.warnings.append(ReadWarning::atLine(
                m_path, line, u"stop of span " + TolerantJsonLine::string(rec, "name") + u" that never started"));
            return;
        }
        Span& span = m_file.spans[*found];
        const json& attributes = member(rec, "attributes");
        addAttributes(span, attributes);
        span.durationMs = integer(member(attributes, "duration_msec")).value_or(0);
        seeTime(member(member(rec, "stop_event"), "attributes"));
        // Brackets: a stop closes its span and anything opened inside it that never stopped.
        QVector<int>& stack = m_open[pid];
        const qsizetype at = stack.lastIndexOf(*found);
        if (at >= 0)
            stack.resize(at);
    }

    void event(const json& ev, qint64 line)
    {
        const QString name = TolerantJsonLine::string(ev, "name");
        const json& attributes = member(ev, "attributes");
        if (!attributes.is_object()) {
            m_file.warnings.append(ReadWarning::atLine(m_path, line, u"event " + name + u" has no attributes"));
            return;
        }
        seeTime(attributes);
        seeIteration(attributes);
        if (name == u"one_logger_initialization") {
            adoptInitialization(attributes);
            return;
        }
        if (name == u"update_training_telemetry_config") {
            if (member(attributes, "perf_tag").is_array()) {
                QStringList tags;
                for (const auto& t : member(attributes, "perf_tag"))
                    tags << TolerantJsonLine::text(t);
                m_file.run.tags.insert(QStringLiteral("perf_tag"), tags.join(u','));
            } else if (attributes.contains("perf_tag")) {
                m_file.run.tags.insert(QStringLiteral("perf_tag"), TolerantJsonLine::string(attributes, "perf_tag"));
            }
            addCustomMetadata(member(attributes, "custom_metadata"));
            addParams(attributes, { "perf_tag", "custom_metadata", "timestamp_msec" });
            return;
        }
        // Training metrics keep their own names (the ones people know); other events' attributes are prefixed by
        // the event, since validation and training both log avg_iteration_time_sec with different meanings.
        const QString prefix = name == u"training_metrics_update" ? QString() : name + u'/';
        const qint64 time = integer(member(attributes, "timestamp_msec")).value_or(0);
        // Events without an iteration (sync_checkpoint_metrics_update) belong to the latest one seen.
        const qint64 step = integer(member(attributes, "current_iteration")).value_or(m_iteration);
        for (auto it = attributes.begin(); it != attributes.end(); ++it) {
            if (it.key() == "timestamp_msec" || it.key() == "current_iteration" || it.value().is_boolean())
                continue;
            const auto value = TolerantJsonLine::number(it.value());
            if (!value)
                continue;
            const QString key = prefix + QString::fromStdString(it.key());
            MetricSeries& series = m_file.series[key];
            series.key = key;
            series.append(step, time, *value);
        }
    }

    void adoptInitialization(const json& attributes)
    {
        Run& run = m_file.run;
        for (const char* key : { "session_tag", "is_baseline_run", "node_name", "rank", "enable_for_current_rank",
                 "one_logger_training_telemetry_version", "summary_data_schema_version" }) {
            if (attributes.contains(key))
                run.tags.insert(QString::fromLatin1(key), TolerantJsonLine::string(attributes, key));
        }
        if (attributes.contains("world_size"))
            run.params.insert(QStringLiteral("world_size"), TolerantJsonLine::string(attributes, "world_size"));
        addCustomMetadata(member(attributes, "custom_metadata"));
        m_file.sessionTag = TolerantJsonLine::string(attributes, "session_tag");
    }

    // custom_metadata is a list of "key:value" strings (the writer flattens a dict).
    void addCustomMetadata(const json& list)
    {
        if (!list.is_array())
            return;
        for (const auto& item : list) {
            const QString entry = TolerantJsonLine::text(item);
            const qsizetype colon = entry.indexOf(u':');
            if (colon > 0)
                m_file.run.tags.insert(u"custom." + entry.left(colon), entry.mid(colon + 1));
            else
                m_file.run.tags.insert(u"custom." + entry, QString());
        }
    }

    void addParams(const json& attributes, std::initializer_list<const char*> skip)
    {
        if (!attributes.is_object())
            return;
        for (auto it = attributes.begin(); it != attributes.end(); ++it) {
            if (std::any_of(skip.begin(), skip.end(), [&](const char* s) { return it.key() == s; }))
                continue;
            const QString key = QString::fromStdString(it.key());
            if (!m_file.run.params.contains(key))
                m_file.run.params.insert(key, TolerantJsonLine::text(it.value()));
        }
    }

    void error(const json& ev, QStringView kind, qint64 line)
    {
        const json& attributes = member(ev, "attributes");
        seeTime(attributes);
        QString message = TolerantJsonLine::string(attributes, "error_message");
        const QString type = TolerantJsonLine::string(attributes, "exception_type");
        if (!type.isEmpty())
            message += u" (" + type + u": " + TolerantJsonLine::string(attributes, "exception_message") + u')';
        const QString dataErrorType = TolerantJsonLine::string(attributes, "telemetry_data_error_type");
        if (!dataErrorType.isEmpty())
            message += u" (" + dataErrorType + u')';
        const QString text = kind + u": " + message;
        m_errors << text;
        m_file.warnings.append(ReadWarning::atLine(m_path, line, text));
    }

    static MetricSummary summarize(const MetricSeries& s)
    {
        MetricSummary m;
        m.count = static_cast<qint64>(s.size());
        for (size_t i = 0; i < s.size(); ++i) {
            const double v = s.values[i];
            if (i == 0 || !m.isLaterThan(s.steps[i], s.timestampsMs[i], v)) {
                m.latest = v;
                m.latestStep = s.steps[i];
                m.latestTimestampMs = s.timestampsMs[i];
            }
            if (!std::isnan(v)) {
                m.min = std::isnan(m.min) ? v : std::min(m.min, v);
                m.max = std::isnan(m.max) ? v : std::max(m.max, v);
            }
        }
        return m;
    }

    QString m_path;
    OneLoggerFile m_file;
    QHash<qint64, QVector<int>> m_open; // per pid: indexes of spans started and not yet stopped, outermost first
    QHash<QString, int> m_byId;
    QHash<QString, qint64> m_startLines; // where each start record was, for the "never stopped" warning
    QStringList m_errors;
    qint64 m_iteration = 0;
    std::optional<qint64> m_lastTimeMs;
};

} // namespace

OneLoggerFile OneLoggerParser::parse(const QByteArray& bytes, const QString& displayPath)
{
    FileReader reader(displayPath);
    qsizetype pos = 0;
    qint64 lineNumber = 0;
    while (pos < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', pos);
        const bool terminated = end >= 0;
        if (!terminated)
            end = bytes.size();
        const QByteArray line = bytes.mid(pos, end - pos).trimmed();
        pos = end + 1;
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QString error;
        const auto rec = TolerantJsonLine::parse(line, &error);
        if (!rec) {
            // The exporter flushes whole lines, so an unterminated bad last line is a write cut short by a crash.
            reader.warn(lineNumber,
                terminated ? u"unreadable line skipped: " + error
                           : QStringLiteral("last line cut off (the writer stopped mid-line); skipped"));
            continue;
        }
        reader.record(*rec, lineNumber);
    }
    return reader.finish();
}

bool OneLoggerParser::isOneLoggerRecord(const QByteArray& firstLine)
{
    QString error;
    const auto rec = TolerantJsonLine::parse(firstLine.trimmed(), &error);
    if (!rec || !rec->contains("count") || !rec->contains("pid"))
        return false;
    static const QStringList types { QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("complete"),
        QStringLiteral("event"), QStringLiteral("application_error"), QStringLiteral("telemetry_data_error") };
    return types.contains(TolerantJsonLine::string(*rec, "type"));
}
