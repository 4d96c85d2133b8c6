#include "stepjoin.h"

#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

MetricSeries series(std::initializer_list<std::pair<std::int64_t, double>> points)
{
    MetricSeries s;
    s.key = u"m"_s;
    std::int64_t t = 1000;
    for (const auto& [step, value] : points)
        s.append(step, t++, value);
    return s;
}

} // namespace

class TestStepJoin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void join_data();
    void join();
};

void TestStepJoin::join_data()
{
    QTest::addColumn<MetricSeries>("y");
    QTest::addColumn<MetricSeries>("x");
    QTest::addColumn<QList<double>>("expected"); // NaN: no x at that step
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::addRow("same steps") << series({ { 0, 1.0 }, { 1, 0.5 }, { 2, 0.25 } })
                                << series({ { 0, 10.0 }, { 1, 20.0 }, { 2, 30.0 } }) << QList<double> { 10, 20, 30 };
    QTest::addRow("x logged less often") << series({ { 0, 1.0 }, { 5, 0.5 }, { 10, 0.25 }, { 15, 0.1 } })
                                         << series({ { 0, 0.0 }, { 10, 1.0 } }) << QList<double> { 0, nan, 1, nan };
    QTest::addRow("re-logged step: last wins")
        << series({ { 3, 1.0 }, { 4, 2.0 } }) << series({ { 3, 7.0 }, { 4, 8.0 }, { 3, 9.0 } }) << QList<double> { 9, 8 };
    QTest::addRow("x out of order") << series({ { 1, 1.0 }, { 2, 2.0 }, { 3, 3.0 } })
                                    << series({ { 3, 300.0 }, { 1, 100.0 }, { 2, 200.0 } })
                                    << QList<double> { 100, 200, 300 };
    QTest::addRow("y out of order, repeated") << series({ { 2, 1.0 }, { 1, 1.0 }, { 2, 5.0 } })
                                              << series({ { 1, -1.0 }, { 2, -2.0 } }) << QList<double> { -2, -1, -2 };
    QTest::addRow("x empty") << series({ { 0, 1.0 } }) << series({}) << QList<double> { nan };
    QTest::addRow("y empty") << series({}) << series({ { 0, 1.0 } }) << QList<double> {};
    QTest::addRow("nan x kept") << series({ { 0, 1.0 } }) << series({ { 0, nan } }) << QList<double> { nan };
}

void TestStepJoin::join()
{
    QFETCH(MetricSeries, y);
    QFETCH(MetricSeries, x);
    QFETCH(QList<double>, expected);
    const std::vector<double> actual = StepJoin::xAtSteps(y, x);
    QCOMPARE(actual.size(), static_cast<std::size_t>(expected.size()));
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double e = expected[static_cast<qsizetype>(i)];
        QVERIFY2(std::isnan(e) ? std::isnan(actual[i]) : actual[i] == e,
            qPrintable(u"point %1: expected %2, got %3"_s.arg(i).arg(e).arg(actual[i])));
    }
}

QTEST_MAIN(TestStepJoin)
#include "tst_stepjoin.moc"
