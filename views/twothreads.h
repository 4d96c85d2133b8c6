#pragma once

#include <atomic>
#include <cstddef>
#include <thread>

// A chart's frame is split over two threads: the machines RunLens runs on have at least two cores, and while a
// frame is drawn it is the user's whole attention. Each call must touch only its own index's state.

// f(0) … f(n - 1) on this thread and one helper, interleaved so that long and short items share out evenly.
template <typename F> void forEachOnTwoThreads(std::size_t n, F&& f)
{
    if (n < 2) {
        for (std::size_t i = 0; i < n; ++i)
            f(i);
        return;
    }
    std::thread helper([&] {
        for (std::size_t i = 1; i < n; i += 2)
            f(i);
    });
    for (std::size_t i = 0; i < n; i += 2)
        f(i);
    helper.join();
}

// f(0) … f(n - 1), each index taken by whichever thread is free: a helper that starts at once, and this thread
// once `first()`, work only it may do (Qt's axes), has returned. The second core then reduces while the first
// lays out the axes, instead of waiting for it.
template <typename First, typename F> void forEachOnTwoThreadsAfter(First&& first, std::size_t n, F&& f)
{
    std::atomic<std::size_t> next { 0 };
    const auto take = [&] {
        for (std::size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n;
             i = next.fetch_add(1, std::memory_order_relaxed))
            f(i);
    };
    std::thread helper(take);
    first();
    take();
    helper.join();
}
