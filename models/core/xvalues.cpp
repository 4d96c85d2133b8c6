#include "xvalues.h"

#include "stepcolumn.h"

#include <algorithm>
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

XValues::XValues(const StepColumn& column, std::size_t count)
{
    count = std::min(count, column.size());
    if (!column.isAffine()) {
        m_integers = column.materialised().first(count);
        return;
    }
    m_kind = Kind::Affine;
    m_first = static_cast<std::uint64_t>(column.first());
    m_stride = static_cast<std::uint64_t>(column.stride());
    m_count = count;
    // A progression that never overflows (StepColumn's promise) ascends exactly when its stride is not negative.
    m_ascendingProgression = count <= 1 || column.stride() >= 0;
}

XValues::XValues(std::vector<double> owned)
    : m_kind(Kind::Owned)
    , m_owned(std::move(owned))
{
}

bool XValues::isAscending() const
{
    if (m_kind == Kind::Affine)
        return m_ascendingProgression;
    return visit([n = size()](auto x) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(x(i)) || (i > 0 && x(i) < x(i - 1)))
                return false;
        }
        return true;
    });
}
