#include "smoothing.h"

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

std::vector<double> toVector(const QJsonArray& array)
{
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(array.size()));
    for (const QJsonValue& v : array)
        out.push_back(fromJson(v));
    return out;
}

SmoothingMode modeFromName(const QString& name)
{
    if (name == u"ema_tensorboard")
        return SmoothingMode::EmaTensorBoard;
    if (name == u"ema_mlflow")
        return SmoothingMode::EmaMlflow;
    if (name == u"running_average")
        return SmoothingMode::RunningAverage;
    return name == u"gaussian" ? SmoothingMode::Gaussian : SmoothingMode::None;
}

// Same value within 1e-12 relative; NaN matches NaN, an infinity only the same infinity.
bool close(double expected, double actual)
{
    if (std::isnan(expected) || std::isnan(actual))
        return std::isnan(expected) && std::isnan(actual);
    if (std::isinf(expected) || std::isinf(actual))
        return expected == actual;
    return std::abs(expected - actual) <= 1e-12 * std::max({ std::abs(expected), std::abs(actual), 1e-300 });
}

} // namespace

class TestSmoothing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesPythonReference_data();
    void matchesPythonReference();
    void constantSeriesUntouched();
    void millionPointsLinearTime();
    void settingsLabel();

private:
    QJsonArray m_cases;
};

void TestSmoothing::initTestCase()
{
    // RUNLENS_PYTHON3 is the configured interpreter where the build defines it; any python3 does (plain Python).
#ifdef RUNLENS_PYTHON3
    QString python = QStringLiteral(RUNLENS_PYTHON3);
#else
    QString python = QStandardPaths::findExecutable(u"python3"_s);
#endif
    if (python.isEmpty())
        QSKIP("python3 is not on PATH: no reference vectors");
    QProcess process;
    process.start(python, { QStringLiteral(RUNLENS_SOURCE_DIR) + u"/tests/core/smoothing_reference.py"_s });
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput(), &error);
    QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
    m_cases = doc.object().value(u"cases"_s).toArray();
    QVERIFY(m_cases.size() > 50);
}

void TestSmoothing::matchesPythonReference_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_cases.size(); ++i)
        QTest::addRow("%s", qPrintable(m_cases[i].toObject().value(u"name"_s).toString())) << static_cast<int>(i);
}

void TestSmoothing::matchesPythonReference()
{
    QFETCH(int, index);
    const QJsonObject c = m_cases[index].toObject();
    const std::vector<double> input = toVector(c.value(u"input"_s).toArray());
    const std::vector<double> expected = toVector(c.value(u"expected"_s).toArray());
    const SmoothingSettings settings { modeFromName(c.value(u"mode"_s).toString()),
        c.value(u"parameter"_s).toDouble() };
    QVERIFY(settings.mode != SmoothingMode::None);
    const std::vector<double> actual = Smoothing::apply(input, settings);
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        QVERIFY2(close(expected[i], actual[i]),
            qPrintable(
                u"point %1: expected %2, got %3"_s.arg(i).arg(expected[i], 0, 'g', 17).arg(actual[i], 0, 'g', 17)));
    }
}

void TestSmoothing::constantSeriesUntouched()
{
    // Without the constant rule, the debiased EMA of a constant is the constant only up to rounding.
    const std::vector<double> ys(100, 0.1);
    QCOMPARE(Smoothing::emaTensorBoard(ys, 0.999), ys);
    QCOMPARE(Smoothing::emaMlflow(ys, 99), ys);
}

void TestSmoothing::millionPointsLinearTime()
{
    std::vector<double> ys(1'000'000);
    for (std::size_t i = 0; i < ys.size(); ++i)
        ys[i] = std::sin(static_cast<double>(i) * 1e-3) + (i % 97 == 0 ? 5 : 0);
    // A window as long as the history would take 10^12 steps if each window were summed anew.
    const std::vector<double> mean = Smoothing::runningAverage(ys, 500'000);
    QCOMPARE(mean.size(), ys.size());
    double direct = 0;
    for (std::size_t i = ys.size() - 500'000; i < ys.size(); ++i)
        direct += ys[i];
    QVERIFY(std::abs(mean.back() - direct / 500'000) < 1e-9);
}

void TestSmoothing::settingsLabel()
{
    QVERIFY(!SmoothingSettings {}.isActive());
    QVERIFY(SmoothingSettings {}.label().isEmpty());
    const SmoothingSettings tb { SmoothingMode::EmaTensorBoard, 0.6 };
    QVERIFY(tb.isActive());
    QCOMPARE(tb.label(), u"EMA (TensorBoard) 0.6"_s);
    QVERIFY(!(SmoothingSettings { SmoothingMode::EmaMlflow, 1 }.isActive())); // MLflow: w <= 1 is off
}

QTEST_MAIN(TestSmoothing)
#include "tst_smoothing.moc"
