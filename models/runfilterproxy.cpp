#include "runfilterproxy.h"

#include "roles.h"
#include "runtablemodel.h"

#include <QBrush>
#include <QVarLengthArray>

#include <cmath>

namespace {

// Three-way, so equal values cost one comparison. Missing values and NaN sort after everything else in
// ascending order, as in spreadsheets.
int compareValues(const QVariant& l, const QVariant& r)
{
    const auto missing = [](const QVariant& v) {
        return !v.isValid() || (v.typeId() == QMetaType::Double && std::isnan(v.toDouble()));
    };
    const bool lMissing = missing(l);
    const bool rMissing = missing(r);
    if (lMissing || rMissing)
        return lMissing == rMissing ? 0 : (lMissing ? 1 : -1);
    const auto order = [](double a, double b) { return a < b ? -1 : (b < a ? 1 : 0); };
    const bool numeric = l.typeId() != QMetaType::QString && r.typeId() != QMetaType::QString;
    if (numeric)
        return order(l.toDouble(), r.toDouble());
    // Params are strings in MLflow, but "0.001" < "0.01" < "1e-4" should sort as the numbers they are.
    bool lNum = false;
    bool rNum = false;
    const double ld = l.toString().toDouble(&lNum);
    const double rd = r.toString().toDouble(&rNum);
    if (lNum && rNum)
        return order(ld, rd);
    return QString::localeAwareCompare(l.toString(), r.toString());
}

using Chain = QVarLengthArray<int, 8>;

} // namespace

RunFilterProxy::RunFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Roles::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void RunFilterProxy::setRunModel(RunTableModel* model)
{
    if (model == m_runs)
        return;
    if (m_runs)
        disconnect(m_runs, nullptr, this, nullptr);
    m_runs = model;
    m_nodesDirty = true;
    setSourceModel(model);
    if (!model)
        return;
    // A parent arriving after its children (or a live update re-parenting runs) moves rows the base class
    // does not know about: re-filter and re-sort everything.
    connect(model, &RunTableModel::hierarchyChanged, this, [this]() {
        m_nodesDirty = true;
        invalidate();
    });
    // A run whose sort value changed is moved by the base class alone; its children must follow it.
    connect(model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
            if (sortColumn() < 0 || sortColumn() < topLeft.column() || sortColumn() > bottomRight.column())
                return;
            ensureNodes();
            for (int r = topLeft.row(); r <= bottomRight.row() && r < m_nodes.size(); ++r) {
                if (std::as_const(m_nodes)[r].childCount > 0) {
                    invalidate();
                    return;
                }
            }
        });
    // The base class forgets its sort column when the source's columns change before rows exist; unsorted
    // rows would not even be in tree order, so the sort asked for is re-applied.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this]() {
        if (m_wantedSortColumn >= 0 && sortColumn() != m_wantedSortColumn)
            QSortFilterProxyModel::sort(m_wantedSortColumn, m_wantedSortOrder);
    });
    // A child hidden under a collapsed parent changes the parent's child count without any visible row change.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this]() {
        if (rowCount() > 0)
            Q_EMIT dataChanged(
                index(0, RunTableModel::Name), index(rowCount() - 1, RunTableModel::Name), { Roles::ChildCountRole });
    });
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
    m_nodesDirty = true;
    if (!m_filter.isEmpty()) {
        // A filter reveals its matches: open the path down to every matching child.
        ensureNodes();
        for (int r = 0; r < m_nodes.size(); ++r) {
            if (std::as_const(m_nodes)[r].hasMatchingDescendant)
                m_expanded.insert(keyOf(r));
        }
        m_nodesDirty = true;
    }
    invalidateRowsFilter();
    return true;
}

void RunFilterProxy::setShowDeleted(bool show)
{
    if (show == m_showDeleted)
        return;
    m_showDeleted = show;
    refilter();
}

void RunFilterProxy::setScope(const QSet<QString>& scope)
{
    m_scope = scope;
    refilter();
}

QString RunFilterProxy::scopeKey(const QString& sourceUri, const QString& experimentId)
{
    return experimentId.isEmpty() ? sourceUri : sourceUri + u'\n' + experimentId;
}

void RunFilterProxy::refilter()
{
    m_nodesDirty = true;
    // Whether a parent is shown changes where its children sort, so a full re-sort, not only a re-filter.
    invalidate();
}

RunKey RunFilterProxy::keyOf(int sourceRow) const
{
    const Run* run = m_runs ? m_runs->runAt(sourceRow) : nullptr;
    return run ? RunKey { m_runs->sourceUriAt(sourceRow), run->runId } : RunKey {};
}

bool RunFilterProxy::inScope(int sourceRow) const
{
    const Run* run = m_runs->runAt(sourceRow);
    if (!run || (run->deleted && !m_showDeleted))
        return false;
    if (m_scope.isEmpty())
        return true;
    const QString uri = m_runs->sourceUriAt(sourceRow);
    return m_scope.contains(uri) || m_scope.contains(scopeKey(uri, run->experimentId));
}

void RunFilterProxy::ensureNodes() const
{
    if (!m_runs) {
        m_nodes.clear();
        return;
    }
    if (!m_nodesDirty && m_nodesGeneration == m_runs->generation() && m_nodes.size() == m_runs->rowCount())
        return;
    const int n = m_runs->rowCount();
    m_nodes.fill(Node {}, n);
    Node* nodes = m_nodes.data(); // one detach check, not one per access
    for (int r = 0; r < n; ++r) {
        Node& node = nodes[r];
        node.inScope = inScope(r);
        node.matches = node.inScope && m_filter.matches(*m_runs->runAt(r));
    }
    // A parent hidden by scope or deletion leaves its children top-level rather than hiding them.
    for (int r = 0; r < n; ++r) {
        const int p = m_runs->parentRowOf(r);
        nodes[r].parent = p >= 0 && nodes[p].inScope ? p : -1;
        if (nodes[r].inScope && nodes[r].parent >= 0)
            ++nodes[nodes[r].parent].childCount;
    }
    // Each walk up stops at the first ancestor already marked, so this is O(n) in total.
    for (int r = 0; r < n; ++r) {
        if (!nodes[r].matches)
            continue;
        for (int a = nodes[r].parent; a >= 0 && !nodes[a].hasMatchingDescendant; a = nodes[a].parent)
            nodes[a].hasMatchingDescendant = true;
    }
    // Depth and "every ancestor expanded", memoised: parents are resolved before their children.
    QVector<char> open(n, -1); // -1 unknown, 0/1 = all ancestors expanded
    Chain path;
    for (int r = 0; r < n; ++r) {
        path.clear();
        int j = r;
        while (j >= 0 && open[j] < 0) {
            path.append(j);
            j = nodes[j].parent;
        }
        for (qsizetype k = path.size() - 1; k >= 0; --k) {
            const int row = path[k];
            const int p = nodes[row].parent;
            if (p < 0) {
                nodes[row].depth = 0;
                open[row] = 1;
            } else {
                nodes[row].depth = nodes[p].depth + 1;
                open[row] = open[p] && m_expanded.contains(keyOf(p)) ? 1 : 0;
            }
        }
    }
    for (int r = 0; r < n; ++r) {
        Node& node = nodes[r];
        node.visible = (node.matches || node.hasMatchingDescendant) && open[r] == 1;
    }
    m_nodesGeneration = m_runs->generation();
    m_nodesDirty = false;
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !m_runs)
        return false;
    ensureNodes();
    const QVector<Node>& nodes = m_nodes;
    return sourceRow >= 0 && sourceRow < nodes.size() && nodes[sourceRow].visible;
}

bool RunFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    ensureNodes();
    const QVector<Node>& nodes = m_nodes;
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    const auto siblingLess = [&](int leftRow, int rightRow) {
        const QVariant lv = sourceModel()->index(leftRow, left.column()).data(sortRole());
        const QVariant rv = sourceModel()->index(rightRow, right.column()).data(sortRole());
        const int c = compareValues(lv, rv);
        if (c != 0)
            return c < 0;
        // Equal values: by row, so that two subtrees with equal keys never interleave.
        return ascending ? leftRow < rightRow : leftRow > rightRow;
    };
    // Most comparisons are between siblings (every pair in a flat table): no chains needed.
    const int lr = left.row();
    const int rr = right.row();
    if (lr >= 0 && rr >= 0 && lr < nodes.size() && rr < nodes.size() && nodes[lr].parent == nodes[rr].parent)
        return siblingLess(lr, rr);
    const auto chainOf = [&nodes](int row) {
        Chain chain;
        for (int r = row; r >= 0 && r < nodes.size(); r = nodes[r].parent)
            chain.append(r);
        std::reverse(chain.begin(), chain.end());
        return chain;
    };
    const Chain a = chainOf(left.row());
    const Chain b = chainOf(right.row());
    qsizetype i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    // The base class sorts descending with lessThan(right, left); an ancestor must come first either way.
    if (i == a.size() || i == b.size()) {
        const bool leftIsAncestor = i == a.size() && a.size() < b.size();
        const bool rightIsAncestor = i == b.size() && b.size() < a.size();
        return ascending ? leftIsAncestor : rightIsAncestor;
    }
    // The two runs' ancestors under their common parent decide.
    return siblingLess(a[i], b[i]);
}

void RunFilterProxy::sort(int column, Qt::SortOrder order)
{
    m_wantedSortColumn = column;
    m_wantedSortOrder = order;
    QSortFilterProxyModel::sort(column, order);
}

QVariant RunFilterProxy::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    switch (role) {
    case Roles::DepthRole:
    case Roles::ChildCountRole:
    case Roles::ExpandedRole:
    case Roles::ContextRowRole: {
        ensureNodes();
        const QVector<Node>& nodes = m_nodes;
        const int row = mapToSource(index).row();
        if (row < 0 || row >= nodes.size())
            return {};
        const Node& node = nodes[row];
        if (role == Roles::DepthRole)
            return node.depth;
        if (role == Roles::ChildCountRole)
            return node.childCount;
        if (role == Roles::ExpandedRole)
            return node.childCount > 0 && m_expanded.contains(keyOf(row));
        return !node.matches;
    }
    case Qt::ForegroundRole: {
        ensureNodes();
        const QVector<Node>& nodes = m_nodes;
        const int row = mapToSource(index).row();
        if (row >= 0 && row < nodes.size() && !nodes[row].matches)
            return QBrush(Qt::gray);
        break;
    }
    default:
        break;
    }
    return QSortFilterProxyModel::data(index, role);
}

bool RunFilterProxy::isExpanded(const QModelIndex& proxyIndex) const
{
    return data(proxyIndex, Roles::ExpandedRole).toBool();
}

void RunFilterProxy::setExpanded(const QModelIndex& proxyIndex, bool expanded)
{
    const int row = mapToSource(proxyIndex).row();
    if (row < 0)
        return;
    const RunKey key = keyOf(row);
    if (m_expanded.contains(key) == expanded)
        return;
    if (expanded)
        m_expanded.insert(key);
    else
        m_expanded.remove(key);
    const QPersistentModelIndex kept(index(proxyIndex.row(), RunTableModel::Name));
    m_nodesDirty = true;
    // Rows removed and inserted, not a reset: the selection of the rows that stay visible is kept.
    invalidateRowsFilter();
    if (kept.isValid())
        Q_EMIT dataChanged(kept, kept, { Roles::ExpandedRole });
}

void RunFilterProxy::expandAll()
{
    ensureNodes();
    for (int r = 0; r < m_nodes.size(); ++r) {
        if (std::as_const(m_nodes)[r].childCount > 0)
            m_expanded.insert(keyOf(r));
    }
    m_nodesDirty = true;
    invalidateRowsFilter();
}

void RunFilterProxy::collapseAll()
{
    m_expanded.clear();
    m_nodesDirty = true;
    invalidateRowsFilter();
}

QModelIndex RunFilterProxy::parentRunIndex(const QModelIndex& proxyIndex) const
{
    ensureNodes();
    const QVector<Node>& nodes = m_nodes;
    const int row = mapToSource(proxyIndex).row();
    if (row < 0 || row >= nodes.size() || nodes[row].parent < 0)
        return {};
    return mapFromSource(sourceModel()->index(nodes[row].parent, proxyIndex.column()));
}

int RunFilterProxy::matchingRunCount() const
{
    ensureNodes();
    return static_cast<int>(std::count_if(m_nodes.cbegin(), m_nodes.cend(), [](const Node& n) { return n.matches; }));
}
