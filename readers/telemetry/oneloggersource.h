#pragma once

#include "source.h"
#include "span.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <QVector>

// NVIDIA OneLogger training telemetry (FileExporter JSON Lines), read-only. The source is one file or a folder of
// files (one per rank). Each file is one run; runs with the same session_tag form one experiment. Files are
// recognised by content, never by extension (the writer's file name is up to the user).
class OneLoggerSource final : public Source {
public:
    explicit OneLoggerSource(QString path);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;
    ReadResult<QVector<Span>> spans(const QString& runId, const CancelToken& cancel) override;

    // The spans of one file, nesting rebuilt, in start order (for `runlens spans` and the timeline).
    static ReadResult<QVector<Span>> readSpans(const QString& file);
    static bool looksLikeFile(const QString& file);
    static bool looksLikeFolder(const QString& dir); // some file directly inside is a OneLogger file

private:
    QStringList files() const;
    QString runIdFor(const QString& file) const;
    QString fileFor(const QString& runId) const; // empty when no file of this source is that run

    QString m_path;
    bool m_isFolder = false;
};
