#include "sim/aws/json_wire.h"

#include <nlohmann/json.hpp>

#include "sim/aws/http_message.h"
#include "sim/aws/timestamp_format.h"

namespace sim::aws {
namespace {

using nlohmann::json;

json WireValue(const Member& member, const json& value) {
  const Shape& shape = *member.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      return ToWireJson(shape, value, /*body_only=*/false);
    case ShapeType::kList: {
      if (!value.is_array()) return value;
      json out = json::array();
      for (const auto& item : value)
        if (!item.is_null()) out.push_back(WireValue(shape.member, item));
      return out;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return value;
      json out = json::object();
      for (auto& [k, v] : value.items())
        if (!v.is_null()) out[k] = WireValue(shape.value, v);
      return out;
    }
    case ShapeType::kTimestamp: {
      std::string_view format = TimestampFormatOf(member, kUnixTimestamp);
      if (!value.is_number() || EqualsIgnoreCase(format, kUnixTimestamp)) return value;
      return FormatTimestampText(value.get<double>(), format);
    }
    default:
      return value;
  }
}

}  // namespace

json ToWireJson(const Shape& shape, const json& value, bool body_only) {
  if (shape.type != ShapeType::kStructure || !value.is_object()) {
    Member m;
    m.shape = &shape;
    return shape.type == ShapeType::kStructure ? value : WireValue(m, value);
  }
  json out = json::object();
  for (const Member& m : shape.members) {
    if (body_only && !m.location.empty()) continue;
    auto it = value.find(m.name);
    if (it == value.end() || it->is_null()) continue;
    out[m.WireName()] = WireValue(m, *it);
  }
  return out;
}

}  // namespace sim::aws
