#pragma once

#include "source.h"

#include <QString>
#include <QStringList>

// yProv4ML output (itwinai's Prov4MLLogger), read-only: a provenance_save_dir such as mllogs/prov_logs/ holding run
// folders <experiment>_<RUN_ID>/, or one run folder. Each rank's files in a run folder are one run, id
// "<folder>/GR<rank>": metrics_GR<rank>/<metric>_<context>_GR<rank>.csv are its metric series (step, value,
// timestamp), prov_<experiment>_GR<rank>_<RUN_ID>.json gives params, yProv4ML's run attributes (as tags
// "prov4ml.<name>") and start/end times. Experiment = the folder name without its _<RUN_ID>.
//
// A metric is keyed by its name; when one name was logged in several contexts (loss in training and validation),
// each gets " (<context>)" appended. A rank without its PROV-JSON never reached end_run: it still loads, with a
// warning; its status is RUNNING while its files changed within liveWindowSeconds(), else FAILED.
class Prov4mlSource final : public Source {
public:
    explicit Prov4mlSource(QString path);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;

    void setLiveWindowSeconds(int seconds) { m_liveWindowSeconds = seconds; }

    // A folder holding metrics_GR<n>/ or prov_*_GR<n>_<id>.json: one yProv4ML run folder.
    static bool looksLikeRunFolder(const QString& dir);

    struct MetricFile {
        QString key;
        QString path;
        QString context; // as written: "Context.TRAINING"
        QString source;
    };
    // The CSV metric files of one rank, keyed as described above; other formats are named in `warnings`.
    static QList<MetricFile> metricFiles(const QString& runFolder, int rank, QList<ReadWarning>& warnings);

private:
    QStringList runFolders() const;

    QString m_path;
    int m_liveWindowSeconds = 120;
};
