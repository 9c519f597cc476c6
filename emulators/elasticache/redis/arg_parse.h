#pragma once
// Reading numbers and keywords from command arguments the way Redis does
// (getLongLongFromObject, getLongDoubleFromObject, strcasecmp).

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/result.h"

namespace sim::elasticache::redis {

// ASCII case-insensitive comparison, for option keywords.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLowerAscii(std::string_view text);

// Strict int64 (string2ll); "ERR value is not an integer or out of range" otherwise.
Result<std::int64_t> ParseInt64(std::string_view text);
// Redis's string2ld: strtold of the whole text, no leading space, no NaN,
// no overflow; "ERR value is not a valid float" otherwise.
Result<long double> ParseLongDouble(std::string_view text);
// A blocking command's timeout in seconds (a float, Redis 7's
// getTimeoutFromObjectOrReply) as an absolute deadline in Unix ms, or 0 for
// "wait forever". Errors: "timeout is not a float or out of range",
// "timeout is negative", "timeout is out of range".
Result<std::int64_t> ParseBlockTimeout(std::string_view text, std::int64_t now_ms);
// ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and dot) removed.
std::string FormatLongDoubleHuman(long double value);

}  // namespace sim::elasticache::redis
