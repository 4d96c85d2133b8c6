#pragma once

#include <QString>

// What a metric's key says about it, by the conventions of the loggers: charts are grouped into sections by
// the prefix before the first "/" (MLflow's UI does the same), `system/…` (and `system/<node>/…` from multi-node
// runs) are MLflow's system metrics, and their name ends in the unit they are logged in.
class MetricKeyInfo final {
public:
    static bool isSystem(const QString& key);
    // "System metrics" for system/…, the prefix before the first "/" otherwise, "Model metrics" when none.
    static QString section(const QString& key);
    // "%", "MB", "GB", "W", "s" or empty, from the key's suffix (system_memory_usage_megabytes → "MB").
    static QString unit(const QString& key);
    // A y-axis title: the unit where the key names one ("W" for gpu_0_power_usage_watts), else its last part.
    static QString axisTitle(const QString& key);
};
