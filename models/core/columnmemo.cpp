#include "columnmemo.h"

#include <utility>

void ColumnMemo::start(std::span<const double> ys)
{
    if (ys.data() != m_data || ys.size() != m_size) {
        m_current.clear();
        m_data = ys.data();
        m_size = ys.size();
    }
    // The buffers trade places, keeping their capacity: a frame allocates nothing here once they have grown.
    std::swap(m_previous, m_current);
    m_current.clear();
    m_cursor = 0;
    m_reused = 0;
}

void ColumnMemo::clear()
{
    m_previous.clear();
    m_current.clear();
    m_data = nullptr;
    m_size = 0;
    m_cursor = 0;
    m_reused = 0;
}
