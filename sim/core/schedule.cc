#include "sim/core/schedule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <utility>
#include <vector>

namespace sim {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

Error Invalid(std::string_view text, const std::string& detail) {
  return MakeError("ValidationException",
                   "Invalid schedule expression '" + std::string(text) + "': " + detail);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Plain decimal digits only (no sign, no spaces), at most 9 of them.
std::optional<int> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// ---- cron fields ----------------------------------------------------------

struct FieldDef {
  const char* name;
  int min;
  int max;
  bool allows_step;
  // Upper-case names for min, min + 1, ...; empty when the field has none.
  std::vector<std::string_view> names;
};

const FieldDef kMinutes{"Minutes", 0, 59, true, {}};
const FieldDef kHours{"Hours", 0, 23, true, {}};
const FieldDef kDayOfMonth{"Day-of-month", 1, 31, true, {}};
const FieldDef kMonth{
    "Month",
    1,
    12,
    true,
    {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
const FieldDef kDayOfWeek{
    "Day-of-week", 1, 7, false, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};
const FieldDef kYear{"Year", kFirstYear, kLastYear, true, {}};

// A single value: a number or (for Month / Day-of-week) a name, within range.
// Returns an error detail on failure.
std::optional<std::string> ParseValue(const FieldDef& f, std::string_view s, int* out) {
  std::optional<int> value = ParseNumber(s);
  if (!value) {
    auto it = std::find(f.names.begin(), f.names.end(), s);
    if (it == f.names.end()) return std::string(f.name) + " value " + Quote(s) + " is not valid";
    value = f.min + static_cast<int>(it - f.names.begin());
  }
  if (*value < f.min || *value > f.max) {
    return std::string(f.name) + " value " + Quote(s) + " is out of range " +
           std::to_string(f.min) + "-" + std::to_string(f.max);
  }
  *out = *value;
  return std::nullopt;
}

// A comma-separated list of `*`, `a`, `a-b`, `*/s`, `a/s`, `a-b/s`. Sets
// bit (value - f.min) of `out`. Returns an error detail on failure.
std::optional<std::string> ParseList(const FieldDef& f, std::string_view field,
                                     std::vector<bool>* out) {
  out->assign(f.max - f.min + 1, false);
  for (std::string_view item : Split(field, ',')) {
    if (item.empty()) return std::string(f.name) + " field " + Quote(field) + " has an empty item";
    std::string_view base = item;
    int step = 1;
    auto slash = item.find('/');
    if (slash != std::string_view::npos) {
      if (!f.allows_step) return std::string(f.name) + " field does not allow '/'";
      base = item.substr(0, slash);
      std::optional<int> s = ParseNumber(item.substr(slash + 1));
      if (!s || *s < 1 || *s > f.max - f.min + 1) {
        return std::string(f.name) + " step in " + Quote(item) + " must be a number from 1 to " +
               std::to_string(f.max - f.min + 1);
      }
      step = *s;
    }
    int lo = f.min, hi = f.max;
    if (base == "*") {
      // the whole field
    } else if (auto dash = base.find('-'); dash != std::string_view::npos) {
      if (auto error = ParseValue(f, base.substr(0, dash), &lo)) return error;
      if (auto error = ParseValue(f, base.substr(dash + 1), &hi)) return error;
      if (lo > hi) return std::string(f.name) + " range " + Quote(base) + " is reversed";
    } else {
      if (auto error = ParseValue(f, base, &lo)) return error;
      // `a/s` runs from a to the end of the field; a lone `a` is just a.
      hi = slash != std::string_view::npos ? f.max : lo;
    }
    for (int v = lo; v <= hi; v += step) (*out)[v - f.min] = true;
  }
  return std::nullopt;
}

template <std::size_t N>
std::optional<std::string> ParseInto(const FieldDef& f, std::string_view field, std::bitset<N>* out,
                                     int bit_offset) {
  std::vector<bool> values;
  if (auto error = ParseList(f, field, &values)) return error;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i]) out->set(i + f.min - bit_offset);
  }
  return std::nullopt;
}

std::optional<std::string> ParseDayOfMonth(std::string_view field, CronSpec* spec) {
  if (field == "L") {
    spec->day_rule = CronDayRule::kLastDayOfMonth;
    return std::nullopt;
  }
  if (field == "LW") {
    spec->day_rule = CronDayRule::kLastWeekdayOfMonth;
    return std::nullopt;
  }
  if (field.size() > 1 && field.back() == 'W') {
    std::string_view day_text = field.substr(0, field.size() - 1);
    std::optional<int> n = ParseNumber(day_text);
    if (!n || *n < 1 || *n > 31) {
      return "Day-of-month " + Quote(field) + ": W needs a single day from 1 to 31 before it";
    }
    spec->day_rule = CronDayRule::kNearestWeekday;
    spec->n = *n;
    return std::nullopt;
  }
  if (field.find_first_of("LW") != std::string_view::npos) {
    return "Day-of-month " + Quote(field) + ": L, LW and nW must stand alone in the field";
  }
  spec->day_rule = CronDayRule::kDaysOfMonth;
  return ParseInto(kDayOfMonth, field, &spec->days, 0);
}

std::optional<std::string> ParseDayOfWeek(std::string_view field, CronSpec* spec) {
  // A lone L is the last day of the week: Saturday.
  if (field == "L") {
    spec->day_rule = CronDayRule::kDaysOfWeek;
    spec->days.set(7);
    return std::nullopt;
  }
  if (auto hash = field.find('#'); hash != std::string_view::npos) {
    if (field.find_first_of(",-L") != std::string_view::npos) {
      return "Day-of-week " + Quote(field) + ": '#' allows a single expression like 3#2";
    }
    int weekday = 0;
    if (auto error = ParseValue(kDayOfWeek, field.substr(0, hash), &weekday)) return error;
    std::optional<int> n = ParseNumber(field.substr(hash + 1));
    if (!n || *n < 1 || *n > 5) {
      return "Day-of-week " + Quote(field) + ": the occurrence after '#' must be 1-5";
    }
    spec->day_rule = CronDayRule::kNthWeekdayInMonth;
    spec->weekday = weekday;
    spec->n = *n;
    return std::nullopt;
  }
  if (field.size() > 1 && field.back() == 'L') {
    if (field.find_first_of(",-") != std::string_view::npos) {
      return "Day-of-week " + Quote(field) + ": 'L' allows a single day like 6L";
    }
    int weekday = 0;
    if (auto error = ParseValue(kDayOfWeek, field.substr(0, field.size() - 1), &weekday)) {
      return error;
    }
    spec->day_rule = CronDayRule::kLastWeekdayInMonth;
    spec->weekday = weekday;
    return std::nullopt;
  }
  if (field.find('L') != std::string_view::npos) {
    return "Day-of-week " + Quote(field) + ": 'L' must stand alone or follow a single day";
  }
  spec->day_rule = CronDayRule::kDaysOfWeek;
  return ParseInto(kDayOfWeek, field, &spec->days, 0);
}

Result<CronSpec> ParseCron(std::string_view text, std::string_view body) {
  std::string upper(body);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<std::string_view> fields = SplitWhitespace(upper);
  if (fields.size() != 6) {
    return Invalid(text,
                   "cron needs 6 fields (Minutes Hours Day-of-month Month Day-of-week "
                   "Year), got " +
                       std::to_string(fields.size()));
  }
  const std::array<const FieldDef*, 6> defs = {&kMinutes, &kHours,     &kDayOfMonth,
                                               &kMonth,   &kDayOfWeek, &kYear};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    bool day_field = i == 2 || i == 4;
    if (fields[i].find('?') != std::string_view::npos && (!day_field || fields[i] != "?")) {
      return Invalid(text, std::string(defs[i]->name) + " field " + Quote(fields[i]) +
                               (day_field ? ": '?' must stand alone"
                                          : ": '?' is only allowed in Day-of-month or "
                                            "Day-of-week"));
    }
    if (i != 4 && fields[i].find('#') != std::string_view::npos) {
      return Invalid(text, std::string(defs[i]->name) + " field does not allow '#'");
    }
  }
  bool dom_any = fields[2] == "?";
  bool dow_any = fields[4] == "?";
  if (dom_any == dow_any) {
    return Invalid(text, dom_any ? "Day-of-month and Day-of-week cannot both be '?'"
                                 : "one of Day-of-month or Day-of-week must be '?'");
  }
  CronSpec spec;
  std::optional<std::string> error = ParseInto(kMinutes, fields[0], &spec.minutes, 0);
  if (!error) error = ParseInto(kHours, fields[1], &spec.hours, 0);
  if (!error) error = ParseInto(kMonth, fields[3], &spec.months, 0);
  if (!error) error = ParseInto(kYear, fields[5], &spec.years, kFirstYear);
  if (!error) {
    error = dow_any ? ParseDayOfMonth(fields[2], &spec) : ParseDayOfWeek(fields[4], &spec);
  }
  if (error) return Invalid(text, *error);
  return spec;
}

// ---- cron evaluation ------------------------------------------------------

int DaysInMonth(int y, int m) {
  auto last = year_month_day{year{y} / month{static_cast<unsigned>(m)} / std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

// 1 = Sunday ... 7 = Saturday, as AWS counts.
int Weekday(int y, int m, int d) {
  sys_days date{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
  return static_cast<int>(std::chrono::weekday{date}.c_encoding()) + 1;
}

// Monday-Friday closest to day `d`, staying inside the month (Quartz rules).
int NearestWeekday(int y, int m, int d, int days_in_month) {
  int wd = Weekday(y, m, d);
  if (wd == 7) return d == 1 ? d + 2 : d - 1;              // Saturday
  if (wd == 1) return d == days_in_month ? d - 2 : d + 1;  // Sunday
  return d;
}

std::bitset<32> DaysMatching(const CronSpec& c, int y, int m) {
  const int dim = DaysInMonth(y, m);
  std::bitset<32> out;
  switch (c.day_rule) {
    case CronDayRule::kDaysOfMonth:
      for (int d = 1; d <= dim; ++d) out[d] = c.days[d];
      break;
    case CronDayRule::kLastDayOfMonth:
      out.set(dim);
      break;
    case CronDayRule::kLastWeekdayOfMonth:
      out.set(NearestWeekday(y, m, dim, dim));
      break;
    case CronDayRule::kNearestWeekday:
      // A day the month does not have (31W in April) does not fire that month.
      if (c.n <= dim) out.set(NearestWeekday(y, m, c.n, dim));
      break;
    case CronDayRule::kDaysOfWeek:
      for (int d = 1; d <= dim; ++d) out[d] = c.days[Weekday(y, m, d)];
      break;
    case CronDayRule::kLastWeekdayInMonth: {
      int d = dim;
      while (Weekday(y, m, d) != c.weekday) --d;
      out.set(d);
      break;
    }
    case CronDayRule::kNthWeekdayInMonth: {
      int first = 1 + (c.weekday - Weekday(y, m, 1) + 7) % 7;
      int d = first + 7 * (c.n - 1);
      if (d <= dim) out.set(d);
      break;
    }
  }
  return out;
}

// First matching (hour, minute) at or after (h0, m0) on a matching day.
std::optional<std::pair<int, int>> FirstTimeOfDay(const CronSpec& c, int h0, int m0) {
  for (int h = h0; h < 24; ++h) {
    if (!c.hours[h]) continue;
    for (int mi = h == h0 ? m0 : 0; mi < 60; ++mi) {
      if (c.minutes[mi]) return std::make_pair(h, mi);
    }
  }
  return std::nullopt;
}

std::optional<TimePoint> NextCron(const CronSpec& c, TimePoint t) {
  using std::chrono::floor;
  auto start = floor<std::chrono::minutes>(t) + std::chrono::minutes(1);
  const auto epoch = sys_days{year{kFirstYear} / 1 / 1};
  if (start < epoch) start = epoch;
  const sys_days start_day = floor<std::chrono::days>(start);
  const year_month_day ymd{start_day};
  const auto since_midnight = std::chrono::duration_cast<std::chrono::minutes>(start - start_day);

  int y = static_cast<int>(ymd.year());
  int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
  int d = static_cast<int>(static_cast<unsigned>(ymd.day()));
  int h = static_cast<int>(since_midnight.count() / 60);
  int mi = static_cast<int>(since_midnight.count() % 60);
  // Each loop resets the smaller units when it moves on, so only the first
  // candidate day is bounded below by `start`.
  for (; y <= kLastYear; ++y, m = 1, d = 1, h = 0, mi = 0) {
    if (!c.years[y - kFirstYear]) continue;
    for (; m <= 12; ++m, d = 1, h = 0, mi = 0) {
      if (!c.months[m]) continue;
      std::bitset<32> days = DaysMatching(c, y, m);
      for (; d <= 31; ++d, h = 0, mi = 0) {
        if (!days[d]) continue;
        if (auto hm = FirstTimeOfDay(c, h, mi)) {
          sys_days date{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
          return std::chrono::time_point_cast<Duration>(date + std::chrono::hours(hm->first) +
                                                        std::chrono::minutes(hm->second));
        }
      }
    }
  }
  return std::nullopt;
}

// ---- rate and at ----------------------------------------------------------

Result<Duration> ParseRate(std::string_view text, std::string_view body) {
  std::vector<std::string_view> parts = SplitWhitespace(body);
  if (parts.size() != 2)
    return Invalid(text, "rate needs a value and a unit, e.g. rate(5 minutes)");
  std::optional<int> value = ParseNumber(parts[0]);
  if (!value || *value < 1) {
    return Invalid(text, "rate value " + Quote(parts[0]) + " must be a positive whole number");
  }
  struct Unit {
    std::string_view singular, plural;
    Duration length;
  };
  static const Unit kUnits[] = {{"minute", "minutes", std::chrono::minutes(1)},
                                {"hour", "hours", std::chrono::hours(1)},
                                {"day", "days", std::chrono::hours(24)}};
  for (const Unit& unit : kUnits) {
    if (parts[1] != unit.singular && parts[1] != unit.plural) continue;
    std::string_view expected = *value == 1 ? unit.singular : unit.plural;
    if (parts[1] != expected) {
      return Invalid(text, "rate unit must be " + Quote(expected) + " when the value is " +
                               (*value == 1 ? "1" : "greater than 1"));
    }
    return *value * unit.length;
  }
  return Invalid(text, "rate unit " + Quote(parts[1]) + " must be minute(s), hour(s) or day(s)");
}

Result<TimePoint> ParseAt(std::string_view text, std::string_view body) {
  // yyyy-mm-ddThh:mm:ss, nothing more.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  bool shaped = body.size() == kShape.size();
  for (std::size_t i = 0; shaped && i < kShape.size(); ++i) {
    shaped = kShape[i] == 'd' ? (body[i] >= '0' && body[i] <= '9') : body[i] == kShape[i];
  }
  if (!shaped) return Invalid(text, "at needs yyyy-mm-ddThh:mm:ss, got " + Quote(body));
  int y = *ParseNumber(body.substr(0, 4));
  int mo = *ParseNumber(body.substr(5, 2));
  int d = *ParseNumber(body.substr(8, 2));
  int h = *ParseNumber(body.substr(11, 2));
  int mi = *ParseNumber(body.substr(14, 2));
  int s = *ParseNumber(body.substr(17, 2));
  year_month_day date{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}};
  if (!date.ok()) return Invalid(text, "at date " + Quote(body.substr(0, 10)) + " does not exist");
  if (h > 23 || mi > 59 || s > 59) {
    return Invalid(text, "at time " + Quote(body.substr(11)) + " is not a valid time of day");
  }
  return std::chrono::time_point_cast<Duration>(sys_days{date} + std::chrono::hours(h) +
                                                std::chrono::minutes(mi) + std::chrono::seconds(s));
}

}  // namespace

Result<ScheduleExpression> ScheduleExpression::Parse(std::string_view text) {
  std::string_view trimmed = Trim(text);
  auto open = trimmed.find('(');
  if (open == std::string_view::npos || trimmed.back() != ')') {
    return Invalid(text, "expected cron(...), rate(...) or at(...)");
  }
  std::string_view kind = trimmed.substr(0, open);
  std::string_view body = Trim(trimmed.substr(open + 1, trimmed.size() - open - 2));
  ScheduleExpression out;
  out.text = std::string(trimmed);
  if (kind == "cron") {
    Result<CronSpec> spec = ParseCron(text, body);
    if (!spec.ok()) return spec.error();
    out.kind = Kind::kCron;
    out.cron = *spec;
  } else if (kind == "rate") {
    Result<Duration> period = ParseRate(text, body);
    if (!period.ok()) return period.error();
    out.kind = Kind::kRate;
    out.period = *period;
  } else if (kind == "at") {
    Result<TimePoint> at = ParseAt(text, body);
    if (!at.ok()) return at.error();
    out.kind = Kind::kAt;
    out.at = *at;
  } else {
    return Invalid(text, "unknown schedule type " + Quote(kind) + "; expected cron, rate or at");
  }
  return out;
}

std::optional<TimePoint> ScheduleExpression::NextAfter(TimePoint t, TimePoint anchor) const {
  switch (kind) {
    case Kind::kCron:
      return NextCron(cron, t);
    case Kind::kRate: {
      if (t < anchor) return anchor;
      auto periods = (t - anchor) / period + 1;
      return anchor + periods * period;
    }
    case Kind::kAt:
      if (at > t) return at;
      return std::nullopt;
  }
  return std::nullopt;
}

// ---- Scheduler ------------------------------------------------------------

Scheduler::~Scheduler() {
  for (auto& [id, entry] : entries_) {
    if (entry.timer != 0) clock_.Cancel(entry.timer);
  }
}

ScheduleId Scheduler::Add(ScheduleExpression expression,
                          std::function<void(TimePoint fire_time)> fn,
                          std::optional<TimePoint> anchor) {
  ScheduleId id = next_id_++;
  TimePoint now = clock_.Now();
  Entry entry;
  entry.expression = std::move(expression);
  entry.anchor = anchor.value_or(now);
  entry.fn = std::make_shared<std::function<void(TimePoint)>>(std::move(fn));
  entries_.emplace(id, std::move(entry));
  Arm(id, now);
  return id;
}

bool Scheduler::Remove(ScheduleId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return false;
  if (it->second.timer != 0) clock_.Cancel(it->second.timer);
  entries_.erase(it);
  return true;
}

std::optional<TimePoint> Scheduler::NextFireTime(ScheduleId id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return it->second.next;
}

void Scheduler::Arm(ScheduleId id, TimePoint after) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  std::optional<TimePoint> next = entry.expression.NextAfter(after, entry.anchor);
  if (!next) {
    entries_.erase(it);
    return;
  }
  entry.next = *next;
  entry.timer = clock_.ScheduleAt(*next, [this, id, when = *next] { Fire(id, when); });
}

void Scheduler::Fire(ScheduleId id, TimePoint fire_time) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  it->second.timer = 0;
  auto fn = it->second.fn;
  // Re-arm first so the callback sees the schedule's next fire time and may
  // Remove it. A clock that jumped past several occurrences fires once, here.
  Arm(id, std::max(fire_time, clock_.Now()));
  (*fn)(fire_time);
}

}  // namespace sim
