#include "sim/aws/model.h"

#include <mutex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/aws/embedded_models.h"

namespace sim::aws {
namespace {

// ordered_json keeps members in model order, the order AWS writes them in.
using json = nlohmann::ordered_json;

ShapeType ParseShapeType(const std::string& t) {
  static const std::map<std::string, ShapeType, std::less<>> kTypes = {
      {"structure", ShapeType::kStructure}, {"list", ShapeType::kList},
      {"map", ShapeType::kMap},             {"string", ShapeType::kString},
      {"integer", ShapeType::kInteger},     {"long", ShapeType::kLong},
      {"float", ShapeType::kFloat},         {"double", ShapeType::kDouble},
      {"boolean", ShapeType::kBoolean},     {"timestamp", ShapeType::kTimestamp},
      {"blob", ShapeType::kBlob},
  };
  auto it = kTypes.find(t);
  return it == kTypes.end() ? ShapeType::kUnknown : it->second;
}

std::string StringOr(const json& j, const char* key, std::string fallback = {}) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool BoolOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

class ModelBuilder {
 public:
  explicit ModelBuilder(ServiceModel& model) : model_(model) {}

  const Shape* Ref(const json& ref) {
    std::string target = StringOr(ref, "shape");
    auto it = model_.shapes.find(target);
    if (it == model_.shapes.end())
      throw std::runtime_error("model " + model_.name + ": unknown shape " + target);
    return &it->second;
  }

  Member MakeMember(const std::string& name, const json& ref) {
    Member m;
    m.name = name;
    m.shape = Ref(ref);
    m.location = StringOr(ref, "location");
    m.location_name = StringOr(ref, "locationName");
    m.query_name = StringOr(ref, "queryName");
    m.timestamp_format = StringOr(ref, "timestampFormat");
    m.flattened = BoolOr(ref, "flattened");
    m.xml_attribute = BoolOr(ref, "xmlAttribute");
    m.idempotency_token = BoolOr(ref, "idempotencyToken");
    m.host_label = BoolOr(ref, "hostLabel");
    return m;
  }

  void FillShape(Shape& shape, const json& j) {
    shape.type = ParseShapeType(StringOr(j, "type"));
    if (auto it = j.find("members"); it != j.end()) {
      for (auto& [name, ref] : it->items()) shape.members.push_back(MakeMember(name, ref));
    }
    if (auto it = j.find("required"); it != j.end())
      shape.required = it->get<std::vector<std::string>>();
    if (auto it = j.find("member"); it != j.end()) shape.member = MakeMember("member", *it);
    if (auto it = j.find("key"); it != j.end()) shape.key = MakeMember("key", *it);
    if (auto it = j.find("value"); it != j.end()) shape.value = MakeMember("value", *it);
    shape.flattened = BoolOr(j, "flattened");
    if (auto it = j.find("min"); it != j.end() && it->is_number()) shape.min = it->get<double>();
    if (auto it = j.find("max"); it != j.end() && it->is_number()) shape.max = it->get<double>();
    if (auto it = j.find("enum"); it != j.end())
      shape.enum_values = it->get<std::vector<std::string>>();
    shape.pattern = StringOr(j, "pattern");
    shape.payload = StringOr(j, "payload");
    shape.location_name = StringOr(j, "locationName");
    shape.timestamp_format = StringOr(j, "timestampFormat");
    if (auto it = j.find("xmlNamespace"); it != j.end() && it->is_object())
      shape.xml_namespace = StringOr(*it, "uri");
    shape.exception = BoolOr(j, "exception");
    shape.sensitive = BoolOr(j, "sensitive");
    shape.streaming = BoolOr(j, "streaming");
    shape.event_stream = BoolOr(j, "eventstream");
    if (auto it = j.find("error"); it != j.end() && it->is_object()) {
      if (auto s = it->find("httpStatusCode"); s != it->end()) shape.error_http_status = *s;
      shape.error_code = StringOr(*it, "code");
      shape.error_sender_fault = BoolOr(*it, "senderFault") || shape.error_http_status < 500;
    }
  }

  void FillOperation(Operation& op, const std::string& name, const json& j) {
    op.name = name;
    if (auto it = j.find("http"); it != j.end()) {
      op.http_method = StringOr(*it, "method", "POST");
      op.request_uri = StringOr(*it, "requestUri", "/");
      if (auto c = it->find("responseCode"); c != it->end()) op.http_response_code = *c;
    }
    if (auto it = j.find("input"); it != j.end()) {
      op.input = Ref(*it);
      op.input_location_name = StringOr(*it, "locationName");
      if (auto ns = it->find("xmlNamespace"); ns != it->end() && ns->is_object())
        op.input_xml_namespace = StringOr(*ns, "uri");
    }
    if (auto it = j.find("output"); it != j.end()) {
      op.output = Ref(*it);
      op.result_wrapper = StringOr(*it, "resultWrapper");
    }
    if (auto it = j.find("errors"); it != j.end()) {
      for (auto& e : *it) op.errors.push_back(Ref(e));
    }
  }

 private:
  ServiceModel& model_;
};

}  // namespace

const Member* Shape::FindMember(std::string_view member_name) const {
  for (auto& m : members)
    if (m.name == member_name) return &m;
  return nullptr;
}

const std::regex* Shape::PatternRegex() const {
  if (!pattern_compiled_) {
    pattern_compiled_ = true;
    // AWS patterns are Java regexes; most are valid ECMAScript. Those that are
    // not (unicode escapes beyond the BMP, possessive quantifiers) are skipped
    // rather than enforced wrongly.
    if (!pattern.empty() && pattern.find("\\u") == std::string::npos &&
        pattern.find("\\p") == std::string::npos) {
      try {
        pattern_regex_ = std::make_unique<std::regex>(pattern, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error&) {
        pattern_regex_.reset();
      }
    }
  }
  return pattern_regex_.get();
}

const Operation* ServiceModel::FindOperation(std::string_view op) const {
  auto it = operations.find(op);
  return it == operations.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view shape_name) const {
  auto it = shapes.find(shape_name);
  return it == shapes.end() ? nullptr : &it->second;
}

std::unique_ptr<ServiceModel> ParseServiceModel(std::string_view name, std::string_view text) {
  json j = json::parse(text);
  auto model = std::make_unique<ServiceModel>();
  model->name = std::string(name);
  const json& meta = j.at("metadata");
  model->protocol = StringOr(meta, "protocol");
  model->api_version = StringOr(meta, "apiVersion");
  model->endpoint_prefix = StringOr(meta, "endpointPrefix");
  model->signing_name = StringOr(meta, "signingName", model->endpoint_prefix);
  model->target_prefix = StringOr(meta, "targetPrefix");
  model->json_version = StringOr(meta, "jsonVersion", "1.0");
  model->xml_namespace = StringOr(meta, "xmlNamespace");
  model->service_id = StringOr(meta, "serviceId");

  // Two passes: every shape must exist before members can point at it.
  const json& shapes = j.at("shapes");
  for (auto& [shape_name, _] : shapes.items()) model->shapes[shape_name].name = shape_name;
  ModelBuilder builder(*model);
  for (auto& [shape_name, shape_json] : shapes.items())
    builder.FillShape(model->shapes[shape_name], shape_json);
  for (auto& [op_name, op_json] : j.at("operations").items())
    builder.FillOperation(model->operations[op_name], op_name, op_json);
  return model;
}

const ServiceModel* FindModel(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<ServiceModel>, std::less<>> parsed;
  std::lock_guard lock(mu);
  if (auto it = parsed.find(name); it != parsed.end()) return it->second.get();
  for (const auto& embedded : EmbeddedModels()) {
    if (embedded.name == name) {
      auto& slot = parsed[std::string(name)];
      slot = ParseServiceModel(name, embedded.json);
      return slot.get();
    }
  }
  return nullptr;
}

std::vector<std::string_view> ModelNames() {
  std::vector<std::string_view> names;
  for (const auto& embedded : EmbeddedModels()) names.push_back(embedded.name);
  return names;
}

}  // namespace sim::aws
