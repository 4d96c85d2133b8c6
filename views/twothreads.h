#pragma once

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
