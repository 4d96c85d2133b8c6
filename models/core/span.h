#pragma once

#include <QMap>
#include <QString>

#include <optional>

// One timed section of a job (OneLogger's "application", "training_loop", "checkpoint_save_sync", …) as the
// span timeline and `runlens spans` show it. Nesting is a depth, not a parent pointer: the formats rebuild it
// from record order, and a flat list sorted by start is what a timeline draws.
struct Span {
    QString id;
    QString name;
    qint64 startMs = 0; // ms since the Unix epoch
    std::optional<qint64> durationMs; // empty when the span never stopped (the job crashed or still runs)
    int depth = 0; // 0 = outermost within its process
    qint64 pid = 0;
    QMap<QString, QString> attributes; // values as text, exactly as written (big integers included)

    bool isClosed() const { return durationMs.has_value(); }
};
