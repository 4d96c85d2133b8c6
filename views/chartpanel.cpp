#include "chartpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

ChartPanel::ChartPanel(QWidget* parent)
    : QWidget(parent)
    , m_metric(new QComboBox(this))
    , m_xAxis(new QComboBox(this))
    , m_logY(new QCheckBox(QStringLiteral("Log y"), this))
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
    m_status->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(new QLabel(QStringLiteral("Metric"), this));
    bar->addWidget(m_metric, 1);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(QStringLiteral("X"), this));
    bar->addWidget(m_xAxis);
    bar->addWidget(m_logY);
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

void ChartPanel::setStatus(const QString& text)
{
    m_status->setText(text);
}
