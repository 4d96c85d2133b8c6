#include "xvalues.h"

#include <cmath>
#include <utility>

XValues::XValues(std::span<const std::int64_t> integers)
    : m_integers(integers)
{
}

XValues::XValues(std::span<const std::int64_t> integers, std::int64_t origin, double divisor)
    : m_integers(integers)
    , m_origin(origin)
    , m_divisor(divisor)
    , m_scaled(true)
{
}

XValues::XValues(std::vector<double> owned)
    : m_owned(std::move(owned))
{
}

bool XValues::isAscending() const
{
    return visit([n = size()](auto x) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(x(i)) || (i > 0 && x(i) < x(i - 1)))
                return false;
        }
        return true;
    });
}
