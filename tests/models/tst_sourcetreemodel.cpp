#include "sourcetreemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

class TestSourceTreeModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void experimentsAndModelsUnderTheirSource();
    void sameNamedExperimentsShowTheirIds();
};

void TestSourceTreeModel::experimentsAndModelsUnderTheirSource()
{
    SourceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addSource(QStringLiteral("uri-a"), QStringLiteral("store a"));
    QVERIFY(model.data(model.index(0, 0)).toString().contains(QStringLiteral("loading")));
    Catalog c;
    Experiment e1;
    e1.experimentId = QStringLiteral("1");
    e1.name = QStringLiteral("zeta");
    Experiment e2;
    e2.experimentId = QStringLiteral("2");
    e2.name = QStringLiteral("Alpha");
    Experiment gone;
    gone.experimentId = QStringLiteral("3");
    gone.name = QStringLiteral("old");
    gone.deleted = true;
    c.experiments = { e1, e2, gone };
    for (int i = 0; i < 3; ++i) {
        Run r;
        r.runId = QString::number(i);
        r.experimentId = i == 0 ? QStringLiteral("1") : QStringLiteral("2");
        r.deleted = i == 2;
        c.runs.append(r);
    }
    RegisteredModel m;
    m.name = QStringLiteral("clf");
    m.aliases.insert(QStringLiteral("champion"), 2);
    m.versions = { ModelVersion { 1, {}, {}, {}, {}, {}, {}, {}, {}, {} }, ModelVersion { 2, {}, {}, {}, {}, {}, {}, {}, {}, {} } };
    c.models = { m };

    model.setCatalog(QStringLiteral("uri-a"), c, false);
    const QModelIndex source = model.sourceIndex(QStringLiteral("uri-a"));
    QCOMPARE(model.rowCount(source), 3); // Alpha, zeta, Registered models (deleted experiment hidden)
    QCOMPARE(model.index(0, 0, source).data().toString(), QStringLiteral("Alpha"));
    QCOMPARE(model.index(0, 1, source).data().toInt(), 1); // one active run in Alpha
    QCOMPARE(model.experimentId(model.index(1, 0, source)), QStringLiteral("1"));
    QCOMPARE(model.index(0, 1).data().toInt(), 2); // the source counts active runs
    const QModelIndex group = model.index(2, 0, source);
    QCOMPARE(model.kind(group), SourceTreeModel::NodeKind::ModelGroup);
    QVERIFY(model.index(0, 0, group).data().toString().contains(QStringLiteral("@champion")));

    model.setCatalog(QStringLiteral("uri-a"), c, true);
    QCOMPARE(model.rowCount(source), 4);
    model.removeSource(QStringLiteral("uri-a"));
    QCOMPARE(model.rowCount(), 0);
}

// A folder holding an MLflow store and telemetry files of the same job lists two experiments of one name.
void TestSourceTreeModel::sameNamedExperimentsShowTheirIds()
{
    SourceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addSource(QStringLiteral("uri-b"), QStringLiteral("job"));
    Catalog c;
    for (const auto& [id, name] : { std::pair { "mllogs/mlflow:5737", "mlp-demo" },
             std::pair { "mllogs/telemetry:mlp-demo", "mlp-demo" }, std::pair { "mllogs/mlflow:0", "Default" },
             std::pair { "7", "solo" }, std::pair { "8", "solo" }, std::pair { "a/mlruns:1", "sweep" },
             std::pair { "b/mlruns:1", "sweep" } }) {
        Experiment e;
        e.experimentId = QString::fromLatin1(id);
        e.name = QString::fromLatin1(name);
        // As FolderSource labels what it reads from a folder of several stores.
        const qsizetype colon = e.experimentId.lastIndexOf(u':');
        if (colon > 0)
            e.store = e.experimentId.left(colon);
        c.experiments.append(e);
    }
    model.setCatalog(QStringLiteral("uri-b"), c, false);
    const QModelIndex source = model.sourceIndex(QStringLiteral("uri-b"));
    QCOMPARE(model.rowCount(source), 7);
    QStringList labels;
    for (int row = 0; row < 7; ++row)
        labels << model.index(row, 0, source).data().toString();
    // The store's folder name when that tells them apart, else its path, else the whole id; a name used once stays.
    QCOMPARE(labels,
        QStringList({ QStringLiteral("Default"), QStringLiteral("mlp-demo  (mlflow)"),
            QStringLiteral("mlp-demo  (telemetry)"), QStringLiteral("solo  (7)"), QStringLiteral("solo  (8)"),
            QStringLiteral("sweep  (a/mlruns)"), QStringLiteral("sweep  (b/mlruns)") }));
    QCOMPARE(model.experimentId(model.index(2, 0, source)), QStringLiteral("mllogs/telemetry:mlp-demo"));
}

QTEST_GUILESS_MAIN(TestSourceTreeModel)
#include "tst_sourcetreemodel.moc"
