#include "elidingheaderview.h"

#include <QStandardItemModel>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

// The label the header hands its style for a section.
class LabelProbe final : public ElidingHeaderView {
public:
    using ElidingHeaderView::ElidingHeaderView;
    QString label(int section) const
    {
        QStyleOptionHeader option;
        initStyleOption(&option);
        initStyleOptionForIndex(&option, section);
        return option.text;
    }
};

} // namespace

class TestElidingHeaderView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void narrowSectionsElideTheirLabels();
};

void TestElidingHeaderView::narrowSectionsElideTheirLabels()
{
    QStandardItemModel model(1, 2);
    const QString name = u"distributed_strategy_name"_s;
    model.setHorizontalHeaderLabels({ name, u"lr"_s });
    QTableView view;
    auto* header = new LabelProbe(Qt::Horizontal, &view);
    view.setHorizontalHeader(header);
    view.setModel(&model);
    header->setTextElideMode(Qt::ElideMiddle);
    view.resize(500, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    header->resizeSection(0, 80);
    const QString narrow = header->label(0);
    QVERIFY2(narrow != name && narrow.contains(QChar(0x2026)), qPrintable(narrow));
    // Both ends stay readable (Qt 6.4's own header cuts a centred label at both ends instead).
    QVERIFY2(narrow.startsWith(u"dis"_s) && narrow.endsWith(u"me"_s), qPrintable(narrow));
    QVERIFY(header->fontMetrics().horizontalAdvance(narrow) <= 80);

    header->resizeSection(0, 400);
    QCOMPARE(header->label(0), name);
    QCOMPARE(header->label(1), u"lr"_s);
}

QTEST_MAIN(TestElidingHeaderView)
#include "tst_elidingheaderview.moc"
