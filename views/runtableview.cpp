#include "runtableview.h"

#include "roles.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"

#include <QActionGroup>
#include <QHeaderView>
#include <QMenu>

RunTableView::RunTableView(QWidget* parent)
    : QTableView(parent)
{
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
}

void RunTableView::setModels(RunFilterProxy* proxy, RunTableModel* runs)
{
    m_proxy = proxy;
    m_runs = runs;
    setModel(proxy);
    setColumnWidth(RunTableModel::Name, 190);
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
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}
