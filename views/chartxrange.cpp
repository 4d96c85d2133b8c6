#include "chartxrange.h"

#include <algorithm>
#include <cmath>

std::pair<double, double> ChartXRange::clamped(double from, double to, double fullFrom, double fullTo, XAxisMode mode)
{
    const double fullSpan = fullTo - fullFrom;
    const double minSpan = std::max(fullSpan * 1e-9,
        mode == XAxisMode::Step           ? 4.0
            : mode == XAxisMode::WallTime ? 20.0
            : mode == XAxisMode::Metric   ? fullSpan * 1e-6
                                          : 1e-4);
    if (to - from < minSpan) {
        const double mid = (from + to) / 2;
        from = mid - minSpan / 2;
        to = mid + minSpan / 2;
    }
    if (to - from >= fullSpan)
        return { fullFrom, fullTo };
    if (from < fullFrom)
        return { fullFrom, to + (fullFrom - from) };
    if (to > fullTo)
        return { from - (to - fullTo), fullTo };
    return { from, to };
}

double ChartXRange::panShift(double fraction, double from, double to, double fullFrom, double fullTo, double pixels)
{
    if (!(pixels >= 1))
        return fraction * (to - from);
    const double unit = (to - from) / pixels; // x per device pixel
    const double steps = std::clamp(
        std::round(fraction * pixels), -std::floor((from - fullFrom) / unit), std::floor((fullTo - to) / unit));
    return steps * unit;
}
