#pragma once

#include "experiment.h"

#include <QHash>
#include <QVector>

// What the source tree and the run table call each experiment: its name, and where several share a name, the
// first of the store's folder name, the store's path and the experiment's id that tells every one of them apart
// ("mlp-demo  (mlflow)" beside "mlp-demo  (telemetry)"). A folder may hold several stores, an itwinai job's MLflow
// store beside its telemetry files, whose experiments share a name; the store's folder name fits the few
// characters the tree shows.
QHash<const Experiment*, QString> experimentLabels(const QVector<const Experiment*>& experiments);
// The same over all of `experiments`, by experiment id.
QHash<QString, QString> experimentLabelsById(const QVector<Experiment>& experiments);
