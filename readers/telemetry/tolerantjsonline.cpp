#include "tolerantjsonline.h"

#include <QStringList>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace {

// Markers are strings starting with U+0001. A real string value written as "\u0001nan" would be misread as a
// marker; telemetry attribute values never start with a control character, so that risk is accepted.
constexpr char kMarker = '\x01';
constexpr std::string_view kNan = "\"\\u0001nan\"";
constexpr std::string_view kInf = "\"\\u0001inf\"";
constexpr std::string_view kNegInf = "\"\\u0001-inf\"";
// Integers with more digits than this may not be exact as a double (2^53 has 16 digits).
constexpr size_t kExactDigits = 15;

bool startsWith(const QByteArray& line, qsizetype at, std::string_view word)
{
    return line.size() - at >= static_cast<qsizetype>(word.size())
        && std::string_view(line.constData() + at, word.size()) == word;
}

std::string rewrite(const QByteArray& line)
{
    std::string out;
    out.reserve(static_cast<size_t>(line.size()) + 16);
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
        } else if (startsWith(line, i, "NaN")) {
            out += kNan;
            i += 2;
        } else if (startsWith(line, i, "Infinity")) {
            out += kInf;
            i += 7;
        } else if (startsWith(line, i, "-Infinity")) {
            out += kNegInf;
            i += 8;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            qsizetype end = i + 1;
            bool integer = true;
            while (end < line.size() && std::string_view("0123456789+-.eE").find(line[end]) != std::string_view::npos) {
                if (line[end] < '0' || line[end] > '9')
                    integer = false;
                ++end;
            }
            const std::string token(line.constData() + i, static_cast<size_t>(end - i));
            const size_t digits = token.size() - (c == '-' ? 1 : 0);
            if (integer && digits > kExactDigits)
                out += "\"\\u0001int:" + token + '"';
            else
                out += token;
            i = end - 1;
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view markerPayload(const nlohmann::json& value)
{
    if (!value.is_string())
        return {};
    const std::string& s = value.get_ref<const std::string&>();
    if (s.empty() || s[0] != kMarker)
        return {};
    return std::string_view(s).substr(1);
}

} // namespace

std::optional<nlohmann::json> TolerantJsonLine::parse(const QByteArray& line, QString* error)
{
    try {
        nlohmann::json j = nlohmann::json::parse(rewrite(line));
        if (!j.is_object()) {
            *error = QStringLiteral("not a JSON object");
            return std::nullopt;
        }
        return j;
    } catch (const nlohmann::json::exception& e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

std::optional<double> TolerantJsonLine::number(const nlohmann::json& value)
{
    if (value.is_number())
        return value.get<double>();
    const std::string_view m = markerPayload(value);
    if (m == "nan")
        return std::numeric_limits<double>::quiet_NaN();
    if (m == "inf")
        return std::numeric_limits<double>::infinity();
    if (m == "-inf")
        return -std::numeric_limits<double>::infinity();
    if (m.starts_with("int:"))
        return std::strtod(std::string(m.substr(4)).c_str(), nullptr); // correctly rounded, like Python's float()
    return std::nullopt;
}

QString TolerantJsonLine::text(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::string: {
        const std::string_view m = markerPayload(value);
        if (m == "nan")
            return QStringLiteral("NaN");
        if (m == "inf")
            return QStringLiteral("Infinity");
        if (m == "-inf")
            return QStringLiteral("-Infinity");
        if (m.starts_with("int:"))
            return QString::fromLatin1(m.substr(4));
        return QString::fromStdString(value.get<std::string>());
    }
    case nlohmann::json::value_t::boolean:
        return value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    case nlohmann::json::value_t::array: {
        QStringList items;
        for (const auto& item : value)
            items << text(item);
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    default:
        return QString::fromStdString(value.dump());
    }
}

QString TolerantJsonLine::string(const nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    return it == object.end() ? QString() : text(*it);
}
