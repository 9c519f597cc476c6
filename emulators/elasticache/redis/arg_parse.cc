#include "emulators/elasticache/redis/arg_parse.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <climits>
#include <cstdlib>

#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/resp/resp_parser.h"

namespace sim::elasticache::redis {

namespace {
// MAX_LONG_DOUBLE_CHARS in Redis.
constexpr std::size_t kMaxLongDoubleChars = 5 * 1024;
}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<std::int64_t> ParseInt64(std::string_view text) {
  std::optional<std::int64_t> value = ParseRedisInteger(text);
  if (!value) return NotIntegerError();
  return *value;
}

Result<long double> ParseLongDouble(std::string_view text) {
  if (text.empty() || text.size() >= kMaxLongDoubleChars) return NotFloatError();
  std::string buf(text);  // strtold needs a terminator
  if (std::isspace(static_cast<unsigned char>(buf[0]))) return NotFloatError();
  char* end = nullptr;
  errno = 0;
  long double value = std::strtold(buf.c_str(), &end);
  if (static_cast<std::size_t>(end - buf.c_str()) != buf.size()) return NotFloatError();
  if (errno == ERANGE && (value == HUGE_VALL || value == -HUGE_VALL || value == 0)) {
    return NotFloatError();
  }
  if (std::isnan(value)) return NotFloatError();
  return value;
}

Result<std::int64_t> ParseBlockTimeout(std::string_view text, std::int64_t now_ms) {
  Result<long double> seconds = ParseLongDouble(text);
  if (!seconds.ok()) return RedisError("timeout is not a float or out of range");
  long double ms = *seconds * 1000.0L;
  if (ms > static_cast<long double>(LLONG_MAX)) return RedisError("timeout is out of range");
  auto timeout = static_cast<long long>(std::ceil(ms));
  if (timeout < 0) return RedisError("timeout is negative");
  if (timeout == 0) return std::int64_t{0};
  if (timeout > LLONG_MAX - now_ms) return RedisError("timeout is out of range");
  return static_cast<std::int64_t>(timeout + now_ms);
}

std::string FormatLongDoubleHuman(long double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // The widest finite long double prints as about 4950 digits in %Lf.
  char buf[5120];
  int written = std::snprintf(buf, sizeof buf, "%.17Lf", value);
  std::string out(buf, static_cast<std::size_t>(std::clamp(written, 0, static_cast<int>(sizeof buf) - 1)));
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

}  // namespace sim::elasticache::redis
