#include "experimentlabels.h"

#include <QSet>

QHash<const Experiment*, QString> experimentLabels(const QVector<const Experiment*>& experiments)
{
    QHash<QString, QVector<const Experiment*>> byName;
    for (const Experiment* e : experiments)
        byName[e->name].append(e);
    constexpr int candidates = 3;
    const auto candidate = [](int c, const Experiment& e) {
        return c == 0 ? e.store.section(u'/', -1) : c == 1 ? e.store : e.experimentId;
    };
    QHash<const Experiment*, QString> labels;
    for (const QVector<const Experiment*>& group : std::as_const(byName)) {
        if (group.size() < 2) {
            labels.insert(group.front(), group.front()->name);
            continue;
        }
        for (int c = 0; c < candidates; ++c) {
            QSet<QString> seen;
            for (const Experiment* e : group)
                seen.insert(candidate(c, *e));
            // Ids are unique within a catalog, so the last candidate always tells them apart.
            if (seen.size() == group.size() || c + 1 == candidates) {
                for (const Experiment* e : group)
                    labels.insert(e, e->name + u"  (" + candidate(c, *e) + u')');
                break;
            }
        }
    }
    return labels;
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
