#include "spanstyle.h"

#include <QSet>
#include <QtTest>

using namespace Qt::StringLiterals;

// Span colours: one per standard OneLogger name, stable for any other name, never passing one off as another.
class TestSpanStyle final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void standardNamesAreDistinct()
    {
        // reference/telemetry.md §1.9
        const QStringList names { u"application"_s, u"distributed_code_initialization"_s, u"model_initialization"_s,
            u"data_loader_initialization"_s, u"optimizer_initialization"_s, u"checkpoint_load"_s, u"training_loop"_s,
            u"training_single_iteration"_s, u"data_loading"_s, u"model_forward"_s, u"zero_grad"_s, u"model_backward"_s,
            u"optimizer_update"_s, u"validation_loop"_s, u"validation_single_iteration"_s, u"testing_loop"_s,
            u"TESTING_SINGLE_ITERATION"_s, u"checkpoint_save_sync"_s, u"checkpoint_save_async"_s,
            u"checkpoint_save_finalization"_s };
        QSet<QRgb> colors;
        for (const QString& name : names)
            colors.insert(SpanStyle::colorFor(name).rgb());
        QCOMPARE(colors.size(), names.size());
        // A user's span gets a colour of its own: stable, and none of the standard ones.
        for (const QString& own : { u"loss_calculation_span"_s, u"my_eval"_s, u"Training_Loop"_s }) {
            QCOMPARE(SpanStyle::colorFor(own), SpanStyle::colorFor(own));
            QVERIFY2(!colors.contains(SpanStyle::colorFor(own).rgb()), qPrintable(own));
        }
    }

    void legendFollowsAJobsLife()
    {
        const QStringList order = SpanStyle::legendOrder({ u"zzz_custom"_s, u"checkpoint_save_async"_s,
            u"training_loop"_s, u"application"_s, u"aaa_custom"_s, u"training_loop"_s, u"model_initialization"_s });
        QCOMPARE(order,
            QStringList({ u"application"_s, u"model_initialization"_s, u"training_loop"_s, u"checkpoint_save_async"_s,
                u"aaa_custom"_s, u"zzz_custom"_s }));
    }

    void labelsReadOnTheirBar()
    {
        QCOMPARE(SpanStyle::textColorOn(SpanStyle::colorFor(u"training_loop"_s)), QColor(Qt::white));
        QCOMPARE(SpanStyle::textColorOn(SpanStyle::colorFor(u"training_single_iteration"_s)), QColor(0x202020));
    }
};

QTEST_GUILESS_MAIN(TestSpanStyle)
#include "tst_spanstyle.moc"
