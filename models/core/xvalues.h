#pragma once

#include "indexediterator.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <vector>

class StepColumn;

// The x of every point of a series as a chart places it, read on demand from the series' own integer column
// (steps, or milliseconds since the epoch, optionally shifted and scaled for relative time) instead of a copy
// as doubles: 50 runs of a million points would otherwise hold 400 MB of x values the MetricSeries already
// has. Only a reordered series (out-of-order steps, sorted once) owns its x values. An affine StepColumn is not
// even viewed: its (first, stride) is copied and x is a multiply-add.
//
// The value at i is bit for bit what the chart would have computed into a vector of doubles:
// static_cast<double>(v) for steps and wall time, static_cast<double>(v - origin) / divisor for relative time.
class XValues final {
public:
    XValues() = default;
    // Views `integers`, which must outlive this object (the MetricSeries the chart holds).
    explicit XValues(std::span<const std::int64_t> integers);
    XValues(std::span<const std::int64_t> integers, std::int64_t origin, double divisor);
    // The first `count` values of `column`: views its vector (the column must then outlive this object) or, while
    // the column is affine, keeps only its progression.
    explicit XValues(const StepColumn& column, std::size_t count = std::numeric_limits<std::size_t>::max());
    // Owns the values.
    explicit XValues(std::vector<double> owned);

    std::size_t size() const
    {
        return m_kind == Kind::Owned ? m_owned.size() : m_kind == Kind::Affine ? m_count : m_integers.size();
    }
    bool empty() const { return size() == 0; }
    double operator[](std::size_t i) const
    {
        switch (m_kind) {
        case Kind::Owned:
            return m_owned[i];
        case Kind::Affine:
            return affineAt(m_first, m_stride, i);
        case Kind::Integers:
            break;
        }
        if (!m_scaled)
            return static_cast<double>(m_integers[i]);
        return static_cast<double>(m_integers[i] - m_origin) / m_divisor;
    }
    double front() const { return (*this)[0]; }
    double back() const { return (*this)[size() - 1]; }
    // True when every x is finite and none is smaller than the one before (see isSortedByX).
    bool isAscending() const;
    std::size_t memoryBytes() const { return m_owned.capacity() * sizeof(double); }

    // Calls f with a cheap accessor (callable as a(i) -> double) specialised for the representation, so that
    // hot loops do not test the representation per point.
    template <typename F> decltype(auto) visit(F&& f) const
    {
        if (m_kind == Kind::Owned) {
            const double* d = m_owned.data();
            return f([d](std::size_t i) { return d[i]; });
        }
        if (m_kind == Kind::Affine) {
            const std::uint64_t first = m_first, stride = m_stride;
            return f([first, stride](std::size_t i) { return affineAt(first, stride, i); });
        }
        const std::int64_t* v = m_integers.data();
        if (!m_scaled)
            return f([v](std::size_t i) { return static_cast<double>(v[i]); });
        const std::int64_t origin = m_origin;
        const double divisor = m_divisor;
        return f([v, origin, divisor](std::size_t i) { return static_cast<double>(v[i] - origin) / divisor; });
    }

    // Random access, so that std::lower_bound and friends work on it as on a vector of doubles.
    using const_iterator = IndexedIterator<XValues, double>;
    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, static_cast<std::ptrdiff_t>(size()) }; }

private:
    enum class Kind { Integers, Affine, Owned };
    // As StepColumn::affineAt, then as static_cast<double> of the step; the unsigned wrap is exact because
    // every value of the progression fits.
    static double affineAt(std::uint64_t first, std::uint64_t stride, std::size_t i)
    {
        return static_cast<double>(static_cast<std::int64_t>(first + stride * i));
    }

    Kind m_kind = Kind::Integers;
    std::span<const std::int64_t> m_integers;
    std::vector<double> m_owned;
    std::uint64_t m_first = 0;
    std::uint64_t m_stride = 0;
    std::size_t m_count = 0;
    bool m_ascendingProgression = true;
    std::int64_t m_origin = 0;
    double m_divisor = 1;
    bool m_scaled = false;
};
