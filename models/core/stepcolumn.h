#pragma once

#include "indexediterator.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <span>
#include <type_traits>
#include <vector>

// The steps of a MetricSeries. Almost every run logs steps 0, 1, 2, … or 0, 10, 20, …, so the column keeps
// only (first, stride, count) for as long as every appended step continues that progression, and becomes a
// plain vector the moment one does not: 8 of a point's 24 bytes gone for 50 runs of a million points. Values
// are returned by value (there is no element to point into while the column is affine).
//
// The progression never overflows: a step whose distance from the one before does not fit, or that the next
// step would not reach without overflow, turns the column into a vector. So an affine column with a stride
// >= 0 is ascending, which charts use to skip sorting.
class StepColumn final {
public:
    using value_type = std::int64_t;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;

    StepColumn() = default;
    // Kept affine when the values are a progression (a column read back from somewhere else).
    explicit StepColumn(std::vector<std::int64_t> values);
    StepColumn(std::initializer_list<std::int64_t> values);
    StepColumn(const StepColumn&) = default;
    StepColumn& operator=(const StepColumn&) = default;
    // A moved-from column is empty like a moved-from vector: MetricSeries moves its three columns together and
    // callers append to the emptied series again.
    StepColumn(StepColumn&& other) noexcept;
    StepColumn& operator=(StepColumn&& other) noexcept;

    std::size_t size() const { return m_affine ? m_count : m_values.size(); }
    bool empty() const { return size() == 0; }
    std::int64_t operator[](std::size_t i) const { return m_affine ? affineAt(m_first, m_stride, i) : m_values[i]; }
    std::int64_t front() const { return (*this)[0]; }
    std::int64_t back() const { return m_affine ? m_last : m_values.back(); }

    bool isAffine() const { return m_affine; }
    // Meaningful while isAffine(): value i is first() + stride() * i.
    std::int64_t first() const { return m_first; }
    std::int64_t stride() const { return m_stride; }
    // The materialised values; empty while the column is affine.
    std::span<const std::int64_t> materialised() const { return m_values; }

    void push_back(std::int64_t value)
    {
        if (!m_affine) {
            m_values.push_back(value);
            return;
        }
        if (m_count >= 2) {
            std::int64_t next = 0;
            if (!__builtin_add_overflow(m_last, m_stride, &next) && next == value) {
                m_last = value;
                ++m_count;
                return;
            }
        } else if (m_count == 1) {
            if (!__builtin_sub_overflow(value, m_first, &m_stride)) {
                m_last = value;
                m_count = 2;
                return;
            }
        } else {
            m_first = m_last = value;
            m_count = 1;
            return;
        }
        materialise();
        m_values.push_back(value);
    }
    // A hint only while affine: the vector gets it if the column ever materialises.
    void reserve(std::size_t n);
    // As std::vector::resize: new values are 0.
    void resize(std::size_t n);
    // Keeps the first n values (n <= size()); an affine column stays affine.
    void truncate(std::size_t n);
    void clear();
    void shrink_to_fit();
    // Heap bytes held (0 while affine).
    std::size_t memoryBytes() const { return m_values.capacity() * sizeof(std::int64_t); }

    // Random access over values, so that std::lower_bound and friends work on the column as on a vector.
    using const_iterator = IndexedIterator<StepColumn, std::int64_t>;
    using iterator = const_iterator;
    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, static_cast<std::ptrdiff_t>(size()) }; }
    const_iterator cbegin() const { return begin(); }
    const_iterator cend() const { return end(); }

    // Appends [first, last) (as vector::insert at the end; `position` must be end()). Another affine column that
    // continues this one's progression keeps it affine without a pass over its values.
    template <typename InputIt> void insert(const_iterator position, InputIt first, InputIt last)
    {
        assertAtEnd(position);
        if constexpr (std::is_same_v<InputIt, const_iterator>) {
            if (first != last && appendAffineRange(first, last))
                return;
        }
        if constexpr (std::is_base_of_v<std::random_access_iterator_tag,
                          typename std::iterator_traits<InputIt>::iterator_category>) {
            if (!m_affine)
                m_values.reserve(m_values.size() + static_cast<std::size_t>(last - first));
        }
        for (; first != last; ++first)
            push_back(*first);
    }

    friend bool operator==(const StepColumn& a, const StepColumn& b);

    // value i of the progression (first, stride). Unsigned arithmetic: the result fits (see the class comment)
    // but stride * i alone need not.
    static std::int64_t affineAt(std::int64_t first, std::int64_t stride, std::size_t i)
    {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(first) + static_cast<std::uint64_t>(stride) * i);
    }

private:
    void materialise();
    void assertAtEnd(const_iterator position) const;
    bool appendAffineRange(const_iterator first, const_iterator last);

    std::vector<std::int64_t> m_values; // used when !m_affine
    std::int64_t m_first = 0;
    std::int64_t m_stride = 0;
    std::int64_t m_last = 0;
    std::size_t m_count = 0;
    std::size_t m_reserveHint = 0;
    bool m_affine = true;
};
