#pragma once
// The event loop with adaptive busy polling: after any handler ran, the loop
// keeps polling (epoll_wait with a zero timeout) for up to `busy_poll` before it
// sleeps. Under load it then never sleeps, so a client's next request need
// not wake it: in a VM a wake-up is an IPI to a halted vCPU, several
// microseconds of the *client's* time, which at one request in flight per
// connection is what limits throughput (bench/RESULTS.md, Redis pipeline 1:
// +10-15%). The price is CPU: up to `busy_poll` of spinning after each burst
// of activity; an idle sim sleeps as before. Zero turns it off.

#include <chrono>

namespace boost::asio {
class io_context;
}

namespace sim {

// Runs `io` until it is stopped or out of work.
void RunPolling(boost::asio::io_context& io, std::chrono::microseconds busy_poll);

}  // namespace sim
