#include "clirunner.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>


namespace {

const QString kDir = QStringLiteral(RUNLENS_FIXTURE_DIR "/onelogger");

} // namespace

// `runlens spans` on files written by the real nv-one-logger package, compared with Python's json reading of them.
class TestSpansCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonMatchesTheFile_data();
    void jsonMatchesTheFile();
    void badInput();
};

void TestSpansCommand::jsonMatchesTheFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("rank 0 with sync checkpoints") << QStringLiteral("session/rank0.jsonl");
    QTest::addRow("crash with unclosed spans") << QStringLiteral("crash/training_telemetry.json");
}

void TestSpansCommand::jsonMatchesTheFile()
{
    QFETCH(QString, file);
    QFile expectedFile(kDir + QStringLiteral("/expected.json"));
    QVERIFY2(expectedFile.open(QIODevice::ReadOnly), "OneLogger fixture missing (ctest runs fixtures/onelogger-files)");
    const auto expected = nlohmann::json::parse(expectedFile.readAll().toStdString());
    QVERIFY(expected.at("files").contains(file.toStdString()));
    const auto& want = expected.at("files").at(file.toStdString()).at("spans");

    const CliOutput o = CliRunner::run(
        { QStringLiteral("spans"), kDir + u'/' + file, QStringLiteral("--format"), QStringLiteral("json") });
    const QByteArray& stdoutText = o.out;
    QVERIFY2(o.exitCode == 0, o.err.constData());
    const auto got = nlohmann::json::parse(stdoutText.toStdString(), nullptr, false);
    QVERIFY2(got.is_array(), stdoutText.left(200).constData());
    QCOMPARE(got.size(), want.size());
    QVERIFY(!want.empty());
    for (size_t i = 0; i < want.size(); ++i) {
        const std::string dump = got[i].dump();
        QVERIFY2(got[i].value("name", std::string()) == want[i].at("name").get<std::string>(), dump.c_str());
        QVERIFY2(got[i].value("depth", -1) == want[i].at("depth").get<int>(), dump.c_str());
    }
}

void TestSpansCommand::badInput()
{
    const CliOutput o = CliRunner::run({ QStringLiteral("spans"), QStringLiteral("/no/such/file.jsonl") });
    QCOMPARE(o.exitCode, 1);
    QVERIFY(o.err.contains("/no/such/file.jsonl"));
}

QTEST_GUILESS_MAIN(TestSpansCommand)
#include "tst_spanscommand.moc"
