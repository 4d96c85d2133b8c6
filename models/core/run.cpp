#include "run.h"

void Run::adoptWellKnownTags()
{
    const auto adopt = [this](QString& field, const QString& tag) {
        if (field.isEmpty())
            field = tags.value(tag);
    };
    adopt(name, QStringLiteral("mlflow.runName"));
    adopt(user, QStringLiteral("mlflow.user"));
    adopt(sourceName, QStringLiteral("mlflow.source.name"));
    adopt(gitCommit, QStringLiteral("mlflow.source.git.commit"));
    adopt(parentRunId, QStringLiteral("mlflow.parentRunId"));
}
