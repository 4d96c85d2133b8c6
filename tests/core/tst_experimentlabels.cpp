#include "distinguishinglabels.h"
#include "experimentlabels.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestExperimentLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sharedNamesTellTheirStoreById();
    void firstQualifierThatTellsTheGroupApart();
};

// As the run table's experiment column gets them (MainWindow): a folder of two stores whose experiments share a name.
void TestExperimentLabels::sharedNamesTellTheirStoreById()
{
    QVector<Experiment> experiments;
    for (const auto& [store, id, name] : { std::tuple { "mllogs/mlflow", "1", "mlp-demo" },
             std::tuple { "mllogs/telemetry", "mlp-demo", "mlp-demo" }, std::tuple { "mllogs/mlflow", "0", "Default" },
             std::tuple { "mllogs/mlflow", "2", "twice" }, std::tuple { "mllogs/mlflow", "3", "twice" } }) {
        Experiment e;
        e.store = QString::fromLatin1(store);
        e.experimentId = e.store + u':' + QString::fromLatin1(id);
        e.name = QString::fromLatin1(name);
        experiments.append(e);
    }
    const QHash<QString, QString> labels = experimentLabelsById(experiments);
    QCOMPARE(labels.size(), 5);
    QCOMPARE(labels.value(u"mllogs/mlflow:1"_s), u"mlp-demo  (mlflow)"_s);
    QCOMPARE(labels.value(u"mllogs/telemetry:mlp-demo"_s), u"mlp-demo  (telemetry)"_s);
    QCOMPARE(labels.value(u"mllogs/mlflow:0"_s), u"Default"_s); // a name used once stays as it is
    // Same store: only the ids tell them apart.
    QCOMPARE(labels.value(u"mllogs/mlflow:2"_s), u"twice  (mllogs/mlflow:2)"_s);
    QCOMPARE(labels.value(u"mllogs/mlflow:3"_s), u"twice  (mllogs/mlflow:3)"_s);
}

// The helper behind experiment and chart labels: per group of a shared name the first qualifier that differs for
// every member, the last one when none does; a name of its own stays bare.
void TestExperimentLabels::firstQualifierThatTellsTheGroupApart()
{
    const QStringList names { u"run"_s, u"run"_s, u"solo"_s, u"run"_s, u"dup"_s, u"dup"_s };
    const QList<QStringList> qualifiers {
        { u"s"_s, u"s"_s, u"-"_s, u"t"_s, u"z"_s, u"z"_s }, // tells "run" apart only partly
        { u"1"_s, u"2"_s, u"-"_s, u"3"_s, u"z"_s, u"z"_s }, // tells "run" apart; "dup" never is
    };
    const QVector<QString> labels = distinguishingLabels(
        static_cast<int>(names.size()), [&](int i) { return names[i]; }, 2,
        [&](int c, int i) { return qualifiers[c][i]; });
    const QVector<QString> expected { u"run  (1)"_s, u"run  (2)"_s, u"solo"_s, u"run  (3)"_s, u"dup  (z)"_s,
        u"dup  (z)"_s };
    QCOMPARE(labels, expected);
}

QTEST_GUILESS_MAIN(TestExperimentLabels)
#include "tst_experimentlabels.moc"
