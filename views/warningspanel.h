#pragma once

#include "readresult.h"

#include <QList>
#include <QString>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
QT_END_NAMESPACE

// Every problem met while reading, listed without interrupting: "errors are data" (DESIGN.md §2) means one
// bad file is a row here while the rest of the store still loads. Sortable by column, filterable by any text,
// and copyable as tab-separated text for a bug report.
class WarningsPanel final : public QWidget {
    Q_OBJECT

public:
    enum Column { SourceColumn, FileColumn, WhereColumn, ProblemColumn, ColumnCount };

    explicit WarningsPanel(QWidget* parent = nullptr);

    void addWarnings(const QString& sourceLabel, const QList<ReadWarning>& warnings);
    void addError(const QString& sourceLabel, const QString& message);
    void clear();
    int count() const; // all problems, shown or filtered out
    int errorCount() const { return m_errors; }

    void setFilterText(const QString& text);
    QAbstractItemModel* model() const; // the rows as shown: filtered and sorted
    // The shown rows as tab-separated text with a header line: what "Copy all" puts on the clipboard.
    QString shownAsText() const;
    void copyAll() const;

    static QString whereText(const ReadWarning& warning);

Q_SIGNALS:
    void countChanged(int count);

private:
    void appendRow(
        const QString& source, const QString& file, const ReadWarning& where, const QString& problem, bool error);
    void updateSummary();
    void fitColumns();

    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLineEdit* m_filter;
    QLabel* m_summary;
    int m_errors = 0;
};
