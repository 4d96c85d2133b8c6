#include "runfilterproxy.h"

#include "roles.h"
#include "runtablemodel.h"

#include <cmath>

RunFilterProxy::RunFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Roles::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void RunFilterProxy::setRunModel(RunTableModel* model)
{
    m_runs = model;
    setSourceModel(model);
}

bool RunFilterProxy::setSearchExpression(const QString& expression)
{
    SearchFilter parsed = SearchFilter::parse(expression);
    if (!parsed.isValid()) {
        m_error = parsed.errorMessage();
        return false;
    }
    m_error.clear();
    m_filter = std::move(parsed);
    invalidateRowsFilter();
    return true;
}

void RunFilterProxy::setShowDeleted(bool show)
{
    if (show == m_showDeleted)
        return;
    m_showDeleted = show;
    invalidateRowsFilter();
}

void RunFilterProxy::setScope(const QSet<QString>& scope)
{
    m_scope = scope;
    invalidateRowsFilter();
}

QString RunFilterProxy::scopeKey(const QString& sourceUri, const QString& experimentId)
{
    return experimentId.isEmpty() ? sourceUri : sourceUri + u'\n' + experimentId;
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !m_runs)
        return false;
    const Run* run = m_runs->runAt(sourceRow);
    if (!run || (run->deleted && !m_showDeleted))
        return false;
    if (!m_scope.isEmpty()) {
        const QString uri = m_runs->sourceUriAt(sourceRow);
        if (!m_scope.contains(uri) && !m_scope.contains(scopeKey(uri, run->experimentId)))
            return false;
    }
    return m_filter.matches(*run);
}

bool RunFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant l = left.data(Roles::SortRole);
    const QVariant r = right.data(Roles::SortRole);
    // Missing values and NaN sort after everything else in ascending order, as in spreadsheets.
    const auto missing = [](const QVariant& v) {
        return !v.isValid() || (v.typeId() == QMetaType::Double && std::isnan(v.toDouble()));
    };
    if (missing(l) || missing(r))
        return !missing(l) && missing(r);
    const bool numeric = l.typeId() != QMetaType::QString && r.typeId() != QMetaType::QString;
    if (numeric)
        return l.toDouble() < r.toDouble();
    // Params are strings in MLflow, but "0.001" < "0.01" < "1e-4" should sort as the numbers they are.
    bool lNum = false;
    bool rNum = false;
    const double ld = l.toString().toDouble(&lNum);
    const double rd = r.toString().toDouble(&rNum);
    if (lNum && rNum)
        return ld < rd;
    return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
}
