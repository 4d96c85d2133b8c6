#pragma once

#include "metricseries.h"
#include "readresult.h"
#include "run.h"
#include "span.h"

#include <QMap>
#include <QVector>

// Everything one OneLogger FileExporter file holds, read in one pass: the run it describes, its spans (nesting
// rebuilt), its metric histories and what went wrong while reading. Files are small (one line per span or
// logged interval), so a whole file is read at once.
struct OneLoggerFile {
    Run run; // runId/experimentId are set by the source; the parser fills the rest
    QString sessionTag; // the experiment: jobs that together make one task
    QVector<Span> spans; // in start order
    QMap<QString, MetricSeries> series;
    QList<ReadWarning> warnings;
    int records = 0;
};
