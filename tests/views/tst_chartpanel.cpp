#include "chartpanel.h"

#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QScatterSeries>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

MetricSeriesPtr noisyLoss(quint32 seed, double scale, int points)
{
    auto series = std::make_shared<MetricSeries>();
    series->key = u"train/loss"_s;
    QRandomGenerator rng(seed);
    for (int i = 0; i < points; ++i) {
        const double trend = scale * std::exp(-i / 400.0) + 0.2;
        double v = trend + (rng.generateDouble() - 0.5) * 0.35 * trend;
        if (i == 1200)
            v *= 3; // a spike the smoothing flattens but the raw curve keeps
        series->append(i, 1'700'000'000'000 + i * 500, v);
    }
    return series;
}

QList<QLineSeries*> linesNamed(const QChart* chart, const QString& name)
{
    QList<QLineSeries*> lines;
    for (QAbstractSeries* s : chart->series()) {
        auto* line = qobject_cast<QLineSeries*>(s);
        if (line && !qobject_cast<QScatterSeries*>(s) && s->name() == name && line->count() > 0)
            lines.append(line);
    }
    return lines;
}

} // namespace

class TestChartPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smoothingControl();
    void smoothedScreenshot();
};

void TestChartPanel::smoothingControl()
{
    ChartPanel panel;
    panel.chart()->setTitle(u"train/loss"_s);
    panel.chart()->setSeries({ { u"run-a"_s, QColor(0x4e79a7), noisyLoss(1, 2.0, 3000), 0 } });
    panel.resize(900, 460);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.smoothing().mode, SmoothingMode::None);
    QVERIFY(linesNamed(panel.chart()->chart(), u"run-a (raw)"_s).isEmpty());

    auto* mode = panel.findChildren<QComboBox*>().at(2); // metric, x axis, smoothing
    mode->setCurrentIndex(mode->findText(u"EMA (TensorBoard)"_s));
    QCOMPARE(panel.smoothing().mode, SmoothingMode::EmaTensorBoard);
    QCOMPARE(panel.smoothing().parameter, 0.6); // TensorBoard's default
    QCOMPARE(panel.chart()->chart()->title(), u"train/loss — smoothed: EMA (TensorBoard) 0.6"_s);
    const QList<QLineSeries*> raw = linesNamed(panel.chart()->chart(), u"run-a (raw)"_s);
    QCOMPARE(raw.size(), 1);
    QVERIFY(raw.front()->pen().color().alphaF() < 0.3);
    QCOMPARE(raw.front()->pen().color().rgb(), QColor(0x4e79a7).rgb());
    // The smoothed curve is flatter than the raw one: its spike at step 1200 is much lower.
    const auto peakNear = [](const QLineSeries* line) {
        double peak = 0;
        for (const QPointF& p : line->points()) {
            if (std::abs(p.x() - 1200) < 3)
                peak = std::max(peak, p.y());
        }
        return peak;
    };
    const QList<QLineSeries*> smoothed = linesNamed(panel.chart()->chart(), u"run-a"_s);
    QCOMPARE(smoothed.size(), 1);
    QVERIFY(peakNear(smoothed.front()) < peakNear(raw.front()) * 0.7);

    auto* value = panel.findChild<QDoubleSpinBox*>();
    mode->setCurrentIndex(mode->findText(u"EMA (MLflow)"_s));
    QCOMPARE(value->maximum(), 100.0);
    value->setValue(90);
    QCOMPARE(panel.chart()->smoothing().parameter, 90.0);
    panel.setSmoothing({ SmoothingMode::None, 0 });
    QVERIFY(linesNamed(panel.chart()->chart(), u"run-a (raw)"_s).isEmpty());
    QCOMPARE(panel.chart()->chart()->title(), u"train/loss"_s);
}

void TestChartPanel::smoothedScreenshot()
{
    ChartPanel panel;
    panel.setMetricKeys({ u"train/loss"_s });
    panel.chart()->setTitle(u"train/loss"_s);
    panel.chart()->setSeries({ { u"lr=0.1"_s, QColor(0x4e79a7), noisyLoss(1, 2.0, 3000), 0 },
        { u"lr=0.03"_s, QColor(0xf28e2b), noisyLoss(2, 1.6, 3000), 0 },
        { u"lr=0.01"_s, QColor(0xe15759), noisyLoss(3, 1.2, 3000), 0 } });
    panel.setSmoothing({ SmoothingMode::EmaTensorBoard, 0.9 });
    panel.resize(1000, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::qWait(50);
    const QString dir = QStringLiteral(RUNLENS_BINARY_DIR) + u"/screenshots"_s;
    QDir().mkpath(dir);
    QVERIFY(panel.grab().save(dir + u"/chartpanel_smoothing.png"_s));
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
