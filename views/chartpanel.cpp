#include "chartpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

ChartPanel::ChartPanel(QWidget* parent)
    : QWidget(parent)
    , m_metric(new QComboBox(this))
    , m_xAxis(new QComboBox(this))
    , m_logY(new QCheckBox(QStringLiteral("Log y"), this))
    , m_smoothingMode(new QComboBox(this))
    , m_smoothingValue(new QDoubleSpinBox(this))
    , m_status(new QLabel(this))
    , m_chart(new MetricChart(this))
{
    m_metric->setEditable(true); // typing filters the (often long) key list
    m_metric->setInsertPolicy(QComboBox::NoInsert);
    m_metric->completer()->setFilterMode(Qt::MatchContains);
    m_metric->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_metric->setMinimumContentsLength(24);
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_metric->setToolTip(QStringLiteral("Metric to chart for the selected runs"));
    m_xAxis->addItem(QStringLiteral("Step"), static_cast<int>(XAxisMode::Step));
    m_xAxis->addItem(QStringLiteral("Wall time"), static_cast<int>(XAxisMode::WallTime));
    m_xAxis->addItem(QStringLiteral("Relative time"), static_cast<int>(XAxisMode::RelativeTime));
    m_smoothingMode->addItem(QStringLiteral("No smoothing"), static_cast<int>(SmoothingMode::None));
    m_smoothingMode->addItem(QStringLiteral("EMA (TensorBoard)"), static_cast<int>(SmoothingMode::EmaTensorBoard));
    m_smoothingMode->addItem(QStringLiteral("EMA (MLflow)"), static_cast<int>(SmoothingMode::EmaMlflow));
    m_smoothingMode->addItem(QStringLiteral("Running average"), static_cast<int>(SmoothingMode::RunningAverage));
    m_smoothingMode->addItem(QStringLiteral("Gaussian"), static_cast<int>(SmoothingMode::Gaussian));
    m_smoothingMode->setToolTip(
        QStringLiteral("Smoothing over point index, on the full data; the raw curve stays faint "
                       "behind the smoothed one"));
    m_smoothingValue->setKeyboardTracking(false); // smooth a million points once per edit, not per keystroke
    m_smoothingValue->setEnabled(false);
    m_status->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(new QLabel(QStringLiteral("Metric"), this));
    bar->addWidget(m_metric, 1);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(QStringLiteral("X"), this));
    bar->addWidget(m_xAxis);
    bar->addWidget(m_logY);
    bar->addSpacing(12);
    bar->addWidget(m_smoothingMode);
    bar->addWidget(m_smoothingValue);
    bar->addStretch();
    bar->addWidget(m_status);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);

    m_chart->setPlaceholder(QStringLiteral("Select runs in the table to chart their metrics"));
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this]() { Q_EMIT metricChanged(currentMetric()); });
    connect(m_xAxis, &QComboBox::currentIndexChanged, this,
        [this]() { m_chart->setXAxisMode(static_cast<XAxisMode>(m_xAxis->currentData().toInt())); });
    connect(m_logY, &QCheckBox::toggled, m_chart, &MetricChart::setLogY);
    connect(m_smoothingMode, &QComboBox::currentIndexChanged, this, &ChartPanel::onSmoothingModeChanged);
    connect(m_smoothingValue, &QDoubleSpinBox::valueChanged, this, [this]() { m_chart->setSmoothing(smoothing()); });
}

void ChartPanel::onSmoothingModeChanged()
{
    const auto mode = static_cast<SmoothingMode>(m_smoothingMode->currentData().toInt());
    // Each mode's parameter in the units its origin uses: TensorBoard's weight, MLflow's 0–100 slider, points.
    const QSignalBlocker block(m_smoothingValue);
    switch (mode) {
    case SmoothingMode::None:
        break;
    case SmoothingMode::EmaTensorBoard:
        m_smoothingValue->setRange(0, 0.999);
        m_smoothingValue->setDecimals(3);
        m_smoothingValue->setSingleStep(0.05);
        m_smoothingValue->setToolTip(QStringLiteral("Weight 0–0.999, as TensorBoard's slider"));
        break;
    case SmoothingMode::EmaMlflow:
        m_smoothingValue->setRange(0, 100);
        m_smoothingValue->setDecimals(0);
        m_smoothingValue->setSingleStep(5);
        m_smoothingValue->setToolTip(QStringLiteral("Line smoothness 0–100, as MLflow's slider"));
        break;
    case SmoothingMode::RunningAverage:
        m_smoothingValue->setRange(1, 100000);
        m_smoothingValue->setDecimals(0);
        m_smoothingValue->setSingleStep(5);
        m_smoothingValue->setToolTip(QStringLiteral("Window in points (trailing)"));
        break;
    case SmoothingMode::Gaussian:
        m_smoothingValue->setRange(0, 200);
        m_smoothingValue->setDecimals(1);
        m_smoothingValue->setSingleStep(0.5);
        m_smoothingValue->setToolTip(QStringLiteral("Sigma in points"));
        break;
    }
    m_smoothingValue->setEnabled(mode != SmoothingMode::None);
    if (mode != SmoothingMode::None)
        m_smoothingValue->setValue(SmoothingSettings::defaultParameter(mode));
    m_chart->setSmoothing(smoothing());
}

SmoothingSettings ChartPanel::smoothing() const
{
    const auto mode = static_cast<SmoothingMode>(m_smoothingMode->currentData().toInt());
    return { mode, mode == SmoothingMode::None ? 0.0 : m_smoothingValue->value() };
}

void ChartPanel::setSmoothing(const SmoothingSettings& smoothing)
{
    m_smoothingMode->setCurrentIndex(m_smoothingMode->findData(static_cast<int>(smoothing.mode)));
    if (smoothing.mode != SmoothingMode::None)
        m_smoothingValue->setValue(smoothing.parameter); // emits valueChanged, which applies it
}

QString ChartPanel::currentMetric() const
{
    return m_metric->currentIndex() >= 0 ? m_metric->itemText(m_metric->currentIndex()) : QString();
}

void ChartPanel::setCurrentMetric(const QString& key)
{
    const int i = m_metric->findText(key);
    if (i >= 0)
        m_metric->setCurrentIndex(i);
}

void ChartPanel::setMetricKeys(const QStringList& keys)
{
    const QString previous = currentMetric();
    QString pick = previous;
    if (!keys.contains(pick)) {
        pick.clear();
        for (const QString& k : keys) {
            if (k.contains(QStringLiteral("loss"), Qt::CaseInsensitive) && !k.startsWith(u"system/")) {
                pick = k;
                break;
            }
        }
        if (pick.isEmpty() && !keys.isEmpty())
            pick = keys.first();
    }
    {
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        m_metric->addItems(keys);
        m_metric->setCurrentIndex(static_cast<int>(keys.indexOf(pick)));
    }
    if (pick != previous)
        Q_EMIT metricChanged(pick);
}

void ChartPanel::setStatus(const QString& text) { m_status->setText(text); }
