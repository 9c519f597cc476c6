#include "sim/aws/rest_xml_protocol.h"

#include <nlohmann/json.hpp>

#include "sim/aws/rest_binding.h"
#include "sim/aws/rest_routing.h"
#include "sim/aws/wire_error.h"
#include "sim/aws/xml_shaping.h"
#include "sim/aws/xml_writer.h"

namespace sim::aws {
namespace {

using nlohmann::json;

// The code a service of this protocol refuses unreadable input with: its own
// InvalidInput error where the model has one (Route 53), else MalformedXML.
std::string MalformedInputCode(const ServiceModel& model) {
  const Shape* shape = model.FindShape("InvalidInput");
  return shape && shape->exception ? "InvalidInput" : "MalformedXML";
}

std::string XmlNamespace(const ServiceModel& model) { return ServiceXmlNamespace(model, "https"); }

void SetCommonHeaders(const std::string& request_id, HttpResponse& response) {
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("x-amz-request-id", request_id);
  response.SetHeader("Content-Type", "text/xml");
}

}  // namespace

Result<const Operation*> RestXmlProtocol::ResolveOperation(const ServiceModel& model,
                                                           const HttpRequest& request) const {
  return ResolveRestOperation(model, request);
}

Result<json> RestXmlProtocol::ParseInput(const ServiceModel& model, const Operation& op,
                                         const HttpRequest& request) const {
  std::string error_code = MalformedInputCode(model);
  auto input = ReadRequestBindings(op, request, error_code);
  if (!input.ok() || !op.input || request.body.empty()) return input;
  if (const Member* payload = PayloadMember(*op.input)) {
    if (IsRawPayload(*payload)) {
      (*input)[payload->name] = RawPayloadValue(*payload, request.body);
    } else {
      auto value = ReadXmlDocument(*payload->shape, request.body, /*body_only=*/false, error_code);
      if (!value.ok()) return value.error();
      (*input)[payload->name] = std::move(value.value());
    }
    return input;
  }
  if (!HasBodyMembers(*op.input)) return input;
  auto body = ReadXmlDocument(*op.input, request.body, /*body_only=*/true, error_code);
  if (!body.ok()) return body.error();
  for (auto& [k, v] : body->items()) (*input)[k] = std::move(v);
  return input;
}

void RestXmlProtocol::WriteOutput(const ServiceModel& model, const Operation& op,
                                  const json& output, const std::string& request_id,
                                  HttpResponse& response) const {
  response.status = op.http_response_code;
  SetCommonHeaders(request_id, response);
  response.body.clear();
  if (!op.output) return;
  WriteResponseBindings(*op.output, output, response);
  const Member* payload = PayloadMember(*op.output);
  if (payload) {
    auto it = output.is_object() ? output.find(payload->name) : output.end();
    if (it == output.end() || it->is_null()) return;
    if (IsRawPayload(*payload)) {
      WriteRawPayload(*payload, *it, response);
      return;
    }
    XmlWriter w(&response.body);
    w.Declaration();
    if (payload->shape->type == ShapeType::kStructure) {
      w.StartElement(payload->WireName());
      w.Attribute("xmlns", payload->shape->xml_namespace.empty() ? XmlNamespace(model)
                                                                 : payload->shape->xml_namespace);
      WriteXmlMembers(w, *payload->shape, *it, /*body_only=*/false);
      w.EndElement();
    } else {
      WriteXmlMember(w, *payload, *it);
    }
    return;
  }
  if (!HasBodyMembers(*op.output)) return;
  XmlWriter w(&response.body);
  w.Declaration();
  w.StartElement(op.output->name);
  w.Attribute("xmlns",
              op.output->xml_namespace.empty() ? XmlNamespace(model) : op.output->xml_namespace);
  WriteXmlMembers(w, *op.output, output, /*body_only=*/true);
  w.EndElement();
}

void RestXmlProtocol::WriteError(const ServiceModel& model, const Error& error,
                                 const std::string& request_id, HttpResponse& response) const {
  WireError wire = ResolveWireError(model, error);
  response.status = wire.http_status;
  SetCommonHeaders(request_id, response);
  response.body.clear();
  XmlWriter w(&response.body);
  w.Declaration();
  WriteXmlErrorResponse(w, wire, XmlNamespace(model), request_id);
}

}  // namespace sim::aws
