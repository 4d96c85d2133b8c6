#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

// Colours of span bars by name, so a category reads the same in every lane and every run: OneLogger's standard
// span names (reference/telemetry.md §1.9) get fixed colours by family (training blues, validation greens,
// checkpoint saves red/orange, initialisation teal/brown), any other name a stable colour from its text.
class SpanStyle final {
public:
    static QColor colorFor(const QString& spanName);
    // Standard names in the order of a job's life, then the others alphabetically: the legend's order.
    static QStringList legendOrder(QStringList names);
    // Black or white, whichever reads better on `background`.
    static QColor textColorOn(const QColor& background);
};
