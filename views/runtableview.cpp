#include "runtableview.h"

#include "elidingheaderview.h"
#include "roles.h"
#include "runfilterproxy.h"
#include "runnamedelegate.h"
#include "runtablemodel.h"

#include <QActionGroup>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QStyledItemDelegate>

namespace {

// The experiment column keeps both ends of a cut label: "mlp-2rank-demo  (telemetry)" differs from its MLflow twin
// only at the end (ExperimentLabels).
class MiddleElidingDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};

} // namespace

RunTableView::RunTableView(QWidget* parent)
    : QTableView(parent)
{
    setHorizontalHeader(new ElidingHeaderView(Qt::Horizontal, this));
    setSortingEnabled(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setShowGrid(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultSectionSize(96);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    connect(horizontalHeader(), &QWidget::customContextMenuRequested, this, &RunTableView::showHeaderMenu);
    setItemDelegateForColumn(RunTableModel::Name, new RunNameDelegate(this));
    setItemDelegateForColumn(RunTableModel::Experiment, new MiddleElidingDelegate(this));
    viewport()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(viewport(), &QWidget::customContextMenuRequested, this, &RunTableView::showViewportMenu);
}

void RunTableView::expandAll()
{
    if (m_proxy)
        m_proxy->expandAll();
}

void RunTableView::collapseAll()
{
    if (m_proxy)
        m_proxy->collapseAll();
}

bool RunTableView::toggleAt(const QPoint& pos)
{
    const QModelIndex index = indexAt(pos);
    if (!m_proxy || !index.isValid() || index.column() != RunTableModel::Name
        || index.data(Roles::ChildCountRole).toInt() == 0)
        return false;
    if (!RunNameDelegate::arrowRect(visualRect(index), index.data(Roles::DepthRole).toInt()).contains(pos))
        return false;
    m_proxy->setExpanded(index, !m_proxy->isExpanded(index));
    return true;
}

void RunTableView::mousePressEvent(QMouseEvent* event)
{
    // A click on the arrow only toggles; it does not change which runs are selected (and charted).
    if (event->button() == Qt::LeftButton && toggleAt(event->position().toPoint())) {
        event->accept();
        return;
    }
    QTableView::mousePressEvent(event);
}

void RunTableView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && toggleAt(event->position().toPoint())) {
        event->accept();
        return;
    }
    QTableView::mouseDoubleClickEvent(event);
}

void RunTableView::keyPressEvent(QKeyEvent* event)
{
    const QModelIndex current = currentIndex();
    const bool plainKey = event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier;
    if (m_proxy && current.isValid() && plainKey) {
        const bool hasChildren = current.data(Roles::ChildCountRole).toInt() > 0;
        const bool expanded = m_proxy->isExpanded(current);
        switch (event->key()) {
        case Qt::Key_Right:
        case Qt::Key_Plus:
            if (hasChildren && !expanded) {
                m_proxy->setExpanded(current, true);
                return;
            }
            break;
        case Qt::Key_Left:
        case Qt::Key_Minus:
            if (hasChildren && expanded) {
                m_proxy->setExpanded(current, false);
                return;
            }
            // As in tree views: Left on a child goes to its parent.
            if (event->key() == Qt::Key_Left) {
                const QModelIndex parent = m_proxy->parentRunIndex(current);
                if (parent.isValid()) {
                    setCurrentIndex(parent);
                    return;
                }
            }
            break;
        default:
            break;
        }
    }
    QTableView::keyPressEvent(event);
}

void RunTableView::addNestingActions(QMenu& menu)
{
    menu.addAction(QStringLiteral("Expand all child runs"), this, &RunTableView::expandAll);
    menu.addAction(QStringLiteral("Collapse all child runs"), this, &RunTableView::collapseAll);
}

void RunTableView::showViewportMenu(const QPoint& pos)
{
    QMenu menu(this);
    addNestingActions(menu);
    menu.exec(viewport()->mapToGlobal(pos));
}

void RunTableView::setModels(RunFilterProxy* proxy, RunTableModel* runs)
{
    m_proxy = proxy;
    m_runs = runs;
    setModel(proxy);
    setColumnWidth(RunTableModel::Name, 220); // room for two levels of child runs
    setColumnWidth(RunTableModel::Experiment, 150);
    setColumnWidth(RunTableModel::Start, 140);
    setColumnWidth(RunTableModel::GitCommit, 80);
    setColumnHidden(RunTableModel::Source, true);
    m_hidden.insert(QStringLiteral("attr:") + QString::number(RunTableModel::Source));
    connect(proxy, &QAbstractItemModel::columnsInserted, this,
        [this](const QModelIndex&, int first, int last) { applyHiddenKeys(first, last); });
    // The proxy cannot sort by a column the source does not have rows for yet, so the sort is re-applied when
    // the first rows of a load arrive; newest runs first, as MLflow lists them.
    horizontalHeader()->setSortIndicator(RunTableModel::Start, Qt::DescendingOrder);
    connect(runs, &QAbstractItemModel::rowsInserted, this, [this]() {
        const int column = horizontalHeader()->sortIndicatorSection();
        if (m_proxy->sortColumn() != column)
            m_proxy->sort(column, horizontalHeader()->sortIndicatorOrder());
    });
}

QString RunTableView::columnId(int column) const
{
    switch (m_runs->columnKind(column)) {
    case ColumnKind::Param:
        return u"param:" + m_runs->columnKey(column);
    case ColumnKind::Metric:
        return u"metric:" + m_runs->columnKey(column);
    default:
        return u"attr:" + QString::number(column);
    }
}

void RunTableView::applyHiddenKeys(int first, int last)
{
    for (int c = first; c <= last; ++c) {
        const ColumnKind kind = m_runs->columnKind(c);
        const bool hide = m_hidden.contains(columnId(c)) || (kind == ColumnKind::Param && m_hideParams)
            || (kind == ColumnKind::Metric && m_hideMetrics);
        setColumnHidden(c, hide);
    }
}

QList<int> RunTableView::selectedSourceRows() const
{
    QList<int> rows;
    if (!selectionModel())
        return rows;
    QModelIndexList selected = selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end(),
        [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& i : std::as_const(selected))
        rows << m_proxy->mapToSource(i).row();
    return rows;
}

int RunTableView::currentSourceRow() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? m_proxy->mapToSource(current).row() : -1;
}

void RunTableView::showHeaderMenu(const QPoint& pos)
{
    if (!m_runs)
        return;
    QMenu menu(this);
    const int clicked = horizontalHeader()->logicalIndexAt(pos);
    if (clicked >= 0) {
        menu.addAction(u"Hide “" + model()->headerData(clicked, Qt::Horizontal).toString() + u"”", this, [this, clicked]() {
            m_hidden.insert(columnId(clicked));
            setColumnHidden(clicked, true);
        });
    }
    QMenu* view = menu.addMenu(QStringLiteral("Metric values"));
    auto* group = new QActionGroup(view);
    const std::array<std::pair<RunTableModel::MetricView, QString>, 3> views { {
        { RunTableModel::MetricView::Latest, QStringLiteral("Latest") },
        { RunTableModel::MetricView::Min, QStringLiteral("Minimum") },
        { RunTableModel::MetricView::Max, QStringLiteral("Maximum") },
    } };
    for (const auto& [mode, label] : views) {
        QAction* a = view->addAction(label, this, [this, mode]() { m_runs->setMetricView(mode); });
        a->setCheckable(true);
        a->setChecked(m_runs->metricView() == mode);
        group->addAction(a);
    }
    QAction* params = menu.addAction(QStringLiteral("Show params"), this, [this](bool on) {
        m_hideParams = !on;
        applyHiddenKeys(0, m_runs->columnCount() - 1);
    });
    params->setCheckable(true);
    params->setChecked(!m_hideParams);
    QAction* metrics = menu.addAction(QStringLiteral("Show metrics"), this, [this](bool on) {
        m_hideMetrics = !on;
        applyHiddenKeys(0, m_runs->columnCount() - 1);
    });
    metrics->setCheckable(true);
    metrics->setChecked(!m_hideMetrics);
    menu.addSeparator();
    QMenu* columns = menu.addMenu(QStringLiteral("Columns"));
    for (int c = 0; c < m_runs->columnCount(); ++c) {
        const QString label = m_runs->headerData(c, Qt::Horizontal).toString();
        const ColumnKind kind = m_runs->columnKind(c);
        const QString prefix = kind == ColumnKind::Param ? QStringLiteral("param  ")
            : kind == ColumnKind::Metric                 ? QStringLiteral("metric  ")
                                                         : QString();
        QAction* a = columns->addAction(prefix + label, this, [this, c](bool on) {
            const QString id = columnId(c);
            if (on)
                m_hidden.remove(id);
            else
                m_hidden.insert(id);
            setColumnHidden(c, !on);
        });
        a->setCheckable(true);
        a->setChecked(!isColumnHidden(c));
    }
    menu.addAction(QStringLiteral("Show all columns"), this, [this]() {
        m_hidden.clear();
        m_hideParams = m_hideMetrics = false;
        applyHiddenKeys(0, m_runs->columnCount() - 1);
    });
    menu.addSeparator();
    addNestingActions(menu);
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}
