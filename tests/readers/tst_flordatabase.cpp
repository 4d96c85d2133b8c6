#include "expectedstore.h"
#include "sourcefactory.h"
#include "telemetry/flordatabase.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <fstream>

namespace {

QString fixtureDir() { return ExpectedStore::fixtureRoot() + QStringLiteral("/flor"); }

QString databasePath() { return fixtureDir() + QStringLiteral("/florproj/.flor/florproj.db"); }

// Names, sizes and contents below the project's .flor folder: reading must not add a journal or touch the db.
QByteArray treeHash(const QString& root)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    QStringList paths;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
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

} // namespace

class TestFlorDatabase : public QObject {
    Q_OBJECT

private:
    nlohmann::json m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
        QVERIFY2(in, qPrintable(u"no expected.json under " + fixtureDir() + u" (run the fixtures/flor-db test)"));
        m_expected = nlohmann::json::parse(in, nullptr, false);
        QVERIFY(m_expected.contains("runs"));
    }

    void detection_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kind");
        QTest::addRow("flordb 4 database") << databasePath() << QStringLiteral("flor");
        QTest::addRow("MLflow SQLite store stays MLflow")
            << ExpectedStore::fixtureRoot() + QStringLiteral("/mlflow3-sqlite/mlflow.db")
            << QStringLiteral("mlflow-sqlite");
    }
    void detection()
    {
        QFETCH(QString, path);
        QFETCH(QString, kind);
        auto opened = SourceFactory::open(path);
        QVERIFY2(opened.source, qPrintable(opened.error));
        QCOMPARE(opened.source->info().kind, kind);
    }

    void runsMatchFlorDataframe()
    {
        FlorDatabase db(databasePath());
        const auto index = db.index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        const nlohmann::json& runs = m_expected["runs"];
        QCOMPARE(index.value.runs.size(), static_cast<qsizetype>(runs.size()));
        QCOMPARE(index.value.experiments.size(), 1);
        QCOMPARE(index.value.experiments.first().name, QStringLiteral("florproj"));
        QStringList mismatches;
        for (auto it = runs.begin(); it != runs.end(); ++it) {
            const QString runId = QString::fromStdString(it.key());
            const Run* run = index.value.run(runId);
            if (!run) {
                mismatches << u"no run " + runId;
                continue;
            }
            for (auto p = (*it)["params"].begin(); p != (*it)["params"].end(); ++p) {
                const QString got = run->params.value(QString::fromStdString(p.key()));
                if (got != QString::fromStdString(p.value().get<std::string>()))
                    mismatches << runId + u" param " + QString::fromStdString(p.key()) + u" = " + got;
            }
            const nlohmann::json& metrics = (*it)["metrics"];
            if (run->metrics.size() != static_cast<qsizetype>(metrics.size()))
                mismatches << runId + u": " + QString::number(run->metrics.size()) + u" metrics";
            for (auto m = metrics.begin(); m != metrics.end(); ++m) {
                const QString key = QString::fromStdString(m.key());
                const auto series = db.series(runId, key, {});
                const nlohmann::json& values = (*m)["values"];
                const nlohmann::json& iterations = (*m)["iterations"];
                if (!series.ok() || series.value.size() != values.size()) {
                    mismatches << runId + u' ' + key + u": " + series.error.value_or(QStringLiteral("wrong size"));
                    continue;
                }
                for (size_t i = 0; i < values.size(); ++i) {
                    // One loop level steps by its iteration; nested loops by the ordinal of the iteration tuple.
                    const qint64 step
                        = iterations[i].size() == 1 ? iterations[i][0].get<qint64>() : static_cast<qint64>(i);
                    if (!sameMetricValue(values[i], series.value.values[i]) || series.value.steps[i] != step)
                        mismatches << runId + u' ' + key + u" point " + QString::number(i) + u": "
                                + QString::number(series.value.values[i]) + u" @ "
                                + QString::number(series.value.steps[i]);
                }
            }
            if (run->tags.value(QStringLiteral("flor.loops")) != u"epoch/step")
                mismatches << runId + u": loops tag " + run->tags.value(QStringLiteral("flor.loops"));
        }
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(u'\n')));
    }

    void openingChangesNothing()
    {
        const QString flor = fixtureDir() + QStringLiteral("/florproj/.flor");
        const QByteArray before = treeHash(flor);
        auto opened = SourceFactory::open(databasePath());
        QVERIFY(opened.source);
        const auto index = opened.source->index({}, {});
        QVERIFY(index.ok());
        for (const Run& r : index.value.runs) {
            for (const QString& key : r.metrics.keys())
                QVERIFY(opened.source->series(r.runId, key, {}).ok());
        }
        QCOMPARE(treeHash(flor), before);
    }
};

QTEST_GUILESS_MAIN(TestFlorDatabase)
#include "tst_flordatabase.moc"
