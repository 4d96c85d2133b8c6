#pragma once

#include "oneloggerfile.h"

#include <QByteArray>
#include <QString>

// Reads NVIDIA OneLogger's FileExporter output (JSON Lines; see reference/telemetry.md §1). Records: start, stop,
// complete, event, application_error, telemetry_data_error. Bad lines become warnings; the rest still loads.
class OneLoggerParser final {
public:
    static OneLoggerFile parse(const QByteArray& bytes, const QString& displayPath);
    // True when `firstLine` is a OneLogger record: an object with a known "type", a "count" and a "pid".
    static bool isOneLoggerRecord(const QByteArray& firstLine);
};
