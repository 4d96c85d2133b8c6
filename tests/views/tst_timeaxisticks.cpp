#include "timeaxisticks.h"

#include <QDateTime>
#include <QLocale>
#include <QtTest>

using namespace Qt::StringLiterals;

// The span timeline's wall-time axis: ticks people count in, on the local clock, labelled with the precision
// the interval needs.
class TestTimeAxisTicks final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void ticks_data()
    {
        QTest::addColumn<double>("spanMs");
        QTest::addColumn<double>("interval");
        QTest::addColumn<QString>("labelPattern");
        // 1,000 px with labels at least 100 px apart: at most 10 ticks.
        QTest::addRow("300 ms of iterations") << 300.0 << 50.0 << u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d$"_s;
        QTest::addRow("a few seconds") << 4'000.0 << 500.0 << u"^\\d\\d:\\d\\d:\\d\\d\\.\\d$"_s;
        QTest::addRow("a minute") << 60'000.0 << 10'000.0 << u"^\\d\\d:\\d\\d:\\d\\d$"_s;
        QTest::addRow("an hour-long job") << 3'600'000.0 << 600'000.0 << u"^\\d\\d:\\d\\d$"_s;
        QTest::addRow("a week") << 7 * 86'400'000.0 << 86'400'000.0 << u"^[A-Z][a-z]{2} \\d\\d?$"_s;
    }
    void ticks()
    {
        QFETCH(double, spanMs);
        QFETCH(double, interval);
        QFETCH(QString, labelPattern);
        // An odd start, so alignment has work to do.
        const double from = QDateTime(QDate(2024, 4, 24), QTime(14, 29, 58, 317)).toMSecsSinceEpoch();
        QCOMPARE(TimeAxisTicks::interval(from, from + spanMs, 1000, 100), interval);
        const auto ticks = TimeAxisTicks::compute(from, from + spanMs, 1000, 100);
        QVERIFY(ticks.size() >= 3 && ticks.size() <= 11);
        const QRegularExpression pattern(labelPattern);
        for (const TimeAxisTicks::Tick& tick : ticks) {
            QVERIFY(tick.ms >= from && tick.ms <= from + spanMs);
            // On the local clock: a whole multiple of the interval since local midnight.
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(tick.ms));
            const qint64 sinceMidnight = local.time().msecsSinceStartOfDay();
            if (interval < 86'400'000.0)
                QVERIFY2(sinceMidnight % static_cast<qint64>(interval) == 0, qPrintable(tick.label));
            else
                QCOMPARE(sinceMidnight, 0);
            QVERIFY2(pattern.match(tick.label).hasMatch(), qPrintable(tick.label));
        }
        // Consecutive ticks are one interval apart and their labels differ.
        for (qsizetype i = 1; i < ticks.size(); ++i) {
            QCOMPARE(ticks[i].ms - ticks[i - 1].ms, interval);
            QVERIFY(ticks[i].label != ticks[i - 1].label);
        }
    }

    void labels()
    {
        const double t = QDateTime(QDate(2024, 4, 24), QTime(14, 30, 5, 250)).toMSecsSinceEpoch();
        QCOMPARE(TimeAxisTicks::label(t, 50), u"14:30:05.25"_s);
        QCOMPARE(TimeAxisTicks::label(t, 250), u"14:30:05.2"_s);
        QCOMPARE(TimeAxisTicks::label(t, 5), u"14:30:05.250"_s);
        QCOMPARE(TimeAxisTicks::label(t, 5'000), u"14:30:05"_s);
        QCOMPARE(TimeAxisTicks::label(t, 300'000), u"14:30"_s);
        const double midnight = QDateTime(QDate(2024, 4, 25), QTime(0, 0)).toMSecsSinceEpoch();
        QCOMPARE(TimeAxisTicks::label(midnight, 6 * 3'600'000.0), u"Apr 25 00:00"_s);
    }

    void durations_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("text");
        QTest::addRow("instant") << 0.0 << u"0 ms"_s;
        QTest::addRow("milliseconds") << 340.0 << u"340 ms"_s;
        QTest::addRow("seconds") << 2'500.0 << u"2.500 s"_s;
        QTest::addRow("tens of seconds") << 25'000.0 << u"25.00 s"_s;
        QTest::addRow("minutes") << 245'000.0 << u"4 min 05 s"_s;
        QTest::addRow("hours") << 7'380'000.0 << u"2 h 03 min"_s;
        QTest::addRow("days") << 2 * 86'400'000.0 + 3 * 3'600'000.0 << u"2 d 3 h"_s;
    }
    void durations()
    {
        QFETCH(double, ms);
        QFETCH(QString, text);
        QCOMPARE(TimeAxisTicks::duration(ms), text);
    }
};

QTEST_GUILESS_MAIN(TestTimeAxisTicks)
#include "tst_timeaxisticks.moc"
