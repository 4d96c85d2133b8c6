#include "experimentlabels.h"

#include "distinguishinglabels.h"

QHash<const Experiment*, QString> experimentLabels(const QVector<const Experiment*>& experiments)
{
    // Ids are unique within a catalog, so the last candidate always tells them apart.
    const QVector<QString> labels = distinguishingLabels(
        static_cast<int>(experiments.size()), [&](int i) { return experiments[i]->name; }, 3,
        [&](int c, int i) {
            const Experiment& e = *experiments[i];
            return c == 0 ? e.store.section(u'/', -1) : c == 1 ? e.store : e.experimentId;
        });
    QHash<const Experiment*, QString> byExperiment;
    for (int i = 0; i < experiments.size(); ++i)
        byExperiment.insert(experiments[i], labels[i]);
    return byExperiment;
}

QHash<QString, QString> experimentLabelsById(const QVector<Experiment>& experiments)
{
    QVector<const Experiment*> all;
    all.reserve(experiments.size());
    for (const Experiment& e : experiments)
        all.append(&e);
    QHash<QString, QString> byId;
    const QHash<const Experiment*, QString> labels = experimentLabels(all);
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        byId.insert(it.key()->experimentId, it.value());
    return byId;
}
