#include "distinguishinglabels.h"

#include <QHash>
#include <QSet>

QVector<QString> distinguishingLabels(int count, const std::function<QString(int item)>& name, int candidates,
    const std::function<QString(int candidate, int item)>& qualifier)
{
    QVector<QString> labels;
    labels.reserve(count);
    QHash<QString, QVector<int>> byName;
    for (int i = 0; i < count; ++i) {
        labels.append(name(i));
        byName[labels.back()].append(i);
    }
    for (const QVector<int>& group : std::as_const(byName)) {
        if (group.size() < 2)
            continue;
        for (int c = 0; c < candidates; ++c) {
            QSet<QString> seen;
            for (int i : group)
                seen.insert(qualifier(c, i));
            if (seen.size() == group.size() || c + 1 == candidates) {
                for (int i : group)
                    labels[i] += u"  (" + qualifier(c, i) + u')';
                break;
            }
        }
    }
    return labels;
}
