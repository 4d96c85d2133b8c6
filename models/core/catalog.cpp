#include "catalog.h"

#include <algorithm>

const Experiment* Catalog::experiment(const QString& experimentId) const
{
    const auto it = std::find_if(experiments.cbegin(), experiments.cend(),
        [&](const Experiment& e) { return e.experimentId == experimentId; });
    return it == experiments.cend() ? nullptr : &*it;
}

const Run* Catalog::run(const QString& runId) const
{
    const auto it = std::find_if(runs.cbegin(), runs.cend(), [&](const Run& r) { return r.runId == runId; });
    return it == runs.cend() ? nullptr : &*it;
}

QStringList Catalog::experimentIds() const
{
    QStringList ids;
    for (const Experiment& e : experiments)
        ids << e.experimentId;
    return ids;
}
