#include "tracerasterizer.h"

#include "opaquerows.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// How much of a one-pixel-wide column a vertical line of half-width r covers when its centre lies d from the
// column's centre.
double columnCoverage(double d, double r) { return std::clamp(std::min(0.5, d + r) - std::max(-0.5, d - r), 0.0, 1.0); }

// Each 8-bit channel of x times a / 255, rounded, two channels per multiplication.
inline QRgb scaled(QRgb x, std::uint32_t a)
{
    std::uint32_t redBlue = (x & 0xff00ffu) * a;
    redBlue = ((redBlue + ((redBlue >> 8) & 0xff00ffu) + 0x800080u) >> 8) & 0xff00ffu;
    std::uint32_t alphaGreen = ((x >> 8) & 0xff00ffu) * a;
    alphaGreen = (alphaGreen + ((alphaGreen >> 8) & 0xff00ffu) + 0x800080u) & 0xff00ff00u;
    return alphaGreen | redBlue;
}

// "Under": what the image holds lies in front of this curve (see the header). Without a branch: whether a pixel is
// empty, opaque or in between depends on which curves crossed it, which the processor cannot predict; scaled() by
// 255 is the source itself and by 0 is nothing.
inline void blendUnder(QRgb& pixel, QRgb source) { pixel += scaled(source, 255u - qAlpha(pixel)); }

// The curve's premultiplied colour at coverage a8 of 255.
inline QRgb sourceAt(QRgb premultiplied, int a8)
{
    return a8 == 255 && qAlpha(premultiplied) == 255 ? premultiplied
                                                     : scaled(premultiplied, static_cast<std::uint32_t>(a8));
}

} // namespace

TraceRasterizer::TraceRasterizer(QImage& image, const QRect& clip, double penWidth, bool antialiased)
    : m_image(image)
    , m_clip(clip.intersected(image.rect()))
    , m_radius(std::max(penWidth, 0.0) / 2)
    , m_antialiased(antialiased)
{
    const double r = m_radius;
    if (!antialiased) {
        m_tiers.push_back({ r, 1.0 });
    } else {
        // The half-widths whose interval ends are cuts k - r or k + r (see the header), innermost first.
        std::vector<double> widths;
        for (int j = 0; r + 0.5 - j > 0; ++j)
            widths.push_back(r + 0.5 - j);
        for (int j = 1; j + 0.5 - r <= r + 0.5; ++j) {
            if (j + 0.5 - r > 0)
                widths.push_back(j + 0.5 - r);
        }
        std::sort(widths.begin(), widths.end());
        widths.erase(std::unique(widths.begin(), widths.end(), [](double a, double b) { return b - a < 1e-9; }),
            widths.end());
        double inner = 0;
        for (double h : widths) {
            m_tiers.push_back({ h, columnCoverage((inner + h) / 2, r) });
            inner = h;
        }
        // A tier as strong as the next wider one adds nothing: the wider one holds everything it holds.
        for (std::size_t i = m_tiers.size(); i-- > 1;) {
            if (m_tiers[i - 1].alpha <= m_tiers[i].alpha)
                m_tiers.erase(m_tiers.begin() + static_cast<std::ptrdiff_t>(i - 1));
        }
    }
    // The cuts of ColumnGrid::painter for this pen, merged as it merges them when closer than 1/64 pixel.
    const auto fraction = [](double v) { return v - std::floor(v); };
    const double centre = antialiased ? 0.0 : 0.5;
    m_cut0 = fraction(centre - r);
    m_cut1 = fraction(centre + r);
    if (m_cut0 > m_cut1)
        std::swap(m_cut0, m_cut1);
    m_twoCuts = m_cut1 - m_cut0 > 1.0 / 64 && (1 - m_cut1) + m_cut0 > 1.0 / 64;
    if (m_clip.isEmpty())
        return;
    const double reach = m_tiers.back().halfWidth + 1;
    m_firstSlot = slotOf(m_clip.left() + 0.5 - reach);
    const std::int64_t lastSlot = slotOf(m_clip.right() + 0.5 + reach);
    m_low.assign(static_cast<std::size_t>(lastSlot - m_firstSlot + 1), kInf);
    m_high.assign(m_low.size(), -kInf);
}

double TraceRasterizer::cutBefore(std::int64_t slot) const
{
    if (!m_twoCuts)
        return m_cut0 + static_cast<double>(slot);
    const std::int64_t whole = slot >= 0 ? slot / 2 : -((-slot + 1) / 2);
    return m_cut0 + static_cast<double>(whole) + (slot - 2 * whole == 1 ? m_cut1 - m_cut0 : 0.0);
}

void TraceRasterizer::addPiece(std::span<const QPointF> points)
{
    if (m_low.empty() || points.size() < 2)
        return; // a lone value is a dot, which the trace layer draws itself
    // Each point's slot is found once: it places the point, and a segment crosses cuts only where the slot changes.
    std::int64_t previous = 0;
    bool joined = false; // the previous point was usable
    for (std::size_t i = 0; i < points.size(); ++i) {
        const QPointF p = points[i];
        if (!std::isfinite(p.x()) || std::isnan(p.y())) {
            joined = false;
            continue;
        }
        const std::int64_t slot = slotOf(p.x());
        include(slot, p.y());
        if (joined && slot > previous)
            crossCuts(points[i - 1], p, previous + 1, slot);
        else if (joined && slot < previous)
            crossCuts(p, points[i - 1], slot + 1, previous); // x went back: the segment is the same either way
        previous = slot;
        joined = true;
    }
    m_empty = false;
}

void TraceRasterizer::crossCuts(QPointF a, QPointF b, std::int64_t firstSlot, std::int64_t lastSlot)
{
    // Where the segment crosses a cut, both slots beside the cut get its height there: computed from the
    // segment's own ends, which the full and the reduced curve share (the last point before the cut and the
    // first after it are what M4 keeps).
    firstSlot = std::max(firstSlot, m_firstSlot);
    lastSlot = std::min(lastSlot, m_firstSlot + static_cast<std::int64_t>(m_low.size()) - 1);
    if (firstSlot > lastSlot)
        return;
    const double slope = (b.y() - a.y()) / (b.x() - a.x());
    for (std::int64_t s = firstSlot; s <= lastSlot; ++s) {
        const double c = cutBefore(s);
        const double v = c <= a.x() ? a.y() : c >= b.x() ? b.y() : a.y() + slope * (c - a.x());
        include(s - 1, v);
        include(s, v);
    }
}

void TraceRasterizer::finish()
{
    m_extents.clear();
    if (m_empty || m_low.empty() || m_clip.isEmpty())
        return;
    // A tier's interval ends on cuts; a 1/128 pixel inwards finds the slots inside it whatever the rounding. A
    // column further right is one pixel, as many slots as cuts per pixel, further on (the margin keeps rounding
    // from ever deciding otherwise).
    constexpr double inwards = 1.0 / 128;
    const std::size_t tiers = m_tiers.size();
    const std::int64_t slotsPerPixel = m_twoCuts ? 2 : 1;
    const auto lastSlot = static_cast<std::int64_t>(m_low.size()) - 1;
    m_extents.resize(static_cast<std::size_t>(m_clip.width()) * tiers);
    for (std::size_t t = 0; t < tiers; ++t) {
        const double h = m_tiers[t].halfWidth;
        const std::int64_t slotFrom = slotOf(m_clip.left() + 0.5 - h + inwards) - m_firstSlot;
        const std::int64_t slotTo = slotOf(m_clip.left() + 0.5 + h - inwards) - m_firstSlot;
        for (int c = 0; c < m_clip.width(); ++c) {
            const std::int64_t shift = slotsPerPixel * c;
            const std::int64_t from = std::max<std::int64_t>(slotFrom + shift, 0);
            const std::int64_t to = std::min<std::int64_t>(slotTo + shift, lastSlot);
            double lo = kInf, hi = -kInf;
            for (std::int64_t i = from; i <= to; ++i) {
                lo = std::min(lo, m_low[static_cast<std::size_t>(i)]);
                hi = std::max(hi, m_high[static_cast<std::size_t>(i)]);
            }
            m_extents[static_cast<std::size_t>(c) * tiers + t] = { lo, hi };
        }
    }
}

void TraceRasterizer::fill(const QColor& color)
{
    finish();
    OpaqueRows cover(m_clip.left(), m_clip.width());
    fillColumns(color, m_clip.left(), m_clip.right(), cover);
}

void TraceRasterizer::fillColumns(const QColor& color, int from, int to, OpaqueRows& cover) const
{
    if (m_extents.empty())
        return;
    const QRgb premultiplied = qPremultiply(color.rgba());
    if (m_antialiased && m_tiers.size() == 2 && !s_generalPathOnly)
        return fillTwoTiers(premultiplied, from, to, cover);
    const bool opaque = qAlpha(premultiplied) == 255;
    const double r = m_radius;
    // Not bits(): it counts a detach on the image, which two threads painting it at once would race on. The
    // caller owns an unshared image (see the header), so its pixels may be written through constBits().
    uchar* const bits = const_cast<uchar*>(m_image.constBits());
    const qsizetype stride = m_image.bytesPerLine();
    // Heights far outside the image (a 1e300 spike) are clamped before they become row numbers.
    const double top = m_clip.top() - 2.0, bottom = m_clip.bottom() + 3.0;
    const auto clampRow = [&](double v) { return std::clamp(v, top, bottom); };
    const std::size_t tiers = m_tiers.size();
    struct Span {
        double a = 0, b = 0; // the tier's span in rows; empty when a > b
        float strength = 0;
    };
    thread_local std::vector<Span> spans; // per thread, reused: a frame calls this for every curve and stripe
    spans.resize(tiers);
    const auto sourceFor = [premultiplied](int a8) { return sourceAt(premultiplied, a8); };
    for (int x = std::max(from, m_clip.left()); x <= std::min(to, m_clip.right()); ++x) {
        const Extent* const extent = m_extents.data() + static_cast<std::size_t>(x - m_clip.left()) * tiers;
        // The widest tier holds every narrower one's slots and rows: empty there, the column is empty.
        const Extent& widest = extent[tiers - 1];
        if (!(widest.low <= widest.high))
            continue;
        const double wa = clampRow(widest.low - r), wb = clampRow(widest.high + r);
        int first = 0, last = 0;
        if (m_antialiased) {
            first = static_cast<int>(std::floor(wa));
            last = static_cast<int>(std::ceil(wb)) - 1;
        } else {
            first = static_cast<int>(std::ceil(wa - 0.5));
            last = static_cast<int>(std::floor(wb - 0.5));
        }
        first = std::max(first, m_clip.top());
        last = std::min(last, m_clip.bottom());
        if (first > last || cover.hides(x, first, last))
            continue; // off the image, or behind curves in front

        // Each pixel takes the strongest tier that reaches it, times how much of the pixel that tier's span covers.
        // The spans nest, the narrower tier the stronger, so the rows the innermost tier covers whole (the core)
        // all take its strength; only the few rows around it need the maximum over the tiers.
        for (std::size_t t = 0; t < tiers; ++t) {
            const Extent& e = extent[t];
            Span& span = spans[t];
            span.strength = static_cast<float>(m_tiers[t].alpha);
            if (!(e.low <= e.high)) {
                span.a = 1;
                span.b = 0;
                continue;
            }
            span.a = clampRow(e.low - r);
            span.b = clampRow(e.high + r);
        }
        const Span& inner = spans[0];
        int coreFrom = 1, coreTo = 0; // the innermost tier's whole rows
        if (inner.a <= inner.b) {
            if (m_antialiased) {
                coreFrom = std::max(static_cast<int>(std::ceil(inner.a)), first);
                coreTo = std::min(static_cast<int>(std::floor(inner.b)) - 1, last);
            } else {
                coreFrom = std::max(static_cast<int>(std::ceil(inner.a - 0.5)), first);
                coreTo = std::min(static_cast<int>(std::floor(inner.b - 0.5)), last);
            }
        }
        const int hiddenFrom = cover.top(x), hiddenTo = cover.bottom(x);
        const auto edge = [&](int y0, int y1) {
            for (int y = y0; y <= y1; ++y) {
                if (y >= hiddenFrom && y <= hiddenTo)
                    continue;
                float alpha = 0;
                if (m_antialiased) {
                    for (std::size_t t = 0; t < tiers; ++t) {
                        const Span& span = spans[t];
                        const auto coverage = static_cast<float>(
                            std::clamp(std::min(span.b, y + 1.0) - std::max(span.a, double(y)), 0.0, 1.0));
                        alpha = std::max(alpha, span.strength * coverage);
                    }
                } else {
                    // Aliased: a row is in a tier when its centre is.
                    for (std::size_t t = 0; t < tiers; ++t) {
                        if (spans[t].a <= y + 0.5 && y + 0.5 <= spans[t].b)
                            alpha = std::max(alpha, spans[t].strength);
                    }
                }
                const int a8 = static_cast<int>(alpha * 255 + 0.5f);
                if (a8 != 0)
                    blendUnder(reinterpret_cast<QRgb*>(bits + y * stride)[x], sourceFor(a8));
            }
        };
        const auto core = [&](int y0, int y1, QRgb source) {
            for (int y = y0; y <= y1; ++y)
                blendUnder(reinterpret_cast<QRgb*>(bits + y * stride)[x], source);
        };
        if (coreFrom > coreTo) {
            edge(first, last);
            continue;
        }
        edge(first, coreFrom - 1);
        edge(coreTo + 1, last);
        const int a8 = static_cast<int>(inner.strength * 255 + 0.5f);
        if (a8 == 0)
            continue;
        const QRgb source = sourceFor(a8);
        if (hiddenFrom > hiddenTo || coreTo < hiddenFrom || coreFrom > hiddenTo) {
            core(coreFrom, coreTo, source);
        } else {
            core(coreFrom, hiddenFrom - 1, source);
            core(hiddenTo + 1, coreTo, source);
        }
        if (source == premultiplied && opaque)
            cover.add(x, coreFrom, coreTo);
    }
}

void TraceRasterizer::fillTwoTiers(QRgb premultiplied, int from, int to, OpaqueRows& cover) const
{
    const bool opaque = qAlpha(premultiplied) == 255;
    const double r = m_radius;
    uchar* const bits = const_cast<uchar*>(m_image.constBits()); // see fillColumns
    const qsizetype stride = m_image.bytesPerLine();
    const double top = m_clip.top() - 2.0, bottom = m_clip.bottom() + 3.0;
    const auto clampRow = [&](double v) { return std::clamp(v, top, bottom); };
    const float innerStrength = static_cast<float>(m_tiers[0].alpha), outerStrength = static_cast<float>(m_tiers[1].alpha);
    const auto sourceFor = [premultiplied](int a8) { return sourceAt(premultiplied, a8); };
    const int innerA8 = static_cast<int>(innerStrength * 255 + 0.5f);
    const int outerA8 = static_cast<int>(outerStrength * 255 + 0.5f);
    const QRgb innerSource = sourceFor(innerA8), outerSource = sourceFor(outerA8);
    const auto coverage = [](double a, double b, double y) {
        return static_cast<float>(std::clamp(std::min(b, y + 1.0) - std::max(a, y), 0.0, 1.0));
    };
    for (int x = std::max(from, m_clip.left()); x <= std::min(to, m_clip.right()); ++x) {
        const Extent* const extent = m_extents.data() + static_cast<std::size_t>(x - m_clip.left()) * 2;
        const Extent& inner = extent[0];
        const Extent& outer = extent[1];
        if (!(outer.low <= outer.high))
            continue;
        const double oa = clampRow(outer.low - r), ob = clampRow(outer.high + r);
        const int first = std::max(static_cast<int>(std::floor(oa)), m_clip.top());
        const int last = std::min(static_cast<int>(std::ceil(ob)) - 1, m_clip.bottom());
        if (first > last || cover.hides(x, first, last))
            continue;
        // An empty inner span covers nothing, as [1, 0] covers nothing in fillColumns.
        double ia = 1, ib = 0;
        int coreFrom = 1, coreTo = 0;
        if (inner.low <= inner.high) {
            ia = clampRow(inner.low - r);
            ib = clampRow(inner.high + r);
            coreFrom = std::max(static_cast<int>(std::ceil(ia)), first);
            coreTo = std::min(static_cast<int>(std::floor(ib)) - 1, last);
        }
        // Rows wholly inside the outer span and untouched by the inner one take the outer tier's strength as it is.
        const int plainFrom = static_cast<int>(std::ceil(oa)), plainTo = static_cast<int>(std::floor(ob)) - 1;
        const int innerFirst = ia <= ib ? static_cast<int>(std::floor(ia)) : 1;
        const int innerLast = ia <= ib ? static_cast<int>(std::ceil(ib)) - 1 : 0;
        const int hiddenFrom = cover.top(x), hiddenTo = cover.bottom(x);
        const auto pixel = [&](int y) -> QRgb& { return reinterpret_cast<QRgb*>(bits + y * stride)[x]; };
        const auto edge = [&](int y0, int y1) {
            for (int y = y0; y <= y1; ++y) {
                if (y >= hiddenFrom && y <= hiddenTo)
                    continue;
                if (y >= plainFrom && y <= plainTo && (y < innerFirst || y > innerLast)) {
                    if (outerA8 != 0)
                        blendUnder(pixel(y), outerSource);
                    continue;
                }
                const double row = y;
                const float alpha = std::max(innerStrength * coverage(ia, ib, row), outerStrength * coverage(oa, ob, row));
                const int a8 = static_cast<int>(alpha * 255 + 0.5f);
                if (a8 != 0)
                    blendUnder(pixel(y), sourceFor(a8));
            }
        };
        const auto core = [&](int y0, int y1) {
            for (int y = y0; y <= y1; ++y)
                blendUnder(pixel(y), innerSource);
        };
        if (coreFrom > coreTo) {
            edge(first, last);
            continue;
        }
        edge(first, coreFrom - 1);
        edge(coreTo + 1, last);
        if (innerA8 == 0)
            continue;
        if (hiddenFrom > hiddenTo || coreTo < hiddenFrom || coreFrom > hiddenTo) {
            core(coreFrom, coreTo);
        } else {
            core(coreFrom, hiddenFrom - 1);
            core(hiddenTo + 1, coreTo);
        }
        if (innerSource == premultiplied && opaque)
            cover.add(x, coreFrom, coreTo);
    }
}
