#include "groupaggregate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

double fromJson(const QJsonValue& v)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s == u"NaN")
            return std::numeric_limits<double>::quiet_NaN();
        return s == u"Infinity" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    }
    return v.toDouble();
}

MetricSeriesPtr seriesFrom(const QJsonObject& run)
{
    auto s = std::make_shared<MetricSeries>();
    s->key = u"loss"_s;
    const QJsonArray steps = run.value(u"steps"_s).toArray(), times = run.value(u"times"_s).toArray(),
                     values = run.value(u"values"_s).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i)
        s->append(steps[i].toInteger(), times[i].toInteger(), fromJson(values[i]));
    return s;
}

bool close(double expected, double actual)
{
    if (std::isnan(expected) || std::isnan(actual))
        return std::isnan(expected) && std::isnan(actual);
    return std::abs(expected - actual) <= 1e-9 * std::max({ std::abs(expected), std::abs(actual), 1e-12 });
}

} // namespace

class TestGroupAggregate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesPythonStatistics_data();
    void matchesPythonStatistics();
    void emptyInput();

private:
    QJsonArray m_cases;
};

void TestGroupAggregate::initTestCase()
{
#ifdef RUNLENS_PYTHON3
    QString python = QStringLiteral(RUNLENS_PYTHON3);
#else
    QString python = QStandardPaths::findExecutable(u"python3"_s);
#endif
    if (python.isEmpty())
        QSKIP("python3 is not on PATH: no reference statistics");
    QProcess process;
    process.start(python, { QStringLiteral(RUNLENS_SOURCE_DIR) + u"/tests/core/groupaggregate_reference.py"_s });
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput());
    m_cases = doc.object().value(u"cases"_s).toArray();
    QVERIFY(m_cases.size() >= 10);
}

void TestGroupAggregate::matchesPythonStatistics_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("minMax");
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        const QString name = m_cases[i].toObject().value(u"name"_s).toString();
        QTest::addRow("%s, std", qPrintable(name)) << static_cast<int>(i) << false;
        QTest::addRow("%s, min-max", qPrintable(name)) << static_cast<int>(i) << true;
    }
}

void TestGroupAggregate::matchesPythonStatistics()
{
    QFETCH(int, index);
    QFETCH(bool, minMax);
    const QJsonObject c = m_cases[index].toObject();
    std::vector<MetricSeriesPtr> runs;
    for (const QJsonValue& run : c.value(u"runs"_s).toArray())
        runs.push_back(seriesFrom(run.toObject()));
    const GroupAggregate g
        = GroupAggregate::compute(runs, minMax ? GroupAggregate::Band::MinMax : GroupAggregate::Band::StdDev);
    const QJsonArray steps = c.value(u"steps"_s).toArray();
    QCOMPARE(g.mean->size(), static_cast<std::size_t>(steps.size()));
    QCOMPARE(g.low->size(), g.mean->size());
    QCOMPARE(g.high->size(), g.mean->size());
    QCOMPARE(g.counts.size(), g.mean->size());
    const QJsonArray times = c.value(u"times"_s).toArray(), mean = c.value(u"mean"_s).toArray(),
                     sd = c.value(u"std"_s).toArray(), mins = c.value(u"min"_s).toArray(),
                     maxs = c.value(u"max"_s).toArray(), counts = c.value(u"counts"_s).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const auto at = static_cast<std::size_t>(i);
        QCOMPARE(g.mean->steps[at], steps[i].toInteger());
        QCOMPARE(g.low->steps[at], steps[i].toInteger());
        QCOMPARE(g.mean->timestampsMs[at], times[i].toInteger());
        QCOMPARE(g.counts[at], counts[i].toInt());
        const double m = fromJson(mean[i]);
        const double expectedLow = minMax ? fromJson(mins[i]) : m - fromJson(sd[i]);
        const double expectedHigh = minMax ? fromJson(maxs[i]) : m + fromJson(sd[i]);
        QVERIFY2(close(m, g.mean->values[at]),
            qPrintable(u"step %1: mean %2 vs %3"_s.arg(steps[i].toInteger()).arg(m).arg(g.mean->values[at])));
        QVERIFY2(close(expectedLow, g.low->values[at]),
            qPrintable(u"step %1: low %2 vs %3"_s.arg(steps[i].toInteger()).arg(expectedLow).arg(g.low->values[at])));
        QVERIFY2(close(expectedHigh, g.high->values[at]),
            qPrintable(
                u"step %1: high %2 vs %3"_s.arg(steps[i].toInteger()).arg(expectedHigh).arg(g.high->values[at])));
    }
}

void TestGroupAggregate::emptyInput()
{
    const GroupAggregate none = GroupAggregate::compute({}, GroupAggregate::Band::StdDev);
    QVERIFY(none.mean && none.mean->empty());
    const GroupAggregate nulls = GroupAggregate::compute({ nullptr, std::make_shared<MetricSeries>() },
        GroupAggregate::Band::MinMax);
    QVERIFY(nulls.low && nulls.low->empty() && nulls.counts.empty());
}

QTEST_MAIN(TestGroupAggregate)
#include "tst_groupaggregate.moc"
