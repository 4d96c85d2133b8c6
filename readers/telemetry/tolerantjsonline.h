#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

// One line of Python-written JSON, made parseable by nlohmann::json without losing what Python meant.
// json.dumps writes NaN/Infinity/-Infinity for non-finite floats (invalid JSON) and integers of any size; both
// are rewritten, outside strings, into marker strings before parsing, and read back through the helpers below:
// numbers keep their exact text (a FLOP counter past int64 stays exact as a param) and their double value.
class TolerantJsonLine final {
public:
    // The parsed object, or nothing (with `error` set) when the line is not a JSON object.
    static std::optional<nlohmann::json> parse(const QByteArray& line, QString* error);

    // A number (or NaN/±inf marker, or big-integer marker) as a double; nothing for strings, bools, lists, null.
    static std::optional<double> number(const nlohmann::json& value);
    // Any value as display text: integers exactly, floats shortest round-trip, bools true/false, lists "[a, b]".
    static QString text(const nlohmann::json& value);
    static QString string(const nlohmann::json& object, const char* key);
};
