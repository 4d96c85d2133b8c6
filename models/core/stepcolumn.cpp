#include "stepcolumn.h"

#include <QtGlobal>

#include <algorithm>
#include <utility>

namespace {

// The stride of `values` if they are a progression whose every step fits in 64 bits (see StepColumn).
bool isProgression(std::span<const std::int64_t> values, std::int64_t& stride)
{
    stride = 0;
    if (values.size() >= 2 && __builtin_sub_overflow(values[1], values[0], &stride))
        return false;
    for (std::size_t i = 2; i < values.size(); ++i) {
        std::int64_t next = 0;
        if (__builtin_add_overflow(values[i - 1], stride, &next) || next != values[i])
            return false;
    }
    return true;
}

} // namespace

StepColumn::StepColumn(std::vector<std::int64_t> values)
    : m_values(std::move(values))
    , m_affine(false)
{
    shrink_to_fit();
}

StepColumn::StepColumn(std::initializer_list<std::int64_t> values)
{
    for (const std::int64_t v : values)
        push_back(v);
}

StepColumn::StepColumn(StepColumn&& other) noexcept
    : m_values(std::move(other.m_values))
    , m_first(other.m_first)
    , m_stride(other.m_stride)
    , m_last(other.m_last)
    , m_count(other.m_count)
    , m_reserveHint(other.m_reserveHint)
    , m_affine(other.m_affine)
{
    other.clear();
}

StepColumn& StepColumn::operator=(StepColumn&& other) noexcept
{
    if (this != &other) {
        m_values = std::move(other.m_values);
        m_first = other.m_first;
        m_stride = other.m_stride;
        m_last = other.m_last;
        m_count = other.m_count;
        m_reserveHint = other.m_reserveHint;
        m_affine = other.m_affine;
        other.clear();
    }
    return *this;
}

void StepColumn::reserve(std::size_t n)
{
    if (m_affine)
        m_reserveHint = std::max(m_reserveHint, n);
    else
        m_values.reserve(n);
}

void StepColumn::resize(std::size_t n)
{
    if (n <= size()) {
        truncate(n);
        return;
    }
    while (m_affine && size() < n)
        push_back(0);
    if (!m_affine)
        m_values.resize(n);
}

void StepColumn::truncate(std::size_t n)
{
    if (n >= size())
        return;
    if (!m_affine) {
        m_values.resize(n);
        return;
    }
    m_count = n;
    m_last = n > 0 ? affineAt(m_first, m_stride, n - 1) : 0;
    if (n <= 1)
        m_stride = 0;
    if (n == 0)
        m_first = 0;
}

void StepColumn::clear()
{
    m_values.clear();
    m_first = m_stride = m_last = 0;
    m_count = 0;
    m_reserveHint = 0;
    m_affine = true;
}

void StepColumn::shrink_to_fit()
{
    m_reserveHint = 0;
    if (m_affine)
        return;
    // A column that was built as a vector (or lost a non-progressing tail) may be a progression after all.
    std::int64_t stride = 0;
    if (isProgression(m_values, stride)) {
        m_count = m_values.size();
        m_first = m_count > 0 ? m_values.front() : 0;
        m_last = m_count > 0 ? m_values.back() : 0;
        m_stride = stride;
        m_affine = true;
        std::vector<std::int64_t>().swap(m_values);
        return;
    }
    m_values.shrink_to_fit();
}

void StepColumn::materialise()
{
    std::vector<std::int64_t> values;
    values.reserve(std::max(m_reserveHint, m_count + 1));
    for (std::size_t i = 0; i < m_count; ++i)
        values.push_back(affineAt(m_first, m_stride, i));
    m_values = std::move(values);
    m_affine = false;
    m_first = m_stride = m_last = 0;
    m_count = 0;
    m_reserveHint = 0;
}

void StepColumn::assertAtEnd([[maybe_unused]] const_iterator position) const
{
    Q_ASSERT(position.container() == this && position == end());
}

bool StepColumn::appendAffineRange(const_iterator first, const_iterator last)
{
    const StepColumn& source = *first.container();
    if (!m_affine || !source.m_affine)
        return false;
    const auto count = static_cast<std::size_t>(last - first);
    const std::int64_t head = source[static_cast<std::size_t>(first.index())];
    const std::int64_t tail = source[static_cast<std::size_t>(last.index() - 1)];
    const std::int64_t sourceStride = count >= 2 ? source.m_stride : 0;
    if (m_count == 0) {
        m_first = head;
        m_stride = sourceStride;
    } else {
        std::int64_t stride = m_stride;
        if (m_count == 1 && __builtin_sub_overflow(head, m_first, &stride))
            return false;
        std::int64_t next = 0;
        if (__builtin_add_overflow(m_last, stride, &next) || next != head || (count >= 2 && sourceStride != stride))
            return false;
        m_stride = stride;
    }
    m_last = tail;
    m_count += count;
    return true;
}

bool operator==(const StepColumn& a, const StepColumn& b)
{
    if (a.size() != b.size())
        return false;
    if (a.m_affine && b.m_affine)
        return a.m_count == 0 || (a.m_first == b.m_first && (a.m_count == 1 || a.m_stride == b.m_stride));
    return std::equal(a.begin(), a.end(), b.begin());
}
