#pragma once

#include <QTableView>

class RunFilterProxy;
class RunTableModel;

// The run table: sortable, columns hideable from the header's context menu (by column or by group), the metric
// columns switchable between latest, min and max. Hidden columns stay hidden when new keys arrive.
class RunTableView final : public QTableView {
    Q_OBJECT
public:
    explicit RunTableView(QWidget* parent = nullptr);
    void setModels(RunFilterProxy* proxy, RunTableModel* runs);
    // Runs of the current selection, as rows of the RunTableModel (not the proxy), in view order.
    QList<int> selectedSourceRows() const;
    int currentSourceRow() const;

    // Nested runs: the arrow in the Name cell, Right/+ and Left/- on the current row, and these two (also in
    // the context menus) toggle children.
    void expandAll();
    void collapseAll();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    bool toggleAt(const QPoint& pos);
    void showViewportMenu(const QPoint& pos);
    void addNestingActions(QMenu& menu);
    void showHeaderMenu(const QPoint& pos);
    void applyHiddenKeys(int first, int last);
    QString columnId(int column) const;

    RunFilterProxy* m_proxy = nullptr;
    RunTableModel* m_runs = nullptr;
    QSet<QString> m_hidden; // "param:lr", "metric:loss", "attr:3"
    bool m_hideParams = false;
    bool m_hideMetrics = false;
};
