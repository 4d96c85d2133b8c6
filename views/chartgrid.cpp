#include "chartgrid.h"

#include "chartcontrols.h"
#include "metrickeyinfo.h"
#include "spantimelineview.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr int tileHeight = 290;
constexpr int tileMinWidth = 430;
constexpr int maxColumns = 4;

// The model's own metrics first, then the named sections alphabetically, system metrics last.
int sectionRank(const QString& section)
{
    if (section == MetricKeyInfo::section(u"loss"_s))
        return 0;
    return section == MetricKeyInfo::section(u"system/x"_s) ? 2 : 1;
}

} // namespace

ChartGrid::ChartGrid(QWidget* parent)
    : QWidget(parent)
    , m_controls(new ChartControls(this))
    , m_search(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_placeholder(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_contents(new QWidget)
    , m_visibilityTimer(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Search metrics"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Show only the charts whose metric name contains this text"));
    m_search->setMinimumWidth(200);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setText(tr("Select runs in the table to chart their metrics"));

    auto* contentsLayout = new QVBoxLayout(m_contents);
    contentsLayout->setContentsMargins(4, 4, 4, 4);
    contentsLayout->setSpacing(2);
    contentsLayout->addStretch();
    m_scroll->setWidget(m_contents);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->viewport()->installEventFilter(this);
    m_contents->installEventFilter(this);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, &ChartGrid::scheduleVisibilityCheck);

    m_visibilityTimer->setSingleShot(true);
    m_visibilityTimer->setInterval(0);
    connect(m_visibilityTimer, &QTimer::timeout, this, &ChartGrid::checkVisibility);

    // The search shares the settings' first row and the loading status their second, so the bar costs two rows.
    m_controls->addLeading(m_search, 1);
    m_controls->addTrailing(m_status);
    auto* settingsBar = new QHBoxLayout;
    settingsBar->setContentsMargins(6, 4, 6, 0);
    settingsBar->addWidget(m_controls, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(settingsBar);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_placeholder, 1);
    m_scroll->hide();

    connect(m_search, &QLineEdit::textChanged, this, [this] {
        relayout();
        scheduleVisibilityCheck();
    });
    connect(m_controls, &ChartControls::settingsChanged, this, [this] {
        const ChartSettings next = m_controls->settings();
        if (next == m_settings)
            return;
        if (next.xMode != m_settings.xMode || next.xMetric != m_settings.xMetric)
            m_linkedRange.clear(); // a zoom in steps means nothing in time
        m_settings = next;
        for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
            if (it->chart)
                applySettings(it.key(), it->chart);
        }
        Q_EMIT settingsChanged();
    });
}

ChartGrid::~ChartGrid() = default;

ChartSettings ChartGrid::settings() const { return m_settings; }

XAxisMode ChartGrid::xModeFor(const QString& key) const
{
    // System metrics are timelines: on steps (a sampling counter) they would not line up with anything.
    if (MetricKeyInfo::isSystem(key) && (m_settings.xMode == XAxisMode::Step || m_settings.xMode == XAxisMode::Metric))
        return XAxisMode::WallTime;
    return m_settings.xMode;
}

void ChartGrid::setMetricKeys(const QStringList& keys)
{
    if (keys == m_keys)
        return;
    m_keys = keys;
    // Charts of keys that stay keep their zoom and data; the others go.
    for (auto it = m_tiles.begin(); it != m_tiles.end();) {
        if (!keys.contains(it.key())) {
            delete it->frame;
            m_pendingSeries.remove(it.key());
            it = m_tiles.erase(it);
        } else {
            ++it;
        }
    }
    if (!m_keys.contains(m_currentKey))
        m_currentKey.clear();
    rebuildSections();
    const bool timeline = m_timeline && m_timelineHeader->isVisible();
    m_placeholder->setVisible(m_keys.isEmpty() && !timeline);
    m_scroll->setVisible(!m_keys.isEmpty() || timeline);
    scheduleVisibilityCheck();
}

void ChartGrid::rebuildSections()
{
    for (const Section& section : std::as_const(m_sections)) {
        for (const QString& key : section.keys) {
            if (auto it = m_tiles.find(key); it != m_tiles.end())
                it->frame->setParent(m_contents); // survives the section it was in
        }
        delete section.header;
        delete section.body;
    }
    m_sections.clear();

    QMap<QString, QStringList> bySection;
    for (const QString& key : std::as_const(m_keys))
        bySection[MetricKeyInfo::section(key)].append(key);
    QStringList names = bySection.keys();
    std::stable_sort(names.begin(), names.end(),
        [](const QString& a, const QString& b) { return sectionRank(a) < sectionRank(b); });

    auto* layout = static_cast<QVBoxLayout*>(m_contents->layout());
    int at = 0;
    for (const QString& name : std::as_const(names)) {
        Section section;
        section.name = name;
        section.keys = bySection.value(name);
        section.keys.sort(Qt::CaseInsensitive);
        section.header = new QToolButton(m_contents);
        section.header->setCheckable(true);
        section.header->setChecked(true);
        section.header->setArrowType(Qt::DownArrow);
        section.header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        section.header->setAutoRaise(true);
        QFont bold = section.header->font();
        bold.setBold(true);
        section.header->setFont(bold);
        section.body = new QWidget(m_contents);
        section.grid = new QGridLayout(section.body);
        section.grid->setContentsMargins(0, 0, 0, 6);
        section.grid->setSpacing(6);
        QWidget* body = section.body;
        QToolButton* header = section.header;
        connect(section.header, &QToolButton::toggled, this, [this, body, header](bool open) {
            header->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
            body->setVisible(open);
            scheduleVisibilityCheck();
        });
        layout->insertWidget(at++, section.header);
        layout->insertWidget(at++, section.body);
        for (const QString& key : std::as_const(section.keys)) {
            if (!m_tiles.contains(key)) {
                auto* frame = new QWidget(section.body);
                frame->setMinimumSize(tileMinWidth * 3 / 4, tileHeight);
                frame->setMaximumHeight(tileHeight);
                auto* frameLayout = new QVBoxLayout(frame);
                frameLayout->setContentsMargins(0, 0, 0, 0);
                m_tiles.insert(key, Tile { frame, nullptr });
            }
        }
        m_sections.append(section);
    }
    m_columns = 0; // force relayout
    relayout();
}

int ChartGrid::columnCount() const
{
    const int width = m_scroll->viewport()->width();
    return std::clamp(width / tileMinWidth, 1, maxColumns);
}

QStringList ChartGrid::shownKeys() const
{
    QStringList shown;
    const QString filter = m_search->text().trimmed();
    for (const Section& section : m_sections) {
        for (const QString& key : section.keys) {
            if (filter.isEmpty() || key.contains(filter, Qt::CaseInsensitive))
                shown.append(key);
        }
    }
    return shown;
}

void ChartGrid::relayout()
{
    m_columns = columnCount();
    const QString filter = m_search->text().trimmed();
    for (Section& section : m_sections) {
        while (section.grid->count() > 0)
            delete section.grid->takeAt(0); // the layout item, not the widget
        int shown = 0;
        for (const QString& key : std::as_const(section.keys)) {
            const Tile tile = m_tiles.value(key);
            const bool match = filter.isEmpty() || key.contains(filter, Qt::CaseInsensitive);
            if (tile.frame->parentWidget() != section.body)
                tile.frame->setParent(section.body);
            tile.frame->setVisible(match);
            if (!match)
                continue;
            section.grid->addWidget(tile.frame, shown / m_columns, shown % m_columns);
            ++shown;
        }
        for (int c = 0; c < maxColumns; ++c) // an empty column with a stretch would still take its share
            section.grid->setColumnStretch(c, c < m_columns ? 1 : 0);
        section.header->setText(tr("%1 (%2)").arg(section.name).arg(shown));
        section.header->setVisible(shown > 0);
        section.body->setVisible(shown > 0 && section.header->isChecked());
    }
}

void ChartGrid::scheduleVisibilityCheck() { m_visibilityTimer->start(); }

QStringList ChartGrid::visibleKeys() const { return m_visible; }

bool ChartGrid::isSettling() const { return m_visibilityTimer->isActive(); }

void ChartGrid::checkVisibility()
{
    if (!isVisible())
        return; // geometry means nothing yet; the Show event checks again
    const QSize viewport = m_scroll->viewport()->size();
    const int scrolled = m_scroll->verticalScrollBar()->value();
    // Half a screen ahead and behind, so scrolling finds charts drawn and data loaded.
    const QRect window(0, scrolled - viewport.height() / 2, viewport.width(), viewport.height() * 2);
    QStringList visible;
    for (const QString& key : shownKeys()) {
        Tile& tile = m_tiles[key];
        if (!tile.frame->isVisibleTo(m_contents))
            continue;
        const QRect where(tile.frame->mapTo(m_contents, QPoint(0, 0)), tile.frame->size());
        if (!where.intersects(window))
            continue;
        visible.append(key);
        if (!tile.chart) {
            tile.chart = makeChart(key, tile.frame);
            if (auto pending = m_pendingSeries.find(key); pending != m_pendingSeries.end()) {
                const QVector<ChartSeries> series = *pending;
                m_pendingSeries.erase(pending);
                setSeries(key, series);
            }
        }
    }
    if (visible != m_visible) {
        m_visible = visible;
        Q_EMIT visibleKeysChanged();
    }
}

MetricChart* ChartGrid::makeChart(const QString& key, QWidget* frame)
{
    auto* chart = new MetricChart(frame);
    frame->layout()->addWidget(chart);
    chart->setPlaceholder(tr("%1\nloading…").arg(key));
    chart->setWheelZoomModifier(Qt::ControlModifier); // the plain wheel scrolls the grid
    chart->setMaxLegendEntries(4);
    applySettings(key, chart);
    connect(chart, &MetricChart::visibleXRangeChanged, this,
        [this, chart](double from, double to) { onChartRange(chart, from, to); });
    connect(chart, &MetricChart::hoverXChanged, this, [this, chart](double x) { onChartHover(chart, x); });
    if (m_currentKey.isEmpty()) {
        m_currentKey = key;
        Q_EMIT currentChartChanged(key);
    }
    return chart;
}

void ChartGrid::applySettings(const QString& key, MetricChart* chart)
{
    chart->setTitle(key);
    chart->setYAxisTitle(MetricKeyInfo::isSystem(key) ? MetricKeyInfo::axisTitle(key) : QString());
    chart->setXAxisMode(xModeFor(key), m_settings.xMetric);
    chart->setLogY(m_settings.logY);
    chart->setSmoothing(m_settings.smoothing);
    chart->setIgnoreOutliers(m_settings.ignoreOutliers);
}

void ChartGrid::setSeries(const QString& key, const QVector<ChartSeries>& series)
{
    MetricChart* chart = chartFor(key);
    if (!chart) {
        m_pendingSeries.insert(key, series);
        return;
    }
    chart->setSeries(series);
    updateWallTimeFrame();
    const auto linked = m_linkedRange.constFind(static_cast<int>(chart->xAxisMode()));
    if (linked != m_linkedRange.cend() && !chart->isZoomed()) {
        m_syncing = true;
        chart->setVisibleXRange(linked->first, linked->second);
        m_syncing = false;
    }
}

void ChartGrid::updateWallTimeFrame()
{
    double from = std::numeric_limits<double>::infinity(), to = -from;
    const auto widen = [&](double f, double t) {
        from = std::min(from, f);
        to = std::max(to, t);
    };
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        double f = 0, t = 0;
        if (it->chart && it->chart->xAxisMode() == XAxisMode::WallTime && it->chart->dataXRange(&f, &t))
            widen(f, t);
    }
    if (m_timeline && !m_timeline->lanes().isEmpty() && std::isfinite(m_timeline->dataFrom()))
        widen(m_timeline->dataFrom(), m_timeline->dataTo());
    if (!(from <= to))
        from = to = std::numeric_limits<double>::quiet_NaN();
    m_syncing = true;
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        if (it->chart)
            it->chart->setWallTimeFrame(from, to);
    }
    if (m_timeline)
        m_timeline->setFrame(from, to);
    m_syncing = false;
}

MetricChart* ChartGrid::chartFor(const QString& key) const { return m_tiles.value(key).chart; }

MetricChart* ChartGrid::currentChart() const
{
    const QStringList shown = shownKeys();
    if (MetricChart* chart = chartFor(m_currentKey); chart && shown.contains(m_currentKey))
        return chart;
    for (const QString& key : shown) {
        if (MetricChart* chart = chartFor(key))
            return chart;
    }
    return nullptr;
}

void ChartGrid::setCurrentKey(const QString& key)
{
    const auto it = m_tiles.constFind(key);
    if (it == m_tiles.cend())
        return;
    if (key != m_currentKey) {
        m_currentKey = key;
        Q_EMIT currentChartChanged(key);
    }
    m_scroll->ensureWidgetVisible(it->frame, 0, 0);
    scheduleVisibilityCheck();
}

void ChartGrid::onChartRange(MetricChart* source, double from, double to)
{
    if (m_syncing)
        return;
    const XAxisMode mode = source->xAxisMode();
    const bool reset = !source->isZoomed();
    if (reset)
        m_linkedRange.remove(static_cast<int>(mode));
    else
        m_linkedRange.insert(static_cast<int>(mode), { from, to });
    m_syncing = true;
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        MetricChart* chart = it->chart;
        if (!chart || chart == source || chart->xAxisMode() != mode)
            continue;
        if (reset)
            chart->resetZoom();
        else
            chart->setVisibleXRange(from, to);
    }
    if (m_timeline && mode == XAxisMode::WallTime) {
        if (reset)
            m_timeline->resetZoom();
        else
            m_timeline->setTimeRange(from, to);
    }
    m_syncing = false;
}

void ChartGrid::onTimelineRange(double from, double to)
{
    if (m_syncing)
        return;
    const bool reset = !m_timeline->isZoomed();
    if (reset)
        m_linkedRange.remove(static_cast<int>(XAxisMode::WallTime));
    else
        m_linkedRange.insert(static_cast<int>(XAxisMode::WallTime), { from, to });
    m_syncing = true;
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        if (it->chart && it->chart->xAxisMode() == XAxisMode::WallTime) {
            if (reset)
                it->chart->resetZoom();
            else
                it->chart->setVisibleXRange(from, to);
        }
    }
    m_syncing = false;
}

void ChartGrid::setSpanLanes(const QVector<SpanLane>& lanes)
{
    const bool any = std::any_of(lanes.begin(), lanes.end(), [](const SpanLane& l) { return !l.spans.isEmpty(); });
    if (!m_timeline) {
        if (!any)
            return;
        m_timelineHeader = new QToolButton(m_contents);
        m_timelineHeader->setCheckable(true);
        m_timelineHeader->setChecked(true);
        m_timelineHeader->setArrowType(Qt::DownArrow);
        m_timelineHeader->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_timelineHeader->setAutoRaise(true);
        QFont bold = m_timelineHeader->font();
        bold.setBold(true);
        m_timelineHeader->setFont(bold);
        m_timeline = new SpanTimelineView(m_contents);
        // Its lanes' height, not less: with more charts than fit, the scroll area would squeeze it to its minimum.
        m_timeline->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
        auto* layout = static_cast<QVBoxLayout*>(m_contents->layout());
        layout->insertWidget(0, m_timelineHeader);
        layout->insertWidget(1, m_timeline);
        connect(m_timelineHeader, &QToolButton::toggled, this, [this](bool open) {
            m_timelineHeader->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
            m_timeline->setVisible(open);
            scheduleVisibilityCheck();
        });
        connect(m_timeline, &SpanTimelineView::timeRangeChanged, this, &ChartGrid::onTimelineRange);
        connect(m_timeline, &SpanTimelineView::hoverTimeChanged, this, [this](double ms) {
            for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
                if (it->chart && it->chart->xAxisMode() == XAxisMode::WallTime)
                    it->chart->setCrosshairX(ms);
            }
        });
    }
    m_timeline->setLanes(lanes);
    updateWallTimeFrame();
    m_timelineHeader->setText(tr("Timeline (%1)").arg(lanes.size()));
    m_timelineHeader->setVisible(any);
    m_timeline->setVisible(any && m_timelineHeader->isChecked());
    if (const auto linked = m_linkedRange.constFind(static_cast<int>(XAxisMode::WallTime)); linked != m_linkedRange.cend())
        m_timeline->setTimeRange(linked->first, linked->second);
    if (m_keys.isEmpty()) {
        m_placeholder->setVisible(!any);
        m_scroll->setVisible(any);
    }
}

void ChartGrid::onChartHover(MetricChart* source, double x)
{
    if (std::isfinite(x)) {
        for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
            if (it->chart == source && it.key() != m_currentKey) {
                m_currentKey = it.key();
                Q_EMIT currentChartChanged(m_currentKey);
                break;
            }
        }
    }
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        if (it->chart && it->chart != source && it->chart->xAxisMode() == source->xAxisMode())
            it->chart->setCrosshairX(x);
    }
    if (m_timeline && source->xAxisMode() == XAxisMode::WallTime)
        m_timeline->setHoverTime(x);
}

void ChartGrid::setFilterText(const QString& text) { m_search->setText(text); }

void ChartGrid::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void ChartGrid::setStatus(const QString& text) { m_status->setText(text); }

void ChartGrid::setPlaceholder(const QString& text) { m_placeholder->setText(text); }

QWidget* ChartGrid::gridContents() const { return m_contents; }

void ChartGrid::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    scheduleVisibilityCheck();
}

bool ChartGrid::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize && columnCount() != m_columns)
        relayout();
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show || event->type() == QEvent::LayoutRequest)
        scheduleVisibilityCheck();
    return QWidget::eventFilter(watched, event);
}
