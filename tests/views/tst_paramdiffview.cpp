#include "paramdiffmodel.h"
#include "paramdiffview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QVector<Run> sweep()
{
    QVector<Run> runs;
    const QStringList optimizers { u"adam"_s, u"adam"_s, u"sgd"_s, u"adamw"_s };
    for (int i = 0; i < 4; ++i) {
        Run r;
        r.runId = u"%1f3c9e0a7b2d4c6e8f10"_s.arg(i);
        r.name = u"sweep-%1"_s.arg(i);
        r.params = { { u"optimizer"_s, optimizers[i] }, { u"lr"_s, QString::number(0.001 * (i + 1)) },
            { u"model/depth"_s, u"12"_s }, { u"model/width"_s, i == 3 ? u"1024"_s : u"768"_s },
            { u"batch_size"_s, u"64"_s } };
        r.tags = { { u"team"_s, u"vision"_s }, { u"mlflow.user"_s, u"ana"_s } };
        if (i == 2)
            r.tags.insert(u"note"_s, u"diverged at step 800"_s);
        MetricSummary loss;
        loss.latest = 0.31 - 0.02 * i;
        loss.latestStep = 1000;
        loss.min = loss.latest - 0.01;
        loss.max = 2.3;
        loss.count = 1001;
        r.metrics.insert(u"train/loss"_s, loss);
        MetricSummary acc;
        acc.latest = 0.9 + 0.01 * i;
        acc.latestStep = 1000;
        acc.min = 0.1;
        acc.max = acc.latest;
        acc.count = 1001;
        r.metrics.insert(u"val/accuracy"_s, acc);
        runs.append(r);
    }
    return runs;
}

} // namespace

class TestParamDiffView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void controlsDriveTheModel();
    void copyButtons();
    void screenshot();
};

void TestParamDiffView::controlsDriveTheModel()
{
    ParamDiffView view;
    view.setRuns(sweep());
    auto* differencesOnly = view.findChild<QCheckBox*>();
    QVERIFY(differencesOnly && differencesOnly->isChecked());
    QVERIFY(view.model()->showDifferencesOnly());
    const int differing = view.model()->rowCount();
    differencesOnly->setChecked(false);
    QVERIFY(view.model()->rowCount() > differing);
    auto* reference = view.findChild<QComboBox*>();
    QCOMPARE(reference->count(), 4);
    reference->setCurrentIndex(2);
    QCOMPARE(view.model()->referenceRun(), 2);
}

void TestParamDiffView::copyButtons()
{
    ParamDiffView view;
    view.setRuns(sweep());
    for (QPushButton* button : view.findChildren<QPushButton*>()) {
        button->click();
        const QString expected
            = button->text().contains(u"Markdown"_s) ? view.model()->toMarkdown() : view.model()->toCsv();
        QCOMPARE(QApplication::clipboard()->text(), expected);
    }
}

void TestParamDiffView::screenshot()
{
    ParamDiffView view;
    view.setRuns(sweep());
    view.setReferenceRun(0);
    view.resize(900, 360);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::qWait(30);
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(view.grab().save(dir + u"/paramdiffview.png"_s));
}

QTEST_MAIN(TestParamDiffView)
#include "tst_paramdiffview.moc"
