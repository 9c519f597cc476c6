#include "sim/aws/timestamp_format.h"

#include "sim/aws/sigv4.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/aws/http_message.h"
#include "sim/core/clock.h"

namespace sim::aws {
namespace {

constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<double> ParseEpochText(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  bool digit_seen = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      digit_seen = true;
    } else if (!(c == '.' || (c == '-' && i == 0))) {
      return std::nullopt;
    }
  }
  if (!digit_seen) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

std::string_view TimestampFormatOf(const Member& member, std::string_view fallback) {
  if (!member.timestamp_format.empty()) return member.timestamp_format;
  if (member.shape && !member.shape->timestamp_format.empty())
    return member.shape->timestamp_format;
  return fallback;
}

std::string FormatHttpDate(double epoch_seconds) {
  auto secs = static_cast<long long>(std::floor(epoch_seconds));
  auto days =
      std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{secs}});
  std::chrono::year_month_day date{days};
  long long in_day = secs - std::chrono::sys_seconds{days}.time_since_epoch().count();
  unsigned weekday = std::chrono::weekday{days}.c_encoding();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02lld:%02lld:%02lld GMT",
                kWeekdays[weekday].data(), static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1].data(),
                static_cast<int>(date.year()), in_day / 3600, in_day / 60 % 60, in_day % 60);
  return buf;
}

std::optional<double> ParseTimestampText(std::string_view text) {
  TimePoint t;
  if (text.size() >= 19 && text[4] == '-' && ParseIso8601(std::string(text), &t))
    return ToEpochSeconds(t);
  if (auto epoch = ParseEpochText(text)) return epoch;
  if (auto t = ParseHttpDate(text)) return ToEpochSeconds(*t);  // sigv4.h: RFC 7231 dates
  return std::nullopt;
}

std::string FormatTimestampText(double epoch_seconds, std::string_view format) {
  if (EqualsIgnoreCase(format, kUnixTimestamp)) {
    char buf[48];
    double whole = std::floor(epoch_seconds);
    if (whole == epoch_seconds) {
      std::snprintf(buf, sizeof buf, "%.0f", epoch_seconds);
    } else {
      std::snprintf(buf, sizeof buf, "%.3f", epoch_seconds);
      std::string s(buf);
      while (s.back() == '0') s.pop_back();  // "12.500" -> "12.5"
      return s;
    }
    return buf;
  }
  if (EqualsIgnoreCase(format, kRfc822)) return FormatHttpDate(epoch_seconds);
  return FormatIso8601(FromEpochSeconds(epoch_seconds));
}

}  // namespace sim::aws
