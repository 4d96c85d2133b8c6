#pragma once

#include "roles.h"
#include "run.h"
#include "runcolors.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QVector>

// Every run of every open source, one row each; fixed attribute columns, then one column per param key and one
// per metric key seen so far (union over sources). Rows arrive in batches while a source is indexed.
class RunTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Status, Experiment, Start, Duration, User, GitCommit, Source, FixedColumnCount };
    enum class MetricView { Latest, Min, Max };

    explicit RunTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A source was opened or re-indexed: its previous rows are replaced.
    void beginSource(const QString& sourceUri, const QString& label);
    void appendRuns(const QString& sourceUri, const QVector<Run>& runs);
    // The final index: replaces the source's rows with exactly these (covers sources that do not stream).
    void setRuns(const QString& sourceUri, const QVector<Run>& runs);
    // A live re-index: rows of known runs are updated in place (selection and scroll stay), vanished runs are
    // removed and new runs appended.
    void updateRuns(const QString& sourceUri, const QVector<Run>& runs);
    void setExperimentNames(const QString& sourceUri, const QHash<QString, QString>& idToName);
    void removeSource(const QString& sourceUri);

    void setMetricView(MetricView view);
    MetricView metricView() const { return m_metricView; }

    const Run* runAt(int row) const;
    QString sourceUriAt(int row) const;
    QString sourceLabel(const QString& sourceUri) const { return m_sourceLabels.value(sourceUri); }
    QColor colorOf(int row);
    ColumnKind columnKind(int column) const;
    QString columnKey(int column) const; // param/metric key, or empty for attribute columns
    int columnOfMetric(const QString& key) const;
    QStringList metricKeys() const { return m_metricKeys; }
    QStringList paramKeys() const { return m_paramKeys; }

    // The row of the run's parent (tag mlflow.parentRunId), or -1: top-level, or the parent is not in this
    // source and experiment, or the tags form a cycle. Recomputed in O(n) after a change, not per call.
    int parentRowOf(int row) const;
    // Changes whenever rows or their contents change, so proxies can tell that their caches are stale.
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    // Rows already shown changed parent: a parent arrived after its children, or a live update moved or
    // removed runs. Rows' positions under their parents must be recomputed, not just the changed rows'.
    void hierarchyChanged();

private:
    struct Row {
        QString sourceUri;
        Run run;
    };
    QVariant attributeData(const Row& row, int column, int role) const;
    QVariant metricData(const Run& run, const QString& key, int role) const;
    void addKeys(const QVector<Run>& runs);
    void removeRowsOf(const QString& sourceUri);
    void touch();
    void ensureParents() const;

    QVector<Row> m_rows;
    QStringList m_paramKeys;
    QStringList m_metricKeys;
    QHash<QString, QString> m_sourceLabels;
    QHash<QString, QHash<QString, QString>> m_experimentNames; // source -> experiment id -> name
    MetricView m_metricView = MetricView::Latest;
    mutable RunColors m_colors;
    quint64 m_generation = 0;
    mutable bool m_parentsDirty = true;
    mutable QVector<int> m_parentRows;
};
