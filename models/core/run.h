#pragma once

#include "metricsummary.h"
#include "runstatus.h"

#include <QMap>
#include <QString>

#include <optional>

// The unified run: what every source (MLflow file store, SQLite, REST, TensorBoard, telemetry…) maps its runs to.
// Metric histories are not here: they load on demand through Source::series().
struct Run {
    QString runId;
    QString name;
    QString experimentId;
    RunStatus status = RunStatus::Unknown;
    QString user;
    std::optional<qint64> startTimeMs;
    std::optional<qint64> endTimeMs;
    QString sourceName; // tag mlflow.source.name
    QString gitCommit; // tag mlflow.source.git.commit
    QString parentRunId; // tag mlflow.parentRunId
    bool deleted = false; // lifecycle_stage == deleted
    QString artifactUri;

    QMap<QString, QString> params;
    QMap<QString, QString> tags;
    QMap<QString, MetricSummary> metrics;

    QString lifecycleStage() const { return deleted ? QStringLiteral("deleted") : QStringLiteral("active"); }
    QString description() const { return tags.value(QStringLiteral("mlflow.note.content")); }
    std::optional<qint64> durationMs() const
    {
        if (!startTimeMs || !endTimeMs)
            return std::nullopt;
        return *endTimeMs - *startTimeMs;
    }
    // Fills name, user, source, git commit and parent from the tags MLflow mirrors them in, where still empty.
    void adoptWellKnownTags();
};
