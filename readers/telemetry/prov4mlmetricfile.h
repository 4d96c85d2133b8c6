#pragma once

#include "metricseries.h"
#include "metricsummary.h"
#include "readresult.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

// One yProv4ML metric file (MetricInfo.save_to_txt): a first line "<name>,<context>,<source>" that is not a column
// header (e.g. "train_loss,Context.TRAINING,None"), then "<step>,<value>,<timestamp_ms>" lines appended in groups
// of save_after_n_logs. The value is Python's str() of whatever was logged, so it is parsed leniently ("nan", "inf",
// "tensor(0.5, device='cuda:0')"); values that are no number are skipped and counted. The writer ends every line
// with a newline, so a last line without one was cut off (crash, or a flush in progress) and is left out.
class Prov4mlMetricFile final {
public:
    struct Header {
        QString name;
        QString context; // "Context.TRAINING" as written; empty when the file has no first line of that shape
        QString source; // "None", "LoggingItemKind.SYSTEM_METRIC", …
        char separator = ','; // start_run(csv_separator=…); the first line is written with the same one
        bool valid = false;
    };
    struct Result {
        Header header;
        MetricSummary summary;
        qint64 skipped = 0; // lines that are not points, and values that are no number
        std::optional<qint64> firstTimestampMs; // smallest and largest timestamp of the points
        std::optional<qint64> lastTimestampMs;
    };

    // Only the first line: what run listings need to name the series without reading the points.
    static Header readHeader(const QString& path);
    static Header parseHeader(QByteArrayView firstLine);
    // `series` may be null when only the summary is wanted. Problems are reported against `fileName` (a few per
    // file, then a count).
    static Result parse(
        QByteArrayView data, const QString& fileName, MetricSeries* series, QList<ReadWarning>& warnings);
    // "Context.VALIDATION" -> "validation"; custom contexts keep their name, lower-cased.
    static QString shortContext(const QString& context);
};
