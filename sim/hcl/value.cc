#include "sim/hcl/value.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace sim::hcl {

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& fields = AsObject();
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : &it->second;
}

std::string_view Value::TypeName() const {
  switch (kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "bool";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kList:
      return "tuple";
    case Kind::kObject:
      return "object";
  }
  return "unknown";
}

bool Value::operator==(const Value& other) const {
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return AsBool() == other.AsBool();
    case Kind::kNumber:
      return AsNumber() == other.AsNumber();
    case Kind::kString:
      return AsString() == other.AsString();
    case Kind::kList:
      return AsList() == other.AsList();
    case Kind::kObject:
      return AsObject() == other.AsObject();
  }
  return false;
}

nlohmann::json Value::ToJson() const {
  switch (kind()) {
    case Kind::kNull:
      return nullptr;
    case Kind::kBool:
      return AsBool();
    case Kind::kNumber: {
      double n = AsNumber();
      if (!std::isfinite(n)) return nullptr;
      // 2^63 bounds the exactly representable int64 range of a double.
      if (std::trunc(n) == n && std::fabs(n) < 9.2e18) return static_cast<std::int64_t>(n);
      return n;
    }
    case Kind::kString:
      return AsString();
    case Kind::kList: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& item : AsList()) out.push_back(item.ToJson());
      return out;
    }
    case Kind::kObject: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, item] : AsObject()) out[key] = item.ToJson();
      return out;
    }
  }
  return nullptr;
}

Value Value::FromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Value();
    case nlohmann::json::value_t::boolean:
      return Value(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value(static_cast<double>(json.get<std::int64_t>()));
    case nlohmann::json::value_t::number_unsigned:
      return Value(static_cast<double>(json.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float:
      return Value(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      List items;
      items.reserve(json.size());
      for (const auto& item : json) items.push_back(FromJson(item));
      return Value(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Object fields;
      for (const auto& [key, item] : json.items()) fields.emplace(key, FromJson(item));
      return Value(std::move(fields));
    }
    case nlohmann::json::value_t::binary:
      return Value();
  }
  return Value();
}

std::string FormatNumber(double n) {
  if (n == 0) return "0";  // also turns -0 into "0"
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "+Inf" : "-Inf";
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n, std::chars_format::fixed);
  if (ec != std::errc()) return std::to_string(n);
  return std::string(buf, end);
}

std::optional<std::string> ConvertToString(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return v.AsString();
    case Value::Kind::kNumber:
      return FormatNumber(v.AsNumber());
    case Value::Kind::kBool:
      return std::string(v.AsBool() ? "true" : "false");
    default:
      return std::nullopt;
  }
}

std::optional<double> ConvertToNumber(const Value& v) {
  if (v.is_number()) return v.AsNumber();
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.AsString();
  if (s.empty()) return std::nullopt;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (*begin == '+') ++begin;  // from_chars rejects a leading '+'
  for (const char* c = begin; c != end; ++c) {
    // from_chars also takes "inf", "nan" and hex floats, which HCL does not.
    if (std::isalpha(static_cast<unsigned char>(*c)) && *c != 'e' && *c != 'E') return std::nullopt;
  }
  double out = 0;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

std::optional<bool> ConvertToBool(const Value& v) {
  if (v.is_bool()) return v.AsBool();
  if (v.is_string()) {
    if (v.AsString() == "true") return true;
    if (v.AsString() == "false") return false;
  }
  return std::nullopt;
}

}  // namespace sim::hcl
