#include "sim/core/schedule.h"

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

ScheduleExpression Must(std::string_view text) {
  auto parsed = ScheduleExpression::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : ScheduleExpression{};
}

// "yyyy-mm-ddThh:mm" of the next `n` fire times after `after`, "none" when exhausted.
std::vector<std::string> NextN(std::string_view expression, const std::string& after, int n) {
  ScheduleExpression e = Must(expression);
  std::vector<std::string> out;
  TimePoint t = Iso(after);
  for (int i = 0; i < n; ++i) {
    std::optional<TimePoint> next = e.NextAfter(t);
    if (!next) {
      out.push_back("none");
      break;
    }
    EXPECT_GT(*next, t);
    std::string text = FormatIso8601(*next);
    EXPECT_EQ(text.substr(16), ":00.000Z") << "cron fires on whole minutes";
    out.push_back(text.substr(0, 16));
    t = *next;
  }
  return out;
}

std::string Next(std::string_view expression, const std::string& after) {
  return NextN(expression, after, 1).front();
}

using Times = std::vector<std::string>;

// ---- cron: plain fields ---------------------------------------------------

TEST(CronTest, DailyAtFixedTime) {
  EXPECT_EQ(Next("cron(0 10 * * ? *)", "2026-01-01T00:00:00Z"), "2026-01-01T10:00");
  // Strictly after: a time exactly on a fire time moves to the next one.
  EXPECT_EQ(Next("cron(0 10 * * ? *)", "2026-01-01T10:00:00Z"), "2026-01-02T10:00");
  EXPECT_EQ(Next("cron(15 12 * * ? *)", "2026-01-01T12:15:30Z"), "2026-01-02T12:15");
  EXPECT_EQ(Next("cron(15 12 * * ? *)", "2026-01-01T12:14:59.999Z"), "2026-01-01T12:15");
  EXPECT_EQ(Next("cron(0 0 * * ? *)", "2026-12-31T23:59:00Z"), "2027-01-01T00:00");
}

TEST(CronTest, StepsListsAndRanges) {
  EXPECT_EQ(
      NextN("cron(0/15 * * * ? *)", "2026-01-01T00:07:00Z", 4),
      (Times{"2026-01-01T00:15", "2026-01-01T00:30", "2026-01-01T00:45", "2026-01-01T01:00"}));
  EXPECT_EQ(NextN("cron(*/20 * * * ? *)", "2026-01-01T00:00:00Z", 3),
            (Times{"2026-01-01T00:20", "2026-01-01T00:40", "2026-01-01T01:00"}));
  // 1/10: the 1st, 11th, 21st ... minute (AWS's own example).
  EXPECT_EQ(NextN("cron(1/10 * * * ? *)", "2026-01-01T00:00:00Z", 3),
            (Times{"2026-01-01T00:01", "2026-01-01T00:11", "2026-01-01T00:21"}));
  EXPECT_EQ(NextN("cron(5-20/5 * * * ? *)", "2026-01-01T00:00:00Z", 5),
            (Times{"2026-01-01T00:05", "2026-01-01T00:10", "2026-01-01T00:15", "2026-01-01T00:20",
                   "2026-01-01T01:05"}));
  EXPECT_EQ(NextN("cron(0 10,15 * * ? *)", "2026-01-01T11:00:00Z", 3),
            (Times{"2026-01-01T15:00", "2026-01-02T10:00", "2026-01-02T15:00"}));
  EXPECT_EQ(NextN("cron(30 8-9 1-2 * ? *)", "2026-01-01T00:00:00Z", 5),
            (Times{"2026-01-01T08:30", "2026-01-01T09:30", "2026-01-02T08:30", "2026-01-02T09:30",
                   "2026-02-01T08:30"}));
  EXPECT_EQ(
      NextN("cron(0 0 1/10 * ? *)", "2026-01-01T00:00:00Z", 4),
      (Times{"2026-01-11T00:00", "2026-01-21T00:00", "2026-01-31T00:00", "2026-02-01T00:00"}));
}

TEST(CronTest, MonthlyAndMonthNames) {
  EXPECT_EQ(Next("cron(0 8 1 * ? *)", "2026-01-15T00:00:00Z"), "2026-02-01T08:00");
  EXPECT_EQ(NextN("cron(0 12 1 JAN,JUL ? *)", "2026-02-01T00:00:00Z", 2),
            (Times{"2026-07-01T12:00", "2027-01-01T12:00"}));
  EXPECT_EQ(Next("cron(0 12 1 jun-aug ? *)", "2026-02-01T00:00:00Z"), "2026-06-01T12:00");
  EXPECT_EQ(Next("cron(0 12 1 */6 ? *)", "2026-02-01T00:00:00Z"), "2026-07-01T12:00");
}

TEST(CronTest, DayOfMonthThatAMonthLacksIsSkipped) {
  EXPECT_EQ(NextN("cron(0 0 31 * ? *)", "2026-01-31T00:00:00Z", 3),
            (Times{"2026-03-31T00:00", "2026-05-31T00:00", "2026-07-31T00:00"}));
  EXPECT_EQ(Next("cron(0 0 29 2 ? *)", "2026-01-01T00:00:00Z"), "2028-02-29T00:00");
  EXPECT_EQ(Next("cron(0 0 30 2 ? *)", "2026-01-01T00:00:00Z"), "none");
}

// ---- cron: day of week (1 = SUN ... 7 = SAT) -------------------------------

TEST(CronTest, DayOfWeekNumbersAndNames) {
  // 2026-01-02 is a Friday.
  EXPECT_EQ(NextN("cron(0 18 ? * MON-FRI *)", "2026-01-02T12:00:00Z", 3),
            (Times{"2026-01-02T18:00", "2026-01-05T18:00", "2026-01-06T18:00"}));
  EXPECT_EQ(NextN("cron(0 18 ? * 2-6 *)", "2026-01-02T12:00:00Z", 3),
            (Times{"2026-01-02T18:00", "2026-01-05T18:00", "2026-01-06T18:00"}));
  EXPECT_EQ(Next("cron(0 9 ? * 1 *)", "2026-01-01T00:00:00Z"), "2026-01-04T09:00");  // Sunday
  EXPECT_EQ(Next("cron(0 9 ? * 7 *)", "2026-01-01T00:00:00Z"), "2026-01-03T09:00");  // Saturday
  EXPECT_EQ(NextN("cron(0 9 ? * sun,wed *)", "2026-01-01T00:00:00Z", 3),
            (Times{"2026-01-04T09:00", "2026-01-07T09:00", "2026-01-11T09:00"}));
  // '?' in day-of-month with '*' in day-of-week: every day.
  EXPECT_EQ(NextN("cron(0 * ? * * *)", "2026-01-01T22:30:00Z", 2),
            (Times{"2026-01-01T23:00", "2026-01-02T00:00"}));
}

TEST(CronTest, NthWeekdayOfMonth) {
  // 2#1: first Monday. January 2026 -> 5th, February 2026 -> 2nd.
  EXPECT_EQ(NextN("cron(0 9 ? * 2#1 *)", "2026-01-01T00:00:00Z", 2),
            (Times{"2026-01-05T09:00", "2026-02-02T09:00"}));
  // 3#2: second Tuesday (AWS's own example).
  EXPECT_EQ(Next("cron(0 9 ? * 3#2 *)", "2026-01-01T00:00:00Z"), "2026-01-13T09:00");
  EXPECT_EQ(Next("cron(0 9 ? * TUE#2 *)", "2026-01-01T00:00:00Z"), "2026-01-13T09:00");
  // 6#5: fifth Friday; February-April 2026 have only four.
  EXPECT_EQ(NextN("cron(0 9 ? * 6#5 *)", "2026-01-01T00:00:00Z", 2),
            (Times{"2026-01-30T09:00", "2026-05-29T09:00"}));
}

TEST(CronTest, LastWeekdayOfMonthAndLoneL) {
  // 6L: last Friday.
  EXPECT_EQ(NextN("cron(0 17 ? * 6L *)", "2026-01-01T00:00:00Z", 3),
            (Times{"2026-01-30T17:00", "2026-02-27T17:00", "2026-03-27T17:00"}));
  EXPECT_EQ(Next("cron(0 17 ? * FRIL *)", "2026-01-01T00:00:00Z"), "2026-01-30T17:00");
  // 1L: last Sunday; May 2026 ends on a Sunday.
  EXPECT_EQ(Next("cron(0 17 ? * 1L *)", "2026-05-01T00:00:00Z"), "2026-05-31T17:00");
  // A lone L in day-of-week is the last day of the week: Saturday.
  EXPECT_EQ(NextN("cron(0 6 ? * L *)", "2026-01-01T00:00:00Z", 2),
            (Times{"2026-01-03T06:00", "2026-01-10T06:00"}));
}

// ---- cron: L and W in day-of-month ---------------------------------------

TEST(CronTest, LastDayOfMonth) {
  EXPECT_EQ(NextN("cron(0 0 L * ? *)", "2026-01-01T00:00:00Z", 3),
            (Times{"2026-01-31T00:00", "2026-02-28T00:00", "2026-03-31T00:00"}));
  EXPECT_EQ(Next("cron(0 0 L 2 ? *)", "2027-03-01T00:00:00Z"), "2028-02-29T00:00");
}

TEST(CronTest, LastWeekdayOfMonth) {
  // Jan 2026 ends on Saturday -> Friday 30th; May 2026 ends on Sunday -> Friday
  // 29th; August 2026 ends on Monday -> 31st.
  EXPECT_EQ(Next("cron(0 0 LW * ? *)", "2026-01-01T00:00:00Z"), "2026-01-30T00:00");
  EXPECT_EQ(Next("cron(0 0 LW * ? *)", "2026-05-01T00:00:00Z"), "2026-05-29T00:00");
  EXPECT_EQ(Next("cron(0 0 LW * ? *)", "2026-08-01T00:00:00Z"), "2026-08-31T00:00");
}

TEST(CronTest, NearestWeekday) {
  // 15 August 2026 is a Saturday -> Friday 14th; 15 November 2026 is a Sunday
  // -> Monday 16th; 15 January 2026 is a Thursday -> itself.
  EXPECT_EQ(Next("cron(0 0 15W * ? *)", "2026-08-01T00:00:00Z"), "2026-08-14T00:00");
  EXPECT_EQ(Next("cron(0 0 15W * ? *)", "2026-11-01T00:00:00Z"), "2026-11-16T00:00");
  EXPECT_EQ(Next("cron(0 0 15W * ? *)", "2026-01-01T00:00:00Z"), "2026-01-15T00:00");
  // Never leaves the month: 1 August 2026 (Saturday) -> Monday 3rd, not Friday 31 July.
  EXPECT_EQ(Next("cron(0 0 1W * ? *)", "2026-07-31T12:00:00Z"), "2026-08-03T00:00");
  // 31 May 2026 (Sunday, last day) -> Friday 29th; 31W skips 30-day months.
  EXPECT_EQ(Next("cron(0 0 31W * ? *)", "2026-05-01T00:00:00Z"), "2026-05-29T00:00");
  EXPECT_EQ(Next("cron(0 0 31W * ? *)", "2026-06-01T00:00:00Z"), "2026-07-31T00:00");
  // 3W (AWS's example) in January 2026: the 3rd is a Saturday -> Friday 2nd.
  EXPECT_EQ(Next("cron(0 0 3W * ? *)", "2026-01-01T00:00:00Z"), "2026-01-02T00:00");
}

// ---- cron: years -----------------------------------------------------------

TEST(CronTest, YearsLimitTheSchedule) {
  EXPECT_EQ(NextN("cron(0 0 1 1 ? 2027-2028)", "2026-06-01T00:00:00Z", 3),
            (Times{"2027-01-01T00:00", "2028-01-01T00:00", "none"}));
  EXPECT_EQ(NextN("cron(0 0 1 1 ? 2030/10)", "2026-06-01T00:00:00Z", 2),
            (Times{"2030-01-01T00:00", "2040-01-01T00:00"}));
  EXPECT_EQ(Next("cron(0 0 1 1 ? 2199)", "2199-01-01T00:00:00Z"), "none");
  EXPECT_EQ(Next("cron(59 23 31 12 ? *)", "2199-12-31T23:58:00Z"), "2199-12-31T23:59");
  EXPECT_EQ(Next("cron(0 0 1 1 ? 2026)", "2300-01-01T00:00:00Z"), "none");
  // Before 1970 the first candidate is the start of 1970.
  EXPECT_EQ(Next("cron(0 0 1 1 ? 1970)", "1960-01-01T00:00:00Z"), "1970-01-01T00:00");
}

TEST(CronTest, KeepsTheTextAndKind) {
  ScheduleExpression e = Must("  cron(0 10 * * ? *) ");
  EXPECT_EQ(e.kind, ScheduleExpression::Kind::kCron);
  EXPECT_EQ(e.text, "cron(0 10 * * ? *)");
}

// ---- invalid expressions ---------------------------------------------------

struct InvalidCase {
  const char* text;
  const char* fragment;  // must appear in the message
};

class InvalidExpressionTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidExpressionTest, IsRejectedWithAClearMessage) {
  auto parsed = ScheduleExpression::Parse(GetParam().text);
  ASSERT_FALSE(parsed.ok()) << GetParam().text;
  EXPECT_EQ(parsed.error().code, "ValidationException");
  EXPECT_EQ(parsed.error().http_status, 400);
  const std::string& message = parsed.error().message;
  EXPECT_NE(message.find(GetParam().fragment), std::string::npos) << message;
  EXPECT_NE(message.find(GetParam().text), std::string::npos)
      << "names the expression: " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cron, InvalidExpressionTest,
    ::testing::Values(
        InvalidCase{"cron(0 10 * * * *)", "one of Day-of-month or Day-of-week must be '?'"},
        InvalidCase{"cron(0 10 1 * MON *)", "must be '?'"},
        InvalidCase{"cron(0 10 ? * ? *)", "cannot both be '?'"},
        InvalidCase{"cron(0 10 ?,1 * ? *)", "'?' must stand alone"},
        InvalidCase{"cron(? 10 * * ? *)", "Minutes"}, InvalidCase{"cron(0 10 * * ?)", "6 fields"},
        InvalidCase{"cron(0 10 * * ? * *)", "6 fields"}, InvalidCase{"cron()", "6 fields"},
        InvalidCase{"cron(60 * * * ? *)", "Minutes value '60' is out of range 0-59"},
        InvalidCase{"cron(0 24 * * ? *)", "Hours value '24' is out of range 0-23"},
        InvalidCase{"cron(0 0 32 * ? *)", "Day-of-month value '32' is out of range 1-31"},
        InvalidCase{"cron(0 0 0 * ? *)", "Day-of-month value '0'"},
        InvalidCase{"cron(0 0 ? 13 MON *)", "Month value '13' is out of range 1-12"},
        InvalidCase{"cron(0 0 ? FOO MON *)", "Month value 'FOO' is not valid"},
        InvalidCase{"cron(0 0 ? * 0 *)", "Day-of-week value '0' is out of range 1-7"},
        InvalidCase{"cron(0 0 ? * 8 *)", "Day-of-week value '8'"},
        InvalidCase{"cron(0 0 ? * MONDAY *)", "Day-of-week value 'MONDAY' is not valid"},
        InvalidCase{"cron(0 0 1 1 ? 1969)", "Year value '1969' is out of range 1970-2199"},
        InvalidCase{"cron(0 0 1 1 ? 2200)", "Year value '2200'"},
        InvalidCase{"cron(x 0 * * ? *)", "Minutes value 'X' is not valid"},
        InvalidCase{"cron(-5 0 * * ? *)", "Minutes value ''"},
        InvalidCase{"cron(30-10 0 * * ? *)", "Minutes range '30-10' is reversed"},
        InvalidCase{"cron(*/0 0 * * ? *)", "Minutes step"},
        InvalidCase{"cron(0/61 0 * * ? *)", "Minutes step"},
        InvalidCase{"cron(1,,2 0 * * ? *)", "empty item"},
        InvalidCase{"cron(0 0 ? * */2 *)", "Day-of-week field does not allow '/'"},
        InvalidCase{"cron(0 0 L,15 * ? *)", "must stand alone"},
        InvalidCase{"cron(0 0 1-5W * ? *)", "W needs a single day"},
        InvalidCase{"cron(0 0 32W * ? *)", "W needs a single day"},
        InvalidCase{"cron(0 0 W * ? *)", "Day-of-month"},
        InvalidCase{"cron(0 0 ? * 3#6 *)", "occurrence after '#' must be 1-5"},
        InvalidCase{"cron(0 0 ? * 3#0 *)", "1-5"},
        InvalidCase{"cron(0 0 ? * 3#1,6#3 *)", "single expression"},
        InvalidCase{"cron(0 0 ? * 8#1 *)", "Day-of-week value '8'"},
        InvalidCase{"cron(0 0 ? * 2-6L *)", "'L' allows a single day"},
        InvalidCase{"cron(0 0 ? * L-2 *)", "Day-of-week"},
        InvalidCase{"cron(0 0 L * 1#2 *)", "must be '?'"},
        InvalidCase{"cron(0 0 1 1#2 ? *)", "Month field does not allow '#'"},
        InvalidCase{"cron(L 0 * * ? *)", "Minutes value 'L' is not valid"}));

INSTANTIATE_TEST_SUITE_P(
    RateAndAt, InvalidExpressionTest,
    ::testing::Values(InvalidCase{"rate(0 minutes)", "positive whole number"},
                      InvalidCase{"rate(-5 minutes)", "positive whole number"},
                      InvalidCase{"rate(five minutes)", "positive whole number"},
                      InvalidCase{"rate(1.5 hours)", "positive whole number"},
                      InvalidCase{"rate(1 minutes)", "must be 'minute' when the value is 1"},
                      InvalidCase{"rate(1 days)", "must be 'day'"},
                      InvalidCase{"rate(5 minute)",
                                  "must be 'minutes' when the value is greater than 1"},
                      InvalidCase{"rate(2 hour)", "must be 'hours'"},
                      InvalidCase{"rate(5 weeks)", "rate unit 'weeks'"},
                      InvalidCase{"rate(5 seconds)", "rate unit 'seconds'"},
                      InvalidCase{"rate(5)", "a value and a unit"},
                      InvalidCase{"rate(5 minutes extra)", "a value and a unit"},
                      InvalidCase{"at(2026-02-30T00:00:00)", "at date '2026-02-30' does not exist"},
                      InvalidCase{"at(2026-13-01T00:00:00)", "does not exist"},
                      InvalidCase{"at(2026-01-01T24:00:00)", "not a valid time of day"},
                      InvalidCase{"at(2026-01-01T10:60:00)", "not a valid time of day"},
                      InvalidCase{"at(2026-01-01 10:00:00)", "yyyy-mm-ddThh:mm:ss"},
                      InvalidCase{"at(2026-01-01T10:00:00Z)", "yyyy-mm-ddThh:mm:ss"},
                      InvalidCase{"at(2026-01-01)", "yyyy-mm-ddThh:mm:ss"},
                      InvalidCase{"every(5 minutes)", "unknown schedule type 'every'"},
                      InvalidCase{"CRON(0 10 * * ? *)", "unknown schedule type 'CRON'"},
                      InvalidCase{"0 10 * * ? *", "expected cron(...), rate(...) or at(...)"},
                      InvalidCase{"cron(0 10 * * ? *", "expected cron(...)"},
                      InvalidCase{"", "expected cron(...)"}));

// ---- rate ------------------------------------------------------------------

TEST(RateTest, ParsesUnits) {
  EXPECT_EQ(Must("rate(1 minute)").period, std::chrono::minutes(1));
  EXPECT_EQ(Must("rate(5 minutes)").period, std::chrono::minutes(5));
  EXPECT_EQ(Must("rate(1 hour)").period, std::chrono::hours(1));
  EXPECT_EQ(Must("rate(12 hours)").period, std::chrono::hours(12));
  EXPECT_EQ(Must("rate(1 day)").period, std::chrono::hours(24));
  EXPECT_EQ(Must("rate(7 days)").period, std::chrono::hours(24 * 7));
  EXPECT_EQ(Must("rate(7 days)").kind, ScheduleExpression::Kind::kRate);
}

TEST(RateTest, DefaultAnchorIsTheEpoch) {
  ScheduleExpression e = Must("rate(5 minutes)");
  EXPECT_EQ(e.NextAfter(Iso("2026-01-01T00:07:12Z")), Iso("2026-01-01T00:10:00Z"));
  EXPECT_EQ(e.NextAfter(Iso("2026-01-01T00:10:00Z")), Iso("2026-01-01T00:15:00Z"));
  EXPECT_EQ(Must("rate(1 day)").NextAfter(Iso("2026-01-01T13:00:00Z")),
            Iso("2026-01-02T00:00:00Z"));
}

TEST(RateTest, AnchorSetsThePhase) {
  ScheduleExpression e = Must("rate(1 hour)");
  TimePoint anchor = Iso("2026-01-01T10:17:30Z");
  EXPECT_EQ(e.NextAfter(anchor, anchor), Iso("2026-01-01T11:17:30Z"));
  EXPECT_EQ(e.NextAfter(Iso("2026-01-01T12:00:00Z"), anchor), Iso("2026-01-01T12:17:30Z"));
  EXPECT_EQ(e.NextAfter(Iso("2026-01-01T12:17:30Z"), anchor), Iso("2026-01-01T13:17:30Z"));
  // Before the anchor the first fire is the anchor itself (a start date).
  EXPECT_EQ(e.NextAfter(Iso("2025-12-01T00:00:00Z"), anchor), anchor);
}

// ---- at --------------------------------------------------------------------

TEST(AtTest, FiresOnceAtTheGivenTime) {
  ScheduleExpression e = Must("at(2026-11-27T20:30:15)");
  EXPECT_EQ(e.kind, ScheduleExpression::Kind::kAt);
  EXPECT_EQ(e.at, Iso("2026-11-27T20:30:15Z"));
  EXPECT_EQ(e.NextAfter(Iso("2026-01-01T00:00:00Z")), e.at);
  EXPECT_EQ(e.NextAfter(Iso("2026-11-27T20:30:14.999Z")), e.at);
  EXPECT_EQ(e.NextAfter(e.at), std::nullopt);
  EXPECT_EQ(e.NextAfter(Iso("2027-01-01T00:00:00Z")), std::nullopt);
  EXPECT_EQ(Must("at(2028-02-29T00:00:00)").at, Iso("2028-02-29T00:00:00Z"));
}

// ---- Scheduler -------------------------------------------------------------

TEST(SchedulerTest, DailyCronFiresOncePerDay) {
  SimClock clock(Iso("2026-11-27T00:00:00Z"));
  Scheduler scheduler(clock);
  std::vector<std::string> fires;
  scheduler.Add(Must("cron(0 20 * * ? *)"), [&](TimePoint fire_time) {
    EXPECT_EQ(fire_time, clock.Now());
    fires.push_back(FormatIso8601(fire_time));
  });
  clock.Advance(std::chrono::hours(24 * 7));
  EXPECT_EQ(fires, (std::vector<std::string>{"2026-11-27T20:00:00.000Z", "2026-11-28T20:00:00.000Z",
                                             "2026-11-29T20:00:00.000Z", "2026-11-30T20:00:00.000Z",
                                             "2026-12-01T20:00:00.000Z", "2026-12-02T20:00:00.000Z",
                                             "2026-12-03T20:00:00.000Z"}));
  EXPECT_EQ(scheduler.size(), 1u);
  EXPECT_EQ(clock.PendingTimers(), 1u);
}

TEST(SchedulerTest, RateAnchorsAtAddTimeByDefault) {
  SimClock clock(Iso("2026-01-01T10:17:00Z"));
  Scheduler scheduler(clock);
  std::vector<TimePoint> fires;
  ScheduleId id = scheduler.Add(Must("rate(1 hour)"), [&](TimePoint t) { fires.push_back(t); });
  EXPECT_EQ(scheduler.NextFireTime(id), Iso("2026-01-01T11:17:00Z"));
  clock.Advance(std::chrono::hours(24));
  ASSERT_EQ(fires.size(), 24u);
  EXPECT_EQ(fires.front(), Iso("2026-01-01T11:17:00Z"));
  EXPECT_EQ(fires.back(), Iso("2026-01-02T10:17:00Z"));
}

TEST(SchedulerTest, RateWithExplicitAnchorStartsThere) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  std::vector<TimePoint> fires;
  scheduler.Add(
      Must("rate(2 days)"), [&](TimePoint t) { fires.push_back(t); }, Iso("2026-01-03T06:00:00Z"));
  clock.Advance(std::chrono::hours(24 * 6));
  EXPECT_EQ(fires,
            (std::vector<TimePoint>{Iso("2026-01-03T06:00:00Z"), Iso("2026-01-05T06:00:00Z")}));
}

TEST(SchedulerTest, AtFiresOnceAndEnds) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  int fires = 0;
  ScheduleId id = scheduler.Add(Must("at(2026-01-02T03:04:05)"), [&](TimePoint t) {
    EXPECT_EQ(t, Iso("2026-01-02T03:04:05Z"));
    ++fires;
  });
  clock.Advance(std::chrono::hours(24 * 30));
  EXPECT_EQ(fires, 1);
  EXPECT_EQ(scheduler.size(), 0u);
  EXPECT_EQ(scheduler.NextFireTime(id), std::nullopt);
  EXPECT_FALSE(scheduler.Remove(id));
  EXPECT_EQ(clock.PendingTimers(), 0u);
}

TEST(SchedulerTest, PastAtNeverFires) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  int fires = 0;
  scheduler.Add(Must("at(2025-01-01T00:00:00)"), [&](TimePoint) { ++fires; });
  clock.Advance(std::chrono::hours(24));
  EXPECT_EQ(fires, 0);
  EXPECT_EQ(scheduler.size(), 0u);
  EXPECT_EQ(clock.PendingTimers(), 0u);
}

TEST(SchedulerTest, RemoveStopsFiring) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  int a = 0, b = 0;
  ScheduleId ida = scheduler.Add(Must("rate(1 minute)"), [&](TimePoint) { ++a; });
  scheduler.Add(Must("rate(1 minute)"), [&](TimePoint) { ++b; });
  clock.Advance(std::chrono::minutes(3));
  EXPECT_TRUE(scheduler.Remove(ida));
  EXPECT_FALSE(scheduler.Remove(ida));
  clock.Advance(std::chrono::minutes(3));
  EXPECT_EQ(a, 3);
  EXPECT_EQ(b, 6);
  EXPECT_EQ(clock.PendingTimers(), 1u);
}

TEST(SchedulerTest, CallbackMayRemoveItsOwnSchedule) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  int fires = 0;
  ScheduleId id = 0;
  id = scheduler.Add(Must("cron(0/10 * * * ? *)"), [&](TimePoint) {
    if (++fires == 3) {
      EXPECT_TRUE(scheduler.Remove(id));
    }
  });
  clock.Advance(std::chrono::hours(2));
  EXPECT_EQ(fires, 3);
  EXPECT_EQ(scheduler.size(), 0u);
  EXPECT_EQ(clock.PendingTimers(), 0u);
}

TEST(SchedulerTest, CallbackMayAddSchedules) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  std::vector<std::string> log;
  scheduler.Add(Must("at(2026-01-01T01:00:00)"), [&](TimePoint) {
    log.push_back("first");
    scheduler.Add(Must("rate(30 minutes)"), [&](TimePoint t) { log.push_back(FormatIso8601(t)); });
  });
  clock.Advance(std::chrono::hours(2));
  EXPECT_EQ(log, (std::vector<std::string>{"first", "2026-01-01T01:30:00.000Z",
                                           "2026-01-01T02:00:00.000Z"}));
}

TEST(SchedulerTest, DestructorCancelsTimers) {
  SimClock clock(Iso("2026-01-01T00:00:00Z"));
  int fires = 0;
  {
    Scheduler scheduler(clock);
    scheduler.Add(Must("rate(1 minute)"), [&](TimePoint) { ++fires; });
    scheduler.Add(Must("cron(0 * * * ? *)"), [&](TimePoint) { ++fires; });
    EXPECT_EQ(clock.PendingTimers(), 2u);
  }
  EXPECT_EQ(clock.PendingTimers(), 0u);
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(fires, 0);
}

// A clock whose time jumps without firing timers on the way, as a real clock
// does after the process was suspended.
class JumpingClock final : public Clock {
 public:
  explicit JumpingClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override { return now_; }
  bool IsSimulated() const override { return false; }
  void Set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

TEST(SchedulerTest, MissedOccurrencesAreSkippedNotReplayed) {
  JumpingClock clock(Iso("2026-01-01T00:00:00Z"));
  Scheduler scheduler(clock);
  std::vector<TimePoint> fires;
  ScheduleId id = scheduler.Add(Must("rate(1 hour)"), [&](TimePoint t) { fires.push_back(t); });
  clock.Set(Iso("2026-01-01T05:30:00Z"));
  EXPECT_EQ(clock.RunDue(), 1u);
  EXPECT_EQ(fires, (std::vector<TimePoint>{Iso("2026-01-01T01:00:00Z")}));
  EXPECT_EQ(scheduler.NextFireTime(id), Iso("2026-01-01T06:00:00Z"));
  EXPECT_EQ(clock.RunDue(), 0u);
}

}  // namespace
}  // namespace sim
