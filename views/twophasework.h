#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>

// Two lists of tasks, the second begun only when every task of the first is done (a trace frame: gather each
// curve, then fill stripes of columns from all of them), each task taken by whichever of two threads is free: a
// helper from start() on, and the caller from finish() on. Started early, the helper works while the caller
// still does what only it may do (Qt painting the axes below the traces); the caller then shares what is left.
class TwoPhaseWork final {
public:
    using Task = std::function<void(std::size_t)>;
    TwoPhaseWork(std::size_t firstCount, Task first, std::size_t secondCount, Task second);
    TwoPhaseWork(const TwoPhaseWork&) = delete;
    TwoPhaseWork& operator=(const TwoPhaseWork&) = delete;
    ~TwoPhaseWork(); // finishes

    void start();
    // Returns when every task has run.
    void finish();
    // Returns once the tasks running now are done; the rest are dropped. Their work is then partial.
    void cancel();

private:
    void take();

    std::size_t m_count[2];
    Task m_task[2];
    std::atomic<std::size_t> m_next[2];
    std::atomic<std::size_t> m_firstDone { 0 };
    std::atomic<bool> m_cancelled { false };
    std::thread m_helper;
    bool m_finished = false;
};
