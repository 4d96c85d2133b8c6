#pragma once

#include <QString>
#include <QVector>

#include <functional>

// Labels for items that may share a name: an item whose name is its own keeps it; items sharing one get, each
// group on its own, the first qualifier that tells all of the group apart ("resnet  (mlflow)" beside
// "resnet  (telemetry)"), or the last when none does. Qualifier c of item i is `qualifier(c, i)`, c < candidates.
// The source tree, the run table and the charts' legends name experiments and runs this way.
QVector<QString> distinguishingLabels(int count, const std::function<QString(int item)>& name, int candidates,
    const std::function<QString(int candidate, int item)>& qualifier);
