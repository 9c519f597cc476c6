#include "sim/aws/validate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "sim/aws/text.h"

namespace sim::aws {
namespace {

using nlohmann::json;

std::string FormatNumber(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

constexpr std::size_t kMaxPatternInput = 4096;

// Cuts `s` to at most `n` bytes without splitting a UTF-8 character.
std::string Utf8Prefix(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

class Validator {
 public:
  void Check(const Shape& shape, const json& value, const std::string& path) {
    switch (shape.type) {
      case ShapeType::kStructure:
        CheckStructure(shape, value, path);
        break;
      case ShapeType::kList:
        if (!value.is_array()) return;
        CheckLength(shape, value, value.size(), path);
        for (std::size_t i = 0; i < value.size(); ++i)
          Check(*shape.member.shape, value[i], path + "." + std::to_string(i + 1) + ".member");
        break;
      case ShapeType::kMap:
        if (!value.is_object()) return;
        CheckLength(shape, value, value.size(), path);
        for (auto& [k, v] : value.items()) {
          Check(*shape.key.shape, json(k), path + ".key");
          Check(*shape.value.shape, v, path + "." + k + ".value");
        }
        break;
      case ShapeType::kString:
        if (!value.is_string()) return;
        CheckString(shape, value, path);
        break;
      case ShapeType::kBlob:
        // Lengths of blobs apply to decoded bytes; base64 text is ~4/3 of that.
        if (value.is_string() && shape.max) {
          std::size_t decoded = value.get_ref<const std::string&>().size() / 4 * 3;
          if (decoded > *shape.max + 2)
            Fail(shape, value, path, "Member must have length less than or equal to " + FormatNumber(*shape.max));
        }
        break;
      case ShapeType::kInteger:
      case ShapeType::kLong:
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        if (!value.is_number()) return;
        if (shape.min && value.get<double>() < *shape.min)
          Fail(shape, value, path, "Member must have value greater than or equal to " + FormatNumber(*shape.min));
        if (shape.max && value.get<double>() > *shape.max)
          Fail(shape, value, path, "Member must have value less than or equal to " + FormatNumber(*shape.max));
        break;
      default:
        break;
    }
  }

  Status Result() const {
    if (errors_.empty()) return Ok();
    std::string message = std::to_string(errors_.size()) + " validation error" +
                          (errors_.size() == 1 ? "" : "s") + " detected: ";
    for (std::size_t i = 0; i < errors_.size(); ++i) message += (i ? "; " : "") + errors_[i];
    return MakeError("ValidationException", message, 400);
  }

 private:
  void CheckStructure(const Shape& shape, const json& value, const std::string& path) {
    if (!value.is_object()) return;
    for (const auto& required : shape.required) {
      if (!value.contains(required))
        errors_.push_back("Value null at '" + JoinPath(path, LowerCamel(required)) +
                          "' failed to satisfy constraint: Member must not be null");
    }
    for (const auto& member : shape.members) {
      auto it = value.find(member.name);
      if (it != value.end()) Check(*member.shape, *it, JoinPath(path, LowerCamel(member.name)));
    }
  }

  void CheckLength(const Shape& shape, const json& value, std::size_t length, const std::string& path) {
    if (shape.min && length < *shape.min)
      Fail(shape, value, path, "Member must have length greater than or equal to " + FormatNumber(*shape.min));
    if (shape.max && length > *shape.max)
      Fail(shape, value, path, "Member must have length less than or equal to " + FormatNumber(*shape.max));
  }

  void CheckString(const Shape& shape, const json& value, const std::string& path) {
    const auto& s = value.get_ref<const std::string&>();
    std::size_t errors_before = errors_.size();
    CheckLength(shape, value, Utf8Length(s), path);
    // std::regex recurses per character: never run it on a value that already
    // failed its length check, or on one long enough to exhaust the stack.
    bool may_match = errors_.size() == errors_before && s.size() <= kMaxPatternInput;
    if (!shape.enum_values.empty() &&
        std::find(shape.enum_values.begin(), shape.enum_values.end(), s) == shape.enum_values.end()) {
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      Fail(shape, value, path, "Member must satisfy enum value set: [" + set + "]");
    }
    if (const std::regex* re = shape.PatternRegex(); re && may_match && !std::regex_match(s, *re))
      Fail(shape, value, path, "Member must satisfy regular expression pattern: " + shape.pattern);
  }

  void Fail(const Shape& shape, const json& value, const std::string& path,
            const std::string& constraint) {
    // Sensitive values are never echoed back; AWS leaves the value out too.
    std::string shown;
    if (!shape.sensitive) {
      shown = value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump();
      if (shown.size() > 256) shown = Utf8Prefix(shown, 256) + "...";
      shown += " ";
    }
    errors_.push_back("Value " + shown + "at '" + path + "' failed to satisfy constraint: " + constraint);
  }

  std::vector<std::string> errors_;
};

}  // namespace

Status ValidateInput(const Shape& shape, const nlohmann::json& value) {
  Validator v;
  v.Check(shape, value, "");
  return v.Result();
}

}  // namespace sim::aws
