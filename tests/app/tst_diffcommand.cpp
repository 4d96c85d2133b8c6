#include "clirunner.h"
#include "expectedstore.h"

#include <QSet>
#include <QTest>


using namespace Qt::StringLiterals;

namespace {

CliOutput runCli(const QStringList& args) { return CliRunner::run(args); }

const nlohmann::json& runNamed(const ExpectedStore& store, const std::string& name)
{
    for (const auto& r : store.json().at("runs")) {
        if (r.at("run_name") == name)
            return r;
    }
    static const nlohmann::json none;
    return none;
}

// The params whose values differ between the runs, by mlflow's own reading (missing counts as different).
QSet<QString> differingParams(const std::vector<const nlohmann::json*>& runs)
{
    QSet<QString> keys, differing;
    for (const auto* r : runs) {
        for (auto it = r->at("params").begin(); it != r->at("params").end(); ++it)
            keys.insert(QString::fromStdString(it.key()));
    }
    for (const QString& key : std::as_const(keys)) {
        const std::string k = key.toStdString();
        const auto valueOf = [&](const nlohmann::json* r) {
            return r->at("params").contains(k) ? r->at("params").at(k) : nlohmann::json();
        };
        for (const auto* r : runs) {
            if (valueOf(r) != valueOf(runs.front()))
                differing.insert(key);
        }
    }
    return differing;
}

} // namespace

class TestDiffCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paramsMatchMlflow_data();
    void paramsMatchMlflow();
    void allRowsAndFormats();
    void errors();
};

void TestDiffCommand::paramsMatchMlflow_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addRow("two seeds, optimizer and lr differ") << QStringList { u"resnet-seed5"_s, u"resnet-seed2"_s };
    QTest::addRow("two seeds, same lr") << QStringList { u"resnet-seed5"_s, u"resnet-seed3"_s };
    QTest::addRow("three runs") << QStringList { u"resnet-seed0"_s, u"resnet-seed1"_s, u"resnet-seed4"_s };
    QTest::addRow("params missing in one") << QStringList { u"resnet-seed1"_s, u"special-values"_s };
    QTest::addRow("unicode key") << QStringList { u"学習 ランナー ✓"_s, u"resnet-seed1"_s };
}

void TestDiffCommand::paramsMatchMlflow()
{
    QFETCH(QStringList, names);
    const ExpectedStore expected(u"mlflow3-file"_s);
    QVERIFY2(expected.isValid(), qPrintable(expected.error()));
    std::vector<const nlohmann::json*> runs;
    QStringList args { u"diff"_s, expected.uri() };
    for (const QString& name : names) {
        const nlohmann::json& run = runNamed(expected, name.toStdString());
        QVERIFY2(!run.is_null(), qPrintable(name));
        runs.push_back(&run);
        args << QString::fromStdString(run.at("run_id").get<std::string>());
    }
    const CliOutput o = runCli(args + QStringList { u"--format"_s, u"json"_s });
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const auto doc = nlohmann::json::parse(o.out.toStdString());
    QCOMPARE(doc.at("runs").size(), runs.size());
    QSet<QString> shown;
    for (const auto& row : doc.at("rows")) {
        QVERIFY(row.at("differs").get<bool>()); // differences only by default
        if (row.at("section") != "param")
            continue;
        const QString key = QString::fromStdString(row.at("key").get<std::string>());
        shown.insert(key);
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const auto& params = runs[i]->at("params");
            const auto& value = row.at("values").at(i);
            if (params.contains(key.toStdString()))
                QCOMPARE(value.get<std::string>(), params.at(key.toStdString()).get<std::string>());
            else
                QVERIFY(value.is_null());
        }
    }
    QCOMPARE(shown, differingParams(runs));
}

void TestDiffCommand::allRowsAndFormats()
{
    const ExpectedStore expected(u"mlflow3-file"_s);
    const auto id = [&](const char* name) {
        return QString::fromStdString(runNamed(expected, name).at("run_id").get<std::string>());
    };
    const QStringList base { u"diff"_s, expected.uri(), id("resnet-seed5"), id("resnet-seed3") };
    const CliOutput all = runCli(base + QStringList { u"--all"_s, u"--format"_s, u"csv"_s });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    QVERIFY(all.out.startsWith("section,key,resnet-seed5,resnet-seed3\n"));
    QVERIFY(all.out.contains("\nparam,model/lr,0.001,0.001\n")); // equal, shown with --all
    QVERIFY(all.out.contains("\nparam,opt name,sgd m,sgd m\n"));
    const CliOutput differing = runCli(base + QStringList { u"--format"_s, u"csv"_s });
    QVERIFY(!differing.out.contains("model/lr"));
    QVERIFY(differing.out.contains("\nparam,seed,5,3\n"));
    const CliOutput table = runCli(base);
    QVERIFY2(table.exitCode == 0, table.err.constData());
    QVERIFY(table.out.startsWith("SECTION  KEY"));
    QVERIFY(table.out.contains("resnet-seed5"));
    // By unique run name as well as by id.
    const CliOutput byName
        = runCli({ u"diff"_s, expected.uri(), u"resnet-seed5"_s, u"resnet-seed3"_s, u"--format"_s, u"csv"_s });
    QCOMPARE(byName.out, differing.out);
}

void TestDiffCommand::errors()
{
    const ExpectedStore expected(u"mlflow3-file"_s);
    QCOMPARE(runCli({ u"diff"_s, expected.uri(), u"resnet-seed5"_s }).exitCode, 2);
    QCOMPARE(runCli({ u"diff"_s, expected.uri(), u"resnet-seed5"_s, u"no-such-run"_s }).exitCode, 1);
    QCOMPARE(
        runCli({ u"diff"_s, expected.uri(), u"resnet-seed5"_s, u"resnet-seed3"_s, u"--format"_s, u"xml"_s }).exitCode,
        2);
}

QTEST_MAIN(TestDiffCommand)
#include "tst_diffcommand.moc"
