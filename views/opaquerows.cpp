#include "opaquerows.h"

#include <algorithm>

OpaqueRows::OpaqueRows(int left, int width)
    : m_left(left)
    , m_runs(static_cast<std::size_t>(std::max(width, 0)))
{
}

void OpaqueRows::add(int x, int first, int last)
{
    if (first > last)
        return;
    Run& run = m_runs[static_cast<std::size_t>(x - m_left)];
    if (run.top > run.bottom) {
        run = { first, last };
    } else if (first <= run.bottom + 1 && last >= run.top - 1) {
        run = { std::min(run.top, first), std::max(run.bottom, last) };
    } else if (last - first > run.bottom - run.top) {
        run = { first, last };
    }
}
