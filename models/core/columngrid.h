#pragma once

#include <cmath>
#include <cstdint>

// Where the columns of an M4 reduction lie in x. A reduction keeps the first, lowest, highest and last point of
// every column; it draws the same picture as all the points exactly when every column is drawn into the same
// set of device pixel columns, whichever of its points is drawn. Two layouts:
//
// - uniform: `pixelWidth` equal columns across [xMin, xMax], column floor((x - xMin) / (xMax - xMin) * width),
//   x == xMax in the last one. Exact for a 1-pixel line drawn without antialiasing at column centres.
//
// - painter: the columns of a real painter. Qt Charts puts x at device position
//   u = (left + (x - xMin) * (width / (xMax - xMin))) * ratio (plot area in logical pixels, ratio = device
//   pixels per logical pixel). A pen of device width w, round caps, reaches r = w / 2 to either side of the
//   line; with antialiasing pixel column k is touched by every point with u in (k - r, k + 1 + r), without it
//   by those with u within r of the pixel centre k + 0.5. So the points that touch the same pixel columns lie
//   between consecutive "cuts" at the fractional positions of k - r and k + r (antialiased) or k + 0.5 - r and
//   k + 0.5 + r (aliased): two cuts per pixel, one when they coincide (a 1-pixel aliased pen: the pixel itself;
//   an antialiased pen of odd width: columns centred on pixel edges).
class ColumnGrid final {
public:
    ColumnGrid() = default;
    static ColumnGrid uniform(double xMin, double xMax, int pixelWidth);
    static ColumnGrid painter(
        double xMin, double xMax, double left, double width, double ratio, double penWidth, bool antialiased);

    double xMin() const { return m_xMin; }
    double xMax() const { return m_xMax; }
    // The points a reduction over this grid keeps: [xMin, xMax] for the uniform layout; for a painter, widened
    // by what the pen reaches and by the painter's clip, which Qt Charts lets out up to a logical pixel past
    // the plot area, so that a stroke from just outside still appears at the plot's edge as it would unreduced.
    double reachFrom() const { return m_reachFrom; }
    double reachTo() const { return m_reachTo; }
    // False for a non-finite or inverted range or no pixels: a reduction over it is empty.
    bool isValid() const { return m_valid; }
    // 0 for reachFrom(), never more than lastColumn(); not decreasing in x. Only meaningful for x in
    // [reachFrom(), reachTo()].
    std::int64_t columnOf(double x) const
    {
        if (m_uniform) {
            const double c = m_span > 0 ? std::floor((x * m_scale - m_scaledMin) / m_span * m_width) : 0.0;
            return static_cast<std::int64_t>(c < 0 ? 0.0 : c > m_width - 1 ? m_width - 1 : c);
        }
        const std::int64_t c = m_span > 0 ? slot(devicePosition(x)) - m_firstSlot : 0;
        return c < 0 ? 0 : c > m_lastColumn ? m_lastColumn : c;
    }
    std::int64_t lastColumn() const { return m_lastColumn; }
    // Device x of x (painter layout) or its column position (uniform layout), for tests and diagnostics.
    double devicePosition(double x) const
    {
        if (m_uniform)
            return (x * m_scale - m_scaledMin) / m_span * m_width;
        return ((x * m_scale - m_scaledMin) * m_pixelsPerUnit + m_left) * m_ratio;
    }

private:
    // The index of the stretch between cuts that device position u falls in, counted from an arbitrary origin.
    std::int64_t slot(double u) const
    {
        const double v = u - m_cut0;
        const double k = std::floor(v);
        const auto whole = static_cast<std::int64_t>(k);
        if (!m_twoCuts)
            return whole;
        return 2 * whole + (v - k >= m_cut1 - m_cut0 ? 1 : 0);
    }
    void init(double xMin, double xMax);

    double m_xMin = 0, m_xMax = 0;
    double m_reachFrom = 0, m_reachTo = 0;
    bool m_valid = false;
    bool m_uniform = true;
    // A range wider than the largest double is measured in halves; multiplying by 1 leaves the usual formula
    // bit for bit the one a painter uses.
    double m_scale = 1, m_scaledMin = 0, m_span = 0;
    double m_width = 0; // uniform: the number of columns
    double m_left = 0, m_logicalWidth = 0, m_ratio = 1; // painter
    // m_logicalWidth / m_span, the factor Qt Charts' domain computes: divided once, not for every point placed.
    double m_pixelsPerUnit = 0;
    double m_cut0 = 0, m_cut1 = 0;
    bool m_twoCuts = false;
    std::int64_t m_firstSlot = 0;
    std::int64_t m_lastColumn = 0;
};
