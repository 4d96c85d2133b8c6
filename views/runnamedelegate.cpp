#include "runnamedelegate.h"

#include "roles.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

RunNameDelegate::RunNameDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

QRect RunNameDelegate::arrowRect(const QRect& cell, int depth)
{
    return QRect(cell.left() + 2 + depth * kIndent, cell.top(), kArrow, cell.height());
}

void RunNameDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int children = index.data(Roles::ChildCountRole).toInt();
    if (children > 0)
        option->text += u"  (" + QString::number(children) + u')';
}

void RunNameDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const int depth = std::max(0, index.data(Roles::DepthRole).toInt());
    const int children = index.data(Roles::ChildCountRole).toInt();
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // The full cell gets the selection/hover background; only the content moves right.
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
    const QRect arrow = arrowRect(option.rect, depth);
    if (children > 0) {
        const bool expanded = index.data(Roles::ExpandedRole).toBool();
        const QColor colour = opt.state & QStyle::State_Selected ? opt.palette.color(QPalette::HighlightedText)
                                                                 : opt.palette.color(QPalette::Text);
        const QPointF c = QRectF(arrow).center();
        const qreal h = 3.5;
        QPainterPath path;
        if (expanded) {
            path.moveTo(c.x() - h, c.y() - h / 2);
            path.lineTo(c.x() + h, c.y() - h / 2);
            path.lineTo(c.x(), c.y() + h);
        } else {
            path.moveTo(c.x() - h / 2, c.y() - h);
            path.lineTo(c.x() + h, c.y());
            path.lineTo(c.x() - h / 2, c.y() + h);
        }
        path.closeSubpath();
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPath(path);
        painter->restore();
    }
    opt.rect.setLeft(arrow.right() + 1);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
}

QSize RunNameDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += 2 + std::max(0, index.data(Roles::DepthRole).toInt()) * kIndent + kArrow;
    return size;
}
