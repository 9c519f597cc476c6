#include "sim/runtime/busy_poll.h"

#include <boost/asio/io_context.hpp>

namespace sim {

void RunPolling(boost::asio::io_context& io, std::chrono::microseconds busy_poll) {
  if (busy_poll.count() <= 0) {
    io.run();
    return;
  }
  using SteadyClock = std::chrono::steady_clock;
  auto last_work = SteadyClock::now();
  while (!io.stopped()) {
    if (io.poll() > 0) {
      last_work = SteadyClock::now();
      continue;
    }
    if (SteadyClock::now() - last_work < busy_poll) continue;
    io.run_one();  // sleeps until something happens (returns at once when stopped)
    last_work = SteadyClock::now();
  }
}

}  // namespace sim
