#pragma once
// Timestamps on the wire. Inside the sim they are epoch seconds (service.h);
// AWS writes them as ISO-8601 text, epoch-second numbers or RFC 822 HTTP
// dates depending on where they travel and the model's timestampFormat.

#include <optional>
#include <string>
#include <string_view>

#include "sim/aws/model.h"

namespace sim::aws {

// botocore's timestampFormat names (compared case-insensitively).
inline constexpr std::string_view kIso8601 = "iso8601";
inline constexpr std::string_view kUnixTimestamp = "unixTimestamp";
inline constexpr std::string_view kRfc822 = "rfc822";

// The format in force for `member`: its own trait, its shape's, or `fallback`.
std::string_view TimestampFormatOf(const Member& member, std::string_view fallback);

// Epoch seconds from ISO-8601 ("2026-11-27T20:00:00Z", fraction optional),
// epoch seconds ("1795809600", "1795809600.5") or an HTTP date
// ("Fri, 27 Nov 2026 20:00:00 GMT"); nullopt when the text is none of them.
std::optional<double> ParseTimestampText(std::string_view text);

// Text of `epoch_seconds` in `format`: ISO-8601 with milliseconds
// ("2026-11-27T20:00:00.000Z"), epoch seconds ("1795809600", fraction only
// when there is one) or an HTTP date. Unknown formats fall back to ISO-8601.
std::string FormatTimestampText(double epoch_seconds, std::string_view format);

// "Fri, 27 Nov 2026 20:00:00 GMT" (RFC 7231 IMF-fixdate).
std::string FormatHttpDate(double epoch_seconds);

}  // namespace sim::aws
