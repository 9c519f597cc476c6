#include "sim/aws/value_shaping.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "sim/aws/text.h"
#include "sim/core/clock.h"

namespace sim::aws {
namespace {

using nlohmann::json;

Error Mismatch(const std::string& path, const char* expected) {
  return MakeError("SerializationException",
                   "Unexpected value type at '" + path + "': expected " + expected, 400);
}

// Writes the shaped value into `out`; returns false (and sets `error`) on mismatch.
bool ShapeValue(const Shape& shape, const json& in, const std::string& path, json& out,
           Error& error) {
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!in.is_object()) return error = Mismatch(path, "an object"), false;
      out = json::object();
      for (const auto& member : shape.members) {
        auto it = in.find(member.WireName());
        if (it == in.end() || it->is_null()) continue;
        if (!ShapeValue(*member.shape, *it, JoinPath(path, member.name), out[member.name], error))
          return false;
      }
      return true;
    }
    case ShapeType::kList: {
      if (!in.is_array()) return error = Mismatch(path, "a list"), false;
      out = json::array();
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i].is_null()) continue;
        json item;
        if (!ShapeValue(*shape.member.shape, in[i], path + "[" + std::to_string(i) + "]", item, error))
          return false;
        out.push_back(std::move(item));
      }
      return true;
    }
    case ShapeType::kMap: {
      if (!in.is_object()) return error = Mismatch(path, "a map"), false;
      out = json::object();
      for (auto& [k, v] : in.items()) {
        if (v.is_null()) continue;
        if (!ShapeValue(*shape.value.shape, v, JoinPath(path, k), out[k], error)) return false;
      }
      return true;
    }
    case ShapeType::kString:
      if (!in.is_string()) return error = Mismatch(path, "a string"), false;
      out = in;
      return true;
    case ShapeType::kBoolean:
      if (!in.is_boolean()) return error = Mismatch(path, "a boolean"), false;
      out = in;
      return true;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (in.is_number_integer()) return out = in, true;
      if (in.is_number_float() && std::floor(in.get<double>()) == in.get<double>() &&
          std::fabs(in.get<double>()) < 9.2e18)
        return out = static_cast<long long>(in.get<double>()), true;
      return error = Mismatch(path, "an integer"), false;
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (!in.is_number()) return error = Mismatch(path, "a number"), false;
      out = in;
      return true;
    case ShapeType::kTimestamp: {
      if (in.is_number()) return out = in, true;
      TimePoint t;
      if (in.is_string() && ParseIso8601(in.get<std::string>(), &t))
        return out = ToEpochSeconds(t), true;
      return error = Mismatch(path, "a timestamp"), false;
    }
    case ShapeType::kBlob:
      if (!in.is_string() || !IsBase64(in.get_ref<const std::string&>()))
        return error = Mismatch(path, "base64-encoded binary data"), false;
      out = in;
      return true;
    case ShapeType::kUnknown:
      out = in;
      return true;
  }
  return true;
}

}  // namespace

bool IsBase64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '=') {
      if (i + 2 < text.size()) return false;
      ++pad;
    } else if (pad > 0 || !(alnum || c == '+' || c == '/')) {
      return false;
    }
  }
  return pad <= 2;
}

Result<nlohmann::json> ShapeJsonValue(const Shape& shape, const nlohmann::json& value) {
  json out;
  Error error;
  if (!ShapeValue(shape, value, "", out, error)) return error;
  return out;
}

}  // namespace sim::aws
