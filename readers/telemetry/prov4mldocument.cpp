#include "prov4mldocument.h"

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QStringList>

#include <array>
#include <cmath>

namespace {

using json = nlohmann::json;

const QString kPrefix = QStringLiteral("yProv4ML:");

QString fromUtf8(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// Python's repr of a str, as it appears inside the dict repr yProv4ML writes: quotes, \\ \' \" \n \t escapes.
QString unescapePythonString(const QString& body)
{
    QString out;
    out.reserve(body.size());
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c != u'\\' || i + 1 == body.size()) {
            out += c;
            continue;
        }
        const QChar n = body[++i];
        out += n == u'n' ? QChar(u'\n') : n == u't' ? QChar(u'\t') : n;
    }
    return out;
}

// "{'$': '[32, 64]', 'type': 'list'}": str() of a dict, which Prov4MLData.add_parameter writes for values of types
// PROV has no literal for.
QString unwrapPythonTypedRepr(const QString& text)
{
    static const QRegularExpression repr(
        QStringLiteral(R"re(^\{'\$': (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"), 'type': '[^']*'\}$)re"));
    const QRegularExpressionMatch m = repr.match(text);
    if (!m.hasMatch())
        return text;
    return unescapePythonString(m.capturedStart(1) >= 0 ? m.captured(1) : m.captured(2));
}

QString valueText(const json& v, bool quoteStrings = false)
{
    if (v.is_object() && v.contains("$")) {
        const json& inner = v["$"];
        return inner.is_string() ? fromUtf8(inner.get<std::string>()) : valueText(inner);
    }
    if (v.is_string()) {
        const QString s = unwrapPythonTypedRepr(fromUtf8(v.get<std::string>()));
        return quoteStrings ? u'\'' + s + u'\'' : s;
    }
    if (v.is_boolean())
        return v.get<bool>() ? QStringLiteral("True") : QStringLiteral("False");
    if (v.is_null())
        return QStringLiteral("None");
    if (v.is_array()) {
        QStringList parts;
        for (const json& e : v)
            parts << valueText(e, true);
        return u'[' + parts.join(QStringLiteral(", ")) + u']';
    }
    return fromUtf8(v.dump());
}

std::optional<qint64> secondsToMs(const QString& text)
{
    bool ok = false;
    const double s = text.toDouble(&ok);
    if (!ok || !std::isfinite(s))
        return std::nullopt;
    return static_cast<qint64>(std::llround(s * 1000.0));
}

std::optional<int> levelOf(const json& attributes)
{
    const auto it = attributes.find("yProv4ML:level");
    if (it == attributes.end())
        return std::nullopt;
    bool ok = false;
    const int level = valueText(*it).toInt(&ok);
    return ok ? std::optional<int>(level) : std::nullopt;
}

} // namespace

bool Prov4mlDocument::isRunAttribute(const QString& name)
{
    static const std::array<QString, 13> names { QStringLiteral("level"), QStringLiteral("provenance_path"),
        QStringLiteral("artifact_uri"), QStringLiteral("experiment_dir"), QStringLiteral("experiment_name"),
        QStringLiteral("run_id"), QStringLiteral("python_version"), QStringLiteral("PID"),
        QStringLiteral("global_rank"), QStringLiteral("local_rank"), QStringLiteral("node_rank"),
        QStringLiteral("execution_start_time"), QStringLiteral("execution_end_time") };
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<Prov4mlDocument> Prov4mlDocument::parse(
    const QByteArray& bytes, const QString& fileName, QList<ReadWarning>& warnings)
{
    json doc;
    try {
        doc = json::parse(bytes.constData(), bytes.constData() + bytes.size());
    } catch (const json::parse_error& e) {
        warnings.append(ReadWarning::atOffset(fileName, static_cast<qint64>(e.byte),
            u"not valid JSON (" + QString::fromUtf8(e.what()) + u"); the run's params are missing"));
        return std::nullopt;
    }
    if (!doc.is_object() || !doc.contains("activity") || !doc["activity"].is_object()) {
        warnings.append(ReadWarning::at(fileName,
            QStringLiteral("no \"activity\" object: not a yProv4ML PROV-JSON document; the run's params are missing")));
        return std::nullopt;
    }
    Prov4mlDocument out;
    // Root first, then the contexts: a param logged in a context whose name a root param already has is kept
    // beside it as "<name> (<context>)".
    std::vector<std::pair<int, json::const_iterator>> activities;
    const json& all = doc["activity"];
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (!it.value().is_object())
            continue;
        activities.emplace_back(levelOf(it.value()).value_or(1), it);
    }
    std::stable_sort(
        activities.begin(), activities.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    bool sawRoot = false;
    for (const auto& [level, it] : activities) {
        const bool root = level == 0;
        sawRoot = sawRoot || root;
        QString context = fromUtf8(it.key());
        if (context.startsWith(u"context:"))
            context = context.mid(8);
        for (auto attr = it.value().begin(); attr != it.value().end(); ++attr) {
            QString name = fromUtf8(attr.key());
            if (!name.startsWith(kPrefix))
                continue; // prov:type and other vocabularies are not params
            name = name.mid(kPrefix.size());
            if (name == u"level")
                continue;
            const QString text = valueText(attr.value());
            if (root && isRunAttribute(name)) {
                out.runAttributes.insert(name, text);
                continue;
            }
            if (out.params.contains(name))
                name += u" (" + context + u')';
            out.params.insert(name, text);
        }
    }
    if (!sawRoot)
        warnings.append(
            ReadWarning::at(fileName, QStringLiteral("no root activity (yProv4ML:level 0); run attributes missing")));
    out.startTimeMs = secondsToMs(out.runAttributes.value(QStringLiteral("execution_start_time")));
    out.endTimeMs = secondsToMs(out.runAttributes.value(QStringLiteral("execution_end_time")));
    return out;
}
