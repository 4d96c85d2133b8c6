#include "spantimelinepainter.h"

#include "spanstyle.h"
#include "timeaxisticks.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMergeBelowPx = 3; // bars narrower than this merge with touching neighbours
constexpr int kRightMargin = 10;
const QColor kOpenMark(0xc0392b);
const QColor kGrid(0xececec);
const QColor kMuted(0x707070);

struct LegendItem {
    QString name; // empty: the "never stopped" entry
    int x;
    int line;
};

QString openLegendText() { return SpanTimelinePainter::tr("never stopped (drawn to the last record)"); }

std::vector<LegendItem> layoutLegend(const SpanTimelineLayout& layout, const QFontMetrics& fm, int width)
{
    std::vector<LegendItem> items;
    int x = 8, line = 0;
    const auto place = [&](const QString& name, const QString& text) {
        const int w = 14 + fm.horizontalAdvance(text) + 14;
        if (x > 8 && x + w > width - 8) {
            x = 8;
            ++line;
        }
        items.push_back({ name, x, line });
        x += w;
    };
    for (const QString& name : layout.names())
        place(name, name);
    if (layout.anyOpen())
        place(QString(), openLegendText());
    return items;
}

int tickSpacing(const QFontMetrics& small) { return small.horizontalAdvance(u"00:00:00.000"_s) + 18; }

} // namespace

QRect SpanTimelineGeometry::laneRect(int lane) const
{
    if (lane < 0 || lane >= static_cast<int>(laneTops.size()))
        return {};
    const auto i = static_cast<std::size_t>(lane);
    return QRect(0, lanes.top() + laneTops[i] - scroll, lanes.width(), laneHeights[i]);
}

QFont SpanTimelinePainter::smallFont(const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(f.pointSizeF() * 0.85);
    return f;
}

SpanTimelineGeometry SpanTimelinePainter::layOut(
    const SpanTimelineLayout& layout, const QFont& font, QSize size, int scrollBarWidth, int leftInset, int rightInset)
{
    const QFontMetrics fm(font), small(smallFont(font));
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics boldFm(bold);
    SpanTimelineGeometry g;
    g.rowHeight = small.height() + 4;
    g.rowPitch = g.rowHeight + 2;
    g.lanePadding = 4;
    g.axisHeight = 2 * small.height() + 8;
    g.legendLineHeight = small.height() + 6;
    int labelWidth = small.horizontalAdvance(SpanTimelinePainter::tr("view 00 min 00 s"));
    for (const SpanLane& lane : layout.lanes())
        labelWidth = std::max(labelWidth, boldFm.horizontalAdvance(lane.label));
    g.gutter = leftInset > 0 ? leftInset : std::clamp(labelWidth + 20, 100, 240);
    g.labelsAbove = g.gutter < std::min(labelWidth + 20, 100);
    g.laneHeader = g.labelsAbove ? fm.height() + 2 : 0;
    // In the gutter, a lane is at least as tall as its two label lines, so they never run into the next lane.
    const int minLaneHeight = g.labelsAbove ? 0 : fm.height() + small.height() + 2;
    for (const SpanTimelineLayout::Lane& lane : layout.placed()) {
        const int rows = std::max<int>(1, static_cast<int>(lane.rows.size()));
        g.laneTops.push_back(g.contentHeight);
        g.laneHeights.push_back(std::max(rows * g.rowPitch - 2, minLaneHeight) + g.laneHeader + 2 * g.lanePadding);
        g.contentHeight += g.laneHeights.back();
    }
    const auto legend = layoutLegend(layout, small, size.width());
    g.legendHeight = legend.empty() ? 0 : (legend.back().line + 1) * g.legendLineHeight + 6;
    const int lanesHeight = std::max(0, size.height() - g.axisHeight - g.legendHeight);
    g.needsScroll = g.contentHeight > lanesHeight && lanesHeight > 0;
    g.lanes = QRect(0, g.axisHeight, size.width() - (g.needsScroll ? scrollBarWidth : 0), lanesHeight);
    const int right
        = rightInset >= 0 ? std::min(size.width() - rightInset, g.lanes.width()) : g.lanes.width() - kRightMargin;
    g.plot = QRect(g.gutter, g.lanes.top(), std::max(1, right - g.gutter), lanesHeight);
    return g;
}

SpanTimelinePainter::SpanTimelinePainter(QPainter& painter, const SpanTimelineLayout& layout,
    const SpanTimelineGeometry& geometry, const SpanTimelineFrame& frame, const QFont& font, QSize size)
    : m_p(painter)
    , m_layout(layout)
    , m_g(geometry)
    , m_frame(frame)
    , m_font(font)
    , m_small(smallFont(font))
    , m_size(size)
{
}

double SpanTimelinePainter::xFor(double ms) const
{
    return m_g.plot.left() + (ms - m_frame.fromMs) / (m_frame.toMs - m_frame.fromMs) * m_g.plot.width();
}

void SpanTimelinePainter::paint()
{
    m_p.fillRect(QRect(QPoint(0, 0), m_size), Qt::white);
    m_paintedBars = 0;
    if (m_layout.isEmpty()) {
        m_p.setPen(kMuted);
        m_p.drawText(QRect(QPoint(0, 0), m_size).adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
            m_frame.placeholder);
        return;
    }
    paintLanes();
    paintGutter();
    paintAxis();
    paintLegend();
    paintOverlays();
}
void SpanTimelinePainter::paintAxis()
{
    const QRect plot = m_g.plot;
    const QFontMetrics fm(m_small);
    m_p.setFont(m_small);
    m_p.fillRect(QRect(0, 0, m_size.width(), m_g.axisHeight), Qt::white);
    m_p.setPen(QColor(0xb0b0b0));
    m_p.drawLine(0, m_g.axisHeight - 1, m_size.width(), m_g.axisHeight - 1);
    // Times of day alone do not say which day; the corner says it, and how much time is in view (above the plot
    // when the gutter is narrow).
    m_p.setPen(kMuted);
    const QDateTime day = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(m_frame.fromMs));
    const QString date = QLocale().toString(day.date(), QLocale::ShortFormat);
    const QString view = SpanTimelinePainter::tr("view %1").arg(TimeAxisTicks::duration(m_frame.toMs - m_frame.fromMs));
    if (m_g.labelsAbove) {
        m_p.drawText(
            QRect(plot.left(), 3, plot.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, date + u" · "_s + view);
    } else {
        m_p.drawText(QRect(8, 3, m_g.gutter - 12, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, date);
        m_p.drawText(QRect(8, 3 + fm.height(), m_g.gutter - 12, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, view);
    }
    if (m_frame.zoomed) {
        const QString hint = SpanTimelinePainter::tr("double-click: show all");
        m_p.drawText(QRect(plot.left(), 3, plot.width(), fm.height()), Qt::AlignRight | Qt::AlignVCenter, hint);
    }
    const int spacing = tickSpacing(fm);
    const int labelTop = m_g.axisHeight - fm.height() - 5;
    int lastRight = plot.left() - 1000;
    m_p.setPen(QColor(0x404040));
    for (const TimeAxisTicks::Tick& tick :
        TimeAxisTicks::compute(m_frame.fromMs, m_frame.toMs, plot.width(), spacing)) {
        const int x = static_cast<int>(std::lround(xFor(tick.ms)));
        m_p.drawLine(x, m_g.axisHeight - 4, x, m_g.axisHeight - 1);
        const int w = fm.horizontalAdvance(tick.label);
        const int left = std::clamp(x - w / 2, plot.left() - 4, m_size.width() - w - 2);
        if (left <= lastRight + 6)
            continue;
        m_p.drawText(QRect(left, labelTop, w, fm.height()), Qt::AlignCenter, tick.label);
        lastRight = left + w;
    }
}

void SpanTimelinePainter::paintLanes()
{
    const QRect lanes = m_g.lanes;
    const QRect plot = m_g.plot;
    m_p.save();
    m_p.setClipRect(lanes);
    for (int l = 0; l < static_cast<int>(m_layout.placed().size()); ++l) {
        const QRect r = m_g.laneRect(l);
        if (r.intersects(lanes))
            m_p.fillRect(r, l % 2 ? QColor(0xf7f7f7) : QColor(Qt::white));
    }
    m_p.setPen(kGrid);
    const int spacing = tickSpacing(QFontMetrics(m_small));
    for (const TimeAxisTicks::Tick& tick :
        TimeAxisTicks::compute(m_frame.fromMs, m_frame.toMs, plot.width(), spacing)) {
        const int x = static_cast<int>(std::lround(xFor(tick.ms)));
        m_p.drawLine(x, lanes.top(), x, lanes.bottom());
    }
    m_p.setClipRect(plot.adjusted(0, 0, 1, 0));
    m_p.setFont(m_small);
    for (int l = 0; l < static_cast<int>(m_layout.placed().size()); ++l) {
        const QRect r = m_g.laneRect(l);
        if (!r.intersects(lanes))
            continue;
        const SpanTimelineLayout::Lane& lane = m_layout.placed()[static_cast<std::size_t>(l)];
        for (std::size_t row = 0; row < lane.rows.size(); ++row)
            paintRow(l, lane.rows[row], m_g.rowTop(l, static_cast<int>(row)));
        if (lane.openCount > 0) {
            // Where the process was last heard from: everything after is unknown, not idle.
            const int x = static_cast<int>(std::lround(xFor(lane.endMs)));
            m_p.setPen(QPen(kOpenMark, 1.5, Qt::DashLine));
            m_p.drawLine(x, r.top() + 1, x, r.bottom() - 1);
        }
    }
    m_p.setClipping(false);
    m_p.setPen(QColor(0xdddddd));
    for (int l = 0; l < static_cast<int>(m_layout.placed().size()); ++l) {
        const QRect r = m_g.laneRect(l);
        if (r.bottom() >= lanes.top() && r.bottom() <= lanes.bottom())
            m_p.drawLine(0, r.bottom(), lanes.right(), r.bottom());
    }
    m_p.restore();
}

void SpanTimelinePainter::paintRow(int laneIndex, const SpanTimelineLayout::Row& row, int top)
{
    const QRect plot = m_g.plot;
    const int h = m_g.rowHeight;
    const double lo = plot.left() - 2.0, hi = plot.right() + 2.0;
    const QFontMetrics fm(m_p.font());
    const auto pixel = [&](double ms) { return static_cast<int>(std::lround(std::clamp(xFor(ms), lo, hi))); };
    // Bars narrower than kMergeBelowPx are gathered into one rectangle while they touch: a pixel column is drawn
    // once however many iteration windows fall into it.
    int mergedLeft = 0, mergedRight = -1;
    QRgb mergedColor = 0;
    const auto flush = [&] {
        if (mergedRight > mergedLeft) {
            m_p.fillRect(QRect(mergedLeft, top, mergedRight - mergedLeft, h), QColor(mergedColor));
            ++m_paintedBars;
        }
        mergedRight = -1;
    };
    for (auto it = SpanTimelineLayout::firstEndingFrom(row, m_frame.fromMs);
         it != row.bars.end() && it->startMs <= m_frame.toMs; ++it) {
        const SpanTimelineLayout::Bar& bar = *it;
        const int left = pixel(bar.startMs);
        const int right = std::max(pixel(bar.endMs), left + 1);
        const QString& name = m_layout.span(laneIndex, bar.span).name;
        if (bar.open) {
            flush();
            paintOpenBar(QRect(left, top, right - left, h), QColor(bar.color), name);
            ++m_paintedBars;
            continue;
        }
        if (right - left < kMergeBelowPx) {
            if (mergedRight >= left && (mergedColor == bar.color || mergedRight > left)) {
                mergedRight = std::max(mergedRight, right);
                continue;
            }
            flush();
            mergedLeft = left;
            mergedRight = right;
            mergedColor = bar.color;
            continue;
        }
        flush();
        const QColor color(bar.color);
        const QRect r(left, top, right - left, h);
        m_p.fillRect(r, color);
        if (r.width() >= 6) {
            // Back-to-back bars of one name (iteration windows) stay countable.
            m_p.setPen(color.darker(135));
            m_p.drawRect(r.adjusted(0, 0, -1, -1));
        }
        ++m_paintedBars;
        const int visibleLeft = std::max(left, plot.left()), visibleRight = std::min(right, plot.right());
        if (visibleRight - visibleLeft >= 24) {
            // A label cut to a letter or two says nothing; the tooltip and the legend name the bar then.
            const QString text = fm.elidedText(name, Qt::ElideRight, visibleRight - visibleLeft - 6);
            if (text == name || text.size() >= 5) {
                m_p.setPen(SpanStyle::textColorOn(color));
                m_p.drawText(QRect(visibleLeft + 3, top, visibleRight - visibleLeft - 6, h), Qt::AlignVCenter, text);
            }
        }
    }
    flush();
}

// Faded and hatched: where it ends is unknown, only that it had not ended by the lane's last record. The solid
// left edge is its known start; the red dashed line at the lane's end says where knowledge stops.
void SpanTimelinePainter::paintOpenBar(const QRect& r, const QColor& color, const QString& name)
{
    QColor faded = color;
    faded.setAlpha(90);
    m_p.fillRect(r, Qt::white);
    m_p.fillRect(r, faded);
    m_p.fillRect(r, QBrush(color.darker(115), Qt::BDiagPattern));
    m_p.fillRect(QRect(r.left(), r.top(), std::min(3, r.width()), r.height()), color);
    m_p.setPen(QPen(kOpenMark, 1, Qt::DashLine));
    m_p.drawLine(r.left(), r.top(), r.right(), r.top());
    m_p.drawLine(r.left(), r.bottom(), r.right(), r.bottom());
    const QRect plot = m_g.plot;
    const int visibleLeft = std::max(r.left() + 3, plot.left()), visibleRight = std::min(r.right(), plot.right());
    if (visibleRight - visibleLeft < 40)
        return;
    const QFontMetrics fm(m_p.font());
    const QString label = SpanTimelinePainter::tr("%1 — never stopped").arg(name);
    const QString text = fm.elidedText(label, Qt::ElideRight, visibleRight - visibleLeft - 8);
    const QRect textRect(visibleLeft + 4, r.top(), fm.horizontalAdvance(text) + 6, r.height());
    m_p.fillRect(textRect.adjusted(-2, 2, 0, -2), QColor(255, 255, 255, 200));
    m_p.setPen(QColor(0x202020));
    m_p.drawText(textRect, Qt::AlignVCenter, text);
}

void SpanTimelinePainter::paintGutter()
{
    const QRect lanes = m_g.lanes;
    m_p.save();
    QFont bold = m_font;
    bold.setBold(true);
    const QFontMetrics boldFm(bold), smallFm(m_small);
    const QLocale locale;
    for (int l = 0; l < static_cast<int>(m_layout.placed().size()); ++l) {
        const QRect r = m_g.laneRect(l);
        if (!r.intersects(lanes))
            continue;
        const SpanTimelineLayout::Lane& lane = m_layout.placed()[static_cast<std::size_t>(l)];
        m_p.setClipRect(lanes);
        m_p.fillRect(QRect(0, r.top(), 4, r.height() - 1), lane.color);
        // Label, then "N spans" and ", M open": two lines in the gutter, or one header line above the rows.
        const int left = m_g.labelsAbove ? m_g.plot.left() + 4 : 10;
        const int width = m_g.labelsAbove ? m_g.plot.width() - 8 : m_g.gutter - 16;
        const QString count
            = SpanTimelinePainter::tr("%1 spans").arg(locale.toString(m_layout.lanes()[l].spans.size()));
        const QString open = lane.openCount > 0 ? SpanTimelinePainter::tr(", %1 open").arg(lane.openCount) : QString();
        const int countWidth = smallFm.horizontalAdvance(count) + smallFm.horizontalAdvance(open);
        const int labelWidth = m_g.labelsAbove ? width - countWidth - 12 : width;
        m_p.setClipRect(m_g.labelsAbove ? lanes : QRect(0, lanes.top(), m_g.gutter, lanes.height()));
        m_p.setFont(bold);
        m_p.setPen(QColor(0x202020));
        const QString label = boldFm.elidedText(m_layout.lanes()[l].label, Qt::ElideMiddle, labelWidth);
        const QRect labelRect(left, r.top() + m_g.lanePadding, boldFm.horizontalAdvance(label), boldFm.height());
        m_p.drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter, label);
        m_p.setFont(m_small);
        const QRect countRect = m_g.labelsAbove
            ? QRect(labelRect.right() + 10, labelRect.top(), countWidth + 4, labelRect.height())
            : QRect(left, labelRect.bottom() + 1, width, smallFm.height());
        m_p.setPen(kMuted);
        m_p.drawText(countRect, Qt::AlignLeft | Qt::AlignVCenter, count);
        if (!open.isEmpty()) {
            m_p.setPen(kOpenMark);
            m_p.drawText(
                countRect.adjusted(smallFm.horizontalAdvance(count), 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, open);
        }
    }
    m_p.setClipping(false);
    m_p.setPen(QColor(0xd0d0d0));
    m_p.drawLine(m_g.gutter - 1, lanes.top(), m_g.gutter - 1, lanes.bottom());
    m_p.restore();
}

void SpanTimelinePainter::paintLegend()
{
    if (m_g.legendHeight <= 0)
        return;
    const int top = m_size.height() - m_g.legendHeight;
    const QFontMetrics fm(m_small);
    m_p.fillRect(QRect(0, top, m_size.width(), m_g.legendHeight), Qt::white);
    m_p.setPen(QColor(0xd0d0d0));
    m_p.drawLine(0, top, m_size.width(), top);
    m_p.setFont(m_small);
    for (const LegendItem& item : layoutLegend(m_layout, fm, m_size.width())) {
        const int y = top + 4 + item.line * m_g.legendLineHeight;
        const QRect swatch(item.x, y + (m_g.legendLineHeight - 10) / 2 - 1, 10, 10);
        QString text = item.name;
        if (item.name.isEmpty()) {
            paintOpenBar(swatch, QColor(0x888888), QString());
            text = openLegendText();
        } else {
            m_p.fillRect(swatch, SpanStyle::colorFor(item.name));
        }
        m_p.setPen(QColor(0x303030));
        m_p.drawText(QRect(item.x + 14, y, fm.horizontalAdvance(text) + 2, m_g.legendLineHeight - 2),
            Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

void SpanTimelinePainter::paintOverlays()
{
    const QRect plot = m_g.plot;
    const auto [row, bar] = m_layout.barOf(m_frame.hovered.first, m_frame.hovered.second);
    if (bar) {
        const int top = m_g.rowTop(m_frame.hovered.first, row);
        const double left = std::clamp(xFor(bar->startMs), plot.left() - 2.0, plot.right() + 2.0);
        const double right = std::clamp(xFor(bar->endMs), plot.left() - 2.0, plot.right() + 2.0);
        m_p.save();
        m_p.setClipRect(plot.adjusted(-1, 0, 1, 0));
        m_p.setPen(QPen(QColor(0x202020), 1.5));
        m_p.setBrush(Qt::NoBrush);
        m_p.drawRect(QRectF(left - 1, top - 1, std::max(right - left, 1.0) + 2, m_g.rowHeight + 2));
        m_p.restore();
    }
    if (std::isfinite(m_frame.hoverMs) && m_frame.hoverMs >= m_frame.fromMs && m_frame.hoverMs <= m_frame.toMs) {
        const int x = static_cast<int>(std::lround(xFor(m_frame.hoverMs)));
        m_p.setPen(QPen(QColor(0x505050), 1));
        m_p.drawLine(x, m_g.axisHeight, x, plot.bottom());
        const QFontMetrics fm(m_small);
        m_p.setFont(m_small);
        const QString label = TimeAxisTicks::label(m_frame.hoverMs, 1);
        const int w = fm.horizontalAdvance(label) + 8;
        const QRect box(std::clamp(x - w / 2, plot.left(), m_size.width() - w - 1), 2, w, fm.height() + 2);
        m_p.fillRect(box, QColor(0x505050));
        m_p.setPen(Qt::white);
        m_p.drawText(box, Qt::AlignCenter, label);
    }
    if (m_frame.band) {
        const auto [a, b] = *m_frame.band;
        const int left = std::min(a, b), right = std::max(a, b);
        const QRect band(left, plot.top(), right - left, plot.height());
        m_p.fillRect(band, QColor(78, 121, 167, 50));
        m_p.setPen(QColor(78, 121, 167));
        m_p.drawRect(band.adjusted(0, 0, -1, -1));
    }
}
