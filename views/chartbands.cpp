#include "chartbands.h"

#include "chartreduction.h"
#include "metricchart.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>

#include <algorithm>
#include <cmath>
#include <limits>

ChartBands::ChartBands(QChart* chart)
    : m_chart(chart)
{
}

void ChartBands::prepare(const QList<ChartSeries>& input, const std::vector<QColor>& colors, XAxisMode mode,
    double relativeUnitMs, QAbstractAxis* x, QAbstractAxis* y)
{
    m_bands.clear();
    for (qsizetype i = 0; i < input.size(); ++i) {
        const ChartSeries& s = input[i];
        if (!s.data || !s.bandLow || !s.bandHigh)
            continue;
        const MetricSeries& data = *s.data;
        const std::size_t n = std::min({ data.size(), s.bandLow->values.size(), s.bandHigh->values.size() });
        if (n == 0)
            continue;
        const qint64 origin = s.runStartMs > 0
            ? s.runStartMs
            : *std::min_element(data.timestampsMs.begin(), data.timestampsMs.begin() + static_cast<std::ptrdiff_t>(n));
        Band band;
        band.xs.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            if (mode == XAxisMode::Metric) {
                band.xs[k]
                    = s.xValues && k < s.xValues->size() ? (*s.xValues)[k] : std::numeric_limits<double>::quiet_NaN();
                continue;
            }
            band.xs[k] = mode == XAxisMode::Step ? static_cast<double>(data.steps[k])
                : mode == XAxisMode::WallTime    ? static_cast<double>(data.timestampsMs[k])
                                                 : static_cast<double>(data.timestampsMs[k] - origin) / relativeUnitMs;
        }
        band.lows.assign(s.bandLow->values.begin(), s.bandLow->values.begin() + static_cast<std::ptrdiff_t>(n));
        band.highs.assign(s.bandHigh->values.begin(), s.bandHigh->values.begin() + static_cast<std::ptrdiff_t>(n));
        band.upper = new QLineSeries;
        band.lower = new QLineSeries;
        band.area = new QAreaSeries(band.upper, band.lower);
        band.upper->setParent(band.area);
        band.lower->setParent(band.area);
        QColor fill
            = static_cast<std::size_t>(i) < colors.size() ? colors[static_cast<std::size_t>(i)] : QColor(Qt::gray);
        fill.setAlphaF(0.18);
        band.area->setBrush(fill);
        band.area->setPen(Qt::NoPen);
        band.area->setName(QObject::tr("%1 (band)").arg(s.label));
        m_chart->addSeries(band.area);
        band.area->attachAxis(x);
        band.area->attachAxis(y);
        for (QLegendMarker* marker : m_chart->legend()->markers(band.area))
            marker->setVisible(false);
        m_bands.push_back(std::move(band));
    }
}

void ChartBands::include(double from, double to, double& low, double& high) const
{
    for (const Band& band : m_bands) {
        for (std::size_t i = 0; i < band.xs.size(); ++i) {
            if (band.xs[i] < from || band.xs[i] > to)
                continue;
            if (std::isfinite(band.lows[i]))
                low = std::min(low, band.lows[i]);
            if (std::isfinite(band.highs[i]))
                high = std::max(high, band.highs[i]);
        }
    }
}

void ChartBands::redraw(double from, double to, int pixelWidth)
{
    for (Band& band : m_bands) {
        // Each edge reduced on its own keeps its extremes per pixel column; breaks in an edge are bridged, since
        // a band with holes reads as missing runs rather than missing values.
        const auto flatten = [&](const std::vector<double>& ys) {
            const ChartReduction r = ChartReduction::reduce(band.xs, ys, from, to, pixelWidth);
            QList<QPointF> points(r.points.begin(), r.points.end());
            points.append(QList<QPointF>(r.dots.begin(), r.dots.end()));
            std::sort(points.begin(), points.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
            return points;
        };
        band.upper->replace(flatten(band.highs));
        band.lower->replace(flatten(band.lows));
    }
}
