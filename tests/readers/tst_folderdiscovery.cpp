#include "expectedstore.h"
#include "folderdiscovery.h"
#include "foldersource.h"
#include "mlflowfiles/mlflowfilestore.h"
#include "sourcefactory.h"
#include "tensorboard/logdirdiscovery.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace Qt::StringLiterals;

// An itwinai mllogs/ folder written by the real mlflow, TensorBoard writer and yprov4ml (tests/fixtures/
// make_itwinai_fixture.py); expected.json holds mlflow's, TensorBoard's and Python's own reading of each part.

namespace {

QString fixtureDir() { return ExpectedStore::fixtureRoot() + QStringLiteral("/itwinai"); }
QString mllogs() { return fixtureDir() + QStringLiteral("/mllogs"); }

nlohmann::json loadExpected()
{
    std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
    if (!in)
        return {};
    return nlohmann::json::parse(in, nullptr, false);
}

QString q(const std::string& s) { return QString::fromStdString(s); }

bool copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    QDirIterator it(
        from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + u'/' + QDir(from).relativeFilePath(src);
        const QFileInfo fi = it.fileInfo();
        if (fi.isSymLink()) {
            if (!QFile::link(fi.symLinkTarget(), dst))
                return false;
        } else if (fi.isDir()) {
            if (!QDir().mkpath(dst))
                return false;
        } else if (!QFile::copy(src, dst)) {
            return false;
        }
    }
    return true;
}

bool touch(const QString& path, const QByteArray& bytes = {})
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

QStringList storeLines(const FolderDiscovery::Result& r)
{
    QStringList out;
    for (const FolderDiscovery::Store& s : r.stores)
        out << s.displayName + u' ' + s.kind;
    return out;
}

} // namespace

class TestFolderDiscovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void findsEveryStoreOfMllogs();
    void wandbRunsAreNamed();
    void trashStagingIsNoExperiment();
    void mlflowRunsMatchMlflow();
    void workerRunsStayUnderTheirParent();
    void tensorboardRunPerWriterMatchesTensorBoard();
    void writerOfFileNames_data();
    void writerOfFileNames();
    void prov4mlRunsArePrefixed();
    void nestedFolderFindsTheSameStores();
    void storeFolderOpensDirectly_data();
    void storeFolderOpensDirectly();
    void onlyWandbFailsNamingIt();
    void limitsAndCancel();
    void noStoreKeepsTheOldError();

private:
    nlohmann::json m_expected;
};

void TestFolderDiscovery::initTestCase()
{
    m_expected = loadExpected();
    QVERIFY2(m_expected.is_object() && m_expected.contains("mlflow"),
        "the itwinai fixture is missing (ctest's fixtures/itwinai-mllogs writes it; run packaging/setup.sh test)");
}

void TestFolderDiscovery::findsEveryStoreOfMllogs()
{
    const auto found = FolderDiscovery::discover(mllogs());
    QVERIFY(!found.cancelled);
    QVERIFY2(found.limitsHit.isEmpty(), qPrintable(describe(found.limitsHit)));
    QCOMPARE(storeLines(found),
        QStringList({ QStringLiteral("mlflow mlflow-files"), QStringLiteral("prov_logs prov4ml"),
            QStringLiteral("tensorboard tensorboard") }));
    for (const FolderDiscovery::Store& s : found.stores) {
        QCOMPARE(s.path, QDir::cleanPath(mllogs() + u'/' + s.displayName));
        QCOMPARE(s.runPerWriter, s.kind == u"tensorboard"); // itwinai's folder: a run per rank process
    }
}

void TestFolderDiscovery::wandbRunsAreNamed()
{
    const auto found = FolderDiscovery::discover(mllogs());
    QStringList expected;
    for (const auto& run : m_expected["wandb"]["runs"])
        expected << q(run.get<std::string>());
    QCOMPARE(found.notes.size(), expected.size()); // latest-run, a link to one of them, is not counted twice
    for (const QString& run : std::as_const(expected)) {
        const QString id = run.mid(run.lastIndexOf(u'-') + 1);
        const bool named = std::any_of(found.notes.cbegin(), found.notes.cend(), [&](const ReadWarning& w) {
            return w.file.endsWith(u"/wandb/wandb/" + run) && w.message.contains(id)
                && w.message.contains(QStringLiteral("cannot read W&B runs yet"));
        });
        QVERIFY2(named, qPrintable(run + u" not named in:\n" + describe(found.notes)));
    }
    QVERIFY(found.notes.front().message.contains(u"offline") != found.notes.back().message.contains(u"offline"));
}

void TestFolderDiscovery::trashStagingIsNoExperiment()
{
    // itwinai stages serialised objects in mlflow/.trash/<name>, MLflow's folder for deleted experiments.
    QVERIFY(QFileInfo(mllogs() + QStringLiteral("/mlflow/.trash/confusion.pkl")).isFile());
    MlflowFileStore store(mllogs() + QStringLiteral("/mlflow"));
    const auto result = store.index({}, {});
    QVERIFY(result.ok());
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    // The experiment mlflow itself deleted is in .trash too, and is read as deleted.
    QStringList deleted;
    for (const Experiment& e : result.value.experiments) {
        if (e.deleted)
            deleted << e.name;
    }
    QCOMPARE(deleted, QStringList { QStringLiteral("scratch") });

    auto opened = SourceFactory::open(mllogs());
    QVERIFY(opened.source);
    const auto all = opened.source->index({}, {});
    QVERIFY(all.ok());
    for (const ReadWarning& w : all.warnings)
        QVERIFY2(!w.file.contains(u".trash") && !w.message.contains(u".trash"), qPrintable(w.toString()));
}

void TestFolderDiscovery::mlflowRunsMatchMlflow()
{
    auto opened = SourceFactory::open(mllogs());
    QVERIFY2(opened.source, qPrintable(opened.error));
    QCOMPARE(opened.source->info().kind, QStringLiteral("folder"));
    const auto result = opened.source->index({}, {});
    QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
    const Catalog& catalog = result.value;
    for (const auto& e : m_expected["mlflow"]["experiments"]) {
        const Experiment* mine = catalog.experiment(u"mlflow:" + q(e["experiment_id"].get<std::string>()));
        QVERIFY(mine);
        QCOMPARE(mine->name, q(e["name"].get<std::string>()));
        QCOMPARE(mine->store, QStringLiteral("mlflow")); // the store it came from, which the source tree shows
        QCOMPARE(mine->lifecycleStage(), q(e["lifecycle_stage"].get<std::string>()));
    }
    int runs = 0;
    for (const auto& r : m_expected["mlflow"]["runs"]) {
        const QString id = u"mlflow:" + q(r["run_id"].get<std::string>());
        const Run* mine = catalog.run(id);
        QVERIFY2(mine, qPrintable(u"no run " + id));
        ++runs;
        QCOMPARE(mine->name, q(r["run_name"].get<std::string>()));
        QCOMPARE(mine->experimentId, u"mlflow:" + q(r["experiment_id"].get<std::string>()));
        QCOMPARE(mine->params.size(), qsizetype(r["params"].size()));
        for (const auto& [k, v] : r["params"].items())
            QCOMPARE(mine->params.value(q(k)), q(v.get<std::string>()));
        QCOMPARE(mine->metrics.size(), qsizetype(r["histories"].size()));
        for (const auto& [key, history] : r["histories"].items()) {
            const auto s = opened.source->series(id, q(key), {});
            QVERIFY2(s.ok(), qPrintable(s.error.value_or(QString())));
            QCOMPARE(s.value.size(), history.size());
            for (size_t i = 0; i < history.size(); ++i) {
                QCOMPARE(s.value.steps[i], history[i][0].get<std::int64_t>());
                QCOMPARE(s.value.timestampsMs[i], history[i][1].get<std::int64_t>());
                QCOMPARE(s.value.values[i], history[i][2].get<double>());
            }
        }
    }
    QCOMPARE(runs, 4);
}

void TestFolderDiscovery::workerRunsStayUnderTheirParent()
{
    auto opened = SourceFactory::open(mllogs());
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    int children = 0;
    for (const auto& r : m_expected["mlflow"]["runs"]) {
        if (r["parent_run_id"].is_null())
            continue;
        const Run* child = result.value.run(u"mlflow:" + q(r["run_id"].get<std::string>()));
        QVERIFY(child);
        QVERIFY(child->name.startsWith(u"worker_"));
        // The parent id is prefixed like every run id of the store, so it names a run of this catalog.
        QCOMPARE(child->parentRunId, u"mlflow:" + q(r["parent_run_id"].get<std::string>()));
        const Run* parent = result.value.run(child->parentRunId);
        QVERIFY(parent);
        QCOMPARE(parent->name, QStringLiteral("train-mnist"));
        QVERIFY(parent->metrics.isEmpty()); // itwinai's parent run carries no training metrics
        ++children;
    }
    QCOMPARE(children, 2);
}

void TestFolderDiscovery::tensorboardRunPerWriterMatchesTensorBoard()
{
    auto opened = SourceFactory::open(mllogs());
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    int runs = 0;
    for (const Run& r : result.value.runs)
        runs += r.runId.startsWith(u"tensorboard:") ? 1 : 0;
    // Each rank process is a run, named by the host and pid it told the fixture; rank 0's add_hparams file (in its
    // timestamp sub-folder) is part of its run, not a run of its own, and nothing is merged across ranks.
    QCOMPARE(runs, 2);
    QCOMPARE(m_expected["tensorboard"]["runs"].size(), size_t(2));
    for (const auto& [writer, run] : m_expected["tensorboard"]["runs"].items()) {
        const QString id = u"tensorboard:" + q(writer);
        const Run* mine = result.value.run(id);
        QVERIFY2(mine, qPrintable(u"no run " + id));
        for (const auto& [key, value] : run["hparams"].items()) {
            const QString expected = value.is_string() ? q(value.get<std::string>())
                                                       : QString::number(value.get<double>(), 'g', QLocale::FloatingPointShortest);
            QCOMPARE(mine->params.value(q(key)), expected);
        }
        QCOMPARE(mine->params.size(), qsizetype(run["hparams"].size()));
        QCOMPARE(mine->metrics.size(), qsizetype(run["scalars"].size()));
        for (const auto& [tag, points] : run["scalars"].items()) {
            const auto s = opened.source->series(id, q(tag), {});
            QVERIFY2(s.ok(), qPrintable(s.error.value_or(QString())));
            QCOMPARE(s.value.size(), points.size());
            for (size_t i = 0; i < points.size(); ++i) {
                QCOMPARE(s.value.steps[i], points[i][0].get<std::int64_t>());
                QVERIFY(std::fabs(double(s.value.timestampsMs[i]) - points[i][1].get<double>() * 1000.0) <= 1.0);
                QCOMPARE(s.value.values[i], points[i][2].get<double>());
            }
        }
    }
    QVERIFY(!result.value.run(QStringLiteral("tensorboard:.")));
}

void TestFolderDiscovery::writerOfFileNames_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("writer");
    QTest::addRow("torch / TensorBoard") << u"events.out.tfevents.1712345678.gpu-node-3.41234.0"_s
                                         << u"gpu-node-3.41234"_s;
    QTest::addRow("dotted host") << u"events.out.tfevents.1712345678.n12.cluster.local.777.3"_s
                                 << u"n12.cluster.local.777"_s;
    QTest::addRow("TF2 v2 suffix") << u"events.out.tfevents.1712345678.host.99.5.v2"_s << u"host.99"_s;
    QTest::addRow("tensorboardX, no pid") << u"events.out.tfevents.1712345678.host"_s << QString();
    QTest::addRow("not an event file") << u"notes.txt"_s << QString();
}

void TestFolderDiscovery::writerOfFileNames()
{
    QFETCH(QString, file);
    QFETCH(QString, writer);
    QCOMPARE(LogdirDiscovery::writerOf(file), writer);
}

void TestFolderDiscovery::prov4mlRunsArePrefixed()
{
    auto opened = SourceFactory::open(mllogs());
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    QSet<QString> ids;
    for (const Run& r : result.value.runs) {
        if (r.runId.startsWith(u"prov_logs:"))
            ids.insert(r.runId);
    }
    QSet<QString> expected;
    for (const auto& [folder, run] : m_expected["prov4ml"]["runs"].items()) {
        for (const auto& m : run["metrics"])
            expected.insert(u"prov_logs:" + q(folder) + u"/GR" + QString::number(m["rank"].get<int>()));
    }
    QCOMPARE(ids, expected);
    const auto s = opened.source->series(QStringLiteral("prov_logs:mnist_0/GR1"), QStringLiteral("train_loss"), {});
    QVERIFY(s.ok());
    QCOMPARE(s.value.size(), size_t(250));
    QVERIFY(!opened.source->series(QStringLiteral("nowhere:mnist_0/GR1"), QStringLiteral("train_loss"), {}).ok());
    QVERIFY(std::any_of(result.warnings.cbegin(), result.warnings.cend(),
        [](const ReadWarning& w) { return w.file.endsWith(u"prov_logs/mnist_1") && w.message.contains(u"end_run"); }));
}

void TestFolderDiscovery::nestedFolderFindsTheSameStores()
{
    QTemporaryDir tmp;
    QVERIFY(copyTree(mllogs(), tmp.filePath(QStringLiteral("project/outputs/mllogs"))));
    QVERIFY(touch(tmp.filePath(QStringLiteral("project/README.md")), "notes\n"));
    QVERIFY(touch(tmp.filePath(QStringLiteral("project/.git/objects/aa/tfevents.bogus"))));
    QVERIFY(touch(tmp.filePath(QStringLiteral("project/models/resnet.pt")))); // a models/ folder is no registry
    const auto found = FolderDiscovery::discover(tmp.filePath(QStringLiteral("project")));
    QCOMPARE(storeLines(found),
        QStringList(
            { QStringLiteral("outputs/mllogs/mlflow mlflow-files"), QStringLiteral("outputs/mllogs/prov_logs prov4ml"),
                QStringLiteral("outputs/mllogs/tensorboard tensorboard") }));
    QCOMPARE(found.notes.size(), 2);

    auto opened = SourceFactory::open(tmp.filePath(QStringLiteral("project")));
    QVERIFY(opened.source);
    const auto result = opened.source->index({}, {});
    QVERIFY(result.ok());
    QCOMPARE(result.value.runs.size(), qsizetype(4 + 2 + 3));
    for (const auto& [writer, run] : m_expected["tensorboard"]["runs"].items())
        QVERIFY(result.value.run(u"outputs/mllogs/tensorboard:" + q(writer)));
}

void TestFolderDiscovery::storeFolderOpensDirectly_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("kind");
    QTest::addRow("MLflow store") << QStringLiteral("mlflow") << QStringLiteral("mlflow-files");
    QTest::addRow("TensorBoard logdir") << QStringLiteral("tensorboard") << QStringLiteral("tensorboard");
    QTest::addRow("yProv4ML output") << QStringLiteral("prov_logs") << QStringLiteral("prov4ml");
}

void TestFolderDiscovery::storeFolderOpensDirectly()
{
    QFETCH(QString, folder);
    QFETCH(QString, kind);
    auto opened = SourceFactory::open(mllogs() + u'/' + folder);
    QVERIFY2(opened.source, qPrintable(opened.error));
    QCOMPARE(opened.source->info().kind, kind);
    const auto found = FolderDiscovery::discover(mllogs() + u'/' + folder);
    QCOMPARE(storeLines(found), QStringList { u". " + kind });
}

void TestFolderDiscovery::onlyWandbFailsNamingIt()
{
    auto opened = SourceFactory::open(mllogs() + QStringLiteral("/wandb"));
    QVERIFY(opened.source);
    const auto result = opened.source->index({}, {});
    QVERIFY(result.error.has_value());
    QVERIFY(result.error->contains(u"no store RunLens can read"));
    QCOMPARE(result.warnings.size(), 2);
    QVERIFY(result.warnings.front().message.contains(u"W&B"));
}

void TestFolderDiscovery::limitsAndCancel()
{
    QTemporaryDir tmp;
    QVERIFY(copyTree(mllogs() + QStringLiteral("/prov_logs"), tmp.filePath(QStringLiteral("a/prov_logs"))));
    QVERIFY(copyTree(mllogs() + QStringLiteral("/tensorboard"), tmp.filePath(QStringLiteral("a/b/c/tb"))));

    FolderDiscovery::Limits shallow;
    shallow.maxDepth = 3; // a/prov_logs is known by its run folders, one level deeper
    const auto cut = FolderDiscovery::discover(tmp.path(), {}, shallow);
    QCOMPARE(storeLines(cut), QStringList { QStringLiteral("a/prov_logs prov4ml") });
    QCOMPARE(cut.limitsHit.size(), 1);
    QVERIFY(cut.limitsHit.front().message.contains(u"3 folders deep"));

    // The logdir starts at the highest folder above the event files that holds no other store: a/b, whose runs
    // are then c/tb and its add_hparams sub-folder.
    const auto deep = FolderDiscovery::discover(tmp.path());
    QCOMPARE(
        storeLines(deep), QStringList({ QStringLiteral("a/b tensorboard"), QStringLiteral("a/prov_logs prov4ml") }));
    QVERIFY(deep.limitsHit.isEmpty());

    FolderDiscovery::Limits few;
    few.maxFolders = 2;
    const auto counted = FolderDiscovery::discover(tmp.path(), {}, few);
    QCOMPARE(counted.limitsHit.size(), 1);
    QVERIFY(counted.limitsHit.front().message.contains(u"after 2 folders"));

    CancelToken cancel;
    cancel.cancel();
    QVERIFY(FolderDiscovery::discover(tmp.path(), cancel).cancelled);
}

void TestFolderDiscovery::noStoreKeepsTheOldError()
{
    QTemporaryDir tmp;
    QVERIFY(touch(tmp.filePath(QStringLiteral("notes/readme.txt")), "hello\n"));
    auto opened = SourceFactory::open(tmp.path());
    QVERIFY(opened.source);
    const auto result = opened.source->index({}, {});
    QVERIFY(result.error.has_value());
    QVERIFY2(result.error->contains(u"not an MLflow file store"), qPrintable(*result.error));
}

QTEST_GUILESS_MAIN(TestFolderDiscovery)
#include "tst_folderdiscovery.moc"
