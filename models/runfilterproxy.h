#pragma once

#include "runkey.h"
#include "searchfilter.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <QVector>

class RunTableModel;

// Sorting and filtering of the run table: the experiments chosen in the source tree, deleted runs only on
// request (as MLflow's ACTIVE_ONLY default), and the MLflow search expression typed in the filter box.
//
// Nested runs (mlflow.parentRunId) stay a flat table so the view can remain a QTableView: the rows are ordered
// depth-first (each run directly followed by its children, siblings sorted by the sort column) and children of
// collapsed runs are filtered out. Depth, child count, expansion and context rows are answered as roles.
//
// A child that matches the search filter while its parent does not is shown under its parent, which is
// shown greyed as a context row (ContextRowRole), and setting the expression expands the path to it. Showing the
// child top-level instead would lose the answer to "which sweep/trial is this worker of?", which is the
// point of nesting; context rows are visibly different and do not count as matches.
class RunFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunFilterProxy(QObject* parent = nullptr);

    void setRunModel(RunTableModel* model);
    // Returns false (and keeps the previous filter) when the expression does not parse; see filterError().
    bool setSearchExpression(const QString& expression);
    QString filterError() const { return m_error; }
    void setShowDeleted(bool show);
    // Scope: empty = every run. Otherwise "sourceUri" selects a whole source, "sourceUri\nexperimentId" one
    // experiment.
    void setScope(const QSet<QString>& scope);
    static QString scopeKey(const QString& sourceUri, const QString& experimentId = {});

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Expansion is remembered per run (source + run id), so it survives sorting, filtering and re-loading.
    bool isExpanded(const QModelIndex& proxyIndex) const;
    void setExpanded(const QModelIndex& proxyIndex, bool expanded);
    void expandAll();
    void collapseAll();
    // The proxy index of the row's parent when it is shown, else an invalid index.
    QModelIndex parentRunIndex(const QModelIndex& proxyIndex) const;
    // Rows shown because they match (context rows excluded), and every run the filter selects including the
    // ones under collapsed parents.
    int matchingRunCount() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    struct Node {
        int parent = -1; // shown parent: the model's parent unless that one is filtered out by scope/deleted
        int depth = 0;
        int childCount = 0;
        bool inScope = false; // passes scope and deleted
        bool matches = false; // and the search filter
        bool hasMatchingDescendant = false;
        bool visible = false;
    };
    void ensureNodes() const;
    void refilter();
    RunKey keyOf(int sourceRow) const;
    bool inScope(int sourceRow) const;

    RunTableModel* m_runs = nullptr;
    SearchFilter m_filter;
    QString m_error;
    bool m_showDeleted = false;
    QSet<QString> m_scope;
    QSet<RunKey> m_expanded;
    int m_wantedSortColumn = -1;
    Qt::SortOrder m_wantedSortOrder = Qt::AscendingOrder;
    mutable QVector<Node> m_nodes;
    mutable quint64 m_nodesGeneration = 0;
    mutable bool m_nodesDirty = true;
};
