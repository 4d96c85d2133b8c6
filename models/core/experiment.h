#pragma once

#include <QMap>
#include <QString>

#include <optional>

struct Experiment {
    QString experimentId; // opaque: "0", an 18-19 digit string (file store) or an auto-increment number (SQL)
    QString name;
    QString artifactLocation;
    // The store inside an opened folder it comes from (its path relative to the folder), when the folder holds
    // several; empty when the source is a single store. Experiments of different stores may share a name.
    QString store;
    bool deleted = false;
    std::optional<qint64> creationTimeMs;
    std::optional<qint64> lastUpdateTimeMs;
    QMap<QString, QString> tags;

    QString lifecycleStage() const { return deleted ? QStringLiteral("deleted") : QStringLiteral("active"); }
    QString description() const { return tags.value(QStringLiteral("mlflow.note.content")); }
};
