#pragma once

#include <QStyledItemDelegate>

// The Name cell of the run table: indentation by nesting depth, an expand/collapse arrow on runs with children,
// and the child count after the name ("train  (4)"). Greyed context rows come from the model's foreground.
class RunNameDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RunNameDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // Where the arrow of a run at this depth is drawn inside its cell; the view hit-tests clicks with it.
    static QRect arrowRect(const QRect& cell, int depth);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    static constexpr int kIndent = 14;
    static constexpr int kArrow = 14;
};
