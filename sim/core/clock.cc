#include "sim/core/clock.h"

#include <cstdio>
#include <ctime>
#include <thread>

namespace sim {

TimerId Clock::ScheduleAt(TimePoint deadline, std::function<void()> fn) {
  Key key{deadline, next_sequence_++};
  TimerId id = key.sequence;
  timers_.emplace(key, std::move(fn));
  by_id_.emplace(id, key);
  if (wakeup_ && timers_.begin()->first.sequence == id) wakeup_(deadline);
  return id;
}

bool Clock::Cancel(TimerId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  timers_.erase(it->second);
  by_id_.erase(it);
  return true;
}

TimePoint Clock::NextDeadline() const {
  return timers_.empty() ? TimePoint::max() : timers_.begin()->first.deadline;
}

std::size_t Clock::FireUpTo(TimePoint limit, const std::function<void(TimePoint)>& before_fire) {
  std::size_t fired = 0;
  // A timer may schedule or cancel others, so take one at a time from the front.
  while (!timers_.empty() && timers_.begin()->first.deadline <= limit) {
    auto node = timers_.extract(timers_.begin());
    by_id_.erase(node.key().sequence);
    if (before_fire) before_fire(node.key().deadline);
    node.mapped()();
    ++fired;
  }
  if (wakeup_ && !timers_.empty()) wakeup_(timers_.begin()->first.deadline);
  return fired;
}

std::size_t Clock::RunDue() { return FireUpTo(Now(), nullptr); }

TimePoint RealClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

void SimClock::Advance(Duration d) { AdvanceTo(now_ + d); }

void SimClock::AdvanceTo(TimePoint t) {
  if (t < now_) return;
  FireUpTo(t, [this](TimePoint deadline) {
    if (deadline > now_) now_ = deadline;
  });
  now_ = t;
}

Stopwatch::Stopwatch()
    : start_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count()) {}

double Stopwatch::ElapsedMilliseconds() const {
  auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  return static_cast<double>(now_ns - start_ns_) / 1e6;
}

void SleepRealMilliseconds(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

bool ParseHumanDuration(std::string_view text, Duration* out) {
  if (text.empty()) return false;
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    long long n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > 1000000000000LL) return false;
      ++i;
    }
    if (i == start) return false;
    std::size_t unit_start = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    long long scale;
    if (unit == "ms") scale = 1;
    else if (unit == "s") scale = 1000;
    else if (unit == "m") scale = 60 * 1000;
    else if (unit == "h") scale = 3600 * 1000;
    else if (unit == "d") scale = 86400 * 1000;
    else return false;
    // 1e12 days would overflow; cap the total at ~31,700 years instead.
    constexpr long long kMaxMs = 1000000000000000LL;
    if (n > (kMaxMs - total_ms) / scale) return false;
    total_ms += n * scale;
  }
  *out = Duration(total_ms);
  return true;
}

std::string FormatIso8601(TimePoint t) {
  auto ms = t.time_since_epoch().count();
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int millis = static_cast<int>(ms - static_cast<long long>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // room for any int year, so the output is never cut
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

bool ParseIso8601(const std::string& text, TimePoint* out) {
  // Fixed shape first: sscanf alone would accept spaces, signs and trailing junk.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  auto number = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  int y = number(0, 4), mo = number(5, 2), d = number(8, 2);
  int h = number(11, 2), mi = number(14, 2), s = number(17, 2);
  std::size_t p = kShape.size();
  int millis = 0;
  if (p < text.size() && text[p] == '.') {
    ++p;
    int digits = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[p] - '0');
      ++digits;
      ++p;
    }
    if (digits == 0) return false;
    for (; digits < 3; ++digits) millis *= 10;
  }
  std::string_view zone = std::string_view(text).substr(p);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00" || zone == "+0000")) return false;
  std::chrono::year_month_day date{std::chrono::year{y} / mo / d};
  if (!date.ok() || h > 23 || mi > 59 || s > 59) return false;
  auto since_epoch = std::chrono::sys_days{date}.time_since_epoch() + std::chrono::hours(h) +
                     std::chrono::minutes(mi) + std::chrono::seconds(s) + Duration(millis);
  *out = TimePoint(std::chrono::duration_cast<Duration>(since_epoch));
  return true;
}

double ToEpochSeconds(TimePoint t) { return t.time_since_epoch().count() / 1000.0; }

TimePoint FromEpochSeconds(double seconds) {
  return TimePoint(Duration(static_cast<long long>(seconds * 1000.0 + (seconds >= 0 ? 0.5 : -0.5))));
}

}  // namespace sim
