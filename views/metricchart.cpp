#include "metricchart.h"

#include "chartcurvestyle.h"
#include "chartkeyinput.h"
#include "chartpointerinput.h"
#include "chartreadout.h"
#include "chartreduction.h"
#include "chartxrange.h"
#include "chartyrange.h"
#include "decimation.h"
#include "tracelayer.h"
#include "twothreads.h"

#include <QChart>
#include <QChartView>
#include <QCategoryAxis>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPainter>
#include <QStackedLayout>
#include <QToolButton>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// Tableau 10: distinguishable, also for the common forms of colour blindness, and calm on white.
const QColor seriesPalette[] = { QColor(0x4e79a7), QColor(0xf28e2b), QColor(0xe15759), QColor(0x76b7b2),
    QColor(0x59a14f), QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7), QColor(0x9c755f), QColor(0xbab0ac) };


// The range the axis shows, which the trace layer maps onto the plot as Qt Charts maps its axes.
std::pair<double, double> axisRange(QAbstractAxis* axis)
{
    if (auto* value = qobject_cast<QValueAxis*>(axis))
        return { value->min(), value->max() };
    if (auto* log = qobject_cast<QLogValueAxis*>(axis))
        return { log->min(), log->max() };
    return { 0, 1 };
}

} // namespace

MetricChart::MetricChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart))
    , m_stack(new QStackedLayout(this))
    , m_placeholder(new QLabel(tr("Select runs and a metric")))
    , m_pointsLabel(new QLabel(m_view))
    , m_resetButton(new QToolButton(m_view))
    , m_traces(new TraceLayer(m_chart))
    , m_crosshair(m_chart)
    , m_bands(m_chart)
    , m_plotArea(m_chart)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0); // no grey frame around the white chart
    // The view paints the chart's white (the light theme's background gradient runs from white to white), which also
    // fills what SteadyPlotArea holds back around the chart's layout. The chart's own background item is hidden: Qt
    // paints it as an outlined gradient shape, about 1.5 ms of every repaint at 1200x700, where the view fills the
    // same white as a plain rectangle.
    m_view->setBackgroundBrush(Qt::white);
    m_chart->setBackgroundVisible(false);
    // Steps read better as 250,000 than as 250000; in the user's own notation.
    QLocale numbers;
    numbers.setNumberOptions(QLocale::DefaultNumberOptions);
    m_chart->setLocale(numbers);
    m_chart->setLocalizeNumbers(true);
    m_chart->setMargins(QMargins(4, 22, 12, 2)); // the top strip holds the point count and "Reset zoom"
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    QFont titleFont = m_chart->titleFont();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);

    // Above the grid and the (empty) series items, below the crosshair.
    m_traces->setZValue(50);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->viewport()->setMouseTracking(true);
    m_pointer = new ChartPointerInput(this, m_view);
    m_keys = new ChartKeyInput(this, m_view);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_pointsLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_pointsLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_pointsLabel->setFont(small);
    m_resetButton->setText(tr("Reset zoom"));
    m_resetButton->setAutoRaise(true);
    m_resetButton->setFont(small);
    m_resetButton->hide();
    connect(m_resetButton, &QToolButton::clicked, this, &MetricChart::resetZoom);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);
    connect(m_chart, &QGraphicsWidget::geometryChanged, this, [this] { m_plotArea.chartResized(); });
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        if (!m_redrawing) // during a redraw, an axis taking its range: redraw() itself reduces for the new plot
            redraw();
    });
    rebuildChart();
}

MetricChart::~MetricChart()
{
    // The chart and the view outlive this object's members and its MetricChart part: they are deleted with the
    // widget's children, after hide events that the pointer input would handle by calling into this object.
    m_chart->disconnect(this);
    delete m_pointer;
    delete m_keys;
}

void MetricChart::setSeries(const QVector<ChartSeries>& series)
{
    m_input = series;
    m_outlierRange.reset();
    prepareTracks();
    rebuildKeepingZoom();
}

void MetricChart::rebuildKeepingZoom()
{
    // A live source publishes longer snapshots of the same runs: a zoom the user chose survives them.
    const bool keepZoom = m_zoomed;
    const double from = m_from, to = m_to;
    rebuildChart();
    if (keepZoom)
        setVisibleXRange(from, to);
}

void MetricChart::setXAxisMode(XAxisMode mode, const QString& xMetric)
{
    const QString metric = mode == XAxisMode::Metric ? xMetric : QString();
    if (mode == m_mode && metric == m_xMetric)
        return;
    m_mode = mode;
    m_xMetric = metric;
    prepareTracks();
    rebuildChart();
}

void MetricChart::setLogY(bool logY)
{
    if (logY == m_logYRequested)
        return;
    m_logYRequested = logY;
    rebuildKeepingZoom();
}

void MetricChart::setTitle(const QString& title)
{
    m_title = title;
    updateTitle();
}

void MetricChart::updateTitle()
{
    // The smoothing is part of what the picture says, so it is in the title, which exports keep.
    const bool smoothed = m_smoothing.isActive() && !m_title.isEmpty();
    m_chart->setTitle(smoothed ? tr("%1 — smoothed: %2").arg(m_title, m_smoothing.label()) : m_title);
}

void MetricChart::setSmoothing(const SmoothingSettings& smoothing)
{
    if (smoothing == m_smoothing)
        return;
    m_smoothing = smoothing;
    smoothTracks();
    updateTitle();
    rebuildKeepingZoom();
}

void MetricChart::smoothTracks()
{
    forEachOnTwoThreads(m_tracks.size(), [this](std::size_t t) { m_tracks[t].smooth(m_smoothing); });
    forgetReducedColumns();
}

void MetricChart::forgetReducedColumns()
{
    // New values may lie where the old ones were: a column kept for the same span would no longer be theirs.
    for (TraceCurve& curve : m_traces->curves())
        curve.data.forgetColumns();
}

void MetricChart::setPlaceholder(const QString& text) { m_placeholder->setText(text); }

bool MetricChart::isShowingPlaceholder() const { return m_stack->currentWidget() == m_placeholder; }

int MetricChart::plotPixelWidth() const
{
    const double width = m_chart->plotArea().width();
    if (width >= 1)
        return static_cast<int>(
            std::ceil(width * (m_renderPixelRatio > 0 ? m_renderPixelRatio : m_view->devicePixelRatioF())));
    // Not laid out yet: a guess; plotAreaChanged redraws with the real width.
    return std::max(200, m_view->width() - 80);
}

QString MetricChart::relativeUnitName() const
{
    return m_relativeUnitMs == 1000 ? tr("s") : m_relativeUnitMs == 60'000 ? tr("min") : tr("h");
}

void MetricChart::prepareTracks()
{
    m_relativeUnitMs = m_mode == XAxisMode::RelativeTime ? ChartTrack::relativeUnitFor(m_input) : 1000.0;
    m_tracks = ChartTrack::fromSeries(m_input, m_mode, m_relativeUnitMs, seriesPalette);
    m_rawPoints = 0;
    for (const ChartTrack& track : m_tracks)
        m_rawPoints += static_cast<qint64>(track.xs.size());
    // The O(n) work per series that zooming needs, done once per data change; series are independent, so two
    // at a time.
    forEachOnTwoThreads(m_tracks.size(), [this](std::size_t t) {
        m_tracks[t].index();
        m_tracks[t].smooth(m_smoothing);
    });
    forgetReducedColumns();
}

void MetricChart::rebuildChart()
{
    // Attaching series and axes makes the axes announce ranges of their own; none of them is the user's zoom.
    m_applyingRange = true;
    m_plotArea.reset();
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }

    bool anyData = false, allPositive = true;
    m_fullFrom = std::numeric_limits<double>::infinity();
    m_fullTo = -m_fullFrom;
    QString key;
    bool oneKey = true;
    for (const ChartTrack& track : m_tracks) {
        if (!track.xs.empty()) {
            anyData = true;
            m_fullFrom = std::min(m_fullFrom, track.xs.front());
            m_fullTo = std::max(m_fullTo, track.xs.back());
        }
        allPositive = allPositive && track.positive;
        const QString k = track.spec.data ? track.spec.data->key : QString();
        oneKey = oneKey && (key.isEmpty() || k.isEmpty() || k == key);
        key = key.isEmpty() ? k : key;
    }
    m_dataFrom = anyData ? m_fullFrom : 0;
    m_dataTo = anyData ? m_fullTo : -1;
    if (anyData && m_mode == XAxisMode::WallTime && m_frameFrom <= m_frameTo) {
        m_fullFrom = std::min(m_fullFrom, m_frameFrom);
        m_fullTo = std::max(m_fullTo, m_frameTo);
    }
    if (!anyData) {
        m_fullFrom = 0;
        m_fullTo = 1;
    } else if (m_fullTo <= m_fullFrom) {
        const double pad = m_mode == XAxisMode::WallTime ? 1000 : 1;
        m_fullFrom -= pad;
        m_fullTo += pad;
    }

    m_xAxis = ChartAxes::createX(m_mode, m_mode == XAxisMode::Metric ? m_xMetric : relativeUnitName());
    if (auto* value = qobject_cast<QValueAxis*>(m_xAxis)) // wall time's QCategoryAxis too
        connect(value, &QValueAxis::rangeChanged, this, &MetricChart::onAxisXRangeChanged);
    const QString yTitle = !m_yTitle.isEmpty() ? m_yTitle : oneKey && !key.isEmpty() ? key : tr("value");
    m_logYApplied = m_logYRequested && allPositive;
    m_yAxis = ChartAxes::createY(m_logYApplied, m_logYRequested, yTitle);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);

    std::vector<QColor> colors;
    for (const ChartTrack& track : m_tracks)
        colors.push_back(track.color);
    m_bands.prepare(m_input, colors, m_mode, m_relativeUnitMs, m_xAxis, m_yAxis); // series items: behind the traces

    // The traces: first every faint raw curve, then every line, so no raw curve covers another run's line.
    ChartCurveStyle::apply(m_traces->curves(), m_tracks, m_renderPixelRatio);
    for (ChartTrack& track : m_tracks) {
        // The legend entry: a series without points, in the line's colour.
        track.legend = new QLineSeries;
        QPen pen(track.color, ChartCurveStyle::penWidth(false, 0));
        pen.setCosmetic(true);
        track.legend->setPen(pen);
        track.legend->setName(track.spec.label);
        m_chart->addSeries(track.legend);
        track.legend->attachAxis(m_xAxis);
        track.legend->attachAxis(m_yAxis);
    }
    m_traces->setVisible(anyData);
    m_chart->legend()->setVisible(
        !m_tracks.empty() && (m_maxLegendEntries <= 0 || static_cast<int>(m_tracks.size()) <= m_maxLegendEntries));
    m_stack->setCurrentWidget(anyData ? static_cast<QWidget*>(m_view) : m_placeholder);

    m_zoomed = false;
    m_resetButton->hide();
    applyXRange(m_fullFrom, m_fullTo);
    m_applyingRange = false;
    redraw();
}

std::pair<double, double> MetricChart::xAxisAligned(double from, double to) const
{
    if (m_mode == XAxisMode::WallTime) // whole milliseconds, as timestamps are
        return { std::floor(from), std::ceil(to) };
    return { from, to };
}

void MetricChart::applyXRange(double from, double to)
{
    const bool wasApplying = std::exchange(m_applyingRange, true);
    std::tie(from, to) = xAxisAligned(from, to);
    if (auto* time = qobject_cast<QCategoryAxis*>(m_xAxis)) {
        time->setRange(from, to); // its ticks are its categories (ChartAxes::configureXTicks, below)
    } else if (auto* value = qobject_cast<QValueAxis*>(m_xAxis)) {
        // The coarser of the old and the new tick interval while the range changes: a wide range with a deep
        // zoom's interval would make Qt Charts create (and lay out) thousands of grid lines and labels for a
        // moment, seconds of a frame. So whichever change makes the ticks coarser comes first.
        const double fresh = ChartAxes::xTickInterval(m_mode, from, to, plotPixelWidth());
        if (fresh >= value->tickInterval()) {
            value->setTickInterval(fresh);
            value->setRange(from, to);
        } else {
            value->setRange(from, to);
            value->setTickInterval(fresh);
        }
    }
    m_applyingRange = wasApplying;
    m_from = from;
    m_to = to;
    ChartAxes::configureXTicks(m_xAxis, m_mode, m_from, m_to, plotPixelWidth());
}

void MetricChart::setVisibleXRange(double from, double to)
{
    if (!(to > from))
        return;
    std::tie(from, to) = ChartXRange::clamped(from, to, m_fullFrom, m_fullTo, m_mode);
    // The reduction for the new range starts at once on a second thread; Qt's axis takes this one meanwhile.
    std::tie(m_from, m_to) = xAxisAligned(from, to);
    m_zoomed = m_from > m_fullFrom || m_to < m_fullTo;
    m_resetButton->setVisible(m_zoomed);
    redraw([this] { applyXRange(m_from, m_to); });
    Q_EMIT visibleXRangeChanged(m_from, m_to);
}

void MetricChart::resetZoom() { setVisibleXRange(m_fullFrom, m_fullTo); }

bool MetricChart::dataXRange(double* from, double* to) const
{
    if (m_dataTo < m_dataFrom)
        return false;
    *from = m_dataFrom;
    *to = m_dataTo;
    return true;
}

void MetricChart::setWallTimeFrame(double from, double to)
{
    if ((from == m_frameFrom && to == m_frameTo) || (std::isnan(from) && std::isnan(m_frameFrom)))
        return;
    m_frameFrom = from;
    m_frameTo = to;
    if (m_mode != XAxisMode::WallTime || m_dataTo < m_dataFrom)
        return;
    m_fullFrom = m_dataFrom;
    m_fullTo = m_dataTo;
    if (m_frameFrom <= m_frameTo) {
        m_fullFrom = std::min(m_fullFrom, m_frameFrom);
        m_fullTo = std::max(m_fullTo, m_frameTo);
    }
    if (m_fullTo <= m_fullFrom) {
        m_fullFrom -= 1000;
        m_fullTo += 1000;
    }
    if (!m_zoomed)
        setVisibleXRange(m_fullFrom, m_fullTo);
}

void MetricChart::onAxisXRangeChanged()
{
    if (m_applyingRange || m_userRangePending)
        return;
    // QChart::zoomIn (the rubber band) moved the axis. Clamping it means setting the axis again, which must not
    // happen inside the chart's own domain update, so it is done afterwards, from the range the axis then has.
    m_userRangePending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_userRangePending = false;
            double from = m_from, to = m_to;
            if (auto* value = qobject_cast<QValueAxis*>(m_xAxis)) {
                from = value->min();
                to = value->max();
            }
            if (from != m_from || to != m_to)
                setVisibleXRange(from, to);
        },
        Qt::QueuedConnection);
}

void MetricChart::setWheelZoomModifier(Qt::KeyboardModifier modifier) { m_pointer->setWheelModifier(modifier); }

void MetricChart::redraw(const std::function<void()>& alongside)
{
    if (m_redrawing || m_tracks.empty() || !m_xAxis) {
        if (alongside)
            alongside();
        return;
    }
    m_redrawing = true;

    // The y range comes from the pyramids, before anything is reduced: both axes then take their new ranges, and
    // Qt lays out their labels, while a second thread already reduces for the plot as it was. Only when the labels
    // moved the plot is the frame reduced again, for where the plot now is, before anything is painted.
    auto [low, high] = ChartYRange::ofTracks(m_tracks, m_from, m_to, m_logYApplied);
    m_bands.include(m_from, m_to, low, high);
    if (m_ignoreOutliers) {
        if (!m_outlierRange)
            m_outlierRange = ChartYRange::outlierRange(m_tracks);
        std::tie(low, high) = ChartYRange::withoutOutliers({ low, high }, *m_outlierRange);
    }
    const bool logAxis = qobject_cast<QLogValueAxis*>(m_yAxis) != nullptr;
    const auto [yMin, yMax] = ChartAxes::yRangeFor(logAxis, low, high);
    const auto axes = [&] {
        if (alongside)
            alongside();
        else
            ChartAxes::configureXTicks(m_xAxis, m_mode, m_from, m_to, plotPixelWidth());
        if (auto* value = qobject_cast<QValueAxis*>(m_yAxis)) // as for x (applyXRange): no transient tick storm
            value->setTickInterval(std::max(value->tickInterval(), high - low));
        ChartAxes::setYRange(m_yAxis, low, high, m_chart->plotArea().height());
        // Laid out now, not in a posted event after the frame, and with the plot kept where it was: when new labels
        // still move it, the frame is reduced again below, for the plot it is painted in.
        m_plotArea.settle();
    };
    QRectF plot = reduceFrame(axes);
    if (m_chart->plotArea() != plot)
        plot = reduceFrame({});

    const auto [top, bottom] = ChartAxes::insetEdges(logAxis, yMin, yMax); // where ±inf markers sit
    m_traces->setPlot(plot);
    // Qt keeps an old end that is fuzzily equal to the new one: the traces follow the range the axis took.
    const auto [yFrom, yTo] = axisRange(m_yAxis);
    m_traces->setRanges(m_from, m_to, yFrom, yTo, m_logYApplied, top, bottom);
    m_drawnPoints = m_traces->pointCount();
    m_traces->rasterAhead();
    m_bands.redraw(m_from, m_to, plotPixelWidth());
    updatePointsLabel();
    placeCrosshair();
    m_redrawing = false;
    if (m_chart->plotArea() != plot) // laid out once more after the second reduction: a frame for where it ended up
        QMetaObject::invokeMethod(this, [this] { redraw(); }, Qt::QueuedConnection);
}

QRectF MetricChart::reduceFrame(const std::function<void()>& alongside)
{
    const int width = plotPixelWidth();
    // The reduction's columns follow the painter (ColumnGrid::painter): where the plot starts in device pixels,
    // the pixel ratio and how far each pen reaches, so a spike lands in the pixel it would land in unreduced.
    const double ratio = m_renderPixelRatio > 0 ? m_renderPixelRatio : m_view->devicePixelRatioF();
    const QRectF plot = m_chart->plotArea();
    const double plotLeft = m_view->viewportTransform().map(m_chart->mapToScene(plot.topLeft())).x();
    const bool antialiased = m_view->renderHints().testFlag(QPainter::Antialiasing);
    const auto gridFor = [&](bool faint) {
        return plot.width() >= 1 ? ColumnGrid::painter(
                   m_from, m_to, plotLeft, plot.width(), ratio, ChartCurveStyle::penWidth(faint, m_renderPixelRatio), antialiased)
                                 : ColumnGrid::uniform(m_from, m_to, width);
    };
    const ColumnGrid lineGrid = gridFor(false), faintGrid = gridFor(true);
    // On screen the trace layer paints by pixel columns (TraceRasterizer), which the bare M4 points reproduce
    // exactly; an export may go to SVG or PDF, stroked by QPainter, whose antialiased edges next to an extreme
    // also depend on the extreme's neighbours.
    const M4Options faithful { .keepExtremeNeighbours = m_renderPixelRatio > 0,
        .keepEveryPointUpTo = keepEveryPointUpTo };

    // Into the trace layer's own buffers, which keep their capacity from frame to frame.
    std::vector<TraceCurve>& curves = m_traces->curves();
    const std::size_t n = m_tracks.size();
    const auto reduce = [&](std::size_t t) {
        const ChartTrack& track = m_tracks[t];
        ChartReduction& raw = curves[t].data;
        ChartReduction& line = curves[n + t].data;
        if (track.smoothedYs.empty()) {
            line.reduceInto(track.xs, track.ys(), track.pyramid, lineGrid, faithful);
            raw.clear();
        } else {
            line.reduceInto(track.xs, track.smoothedYs, track.smoothedPyramid, lineGrid, faithful);
            raw.reduceInto(track.xs, track.ys(), track.pyramid, faintGrid, faithful);
        }
    };
    if (alongside)
        forEachOnTwoThreadsAfter(alongside, n, reduce);
    else
        forEachOnTwoThreads(n, reduce);
    return plot;
}

void MetricChart::updatePointsLabel()
{
    const QLocale locale;
    m_pointsLabel->setText(m_rawPoints == 1 ? tr("1 point") : tr("%1 points").arg(locale.toString(m_rawPoints)));
    m_pointsLabel->setToolTip(tr("Every point is represented: each pixel column draws the first, lowest, highest "
                                 "and last value it holds (%1 points drawn).")
                                  .arg(locale.toString(m_drawnPoints)));
    m_pointsLabel->adjustSize();
    placeOverlays();
}

void MetricChart::placeOverlays()
{
    m_pointsLabel->move(m_view->width() - m_pointsLabel->width() - 10, 4);
    m_resetButton->adjustSize();
    m_resetButton->move(6, 1);
}

QString MetricChart::readoutAt(double x) const
{
    return ChartReadout::at(x, m_tracks, m_mode, m_xMetric, relativeUnitName());
}

void MetricChart::setYAxisTitle(const QString& title)
{
    if (title == m_yTitle)
        return;
    m_yTitle = title;
    rebuildKeepingZoom();
}

void MetricChart::setIgnoreOutliers(bool ignore)
{
    if (ignore == m_ignoreOutliers)
        return;
    m_ignoreOutliers = ignore;
    redraw();
}

void MetricChart::setCrosshairX(double x)
{
    m_crosshairX = x;
    placeCrosshair();
}

void MetricChart::placeCrosshair()
{
    m_crosshair.place(m_crosshairX, m_from, m_to, m_chart->plotArea(), !isShowingPlaceholder());
}

void MetricChart::setMaxLegendEntries(int count)
{
    m_maxLegendEntries = count;
    m_chart->legend()->setVisible(!m_tracks.empty() && (count <= 0 || static_cast<int>(m_tracks.size()) <= count));
}

void MetricChart::panBy(double fraction)
{
    const double ratio = m_renderPixelRatio > 0 ? m_renderPixelRatio : m_view->devicePixelRatioF();
    const double shift
        = ChartXRange::panShift(fraction, m_from, m_to, m_fullFrom, m_fullTo, m_chart->plotArea().width() * ratio);
    if (shift != 0)
        setVisibleXRange(m_from + shift, m_to + shift);
}

void MetricChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    placeOverlays(); // the layout has already given the view its new size
}
