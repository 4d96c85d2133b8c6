#pragma once

#include "folderdiscovery.h"
#include "source.h"

#include <QString>

#include <memory>
#include <vector>

// A folder holding several stores (an itwinai mllogs/ with its MLflow store, TensorBoard logdir and yProv4ML
// output), shown as one source. Each store is read by its own reader; ids are made unique by prefixing the store's
// path relative to the folder: run "mlflow:<run id>", "tensorboard:.", "prov_logs:mnist_0/GR0", experiment
// "mlflow:<experiment id>". Parent runs (mlflow.parentRunId) are prefixed the same way, so worker_<rank> children
// still point at their parent. Experiment and run names are kept as their stores have them.
//
// What FolderDiscovery recognises but cannot read (W&B runs) comes back as index() warnings; a store that fails to
// index is a warning too, and the rest still loads. index() fails only when no store could be read.
class FolderSource final : public Source {
public:
    FolderSource(QString folder, FolderDiscovery::Result found);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;
    ReadResult<QVector<Span>> spans(const QString& runId, const CancelToken& cancel) override;

    struct Member {
        QString label; // the store's path relative to the folder
        QString kind;
        std::shared_ptr<Source> source;
    };
    const std::vector<Member>& members() const { return m_members; }

    static QString prefixed(const QString& label, const QString& id) { return label + u':' + id; }

private:
    // The member whose label prefixes `id`, and the member's own id; nullptr when none does.
    const Member* split(const QString& id, QString* inner) const;

    QString m_folder;
    std::vector<Member> m_members;
    QList<ReadWarning> m_notes;
};
