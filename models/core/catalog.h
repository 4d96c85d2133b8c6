#pragma once

#include "experiment.h"
#include "registeredmodel.h"
#include "run.h"

#include <QStringList>
#include <QVector>

// Everything the run table and the source tree need from one source; histories stay behind.
struct Catalog {
    QVector<Experiment> experiments;
    QVector<Run> runs;
    QVector<RegisteredModel> models;

    const Experiment* experiment(const QString& experimentId) const;
    const Run* run(const QString& runId) const;
    QStringList experimentIds() const; // in catalog order
};
