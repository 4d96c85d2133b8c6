#pragma once

#include <QString>
#include <QStringView>

// MLflow's RunStatus: the file store keeps the integer, REST and SQL the name.
enum class RunStatus { Unknown = 0, Running = 1, Scheduled = 2, Finished = 3, Failed = 4, Killed = 5 };

QString runStatusName(RunStatus status); // "RUNNING", …, "UNKNOWN"
RunStatus runStatusFromName(QStringView name); // case-insensitive; Unknown when unrecognised
RunStatus runStatusFromInt(int value);
