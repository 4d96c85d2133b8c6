#include "tracerasterizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// How much of a one-pixel-wide column a vertical line of half-width r covers when its centre lies d from the
// column's centre.
double columnCoverage(double d, double r) { return std::clamp(std::min(0.5, d + r) - std::max(-0.5, d - r), 0.0, 1.0); }

} // namespace

TraceRasterizer::TraceRasterizer(QImage& image, const QRect& clip, double penWidth, bool antialiased)
    : m_image(image)
    , m_clip(clip.intersected(image.rect()))
    , m_radius(std::max(penWidth, 0.0) / 2)
    , m_antialiased(antialiased)
{
    const double r = m_radius;
    if (!antialiased) {
        m_tiers.push_back({ r, 1.0, {}, {} });
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
            m_tiers.push_back({ h, columnCoverage((inner + h) / 2, r), {}, {} });
            inner = h;
        }
        // A tier as strong as the next wider one adds nothing: the wider one holds everything it holds.
        for (std::size_t i = m_tiers.size(); i-- > 1;) {
            if (m_tiers[i - 1].alpha <= m_tiers[i].alpha)
                m_tiers.erase(m_tiers.begin() + static_cast<std::ptrdiff_t>(i - 1));
        }
    }
    for (Tier& t : m_tiers) {
        t.low.assign(static_cast<std::size_t>(std::max(m_clip.width(), 0)), kInf);
        t.high.assign(t.low.size(), -kInf);
    }
}

void TraceRasterizer::reset()
{
    for (Tier& t : m_tiers) {
        std::fill(t.low.begin(), t.low.end(), kInf);
        std::fill(t.high.begin(), t.high.end(), -kInf);
    }
    m_empty = true;
}

void TraceRasterizer::addPiece(std::span<const QPointF> points)
{
    if (m_clip.isEmpty())
        return;
    for (std::size_t i = 1; i < points.size(); ++i)
        addSegment(points[i - 1], points[i]);
}

void TraceRasterizer::addSegment(QPointF a, QPointF b)
{
    if (b.x() < a.x())
        std::swap(a, b);
    if (!std::isfinite(a.x()) || !std::isfinite(b.x()) || std::isnan(a.y()) || std::isnan(b.y()))
        return;
    const double left = m_clip.left();
    const auto last = static_cast<double>(m_clip.width() - 1);
    const double du = b.x() - a.x();
    // The segment's height at u; its own end points exactly, so that a segment shared by the full and the reduced
    // curve gives the same numbers in both.
    const auto at = [&](double u) {
        if (u <= a.x())
            return a.y();
        if (u >= b.x())
            return b.y();
        return a.y() + (b.y() - a.y()) * ((u - a.x()) / du);
    };
    for (Tier& t : m_tiers) {
        const double h = t.halfWidth;
        const double from = std::max(std::ceil(a.x() - 0.5 - h - left), 0.0);
        const double to = std::min(std::floor(b.x() - 0.5 + h - left), last);
        if (from > to)
            continue;
        for (auto k = static_cast<std::size_t>(from); k <= static_cast<std::size_t>(to); ++k) {
            const double centre = left + static_cast<double>(k) + 0.5;
            const double s = std::max(a.x(), centre - h), e = std::min(b.x(), centre + h);
            if (s > e)
                continue;
            double lo = 0, hi = 0;
            if (du == 0) { // vertical: both ends at the same x
                lo = std::min(a.y(), b.y());
                hi = std::max(a.y(), b.y());
            } else {
                const double vs = at(s), ve = at(e);
                lo = std::min(vs, ve);
                hi = std::max(vs, ve);
            }
            t.low[k] = std::min(t.low[k], lo);
            t.high[k] = std::max(t.high[k], hi);
        }
    }
    m_empty = false;
}

void TraceRasterizer::fill(const QColor& color)
{
    if (m_empty || m_clip.isEmpty()) {
        reset();
        return;
    }
    const QRgb premultiplied = qPremultiply(color.rgba());
    const int sa = qAlpha(premultiplied), sr = qRed(premultiplied), sg = qGreen(premultiplied),
              sb = qBlue(premultiplied);
    const double r = m_radius;
    const Tier& outer = m_tiers.back();
    uchar* const bits = m_image.bits();
    const qsizetype stride = m_image.bytesPerLine();
    // Heights far outside the image (a 1e300 spike) are clamped before they become row numbers.
    const double top = m_clip.top() - 2.0, bottom = m_clip.bottom() + 3.0;
    const auto clampRow = [&](double v) { return std::clamp(v, top, bottom); };
    for (std::size_t k = 0; k < outer.low.size(); ++k) {
        if (outer.low[k] > outer.high[k])
            continue;
        const int x = m_clip.left() + static_cast<int>(k);
        const double spanTop = clampRow(outer.low[k] - r), spanBottom = clampRow(outer.high[k] + r);
        int rowFrom = 0, rowTo = 0;
        if (m_antialiased) {
            rowFrom = static_cast<int>(std::floor(spanTop));
            rowTo = static_cast<int>(std::ceil(spanBottom)) - 1;
        } else {
            rowFrom = static_cast<int>(std::ceil(spanTop - 0.5));
            rowTo = static_cast<int>(std::floor(spanBottom - 0.5));
        }
        rowFrom = std::max(rowFrom, m_clip.top());
        rowTo = std::min(rowTo, m_clip.bottom());
        for (int y = rowFrom; y <= rowTo; ++y) {
            double alpha = 0;
            for (const Tier& t : m_tiers) {
                if (t.low[k] > t.high[k])
                    continue;
                const double a = clampRow(t.low[k] - r), b = clampRow(t.high[k] + r);
                double coverage = 0;
                if (m_antialiased)
                    coverage = std::clamp(std::min(b, y + 1.0) - std::max(a, double(y)), 0.0, 1.0);
                else
                    coverage = y + 0.5 >= a && y + 0.5 <= b ? 1.0 : 0.0;
                alpha = std::max(alpha, t.alpha * coverage);
            }
            const int a8 = static_cast<int>(alpha * 255 + 0.5);
            if (a8 == 0)
                continue;
            QRgb& pixel = reinterpret_cast<QRgb*>(bits + y * stride)[x];
            const int ca = (sa * a8 + 127) / 255, cr = (sr * a8 + 127) / 255, cg = (sg * a8 + 127) / 255,
                      cb = (sb * a8 + 127) / 255;
            const int keep = 255 - ca;
            pixel = qRgba(cr + (qRed(pixel) * keep + 127) / 255, cg + (qGreen(pixel) * keep + 127) / 255,
                cb + (qBlue(pixel) * keep + 127) / 255, ca + (qAlpha(pixel) * keep + 127) / 255);
        }
    }
    reset();
}
