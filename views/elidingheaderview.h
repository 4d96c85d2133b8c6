#pragma once

#include <QHeaderView>

// A header whose section labels are elided (textElideMode) when their section is too narrow: Qt 6.4's header ignores
// its elide mode and clips a centred label at both ends ("stributed_strate"), so a long param name loses its start
// and its end.
class ElidingHeaderView : public QHeaderView {
    Q_OBJECT
public:
    explicit ElidingHeaderView(Qt::Orientation orientation, QWidget* parent = nullptr);

protected:
    void initStyleOptionForIndex(QStyleOptionHeader* option, int logicalIndex) const override;
};
