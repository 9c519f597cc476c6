#pragma once
// The only source of time for emulators. RealClock follows the wall clock
// (simctl up); SimClock moves only when told to (drills, tests). Timers fire in
// (deadline, sequence) order, so two timers due at the same instant fire in the
// order they were scheduled: that keeps drills deterministic.
//
// Threading: a Clock and its timers belong to the sim's event-loop thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace sim {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;
using TimerId = std::uint64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  virtual bool IsSimulated() const = 0;
  // How far the clock was moved by hand since it started (SimClock only).
  // Request signatures are dated by clients on their wall clocks; see
  // Dispatcher::Authenticate for how this keeps presigned expiry on the sim.
  virtual Duration AdvancedBy() const { return Duration(0); }

  // Runs `fn` once the clock reaches `deadline`. Returns an id for Cancel.
  TimerId ScheduleAt(TimePoint deadline, std::function<void()> fn);
  TimerId ScheduleAfter(Duration delay, std::function<void()> fn) {
    return ScheduleAt(Now() + delay, std::move(fn));
  }
  bool Cancel(TimerId id);
  std::size_t PendingTimers() const { return timers_.size(); }
  // Earliest pending deadline, or TimePoint::max() when there is none.
  TimePoint NextDeadline() const;

  // Fires every timer due at or before Now(). Returns how many fired.
  std::size_t RunDue();

  // RealClock's owner (the event loop) learns here when it must wake up.
  void SetWakeup(std::function<void(TimePoint)> wakeup) { wakeup_ = std::move(wakeup); }

 protected:
  // Fires timers due at or before `limit`, in (deadline, sequence) order.
  std::size_t FireUpTo(TimePoint limit, const std::function<void(TimePoint)>& before_fire);

 private:
  struct Key {
    TimePoint deadline;
    std::uint64_t sequence;
    bool operator<(const Key& o) const {
      return deadline != o.deadline ? deadline < o.deadline : sequence < o.sequence;
    }
  };
  std::map<Key, std::function<void()>> timers_;
  std::map<TimerId, Key> by_id_;
  std::uint64_t next_sequence_ = 1;
  std::function<void(TimePoint)> wakeup_;
};

class RealClock final : public Clock {
 public:
  TimePoint Now() const override;
  bool IsSimulated() const override { return false; }
};

class SimClock final : public Clock {
 public:
  explicit SimClock(TimePoint start) : start_(start), now_(start) {}
  TimePoint Now() const override { return now_; }
  bool IsSimulated() const override { return true; }
  Duration AdvancedBy() const override { return now_ - start_; }

  // Moves time forward by `d`, firing each due timer with Now() equal to its
  // own deadline, so a timer that reschedules itself sees consistent time.
  void Advance(Duration d);
  // Jumps to `t` (must not be in the past), firing timers on the way.
  void AdvanceTo(TimePoint t);

 private:
  TimePoint start_;
  TimePoint now_;
};

// Monotonic elapsed time for reporting how long the process took to do
// something (start-up time); never used for simulated behaviour.
class Stopwatch {
 public:
  Stopwatch();
  double ElapsedMilliseconds() const;

 private:
  std::int64_t start_ns_;
};

// Blocks the calling thread for real time. Only for process management
// (simctl waiting for a process to exit), never for simulated behaviour.
void SleepRealMilliseconds(int ms);

// "90s", "15m", "2h", "7d", "1d12h30m", "500ms": a duration for humans.
bool ParseHumanDuration(std::string_view text, Duration* out);

// ISO-8601 UTC with milliseconds, e.g. 2026-11-27T20:00:00.000Z.
std::string FormatIso8601(TimePoint t);
// Parses "2026-11-27T20:00:00Z" (optional fraction). Returns false if malformed.
bool ParseIso8601(const std::string& text, TimePoint* out);
double ToEpochSeconds(TimePoint t);
TimePoint FromEpochSeconds(double seconds);

}  // namespace sim
