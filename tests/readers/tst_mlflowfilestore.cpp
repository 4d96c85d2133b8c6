#include "expectedstore.h"
#include "mlflowfiles/mlflowfilestore.h"
#include "sourcefactory.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// Content hash of every file and folder name below `root`: opening a store must leave it byte-identical.
QByteArray treeHash(const QString& root)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QStringList paths;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    for (const QString& p : std::as_const(paths)) {
        h.addData(p.toUtf8());
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            h.addData(f.readAll());
    }
    return h.result().toHex();
}

bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    QDir().mkpath(to);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + src.mid(from.size());
        if (it.fileInfo().isDir()) {
            if (!QDir().mkpath(dst))
                return false;
        } else if (!QFile::copy(src, dst)) {
            return false;
        }
    }
    return true;
}

bool hasWarning(const QList<ReadWarning>& warnings, const QString& fileFragment, const QString& messageFragment)
{
    return std::any_of(warnings.cbegin(), warnings.cend(), [&](const ReadWarning& w) {
        return w.file.contains(fileFragment) && w.message.contains(messageFragment, Qt::CaseInsensitive);
    });
}

QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

// The first run folder of the "vision sweep" experiment that has metrics, for corrupting copies.
QString someRunDir(const QString& mlruns, const Catalog& catalog, const QString& runName)
{
    for (const Run& r : catalog.runs) {
        if (r.name == runName)
            return mlruns + u'/' + r.experimentId + u'/' + r.runId;
    }
    return {};
}

} // namespace

class TestMlflowFileStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesMlflow_data();
    void matchesMlflow();
    void badInput_data();
    void badInput();
    void openingChangesNothing();
    void cancelStopsIndexing();
    void batchesArePublished();
    void factoryResolvesUris();
};

void TestMlflowFileStore::matchesMlflow_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("mlflow 3.x file store") << QStringLiteral("mlflow3-file");
    QTest::addRow("mlflow 2.22 file store") << QStringLiteral("mlflow2-file");
}

void TestMlflowFileStore::matchesMlflow()
{
    QFETCH(QString, fixture);
    const ExpectedStore expected(fixture);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    MlflowFileStore store(expected.storePath());
    const auto result = store.index({}, {});
    QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(describe(result.warnings)));
    QStringList problems = expected.compareCatalog(result.value);
    problems << expected.compareRegistry(result.value);
    problems << expected.compareHistories(store);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(result.value.runs.size() >= 14); // guards against an empty fixture passing vacuously
}

void TestMlflowFileStore::badInput_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("fileFragment");
    QTest::addColumn<QString>("messageFragment");
    QTest::addColumn<int>("lostRuns");
    QTest::addRow("run folder without meta.yaml") << "remove-meta" << "meta.yaml" << "missing meta.yaml" << 1;
    QTest::addRow("truncated meta.yaml") << "truncate-meta" << "meta.yaml" << "meta.yaml" << 1;
    QTest::addRow("garbage metric line") << "garbage-metric" << "train loss" << "metric line" << 0;
    QTest::addRow("non-UTF-8 file name") << "non-utf8" << "params" << "UTF-8" << 0;
    QTest::addRow("unreadable file") << "unreadable" << "optimizer" << "cannot read" << 0;
    QTest::addRow("stray folder in experiment") << "stray-dir" << "not-a-run" << "missing meta.yaml" << 0;
}

void TestMlflowFileStore::badInput()
{
    QFETCH(QString, damage);
    QFETCH(QString, fileFragment);
    QFETCH(QString, messageFragment);
    QFETCH(int, lostRuns);

    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    QTemporaryDir tmp;
    const QString root = tmp.path() + QStringLiteral("/mlruns");
    QVERIFY(copyTree(expected.storePath(), root));
    MlflowFileStore pristine(root);
    const auto before = pristine.index({}, {});
    QVERIFY(before.ok());
    const QString runDir = someRunDir(root, before.value, QStringLiteral("resnet-seed1"));
    QVERIFY(!runDir.isEmpty());

    if (damage == u"remove-meta") {
        QVERIFY(QFile::remove(runDir + QStringLiteral("/meta.yaml")));
    } else if (damage == u"truncate-meta") {
        QFile f(runDir + QStringLiteral("/meta.yaml"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(40)); // cuts the file inside the artifact_uri line: no run_id any more
    } else if (damage == u"garbage-metric") {
        QFile f(runDir + QStringLiteral("/metrics/train loss"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("this is not a metric line\n1700000000000 notanumber 5\n");
    } else if (damage == u"non-utf8") {
        const QByteArray bad = QFile::encodeName(runDir) + QByteArrayLiteral("/params/bad\xff\xfename");
        const int fd = ::open(bad.constData(), O_CREAT | O_WRONLY, 0644);
        QVERIFY(fd >= 0);
        ::close(fd);
    } else if (damage == u"unreadable") {
        const QString file = runDir + QStringLiteral("/params/optimizer");
        if (::geteuid() == 0) {
            // Root reads any file whatever its mode, so use a file whose read() fails: /proc/self/mem at offset 0
            // is unmapped and gives EIO.
            QVERIFY(QFile::remove(file));
            QVERIFY(QFile::link(QStringLiteral("/proc/self/mem"), file));
        } else {
            QVERIFY(QFile::setPermissions(file, QFileDevice::WriteOwner));
        }
    } else if (damage == u"stray-dir") {
        QVERIFY(QDir().mkpath(QFileInfo(runDir).path() + QStringLiteral("/not-a-run")));
    }

    MlflowFileStore store(root);
    const auto after = store.index({}, {});
    QVERIFY2(after.ok(), qPrintable(after.error.value_or(QString())));
    QVERIFY2(hasWarning(after.warnings, fileFragment, messageFragment), qPrintable(describe(after.warnings)));
    QCOMPARE(after.value.runs.size(), before.value.runs.size() - lostRuns);
    QCOMPARE(after.value.experiments.size(), before.value.experiments.size());
    if (damage == u"non-utf8") // QDir cannot remove a name it cannot decode
        ::unlink(QByteArray(QFile::encodeName(runDir) + QByteArrayLiteral("/params/bad\xff\xfename")).constData());
}

void TestMlflowFileStore::openingChangesNothing()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const QByteArray before = treeHash(expected.storePath());
    MlflowFileStore store(expected.storePath());
    QVERIFY(store.index({}, {}).ok());
    QVERIFY(expected.compareHistories(store).isEmpty());
    QCOMPARE(treeHash(expected.storePath()), before);
}

void TestMlflowFileStore::cancelStopsIndexing()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    MlflowFileStore store(expected.storePath());
    CancelToken cancel;
    cancel.cancel();
    const auto result = store.index({}, cancel);
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok());
}

void TestMlflowFileStore::batchesArePublished()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    MlflowFileStore store(expected.storePath());
    qsizetype published = 0;
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    Progress progress;
    progress.onRuns = [&](const QVector<Run>& batch) { published += batch.size(); };
    progress.onProgress = [&](qint64 done, qint64 total, const QString&) {
        lastDone = done;
        lastTotal = total;
    };
    const auto result = store.index(progress, {});
    QVERIFY(result.ok());
    QCOMPARE(published, result.value.runs.size());
    QVERIFY(lastTotal > 0);
    QCOMPARE(lastDone, lastTotal);
}

void TestMlflowFileStore::factoryResolvesUris()
{
    const ExpectedStore expected(QStringLiteral("mlflow3-file"));
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    const auto plain = SourceFactory::open(expected.storePath());
    QVERIFY(plain.source);
    QCOMPARE(plain.source->info().kind, QStringLiteral("mlflow-files"));
    const auto fileUri = SourceFactory::open(u"file://" + expected.storePath());
    QVERIFY(fileUri.source);
    QCOMPARE(fileUri.source->info().uri, plain.source->info().uri);
    const auto missing = SourceFactory::open(QStringLiteral("/definitely/not/here"));
    QVERIFY(!missing.source);
    QVERIFY(missing.error.contains(QStringLiteral("/definitely/not/here")));
    QTemporaryDir empty;
    MlflowFileStore notAStore(empty.path());
    const auto r = notAStore.index({}, {});
    QVERIFY(!r.ok());
    QVERIFY(r.error->contains(QStringLiteral("not an MLflow file store")));
}

QTEST_GUILESS_MAIN(TestMlflowFileStore)
#include "tst_mlflowfilestore.moc"
