#pragma once

#include <atomic>
#include <memory>

// A cancellation flag shared between the GUI thread (which sets it) and a worker (which polls it).
// Copies share one flag, so a token can be handed to QtConcurrent::run by value.
class CancelToken final {
public:
    CancelToken()
        : m_flag(std::make_shared<std::atomic_bool>(false))
    {
    }
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};
