#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>

// One problem found while reading: which file, where in it, and what is wrong. Shown in the warnings panel.
struct ReadWarning {
    enum class Where { Nowhere, Line, ByteOffset };
    QString file;
    QString message;
    Where where = Where::Nowhere;
    qint64 location = -1;

    static ReadWarning at(QString file, QString message) { return { std::move(file), std::move(message) }; }
    static ReadWarning atLine(QString file, qint64 line, QString message)
    {
        return { std::move(file), std::move(message), Where::Line, line };
    }
    static ReadWarning atOffset(QString file, qint64 offset, QString message)
    {
        return { std::move(file), std::move(message), Where::ByteOffset, offset };
    }
    // "path:12: message" / "path@4096: message" / "path: message"
    QString toString() const;
};

// Errors are data: a value, the warnings met on the way, and an optional fatal error. No exception crosses a
// thread boundary; a reader that fails returns a ReadResult with `error` set and whatever it could read.
template <typename T>
struct ReadResult {
    T value {};
    QList<ReadWarning> warnings;
    std::optional<QString> error;
    bool cancelled = false;

    bool ok() const { return !error.has_value() && !cancelled; }
    static ReadResult failure(QString message)
    {
        ReadResult r;
        r.error = std::move(message);
        return r;
    }
};
