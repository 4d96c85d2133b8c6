#pragma once

#include <cstddef>
#include <iterator>

// A random-access iterator over a container that computes its values (StepColumn, XValues): a position and the
// container, dereferenced through the container's operator[], so std::lower_bound and friends work on such
// containers as on a vector.
template <typename Container, typename Value> class IndexedIterator {
public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Value;

    IndexedIterator() = default;
    IndexedIterator(const Container* container, std::ptrdiff_t i)
        : m_container(container)
        , m_i(i)
    {
    }
    const Container* container() const { return m_container; }
    std::ptrdiff_t index() const { return m_i; }

    Value operator*() const { return (*m_container)[static_cast<std::size_t>(m_i)]; }
    Value operator[](difference_type n) const { return (*m_container)[static_cast<std::size_t>(m_i + n)]; }
    IndexedIterator& operator++()
    {
        ++m_i;
        return *this;
    }
    IndexedIterator operator++(int)
    {
        IndexedIterator old = *this;
        ++m_i;
        return old;
    }
    IndexedIterator& operator--()
    {
        --m_i;
        return *this;
    }
    IndexedIterator operator--(int)
    {
        IndexedIterator old = *this;
        --m_i;
        return old;
    }
    IndexedIterator& operator+=(difference_type n)
    {
        m_i += n;
        return *this;
    }
    IndexedIterator& operator-=(difference_type n)
    {
        m_i -= n;
        return *this;
    }
    friend IndexedIterator operator+(IndexedIterator it, difference_type n) { return it += n; }
    friend IndexedIterator operator+(difference_type n, IndexedIterator it) { return it += n; }
    friend IndexedIterator operator-(IndexedIterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const IndexedIterator& a, const IndexedIterator& b) { return a.m_i - b.m_i; }
    friend bool operator==(const IndexedIterator& a, const IndexedIterator& b) { return a.m_i == b.m_i; }
    friend auto operator<=>(const IndexedIterator& a, const IndexedIterator& b) { return a.m_i <=> b.m_i; }

private:
    const Container* m_container = nullptr;
    std::ptrdiff_t m_i = 0;
};
