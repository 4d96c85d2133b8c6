#pragma once

#include "source.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <string>

// The MLflow file store (an mlruns/ folder), MLflow 2.x and 3.x layouts, read-only. See reference/mlflow.md §1.
class MlflowFileStore final : public Source {
public:
    explicit MlflowFileStore(QString rootPath);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;

    // Experiments are read in parallel on a private pool; 1 reads on the calling thread only.
    void setThreadCount(int threads) { m_threads = threads; }

private:
    struct ExperimentDir {
        std::string path;
        QString folderName;
        bool inTrash = false;
    };
    std::vector<ExperimentDir> experimentDirs(QList<ReadWarning>& warnings) const;
    std::string runDirectory(const QString& runId);

    QString m_root;
    std::string m_rootBytes;
    int m_threads = 0;
    QMutex m_mutex; // guards m_runDirs: series() may run on another pool thread than index()
    QHash<QString, std::string> m_runDirs;
};
