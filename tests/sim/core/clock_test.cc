#include "sim/core/clock.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sim {
namespace {

TimePoint Iso(const std::string& text) {
  TimePoint t;
  EXPECT_TRUE(ParseIso8601(text, &t)) << text;
  return t;
}

TEST(SimClockTest, StartsAtGivenTimeAndAdvances) {
  SimClock clock(Iso("2026-11-27T20:00:00Z"));
  EXPECT_TRUE(clock.IsSimulated());
  clock.Advance(std::chrono::minutes(90));
  EXPECT_EQ(FormatIso8601(clock.Now()), "2026-11-27T21:30:00.000Z");
  clock.AdvanceTo(Iso("2026-11-28T00:00:00Z"));
  EXPECT_EQ(FormatIso8601(clock.Now()), "2026-11-28T00:00:00.000Z");
}

TEST(SimClockTest, AdvanceToThePastDoesNothing) {
  SimClock clock(Iso("2026-11-27T20:00:00Z"));
  clock.AdvanceTo(Iso("2026-11-27T19:00:00Z"));
  EXPECT_EQ(clock.Now(), Iso("2026-11-27T20:00:00Z"));
}

TEST(SimClockTest, TimersFireInDeadlineThenSequenceOrder) {
  SimClock clock(TimePoint{});
  std::vector<std::string> fired;
  clock.ScheduleAfter(Duration(300), [&] { fired.push_back("c@300"); });
  clock.ScheduleAfter(Duration(100), [&] { fired.push_back("a@100"); });
  clock.ScheduleAfter(Duration(200), [&] { fired.push_back("b1@200"); });
  clock.ScheduleAfter(Duration(200), [&] { fired.push_back("b2@200"); });
  clock.ScheduleAfter(Duration(100), [&] { fired.push_back("a2@100"); });
  EXPECT_EQ(clock.PendingTimers(), 5u);
  EXPECT_EQ(clock.NextDeadline(), TimePoint(Duration(100)));
  clock.Advance(Duration(250));
  EXPECT_EQ(fired, (std::vector<std::string>{"a@100", "a2@100", "b1@200", "b2@200"}));
  EXPECT_EQ(clock.PendingTimers(), 1u);
  clock.Advance(Duration(50));  // exactly on the deadline fires
  EXPECT_EQ(fired.back(), "c@300");
  EXPECT_EQ(clock.NextDeadline(), TimePoint::max());
}

TEST(SimClockTest, TimerSeesItsOwnDeadlineAsNow) {
  SimClock clock(TimePoint{});
  std::vector<TimePoint> seen;
  for (int ms : {10, 40, 70}) {
    clock.ScheduleAt(TimePoint(Duration(ms)), [&] { seen.push_back(clock.Now()); });
  }
  clock.Advance(Duration(1000));
  EXPECT_EQ(seen, (std::vector<TimePoint>{TimePoint(Duration(10)), TimePoint(Duration(40)),
                                          TimePoint(Duration(70))}));
  EXPECT_EQ(clock.Now(), TimePoint(Duration(1000)));
}

TEST(SimClockTest, TimersScheduledDuringAdvanceFireInTheSameAdvance) {
  SimClock clock(TimePoint{});
  std::vector<std::string> fired;
  clock.ScheduleAfter(Duration(100), [&] {
    fired.push_back("first@" + std::to_string(clock.Now().time_since_epoch().count()));
    // Same deadline as the running timer: still due in this Advance.
    clock.ScheduleAt(clock.Now(), [&] { fired.push_back("same-instant"); });
    clock.ScheduleAfter(Duration(50), [&] {
      fired.push_back("chained@" + std::to_string(clock.Now().time_since_epoch().count()));
    });
    clock.ScheduleAfter(Duration(10000), [&] { fired.push_back("too-late"); });
  });
  clock.Advance(Duration(1000));
  EXPECT_EQ(fired, (std::vector<std::string>{"first@100", "same-instant", "chained@150"}));
  EXPECT_EQ(clock.PendingTimers(), 1u);
}

TEST(SimClockTest, SelfReschedulingTimerTicksPeriodically) {
  SimClock clock(TimePoint{});
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    clock.ScheduleAfter(std::chrono::seconds(1), tick);
  };
  clock.ScheduleAfter(std::chrono::seconds(1), tick);
  clock.Advance(std::chrono::seconds(10));
  EXPECT_EQ(ticks, 10);
}

TEST(SimClockTest, CancelPreventsFiring) {
  SimClock clock(TimePoint{});
  int fired = 0;
  TimerId a = clock.ScheduleAfter(Duration(10), [&] { fired += 1; });
  TimerId b = clock.ScheduleAfter(Duration(20), [&] { fired += 10; });
  EXPECT_TRUE(clock.Cancel(a));
  EXPECT_FALSE(clock.Cancel(a));
  EXPECT_FALSE(clock.Cancel(12345));
  clock.Advance(Duration(100));
  EXPECT_EQ(fired, 10);
  EXPECT_FALSE(clock.Cancel(b));  // already fired
}

TEST(SimClockTest, TimerCanCancelALaterTimer) {
  SimClock clock(TimePoint{});
  bool later_fired = false;
  TimerId later = clock.ScheduleAfter(Duration(20), [&] { later_fired = true; });
  clock.ScheduleAfter(Duration(10), [&] { EXPECT_TRUE(clock.Cancel(later)); });
  clock.Advance(Duration(100));
  EXPECT_FALSE(later_fired);
  EXPECT_EQ(clock.PendingTimers(), 0u);
}

TEST(SimClockTest, RunDueFiresOnlyWhatIsDue) {
  SimClock clock(TimePoint(Duration(500)));
  int fired = 0;
  clock.ScheduleAt(TimePoint(Duration(100)), [&] { ++fired; });  // in the past
  clock.ScheduleAt(TimePoint(Duration(500)), [&] { ++fired; });
  clock.ScheduleAt(TimePoint(Duration(501)), [&] { ++fired; });
  EXPECT_EQ(clock.RunDue(), 2u);
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(clock.PendingTimers(), 1u);
}

TEST(SimClockTest, WakeupLearnsTheEarliestDeadline) {
  SimClock clock(TimePoint{});
  std::vector<TimePoint> wakeups;
  clock.SetWakeup([&](TimePoint t) { wakeups.push_back(t); });
  clock.ScheduleAt(TimePoint(Duration(300)), [] {});
  clock.ScheduleAt(TimePoint(Duration(500)), [] {});  // not earliest: no wakeup
  clock.ScheduleAt(TimePoint(Duration(100)), [] {});
  EXPECT_EQ(wakeups, (std::vector<TimePoint>{TimePoint(Duration(300)), TimePoint(Duration(100))}));
  clock.Advance(Duration(200));  // fires 100, next is 300
  EXPECT_EQ(wakeups.back(), TimePoint(Duration(300)));
}

TEST(Iso8601Test, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso8601(TimePoint{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(TimePoint(Duration(1700000000123))), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatIso8601(TimePoint(Duration(-1))), "1969-12-31T23:59:59.999Z");
}

TEST(Iso8601Test, ParsesZoneForms) {
  const TimePoint expected(Duration(1795788000000));  // 2026-11-27T14:00:00Z
  for (const char* text :
       {"2026-11-27T14:00:00Z", "2026-11-27T14:00:00", "2026-11-27T14:00:00+00:00",
        "2026-11-27T14:00:00+0000", "2026-11-27T14:00:00.000Z"}) {
    TimePoint t;
    ASSERT_TRUE(ParseIso8601(text, &t)) << text;
    EXPECT_EQ(t, expected) << text;
  }
}

TEST(Iso8601Test, ParsesFractions) {
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2026-11-27T14:00:00.5Z", &t));
  EXPECT_EQ(t.time_since_epoch().count() % 1000, 500);
  ASSERT_TRUE(ParseIso8601("2026-11-27T14:00:00.123456Z", &t));
  EXPECT_EQ(t.time_since_epoch().count() % 1000, 123);
}

TEST(Iso8601Test, RoundTrips) {
  for (long long ms :
       {0LL, 1LL, 999LL, 86399999LL, 951782400000LL /* 2000-02-29 */, 1795809600123LL,
        7258118399999LL /* 2199-12-31T23:59:59.999 */, -1LL, -86400001LL}) {
    TimePoint t{Duration(ms)};
    TimePoint back;
    std::string text = FormatIso8601(t);
    ASSERT_TRUE(ParseIso8601(text, &back)) << text;
    EXPECT_EQ(back, t) << text;
  }
}

TEST(Iso8601Test, RejectsMalformed) {
  TimePoint t{Duration(42)};
  for (const char* text :
       {"", "2026-11-27", "2026-11-27 14:00:00Z", " 2026-11-27T14:00:00Z",
        "2026-11-27T14:00:00Zjunk", "2026-11-27T14:00:00+01:00", "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T14:60:00Z",
        "2026-11-27T14:00:00.Z", "+2026-11-27T14:00:00Z", "2026-1-27T14:00:00Z"}) {
    EXPECT_FALSE(ParseIso8601(text, &t)) << text;
  }
  EXPECT_EQ(t, TimePoint(Duration(42)));  // untouched on failure
}

TEST(EpochSecondsTest, ConvertsBothWays) {
  EXPECT_DOUBLE_EQ(ToEpochSeconds(TimePoint(Duration(1500))), 1.5);
  EXPECT_EQ(FromEpochSeconds(1.5), TimePoint(Duration(1500)));
  EXPECT_EQ(FromEpochSeconds(1795809600.123), TimePoint(Duration(1795809600123)));
  EXPECT_EQ(FromEpochSeconds(-0.25), TimePoint(Duration(-250)));
}

TEST(HumanDurationTest, ParsesUnitsAndCombinations) {
  Duration d;
  ASSERT_TRUE(ParseHumanDuration("500ms", &d));
  EXPECT_EQ(d, Duration(500));
  ASSERT_TRUE(ParseHumanDuration("90s", &d));
  EXPECT_EQ(d, std::chrono::seconds(90));
  ASSERT_TRUE(ParseHumanDuration("15m", &d));
  EXPECT_EQ(d, std::chrono::minutes(15));
  ASSERT_TRUE(ParseHumanDuration("7d", &d));
  EXPECT_EQ(d, std::chrono::hours(7 * 24));
  ASSERT_TRUE(ParseHumanDuration("1d12h30m", &d));
  EXPECT_EQ(d, std::chrono::hours(36) + std::chrono::minutes(30));
}

TEST(HumanDurationTest, RejectsMalformedAndHuge) {
  Duration d;
  for (const char* text : {"", "5", "m", "5x", "5 m", "-5m", "1.5h", "999999999999d"}) {
    EXPECT_FALSE(ParseHumanDuration(text, &d)) << text;
  }
}

}  // namespace
}  // namespace sim
