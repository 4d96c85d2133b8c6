#include "chartcontrols.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

using namespace Qt::StringLiterals;

ChartControls::ChartControls(QWidget* parent)
    : QWidget(parent)
    , m_xAxis(new QComboBox(this))
    , m_logY(new QCheckBox(tr("Log y"), this))
    , m_smoothingMode(new QComboBox(this))
    , m_smoothingValue(new QDoubleSpinBox(this))
    , m_ignoreOutliers(new QCheckBox(tr("Ignore outliers"), this))
    , m_groupBy(new QComboBox(this))
    , m_band(new QComboBox(this))
{
    m_xAxis->addItem(tr("Step"), static_cast<int>(XAxisMode::Step));
    m_xAxis->addItem(tr("Wall time"), static_cast<int>(XAxisMode::WallTime));
    m_xAxis->addItem(tr("Relative time"), static_cast<int>(XAxisMode::RelativeTime));
    m_xAxis->setToolTip(tr("X axis of every chart: step, time, or another metric's value at the same step; system "
                           "metrics use wall time unless another time axis is chosen"));
    m_xAxis->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_xAxis->setMinimumContentsLength(9);
    m_smoothingMode->addItem(tr("No smoothing"), static_cast<int>(SmoothingMode::None));
    m_smoothingMode->addItem(tr("EMA (TensorBoard)"), static_cast<int>(SmoothingMode::EmaTensorBoard));
    m_smoothingMode->addItem(tr("EMA (MLflow)"), static_cast<int>(SmoothingMode::EmaMlflow));
    m_smoothingMode->addItem(tr("Running average"), static_cast<int>(SmoothingMode::RunningAverage));
    m_smoothingMode->addItem(tr("Gaussian"), static_cast<int>(SmoothingMode::Gaussian));
    m_smoothingMode->setToolTip(
        tr("Smoothing over point index, on the full data; the raw curve stays faint behind the smoothed one"));
    m_smoothingValue->setKeyboardTracking(false); // smooth a million points once per edit, not per keystroke
    m_smoothingValue->setEnabled(false);
    m_ignoreOutliers->setToolTip(tr("Scale y to the 5th–95th percentile of the data, as TensorBoard does"));
    m_groupBy->addItem(tr("No grouping"), QString());
    m_groupBy->setToolTip(tr("Draw runs with the same value of a param or tag as one line: their mean and a band"));
    m_groupBy->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_groupBy->setMinimumContentsLength(11);
    m_band->addItem(tr("± std"), static_cast<int>(GroupAggregate::Band::StdDev));
    m_band->addItem(tr("min – max"), static_cast<int>(GroupAggregate::Band::MinMax));
    m_band->setEnabled(false);

    // Two rows: in one, the bar alone needs ~800 px and squeezes the run table's neighbours when the window is
    // narrower than a wide screen. The axis settings come first; the owner may put its own widgets before them.
    m_firstRow = new QHBoxLayout;
    m_firstRow->addWidget(new QLabel(tr("X"), this));
    m_firstRow->addWidget(m_xAxis);
    m_firstRow->addWidget(m_logY);
    m_firstRow->addWidget(m_ignoreOutliers);
    m_secondRow = new QHBoxLayout;
    m_secondRow->addWidget(m_smoothingMode);
    m_secondRow->addWidget(m_smoothingValue);
    m_secondRow->addSpacing(8);
    m_secondRow->addWidget(m_groupBy);
    m_secondRow->addWidget(m_band);
    m_secondRow->addStretch();
    auto* rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    rows->addLayout(m_firstRow);
    rows->addLayout(m_secondRow);

    const auto changed = [this] { Q_EMIT settingsChanged(); };
    connect(m_xAxis, &QComboBox::currentIndexChanged, this, changed);
    connect(m_logY, &QCheckBox::toggled, this, changed);
    connect(m_ignoreOutliers, &QCheckBox::toggled, this, changed);
    connect(m_smoothingMode, &QComboBox::currentIndexChanged, this, &ChartControls::onSmoothingModeChanged);
    connect(m_smoothingValue, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_band->setEnabled(m_groupBy->currentIndex() > 0);
        changed();
    });
    connect(m_band, &QComboBox::currentIndexChanged, this, changed);
}

void ChartControls::onSmoothingModeChanged()
{
    const auto mode = static_cast<SmoothingMode>(m_smoothingMode->currentData().toInt());
    const QSignalBlocker block(m_smoothingValue);
    switch (mode) {
    case SmoothingMode::None:
        break;
    case SmoothingMode::EmaTensorBoard:
        m_smoothingValue->setRange(0, 0.999);
        m_smoothingValue->setDecimals(3);
        m_smoothingValue->setSingleStep(0.05);
        m_smoothingValue->setToolTip(tr("Weight 0–0.999, as TensorBoard's slider"));
        break;
    case SmoothingMode::EmaMlflow:
        m_smoothingValue->setRange(0, 100);
        m_smoothingValue->setDecimals(0);
        m_smoothingValue->setSingleStep(5);
        m_smoothingValue->setToolTip(tr("Line smoothness 0–100, as MLflow's slider"));
        break;
    case SmoothingMode::RunningAverage:
        m_smoothingValue->setRange(1, 100000);
        m_smoothingValue->setDecimals(0);
        m_smoothingValue->setSingleStep(5);
        m_smoothingValue->setToolTip(tr("Window in points (trailing)"));
        break;
    case SmoothingMode::Gaussian:
        m_smoothingValue->setRange(0, 200);
        m_smoothingValue->setDecimals(1);
        m_smoothingValue->setSingleStep(0.5);
        m_smoothingValue->setToolTip(tr("Sigma in points"));
        break;
    }
    m_smoothingValue->setEnabled(mode != SmoothingMode::None);
    if (mode != SmoothingMode::None)
        m_smoothingValue->setValue(SmoothingSettings::defaultParameter(mode));
    Q_EMIT settingsChanged();
}

ChartSettings ChartControls::settings() const
{
    ChartSettings s;
    const QVariant x = m_xAxis->currentData();
    if (x.typeId() == QMetaType::QString) { // a metric's key
        s.xMode = XAxisMode::Metric;
        s.xMetric = x.toString();
    } else {
        s.xMode = static_cast<XAxisMode>(x.toInt());
    }
    s.logY = m_logY->isChecked();
    const auto mode = static_cast<SmoothingMode>(m_smoothingMode->currentData().toInt());
    s.smoothing = { mode, mode == SmoothingMode::None ? 0.0 : m_smoothingValue->value() };
    s.ignoreOutliers = m_ignoreOutliers->isChecked();
    s.groupBy = m_groupBy->currentData().toString();
    s.band = static_cast<GroupAggregate::Band>(m_band->currentData().toInt());
    return s;
}

void ChartControls::setSettings(const ChartSettings& s)
{
    {
        const QSignalBlocker b1(m_xAxis), b2(m_logY), b3(m_ignoreOutliers), b4(m_groupBy), b5(m_band),
            b6(m_smoothingMode);
        const int x = s.xMode == XAxisMode::Metric ? m_xAxis->findData(s.xMetric) : m_xAxis->findData(static_cast<int>(s.xMode));
        m_xAxis->setCurrentIndex(std::max(0, x));
        m_logY->setChecked(s.logY);
        m_ignoreOutliers->setChecked(s.ignoreOutliers);
        const int group = m_groupBy->findData(s.groupBy);
        m_groupBy->setCurrentIndex(std::max(0, group));
        m_band->setEnabled(m_groupBy->currentIndex() > 0);
        m_band->setCurrentIndex(m_band->findData(static_cast<int>(s.band)));
        m_smoothingMode->setCurrentIndex(m_smoothingMode->findData(static_cast<int>(s.smoothing.mode)));
    }
    onSmoothingModeChanged(); // sets the parameter's range and emits settingsChanged
    if (s.smoothing.mode != SmoothingMode::None)
        m_smoothingValue->setValue(s.smoothing.parameter);
}

void ChartControls::setGroupKeys(const QStringList& keys)
{
    const QString current = m_groupBy->currentData().toString();
    {
        const QSignalBlocker block(m_groupBy);
        while (m_groupBy->count() > 1)
            m_groupBy->removeItem(1);
        for (const QString& key : keys)
            m_groupBy->addItem(tr("Group by %1").arg(key), key);
        m_groupBy->setCurrentIndex(std::max(0, m_groupBy->findData(current)));
        m_band->setEnabled(m_groupBy->currentIndex() > 0);
    }
    if (m_groupBy->currentData().toString() != current)
        Q_EMIT settingsChanged();
}

void ChartControls::setXMetricKeys(const QStringList& keys)
{
    const QVariant current = m_xAxis->currentData();
    {
        const QSignalBlocker block(m_xAxis);
        while (m_xAxis->count() > 3)
            m_xAxis->removeItem(3);
        if (!keys.isEmpty())
            m_xAxis->insertSeparator(3);
        for (const QString& key : keys)
            m_xAxis->addItem(key, key); // string data: a metric (the time modes carry ints)
        m_xAxis->setCurrentIndex(std::max(0, m_xAxis->findData(current)));
    }
    if (m_xAxis->currentData() != current)
        Q_EMIT settingsChanged();
}

void ChartControls::addLeading(QWidget* widget, int stretch)
{
    m_firstRow->insertWidget(0, widget, stretch);
    m_firstRow->insertSpacing(1, 8);
}

void ChartControls::addTrailing(QWidget* widget) { m_secondRow->addWidget(widget); }
