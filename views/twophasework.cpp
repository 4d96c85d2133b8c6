#include "twophasework.h"

#include <utility>

TwoPhaseWork::TwoPhaseWork(std::size_t firstCount, Task first, std::size_t secondCount, Task second)
    : m_count { firstCount, secondCount }
    , m_task { std::move(first), std::move(second) }
    , m_next { 0, 0 }
{
}

TwoPhaseWork::~TwoPhaseWork() { finish(); }

void TwoPhaseWork::start()
{
    if (!m_finished && !m_helper.joinable())
        m_helper = std::thread([this] { take(); });
}

void TwoPhaseWork::finish()
{
    if (m_finished)
        return;
    take();
    if (m_helper.joinable())
        m_helper.join();
    m_finished = true;
}

void TwoPhaseWork::cancel()
{
    m_cancelled.store(true, std::memory_order_relaxed);
    finish();
}

void TwoPhaseWork::take()
{
    const auto cancelled = [this] { return m_cancelled.load(std::memory_order_relaxed); };
    for (std::size_t i = m_next[0].fetch_add(1, std::memory_order_relaxed); i < m_count[0] && !cancelled();
         i = m_next[0].fetch_add(1, std::memory_order_relaxed)) {
        m_task[0](i);
        m_firstDone.fetch_add(1, std::memory_order_release); // publishes what the task wrote
    }
    // The last tasks of the first list may still run on the other thread: short, so a yielding wait.
    while (m_firstDone.load(std::memory_order_acquire) < m_count[0]) {
        if (cancelled())
            return;
        std::this_thread::yield();
    }
    for (std::size_t i = m_next[1].fetch_add(1, std::memory_order_relaxed); i < m_count[1] && !cancelled();
         i = m_next[1].fetch_add(1, std::memory_order_relaxed))
        m_task[1](i);
}
