#include "warningspanel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Sorting by Where puts unlocated problems first, then lines, then byte offsets, each in numeric order.
constexpr int sortRole = Qt::UserRole + 1;

qint64 whereSortKey(const ReadWarning& w)
{
    const qint64 kind = static_cast<qint64>(w.where) << 48;
    return w.where == ReadWarning::Where::Nowhere ? 0 : kind + std::max<qint64>(w.location, 0);
}

} // namespace

WarningsPanel::WarningsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView)
    , m_filter(new QLineEdit)
    , m_summary(new QLabel)
{
    m_model->setHorizontalHeaderLabels({ tr("Source"), tr("File"), tr("Where"), tr("Problem") });
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(sortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // the filter matches any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view->setModel(m_proxy);
    m_view->setObjectName(u"problems"_s);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // arrival order until the user picks a column
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // paths: the start and the file name matter most
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setColumnWidth(SourceColumn, 150);
    m_view->setColumnWidth(FileColumn, 300);
    m_view->setColumnWidth(WhereColumn, 90);

    m_filter->setPlaceholderText(tr("Filter problems…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(u"filter"_s);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        updateSummary();
    });
    auto* copy = new QPushButton(tr("Copy all"));
    copy->setObjectName(u"copyAll"_s);
    copy->setToolTip(tr("Copy the problems shown as tab-separated text"));
    connect(copy, &QPushButton::clicked, this, &WarningsPanel::copyAll);
    auto* clearButton = new QPushButton(tr("Clear"));
    connect(clearButton, &QPushButton::clicked, this, &WarningsPanel::clear);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_filter, 2);
    bar->addWidget(copy);
    bar->addWidget(clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    updateSummary();
}

QString WarningsPanel::whereText(const ReadWarning& warning)
{
    switch (warning.where) {
    case ReadWarning::Where::Line:
        return tr("line %1").arg(warning.location);
    case ReadWarning::Where::ByteOffset:
        return tr("byte %1").arg(warning.location);
    case ReadWarning::Where::Nowhere:
        break;
    }
    return {};
}

void WarningsPanel::appendRow(
    const QString& source, const QString& file, const ReadWarning& where, const QString& problem, bool error)
{
    QList<QStandardItem*> row;
    for (const QString& text : { source, file, whereText(where), problem }) {
        auto* item = new QStandardItem(text);
        item->setData(text, sortRole);
        item->setToolTip(text);
        row.append(item);
    }
    row[WhereColumn]->setData(whereSortKey(where), sortRole);
    row[SourceColumn]->setIcon(
        style()->standardIcon(error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning));
    if (error) {
        // Errors first when sorted by source: the sort key carries the severity.
        row[SourceColumn]->setData(QString(u"0 "_s + source), sortRole);
        row[ProblemColumn]->setForeground(QColor(0xc0392b));
    } else {
        row[SourceColumn]->setData(QString(u"1 "_s + source), sortRole);
    }
    m_model->appendRow(row);
}

void WarningsPanel::addWarnings(const QString& sourceLabel, const QList<ReadWarning>& warnings)
{
    if (warnings.isEmpty())
        return;
    for (const ReadWarning& w : warnings)
        appendRow(sourceLabel, w.file, w, w.message, false);
    fitColumns();
    updateSummary();
    Q_EMIT countChanged(count());
}

void WarningsPanel::addError(const QString& sourceLabel, const QString& message)
{
    appendRow(sourceLabel, {}, {}, message, true);
    ++m_errors;
    fitColumns();
    updateSummary();
    Q_EMIT countChanged(count());
}

void WarningsPanel::clear()
{
    const bool hadRows = count() > 0;
    m_model->removeRows(0, m_model->rowCount());
    m_errors = 0;
    updateSummary();
    if (hadRows)
        Q_EMIT countChanged(0);
}

int WarningsPanel::count() const { return m_model->rowCount(); }

void WarningsPanel::setFilterText(const QString& text) { m_filter->setText(text); }

QAbstractItemModel* WarningsPanel::model() const { return m_proxy; }

QString WarningsPanel::shownAsText() const
{
    QStringList lines;
    QStringList cells;
    for (int column = 0; column < ColumnCount; ++column)
        cells.append(m_proxy->headerData(column, Qt::Horizontal).toString());
    lines.append(cells.join(u'\t'));
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        cells.clear();
        for (int column = 0; column < ColumnCount; ++column) {
            // Tabs and newlines inside a message would break the columns of the copied text.
            QString text = m_proxy->index(row, column).data().toString();
            text.replace(u'\t', u' ').replace(u'\n', u' ');
            cells.append(text);
        }
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + u'\n';
}

void WarningsPanel::copyAll() const { QApplication::clipboard()->setText(shownAsText()); }

void WarningsPanel::fitColumns()
{
    // Sources and locations are short and worth reading whole; long paths are elided in the middle instead.
    for (const auto& [column, widest] : { std::pair { SourceColumn, 260 }, std::pair { WhereColumn, 140 } }) {
        m_view->resizeColumnToContents(column);
        m_view->setColumnWidth(column, std::clamp(m_view->columnWidth(column), 80, widest));
    }
}

void WarningsPanel::updateSummary()
{
    const int total = count(), warnings = total - m_errors;
    QString text;
    if (total == 0) {
        text = tr("No problems");
    } else {
        QStringList parts;
        if (m_errors > 0)
            parts.append(m_errors == 1 ? tr("1 error") : tr("%1 errors").arg(m_errors));
        if (warnings > 0)
            parts.append(warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
        text = parts.join(u", "_s);
        if (m_proxy->rowCount() != total)
            text += u" "_s + tr("(%1 shown)").arg(m_proxy->rowCount());
    }
    m_summary->setText(text);
}
