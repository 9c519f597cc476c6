#include "sim/aws/wire_scalar.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "sim/aws/http_message.h"
#include "sim/aws/timestamp_format.h"
#include "sim/aws/value_shaping.h"

namespace sim::aws {
namespace {

bool ParseInteger(std::string_view text, long long min, long long max, nlohmann::json* out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseFloating(std::string_view text, nlohmann::json* out) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

}  // namespace

bool ParseScalarText(const Shape& shape, std::string_view text, nlohmann::json* out,
                     const char** expected) {
  switch (shape.type) {
    case ShapeType::kString:
    case ShapeType::kUnknown:
      *out = std::string(text);
      return true;
    case ShapeType::kBoolean:
      if (EqualsIgnoreCase(text, "true")) return *out = true, true;
      if (EqualsIgnoreCase(text, "false")) return *out = false, true;
      *expected = "a boolean (true or false)";
      return false;
    case ShapeType::kInteger:
      *expected = "an integer";
      return ParseInteger(text, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                          out);
    case ShapeType::kLong:
      *expected = "an integer";
      return ParseInteger(text, std::numeric_limits<long long>::min(),
                          std::numeric_limits<long long>::max(), out);
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      *expected = "a number";
      return ParseFloating(text, out);
    case ShapeType::kTimestamp:
      if (auto t = ParseTimestampText(text)) return *out = *t, true;
      *expected = "a timestamp";
      return false;
    case ShapeType::kBlob:
      if (IsBase64(text)) return *out = std::string(text), true;
      *expected = "base64-encoded binary data";
      return false;
    case ShapeType::kStructure:
    case ShapeType::kList:
    case ShapeType::kMap:
      break;
  }
  *expected = "a single value";
  return false;
}

std::string ScalarText(const Shape& shape, const nlohmann::json& value,
                       std::string_view timestamp_format) {
  if (value.is_string()) return value.get<std::string>();
  switch (shape.type) {
    case ShapeType::kBoolean:
      if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
      break;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (value.is_number_float()) return std::to_string(std::llround(value.get<double>()));
      break;
    case ShapeType::kTimestamp:
      if (value.is_number()) return FormatTimestampText(value.get<double>(), timestamp_format);
      break;
    default:
      break;
  }
  return value.dump();
}

}  // namespace sim::aws
