#include "columngrid.h"

#include <algorithm>
#include <utility>

void ColumnGrid::init(double xMin, double xMax)
{
    m_xMin = m_reachFrom = xMin;
    m_xMax = m_reachTo = xMax;
    m_valid = std::isfinite(xMin) && std::isfinite(xMax) && xMax >= xMin;
    m_scale = std::isfinite(xMax - xMin) ? 1.0 : 0.5;
    m_scaledMin = xMin * m_scale;
    m_span = xMax * m_scale - m_scaledMin;
}

ColumnGrid ColumnGrid::uniform(double xMin, double xMax, int pixelWidth)
{
    ColumnGrid grid;
    grid.init(xMin, xMax);
    grid.m_valid = grid.m_valid && pixelWidth >= 1;
    grid.m_width = pixelWidth;
    grid.m_lastColumn = std::max(0, pixelWidth - 1);
    return grid;
}

ColumnGrid ColumnGrid::painter(
    double xMin, double xMax, double left, double width, double ratio, double penWidth, bool antialiased)
{
    ColumnGrid grid;
    grid.init(xMin, xMax);
    grid.m_valid
        = grid.m_valid && std::isfinite(left) && width > 0 && std::isfinite(width) && ratio > 0 && std::isfinite(ratio);
    grid.m_uniform = false;
    grid.m_left = left;
    grid.m_logicalWidth = width;
    grid.m_ratio = ratio;
    grid.m_pixelsPerUnit = width / grid.m_span;

    const double reach = std::isfinite(penWidth) && penWidth > 0 ? penWidth / 2 : 0.0;
    const double centre = antialiased ? 0.0 : 0.5;
    const auto fraction = [](double v) { return v - std::floor(v); };
    double a = fraction(centre - reach), b = fraction(centre + reach);
    if (a > b)
        std::swap(a, b);
    grid.m_cut0 = a;
    grid.m_cut1 = b;
    // Cuts closer than the rasteriser's 1/64 pixel are one cut: nothing can be placed between them.
    grid.m_twoCuts = b - a > 1.0 / 64 && (1 - b) + a > 1.0 / 64;
    if (grid.m_valid && grid.m_span > 0) {
        // Device pixels past the plot's edges that can still show a stroke: the pen's reach, the clip's logical
        // pixel, half a pixel (a column painter takes a pixel whose centre is inside the clip, and reaches from
        // the pixel's edge) and the rasteriser's rounding.
        const double margin = (reach + ratio + 0.5 + 1.0 / 64) / ratio * (grid.m_span / width);
        const double from = (grid.m_scaledMin - margin) / grid.m_scale;
        const double to = (grid.m_scaledMin + grid.m_span + margin) / grid.m_scale;
        grid.m_reachFrom = std::isfinite(from) ? std::min(from, xMin) : xMin;
        grid.m_reachTo = std::isfinite(to) ? std::max(to, xMax) : xMax;
        grid.m_firstSlot = grid.slot(grid.devicePosition(grid.m_reachFrom));
        grid.m_lastColumn
            = std::max<std::int64_t>(0, grid.slot(grid.devicePosition(grid.m_reachTo)) - grid.m_firstSlot);
    }
    return grid;
}
