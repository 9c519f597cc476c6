#include "sim/aws/query_params.h"

#include <map>

#include <nlohmann/json.hpp>

#include "sim/aws/wire_scalar.h"

namespace sim::aws {
namespace {

using nlohmann::json;

enum class Found { kAbsent, kValue, kError };

class QueryReader {
 public:
  explicit QueryReader(const QueryParameters& params) {
    for (const auto& [k, v] : params) params_[k] = v;
  }

  Found ReadStructure(const Shape& shape, const std::string& prefix, json& out) {
    out = json::object();
    bool any = false;
    for (const Member& m : shape.members) {
      std::string key = prefix.empty() ? m.WireName() : prefix + "." + m.WireName();
      json value;
      switch (ReadValue(m, key, value)) {
        case Found::kError:
          return Found::kError;
        case Found::kValue:
          out[m.name] = std::move(value);
          any = true;
          break;
        case Found::kAbsent:
          break;
      }
    }
    return any ? Found::kValue : Found::kAbsent;
  }

  const Error& error() const { return error_; }

 private:
  Found ReadValue(const Member& member, const std::string& key, json& out) {
    const Shape& shape = *member.shape;
    switch (shape.type) {
      case ShapeType::kStructure:
        // Checking first keeps recursive shapes from recursing forever.
        return HasKeysUnder(key) ? ReadStructure(shape, key, out) : Found::kAbsent;
      case ShapeType::kList:
        return ReadList(member, key, out);
      case ShapeType::kMap:
        return ReadMap(member, key, out);
      default: {
        auto it = params_.find(key);
        if (it == params_.end()) return Found::kAbsent;
        const char* expected = "";
        if (ParseScalarText(shape, it->second, &out, &expected)) return Found::kValue;
        error_ = MakeError(
            "InvalidParameterValue",
            "Invalid value '" + it->second + "' for parameter " + key + ": expected " + expected,
            400);
        return Found::kError;
      }
    }
  }

  Found ReadList(const Member& member, const std::string& key, json& out) {
    const Shape& shape = *member.shape;
    const Member& item = shape.member;
    std::string list_prefix;
    if (member.flattened || shape.flattened) {
      list_prefix = key;
      if (!item.location_name.empty()) {
        // botocore replaces the last name component with the item's name.
        auto dot = key.rfind('.');
        list_prefix = (dot == std::string::npos ? "" : key.substr(0, dot + 1)) + item.location_name;
      }
    } else {
      list_prefix = key + "." + (item.location_name.empty() ? "member" : item.location_name);
    }
    out = json::array();
    bool any_items = HasKeysUnder(list_prefix);
    for (std::size_t i = 1; any_items; ++i) {
      json value;
      Found found = ReadValue(item, list_prefix + "." + std::to_string(i), value);
      if (found == Found::kError) return found;
      if (found == Found::kAbsent) break;
      out.push_back(std::move(value));
    }
    if (!out.empty()) return Found::kValue;
    // An empty list travels as "Name=" with no items.
    auto it = params_.find(key);
    return it != params_.end() && it->second.empty() ? Found::kValue : Found::kAbsent;
  }

  Found ReadMap(const Member& member, const std::string& key, json& out) {
    const Shape& shape = *member.shape;
    std::string prefix = member.flattened || shape.flattened ? key : key + ".entry";
    const std::string& key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    const std::string& value_name =
        shape.value.location_name.empty() ? "value" : shape.value.location_name;
    out = json::object();
    bool any_entries = HasKeysUnder(prefix);
    for (std::size_t i = 1; any_entries; ++i) {
      std::string entry = prefix + "." + std::to_string(i) + ".";
      auto k = params_.find(entry + key_name);
      if (k == params_.end()) break;
      json value;
      Found found = ReadValue(shape.value, entry + value_name, value);
      if (found == Found::kError) return found;
      if (found == Found::kValue) out[k->second] = std::move(value);
    }
    return out.empty() ? Found::kAbsent : Found::kValue;
  }

  // True when some parameter is named `prefix` or starts with `prefix` + ".".
  bool HasKeysUnder(const std::string& prefix) const {
    if (params_.count(prefix)) return true;
    std::string dotted = prefix + ".";
    auto it = params_.lower_bound(dotted);
    return it != params_.end() && it->first.compare(0, dotted.size(), dotted) == 0;
  }

  std::map<std::string, std::string, std::less<>> params_;
  Error error_;
};

}  // namespace

Result<json> ParseQueryParameters(const Shape& shape, const QueryParameters& params) {
  QueryReader reader(params);
  json out;
  if (reader.ReadStructure(shape, "", out) == Found::kError) return reader.error();
  return out;
}

}  // namespace sim::aws
