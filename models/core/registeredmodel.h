#pragma once

#include <QMap>
#include <QString>
#include <QVector>

#include <optional>

struct ModelVersion {
    int version = 0;
    QString stage; // None, Staging, Production, Archived
    QString runId;
    QString source;
    QString status; // READY, …
    QString description;
    QString userId;
    std::optional<qint64> creationTimeMs;
    std::optional<qint64> lastUpdatedTimeMs;
    QMap<QString, QString> tags;
};

struct RegisteredModel {
    QString name;
    QString description;
    std::optional<qint64> creationTimeMs;
    std::optional<qint64> lastUpdatedTimeMs;
    QMap<QString, QString> tags;
    QMap<QString, int> aliases; // alias -> version
    QVector<ModelVersion> versions; // deleted versions (Deleted_Internal) are left out
};
