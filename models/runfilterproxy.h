#pragma once

#include "searchfilter.h"

#include <QSet>
#include <QSortFilterProxyModel>

class RunTableModel;

// Sorting and filtering of the run table: the experiments chosen in the source tree, deleted runs only on
// request (as MLflow's ACTIVE_ONLY default), and the MLflow search expression typed in the filter box.
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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    RunTableModel* m_runs = nullptr;
    SearchFilter m_filter;
    QString m_error;
    bool m_showDeleted = false;
    QSet<QString> m_scope;
};
