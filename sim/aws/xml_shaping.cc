#include "sim/aws/xml_shaping.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "sim/aws/timestamp_format.h"
#include "sim/aws/wire_scalar.h"

namespace sim::aws {
namespace {

using nlohmann::json;

constexpr std::string_view kMemberName = "member";
constexpr std::string_view kEntryName = "entry";
constexpr std::string_view kKeyName = "key";
constexpr std::string_view kValueName = "value";

bool IsFlattened(const Member& member) { return member.flattened || member.shape->flattened; }

std::string_view ItemName(const Member& list_item) {
  return list_item.location_name.empty() ? kMemberName : list_item.location_name;
}
std::string_view KeyName(const Shape& map) {
  return map.key.location_name.empty() ? kKeyName : map.key.location_name;
}
std::string_view ValueName(const Shape& map) {
  return map.value.location_name.empty() ? kValueName : map.value.location_name;
}

// ---- writing ----

void WriteValue(XmlWriter& w, const Member& member, const json& value, std::string_view name);

void WriteMapEntries(XmlWriter& w, const Shape& map, const json& value, std::string_view name) {
  for (auto& [k, v] : value.items()) {
    if (v.is_null()) continue;
    w.StartElement(name);
    w.Element(KeyName(map), k);
    WriteValue(w, map.value, v, ValueName(map));
    w.EndElement();
  }
}

void WriteValue(XmlWriter& w, const Member& member, const json& value, std::string_view name) {
  const Shape& shape = *member.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      if (!value.is_object()) return;
      w.StartElement(name);
      WriteXmlMembers(w, shape, value, /*body_only=*/false);
      w.EndElement();
      return;
    case ShapeType::kList:
      if (!value.is_array()) return;
      if (IsFlattened(member)) {
        for (const auto& item : value)
          if (!item.is_null()) WriteValue(w, shape.member, item, name);
        return;
      }
      w.StartElement(name);
      for (const auto& item : value)
        if (!item.is_null()) WriteValue(w, shape.member, item, ItemName(shape.member));
      w.EndElement();
      return;
    case ShapeType::kMap:
      if (!value.is_object()) return;
      if (IsFlattened(member)) {
        WriteMapEntries(w, shape, value, name);
        return;
      }
      w.StartElement(name);
      WriteMapEntries(w, shape, value, kEntryName);
      w.EndElement();
      return;
    default:
      w.Element(name, ScalarText(shape, value, TimestampFormatOf(member, kIso8601)));
      return;
  }
}

// ---- reading ----

std::string_view LocalName(const char* name) {
  std::string_view n = name;
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node FindChild(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) return child;
  return {};
}

class XmlReader {
 public:
  explicit XmlReader(const std::string& error_code) : error_code_(error_code) {}

  bool ReadStructure(const Shape& shape, pugi::xml_node node, bool body_only,
                     const std::string& path, json& out) {
    out = json::object();
    for (const Member& m : shape.members) {
      if (body_only && !m.location.empty()) continue;
      std::string child_path = path.empty() ? m.name : path + "." + m.name;
      bool ok = true;
      if (m.xml_attribute) {
        ok = ReadAttribute(m, node, child_path, out);
      } else if (m.shape->type == ShapeType::kList && IsFlattened(m)) {
        ok = ReadFlattenedList(m, node, child_path, out);
      } else if (m.shape->type == ShapeType::kMap && IsFlattened(m)) {
        ok = ReadFlattenedMap(m, node, child_path, out);
      } else if (pugi::xml_node child = FindChild(node, m.WireName())) {
        ok = ReadValue(m, child, child_path, out[m.name]);
      }
      if (!ok) return false;
    }
    return true;
  }

  bool ReadAttribute(const Member& m, pugi::xml_node node, const std::string& path, json& out) {
    std::string_view local = LocalName(m.WireName().c_str());
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (a.name() == m.WireName() || LocalName(a.name()) == local)
        return ReadScalar(*m.shape, a.value(), path, out[m.name]);
    }
    return true;
  }

  // Items repeat directly in the parent, under the items' name or the member's.
  bool ReadFlattenedList(const Member& m, pugi::xml_node node, const std::string& path,
                         json& out) {
    json items = json::array();
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      std::string_view n = LocalName(c.name());
      if (c.type() != pugi::node_element || (n != XmlElementName(m) && n != m.WireName()))
        continue;
      json item;
      if (!ReadValue(m.shape->member, c, path + "[" + std::to_string(items.size()) + "]", item))
        return false;
      items.push_back(std::move(item));
    }
    if (!items.empty()) out[m.name] = std::move(items);
    return true;
  }

  bool ReadFlattenedMap(const Member& m, pugi::xml_node node, const std::string& path,
                        json& out) {
    json map = json::object();
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != m.WireName()) continue;
      if (!ReadEntry(*m.shape, c, path, map)) return false;
    }
    if (!map.empty()) out[m.name] = std::move(map);
    return true;
  }

  bool ReadValue(const Member& member, pugi::xml_node node, const std::string& path, json& out) {
    const Shape& shape = *member.shape;
    switch (shape.type) {
      case ShapeType::kStructure:
        return ReadStructure(shape, node, /*body_only=*/false, path, out);
      case ShapeType::kList: {
        out = json::array();
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
          if (c.type() != pugi::node_element) continue;
          json item;
          if (!ReadValue(shape.member, c, path + "[" + std::to_string(out.size()) + "]", item))
            return false;
          out.push_back(std::move(item));
        }
        return true;
      }
      case ShapeType::kMap: {
        out = json::object();
        for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
          if (c.type() == pugi::node_element && !ReadEntry(shape, c, path, out)) return false;
        }
        return true;
      }
      default:
        return ReadScalar(shape, node.text().get(), path, out);
    }
  }

  bool ReadEntry(const Shape& map, pugi::xml_node entry, const std::string& path, json& out) {
    pugi::xml_node key = FindChild(entry, KeyName(map));
    pugi::xml_node value = FindChild(entry, ValueName(map));
    if (!key || !value) return Fail("Map entry at '" + path + "' needs a key and a value");
    std::string k = key.text().get();
    return ReadValue(map.value, value, path + "." + k, out[k]);
  }

  bool ReadScalar(const Shape& shape, std::string_view text, const std::string& path, json& out) {
    const char* expected = "";
    if (ParseScalarText(shape, text, &out, &expected)) return true;
    return Fail("Invalid value '" + std::string(text) + "' at '" + path + "': expected " +
                expected);
  }

  bool Fail(std::string message) {
    error_ = MakeError(error_code_, std::move(message), 400);
    return false;
  }

  const Error& error() const { return error_; }

 private:
  const std::string& error_code_;
  Error error_;
};

}  // namespace

const std::string& XmlElementName(const Member& member) {
  if (member.shape->type == ShapeType::kList && IsFlattened(member) &&
      !member.shape->member.location_name.empty())
    return member.shape->member.location_name;
  return member.WireName();
}

void WriteXmlMembers(XmlWriter& writer, const Shape& shape, const json& value, bool body_only) {
  if (!value.is_object()) return;
  // Attributes belong in the start tag, so they go before any child.
  for (const Member& m : shape.members) {
    if (!m.xml_attribute || (body_only && !m.location.empty())) continue;
    auto it = value.find(m.name);
    if (it == value.end() || it->is_null()) continue;
    writer.Attribute(m.WireName(), ScalarText(*m.shape, *it, TimestampFormatOf(m, kIso8601)));
  }
  for (const Member& m : shape.members) {
    if (m.xml_attribute || (body_only && !m.location.empty())) continue;
    auto it = value.find(m.name);
    if (it == value.end() || it->is_null()) continue;
    WriteValue(writer, m, *it, XmlElementName(m));
  }
}

void WriteXmlMember(XmlWriter& writer, const Member& member, const json& value) {
  if (!value.is_null()) WriteValue(writer, member, value, XmlElementName(member));
}

Result<json> ReadXmlDocument(const Shape& shape, std::string_view xml, bool body_only,
                             const std::string& error_code) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    return MakeError(error_code,
                     "The XML you provided was not well-formed or did not validate against our "
                     "published schema: " +
                         std::string(parsed.description()),
                     400);
  }
  pugi::xml_node root = doc.document_element();
  if (!root) return MakeError(error_code, "The request body has no XML root element", 400);
  XmlReader reader(error_code);
  json out;
  Member root_member;
  root_member.shape = &shape;
  bool ok = shape.type == ShapeType::kStructure
                ? reader.ReadStructure(shape, root, body_only, "", out)
                : reader.ReadValue(root_member, root, "", out);
  if (!ok) return reader.error();
  return out;
}

std::string ServiceXmlNamespace(const ServiceModel& model, std::string_view scheme) {
  if (!model.xml_namespace.empty()) return model.xml_namespace;
  return std::string(scheme) + "://" + model.endpoint_prefix + ".amazonaws.com/doc/" +
         model.api_version + "/";
}

void WriteXmlErrorResponse(XmlWriter& writer, const WireError& wire, std::string_view xmlns,
                           const std::string& request_id) {
  writer.StartElement("ErrorResponse");
  writer.Attribute("xmlns", xmlns);
  writer.StartElement("Error");
  writer.Element("Type", wire.sender_fault ? "Sender" : "Receiver");
  writer.Element("Code", wire.code);
  writer.Element("Message", *wire.message);
  writer.EndElement();
  writer.Element("RequestId", request_id);
  writer.EndElement();
}

}  // namespace sim::aws
