#include "metrickeyinfo.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestMetricKeyInfo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classify_data();
    void classify();
};

void TestMetricKeyInfo::classify_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("system");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("axisTitle");
    // The names MLflow's system-metrics monitor logs (reference/mlflow.md §2.2), single- and multi-node.
    QTest::addRow("cpu") << u"system/cpu_utilization_percentage"_s << true << u"System metrics"_s << u"%"_s << u"%"_s;
    QTest::addRow("host memory") << u"system/system_memory_usage_megabytes"_s << true << u"System metrics"_s << u"MB"_s
                                 << u"MB"_s;
    QTest::addRow("gpu power") << u"system/gpu_3_power_usage_watts"_s << true << u"System metrics"_s << u"W"_s << u"W"_s;
    QTest::addRow("rocm memory") << u"system/gpu_0_memory_usage_gigabytes"_s << true << u"System metrics"_s << u"GB"_s
                                 << u"GB"_s;
    QTest::addRow("rocm busy") << u"system/gpu_0_memory_busy_time_percent"_s << true << u"System metrics"_s << u"%"_s
                               << u"%"_s;
    QTest::addRow("multi-node") << u"system/node-2/network_receive_megabytes"_s << true << u"System metrics"_s << u"MB"_s
                                << u"MB"_s;
    QTest::addRow("plain") << u"loss"_s << false << u"Model metrics"_s << QString() << u"loss"_s;
    QTest::addRow("prefixed") << u"train/loss"_s << false << u"train"_s << QString() << u"loss"_s;
    QTest::addRow("onelogger seconds") << u"avg_iteration_time_sec"_s << false << u"Model metrics"_s << u"s"_s << u"s"_s;
    QTest::addRow("not a prefix") << u"systematic/error"_s << false << u"systematic"_s << QString() << u"error"_s;
    QTest::addRow("leading slash") << u"/odd"_s << false << u"Model metrics"_s << QString() << u"odd"_s;
}

void TestMetricKeyInfo::classify()
{
    QFETCH(QString, key);
    QFETCH(bool, system);
    QFETCH(QString, section);
    QFETCH(QString, unit);
    QFETCH(QString, axisTitle);
    QCOMPARE(MetricKeyInfo::isSystem(key), system);
    QCOMPARE(MetricKeyInfo::section(key), section);
    QCOMPARE(MetricKeyInfo::unit(key), unit);
    QCOMPARE(MetricKeyInfo::axisTitle(key), axisTitle);
}

QTEST_MAIN(TestMetricKeyInfo)
#include "tst_metrickeyinfo.moc"
