#include "experimentlabels.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestExperimentLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sharedNamesTellTheirStoreById();
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

QTEST_GUILESS_MAIN(TestExperimentLabels)
#include "tst_experimentlabels.moc"
