#pragma once
// AWS schedule expressions (EventBridge rules and Scheduler, Backup plans,
// ...), evaluated in UTC with one-minute precision:
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)
//   rate(N minute|minutes|hour|hours|day|days)   singular only when N is 1
//   at(yyyy-mm-ddThh:mm:ss)                       one time
// Cron follows AWS: day-of-week 1-7 = SUN-SAT (so 6L is the last Friday and a
// lone L is Saturday), exactly one of the two day fields is '?', years
// 1970-2199, W / L / LW in day-of-month, nL and d#n in day-of-week.
//
// Scheduler arms one Clock timer per schedule and re-arms it after each fire.

#include <bitset>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/clock.h"
#include "sim/core/result.h"

namespace sim {

// Which days a cron expression fires on. Exactly one of its two day fields is
// '?', so one rule describes both.
enum class CronDayRule {
  kDaysOfMonth,         // `days` holds days 1..31 (values, ranges, steps, '*')
  kLastDayOfMonth,      // L
  kLastWeekdayOfMonth,  // LW: last Monday-Friday of the month
  kNearestWeekday,      // nW: Monday-Friday nearest day `n`, never leaving the month
  kDaysOfWeek,          // `days` holds weekdays 1..7 (1 = Sunday)
  kLastWeekdayInMonth,  // wL: last `weekday` of the month
  kNthWeekdayInMonth,   // w#n: the `n`th `weekday` of the month
};

struct CronSpec {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<13> months;  // bits 1..12
  std::bitset<230> years;  // bit i = year 1970 + i
  CronDayRule day_rule = CronDayRule::kDaysOfMonth;
  std::bitset<32> days;  // see CronDayRule
  int n = 0;             // day for kNearestWeekday, occurrence for kNthWeekdayInMonth
  int weekday = 0;       // 1..7 for kLastWeekdayInMonth / kNthWeekdayInMonth
};

struct ScheduleExpression {
  enum class Kind { kCron, kRate, kAt };

  // Errors are ValidationException naming the offending field.
  static Result<ScheduleExpression> Parse(std::string_view text);

  // The first fire time strictly after `t`, or nullopt when none remains (an
  // `at` in the past, cron years exhausted, a day that never exists).
  // A rate fires at anchor, anchor + period, anchor + 2 * period, ...; the
  // default anchor is the Unix epoch, so rate(1 hour) fires on the hour.
  // Cron and at ignore `anchor`.
  std::optional<TimePoint> NextAfter(TimePoint t, TimePoint anchor = TimePoint{}) const;

  Kind kind = Kind::kCron;
  std::string text;    // the expression as given
  CronSpec cron;       // kCron
  Duration period{0};  // kRate
  TimePoint at{};      // kAt
};

using ScheduleId = std::uint64_t;

class Scheduler {
 public:
  explicit Scheduler(Clock& clock) : clock_(clock) {}
  ~Scheduler();  // cancels every pending timer
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Calls `fn(fire_time)` at each fire time after Now(). A rate's anchor is
  // `anchor` (StartDate-like) or, when absent, Now(): the first fire is one
  // period later. Occurrences missed because the clock jumped past them are
  // skipped, not replayed. The schedule ends by itself when NextAfter has
  // nothing more; `fn` may call Remove, including on its own id.
  ScheduleId Add(ScheduleExpression expression, std::function<void(TimePoint fire_time)> fn,
                 std::optional<TimePoint> anchor = std::nullopt);
  bool Remove(ScheduleId id);
  // Next fire time of a live schedule.
  std::optional<TimePoint> NextFireTime(ScheduleId id) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    ScheduleExpression expression;
    TimePoint anchor;
    // Shared so a callback that removes its own schedule stays alive while it runs.
    std::shared_ptr<std::function<void(TimePoint)>> fn;
    TimerId timer = 0;
    TimePoint next{};
  };
  // Arms the timer for the next fire after `after`; erases the entry when none is left.
  void Arm(ScheduleId id, TimePoint after);
  void Fire(ScheduleId id, TimePoint fire_time);

  Clock& clock_;
  std::map<ScheduleId, Entry> entries_;
  ScheduleId next_id_ = 1;
};

}  // namespace sim
