#include "expectedstore.h"
#include "sourcefactory.h"
#include "telemetry/oneloggersource.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

namespace {

QString fixtureDir() { return ExpectedStore::fixtureRoot() + QStringLiteral("/onelogger"); }

nlohmann::json loadExpected()
{
    std::ifstream in(QFile::encodeName(fixtureDir() + QStringLiteral("/expected.json")).toStdString());
    if (!in)
        return {};
    return nlohmann::json::parse(in, nullptr, false);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Names, contents and modification times below `root`: opening must leave all three as they were.
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
        h.addData(QByteArray::number(QFileInfo(p).lastModified().toMSecsSinceEpoch()));
        h.addData(readFile(p));
    }
    return h.result().toHex();
}

QString describe(const QList<ReadWarning>& warnings)
{
    QStringList lines;
    for (const ReadWarning& w : warnings)
        lines << w.toString();
    return lines.join(u'\n');
}

bool hasWarning(const QList<ReadWarning>& warnings, const QString& fragment, qint64 line = -1)
{
    return std::any_of(warnings.cbegin(), warnings.cend(), [&](const ReadWarning& w) {
        return w.message.contains(fragment, Qt::CaseInsensitive) && (line < 0 || w.location == line);
    });
}

const Run* runById(const Catalog& catalog, const QString& runId) { return catalog.run(runId); }

// One event record as the FileExporter writes it, with `attributes` spliced in raw (so invalid JSON tokens stay).
QByteArray eventLine(const QByteArray& name, const QByteArray& attributes, int count)
{
    return "{\"type\":\"event\",\"span_id\":\"00000000-0000-0000-0000-000000000000\",\"event\":{\"name\":\"" + name
        + "\",\"attributes\":{" + attributes
        + ",\"timestamp_msec\":1795300000000}},\"count\":" + QByteArray::number(count) + ",\"pid\":4242}\n";
}

} // namespace

class TestOneLoggerStore : public QObject {
    Q_OBJECT

private:
    nlohmann::json m_expected;

    void addFileRows()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("rank 0, sync checkpoints, application error") << QStringLiteral("session/rank0.jsonl");
        QTest::addRow("rank 1, async checkpoints, telemetry data error") << QStringLiteral("session/rank1.jsonl");
        QTest::addRow("crash leaves spans open") << QStringLiteral("crash/training_telemetry.json");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_expected = loadExpected();
        QVERIFY2(m_expected.is_object() && m_expected.contains("files"),
            qPrintable(u"no expected.json under " + fixtureDir() + u" (run the fixtures/onelogger-files test)"));
    }

    void spansMatchPython_data() { addFileRows(); }
    void spansMatchPython()
    {
        QFETCH(QString, file);
        const nlohmann::json& expected = m_expected["files"][file.toStdString()]["spans"];
        const auto result = OneLoggerSource::readSpans(fixtureDir() + u'/' + file);
        QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
        QCOMPARE(result.value.size(), static_cast<qsizetype>(expected.size()));
        for (qsizetype i = 0; i < result.value.size(); ++i) {
            const Span& s = result.value[i];
            const nlohmann::json& e = expected[static_cast<size_t>(i)];
            const QString where = file + u" span " + QString::number(i) + u' ' + s.name;
            QCOMPARE(s.name, QString::fromStdString(e["name"].get<std::string>()));
            QVERIFY2(s.startMs == e["start_ms"].get<qint64>(), qPrintable(where + u" start"));
            QVERIFY2(s.depth == e["depth"].get<int>(), qPrintable(where + u" depth " + QString::number(s.depth)));
            QVERIFY2(s.pid == e["pid"].get<qint64>(), qPrintable(where + u" pid"));
            QVERIFY2(s.isClosed() == e["closed"].get<bool>(), qPrintable(where + u" closed"));
            if (s.isClosed())
                QVERIFY2(*s.durationMs == e["duration_ms"].get<qint64>(), qPrintable(where + u" duration"));
        }
    }

    // Through the Source interface, as the app asks for a selected run's timeline: the same spans as readSpans
    // of that run's file, for every rank of a folder; an unknown run is an error; other sources have none.
    void spansThroughSource()
    {
        auto opened = SourceFactory::open(fixtureDir() + QStringLiteral("/session"));
        QVERIFY2(opened.source, qPrintable(opened.error));
        const auto index = opened.source->index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        QCOMPARE(index.value.runs.size(), 2);
        for (const Run& run : index.value.runs) {
            const std::string file = "session/" + run.runId.toStdString();
            const nlohmann::json& expected = m_expected["files"][file]["spans"];
            const auto result = opened.source->spans(run.runId, {});
            QVERIFY2(result.ok(), qPrintable(result.error.value_or(QString())));
            QCOMPARE(result.value.size(), static_cast<qsizetype>(expected.size()));
            QVERIFY(!result.value.isEmpty());
            for (qsizetype i = 0; i < result.value.size(); ++i) {
                const nlohmann::json& e = expected[static_cast<size_t>(i)];
                QCOMPARE(result.value[i].name, QString::fromStdString(e["name"].get<std::string>()));
                QCOMPARE(result.value[i].startMs, e["start_ms"].get<qint64>());
                QCOMPARE(result.value[i].depth, e["depth"].get<int>());
            }
            // The rank's own file, not the other rank's: their pids differ.
            QCOMPARE(result.value.first().pid, expected[0]["pid"].get<qint64>());
        }
        QVERIFY(!opened.source->spans(QStringLiteral("no-such-rank.jsonl"), {}).ok());
        CancelToken cancel;
        cancel.cancel();
        QVERIFY(opened.source->spans(index.value.runs.first().runId, cancel).cancelled);

        auto crash = SourceFactory::open(fixtureDir() + QStringLiteral("/crash/training_telemetry.json"));
        QVERIFY2(crash.source, qPrintable(crash.error));
        const auto crashSpans = crash.source->spans(QStringLiteral("training_telemetry.json"), {});
        QVERIFY2(crashSpans.ok(), qPrintable(crashSpans.error.value_or(QString())));
        const auto open = std::count_if(
            crashSpans.value.cbegin(), crashSpans.value.cend(), [](const Span& s) { return !s.isClosed(); });
        const nlohmann::json& crashExpected = m_expected["files"]["crash/training_telemetry.json"]["spans"];
        const auto expectedOpen = std::count_if(crashExpected.begin(), crashExpected.end(),
            [](const nlohmann::json& e) { return !e["closed"].get<bool>(); });
        QCOMPARE(open, expectedOpen);
        QVERIFY(open > 0);

        // A store without telemetry answers with the interface's default: no spans, no error.
        auto mlflow = SourceFactory::open(ExpectedStore(QStringLiteral("mlflow3-file")).uri());
        QVERIFY2(mlflow.source, qPrintable(mlflow.error));
        const auto none = mlflow.source->spans(QStringLiteral("any"), {});
        QVERIFY(none.ok());
        QVERIFY(none.value.isEmpty());
    }

    void metricsMatchPython_data() { addFileRows(); }
    void metricsMatchPython()
    {
        QFETCH(QString, file);
        const nlohmann::json& expected = m_expected["files"][file.toStdString()]["metrics"];
        auto opened = SourceFactory::open(fixtureDir() + u'/' + file);
        QVERIFY2(opened.source, qPrintable(opened.error));
        QCOMPARE(opened.source->info().kind, QStringLiteral("onelogger"));
        const auto index = opened.source->index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        QCOMPARE(index.value.runs.size(), 1);
        const Run& run = index.value.runs.first();
        QStringList expectedKeys;
        for (auto it = expected.begin(); it != expected.end(); ++it)
            expectedKeys << QString::fromStdString(it.key());
        QCOMPARE(QStringList(run.metrics.keys()), expectedKeys); // both sorted: QMap and Python's sort_keys-free dict
        QStringList mismatches;
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            const auto series = opened.source->series(run.runId, key, {});
            if (!series.ok()) {
                mismatches << key + u": " + series.error.value_or(QString());
                continue;
            }
            if (series.value.size() != it->size()) {
                mismatches << key + u": " + QString::number(series.value.size()) + u" points, expected "
                        + QString::number(it->size());
                continue;
            }
            for (size_t i = 0; i < series.value.size(); ++i) {
                const nlohmann::json& point = (*it)[i];
                if (series.value.steps[i] != point["step"].get<qint64>()
                    || series.value.timestampsMs[i] != point["timestamp_ms"].get<qint64>()
                    || !sameMetricValue(point["value"], series.value.values[i]))
                    mismatches << key + u" point " + QString::number(i) + u": got step "
                            + QString::number(series.value.steps[i]) + u" value "
                            + QString::number(series.value.values[i], 'g', 17) + u", expected "
                            + QString::fromStdString(point.dump());
            }
            const MetricSummary& summary = run.metrics.value(key);
            if (summary.count != static_cast<qint64>(it->size()))
                mismatches << key + u": summary count " + QString::number(summary.count);
        }
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(u'\n')));
    }

    void catalogOfSessionFolder()
    {
        auto opened = SourceFactory::open(fixtureDir() + QStringLiteral("/session"));
        QVERIFY2(opened.source, qPrintable(opened.error));
        QCOMPARE(opened.source->info().kind, QStringLiteral("onelogger"));
        // A job still running appends to its rank file: the file itself must be watched, not only the folder.
        QVERIFY(opened.source->info().capabilities & SourceInfo::Live);
        QVERIFY(opened.source->info().watchPaths.contains(fixtureDir() + QStringLiteral("/session/rank0.jsonl")));
        const auto index = opened.source->index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        QCOMPARE(index.value.experiments.size(), 1);
        QCOMPARE(index.value.experiments.first().name, QStringLiteral("fixture-session"));
        QCOMPARE(index.value.runs.size(), 2);
        const Run* rank0 = runById(index.value, QStringLiteral("rank0.jsonl"));
        const Run* rank1 = runById(index.value, QStringLiteral("rank1.jsonl"));
        QVERIFY(rank0 && rank1);
        QCOMPARE(rank0->status, RunStatus::Finished);
        QCOMPARE(rank0->tags.value(QStringLiteral("session_tag")), QStringLiteral("fixture-session"));
        QCOMPARE(rank0->tags.value(QStringLiteral("perf_tag")), QStringLiteral("fixture_perf"));
        QCOMPARE(rank0->tags.value(QStringLiteral("is_baseline_run")), QStringLiteral("true"));
        QCOMPARE(rank1->tags.value(QStringLiteral("perf_tag")), QStringLiteral("fixture_perf,gbs64"));
        QCOMPARE(rank1->tags.value(QStringLiteral("custom.cluster")), QStringLiteral("test"));
        QCOMPARE(rank1->params.value(QStringLiteral("checkpoint_strategy")), QStringLiteral("async"));
        QCOMPARE(rank0->params.value(QStringLiteral("world_size")), QStringLiteral("2"));
        QCOMPARE(rank0->params.value(QStringLiteral("global_batch_size")), QStringLiteral("64"));
        // Past 2^53: kept as the exact digits Python wrote.
        QCOMPARE(rank0->params.value(QStringLiteral("flops_per_sample")), QStringLiteral("10000000000000000"));
        QVERIFY(rank0->tags.value(QStringLiteral("runlens.errors")).contains(u"simulated NCCL timeout"));
        QVERIFY(rank1->tags.value(QStringLiteral("runlens.errors")).contains(u"telemetry data error"));
        QVERIFY2(hasWarning(index.warnings, QStringLiteral("application error")), qPrintable(describe(index.warnings)));
        // Real FLOP counters went past int64 and uint64 (10^16 FLOPs per sample); Python's float() agrees.
        QCOMPARE(rank0->metrics.value(QStringLiteral("total_flops")).latest, 2.56e19);
    }

    void crashIsFailedWithWarning()
    {
        auto opened = SourceFactory::open(fixtureDir() + QStringLiteral("/crash/training_telemetry.json"));
        QVERIFY2(opened.source, qPrintable(opened.error));
        const auto index = opened.source->index({}, {});
        QVERIFY(index.ok());
        QCOMPARE(index.value.runs.first().status, RunStatus::Failed);
        QCOMPARE(index.value.runs.first().tags.value(QStringLiteral("runlens.unclosed_spans")),
            QStringLiteral("application, training_loop"));
        // Line 8: after the application start, initialization and config events, and four init/load spans.
        QVERIFY2(hasWarning(index.warnings, QStringLiteral("span training_loop started at"), 8),
            qPrintable(describe(index.warnings)));
        QVERIFY(hasWarning(index.warnings, QStringLiteral("never stopped")));
    }

    void corruption_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("warning"); // fragment of the expected warning; empty: none expected
        QTest::addColumn<int>("warningLine");
        QTest::addColumn<int>("spans");
        QTest::addColumn<QString>("metric"); // a metric to check, and its latest value
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("param"); // a param to check, and its exact text
        QTest::addColumn<QString>("paramText");

        const QByteArray base = readFile(fixtureDir() + QStringLiteral("/session/rank0.jsonl"));
        QVERIFY(!base.isEmpty());
        const int lines = static_cast<int>(base.count('\n'));
        const int baseSpans = static_cast<int>(m_expected["files"]["session/rank0.jsonl"]["spans"].size());
        const double nan = std::numeric_limits<double>::quiet_NaN();

        QByteArray cut = base;
        cut.chop(40); // the application's stop record, cut mid-line as a killed writer leaves it
        QTest::addRow("cut-off last line") << cut << QStringLiteral("last line cut off") << lines << baseSpans
                                           << QString() << 0.0 << QString() << QString();

        const QByteArray nonFinite = eventLine("my_custom_event",
            "\"loss\":NaN,\"grad_norm\":Infinity,\"lr_scale\":-Infinity,\"note\":\"NaN "
            "Infinity\",\"current_iteration\":50",
            100);
        QTest::addRow("NaN and Infinity tokens")
            << base + nonFinite << QString() << -1 << baseSpans << QStringLiteral("my_custom_event/grad_norm")
            << std::numeric_limits<double>::infinity() << QString() << QString();
        QTest::addRow("NaN value kept") << base + nonFinite << QString() << -1 << baseSpans
                                        << QStringLiteral("my_custom_event/loss") << nan << QString() << QString();

        const QByteArray huge = eventLine("update_training_telemetry_config",
            "\"perf_tag\":\"x\",\"global_batch_size\":64,\"flops_per_sample\":123456789012345678901234567890", 101);
        QTest::addRow("integer beyond int64 as param")
            << huge + base << QString() << -1 << baseSpans << QString() << 0.0 << QStringLiteral("flops_per_sample")
            << QStringLiteral("123456789012345678901234567890");
        const QByteArray hugeMetric
            = eventLine("my_custom_event", "\"flops\":123456789012345678901234567890,\"current_iteration\":60", 102);
        QTest::addRow("integer beyond int64 as metric")
            << base + hugeMetric << QString() << -1 << baseSpans << QStringLiteral("my_custom_event/flops")
            << 1.2345678901234568e29 << QString() << QString();

        QByteArray garbage = base;
        const qsizetype third = garbage.indexOf('\n', garbage.indexOf('\n', garbage.indexOf('\n') + 1) + 1);
        garbage.insert(third + 1, "this is not json {\"type\":\n");
        QTest::addRow("garbage line") << garbage << QStringLiteral("unreadable line skipped") << 4 << baseSpans
                                      << QStringLiteral("total_flops") << 2.56e19 << QString() << QString();
    }
    void corruption()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, warning);
        QFETCH(int, warningLine);
        QFETCH(int, spans);
        QFETCH(QString, metric);
        QFETCH(double, value);
        QFETCH(QString, param);
        QFETCH(QString, paramText);

        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("telemetry.log")); // any name: detected by content
        QVERIFY(writeFile(path, content));
        auto opened = SourceFactory::open(path);
        QVERIFY2(opened.source, qPrintable(opened.error));
        const auto index = opened.source->index({}, {});
        QVERIFY2(index.ok(), qPrintable(index.error.value_or(QString())));
        QCOMPARE(index.value.runs.size(), 1);
        if (!warning.isEmpty())
            QVERIFY2(hasWarning(index.warnings, warning, warningLine), qPrintable(describe(index.warnings)));
        else
            QVERIFY2(!hasWarning(index.warnings, QStringLiteral("line")), qPrintable(describe(index.warnings)));
        const auto spanList = OneLoggerSource::readSpans(path);
        QCOMPARE(spanList.value.size(), spans);
        const Run& run = index.value.runs.first();
        if (!metric.isEmpty()) {
            QVERIFY2(run.metrics.contains(metric), qPrintable(QStringList(run.metrics.keys()).join(u' ')));
            const double latest = run.metrics.value(metric).latest;
            QVERIFY2(
                std::isnan(value) ? std::isnan(latest) : latest == value, qPrintable(QString::number(latest, 'g', 17)));
            const auto series = opened.source->series(run.runId, metric, {});
            QVERIFY(series.ok());
        }
        if (!param.isEmpty())
            QCOMPARE(run.params.value(param), paramText);
    }

    void detection_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("onelogger");
        QTest::addRow("OneLogger records in a .txt file")
            << readFile(fixtureDir() + QStringLiteral("/session/rank1.jsonl")) << true;
        QTest::addRow("other JSON Lines")
            << QByteArray("{\"step\":1,\"loss\":0.5}\n{\"step\":2,\"loss\":0.4}\n") << false;
        QTest::addRow("record without pid") << QByteArray("{\"type\":\"event\",\"count\":1}\n") << false;
        QTest::addRow("empty file") << QByteArray() << false;
    }
    void detection()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, onelogger);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(path, content));
        QCOMPARE(OneLoggerSource::looksLikeFile(path), onelogger);
        auto opened = SourceFactory::open(path);
        QCOMPARE(opened.source && opened.source->info().kind == u"onelogger", onelogger);
    }

    void openingChangesNothing()
    {
        const QString root = fixtureDir();
        const QByteArray before = treeHash(root);
        for (const QString& p : { QStringLiteral("/session"), QStringLiteral("/crash/training_telemetry.json") }) {
            auto opened = SourceFactory::open(root + p);
            QVERIFY(opened.source);
            const auto index = opened.source->index({}, {});
            QVERIFY(index.ok());
            for (const Run& r : index.value.runs) {
                for (const QString& key : r.metrics.keys())
                    QVERIFY(opened.source->series(r.runId, key, {}).ok());
            }
        }
        QVERIFY(OneLoggerSource::readSpans(root + QStringLiteral("/session/rank0.jsonl")).ok());
        QCOMPARE(treeHash(root), before);
    }
};

QTEST_GUILESS_MAIN(TestOneLoggerStore)
#include "tst_oneloggerstore.moc"
