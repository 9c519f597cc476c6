#include "sim/aws/rest_json_protocol.h"

#include <nlohmann/json.hpp>

#include "sim/aws/json_wire.h"
#include "sim/aws/rest_binding.h"
#include "sim/aws/rest_routing.h"
#include "sim/aws/value_shaping.h"
#include "sim/aws/wire_error.h"
#include "sim/aws/json_text.h"

namespace sim::aws {
namespace {

using nlohmann::json;

constexpr char kSerializationError[] = "SerializationException";

Result<json> ParseJsonBody(const std::string& body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return MakeError(kSerializationError, "The request body is not valid JSON", 400);
  return parsed;
}

}  // namespace

Result<const Operation*> RestJsonProtocol::ResolveOperation(const ServiceModel& model,
                                                            const HttpRequest& request) const {
  return ResolveRestOperation(model, request);
}

Result<json> RestJsonProtocol::ParseInput(const ServiceModel& model, const Operation& op,
                                          const HttpRequest& request) const {
  auto input = ReadRequestBindings(op, request, kSerializationError);
  if (!input.ok() || !op.input || request.body.empty()) return input;
  if (const Member* payload = PayloadMember(*op.input)) {
    if (IsRawPayload(*payload)) {
      (*input)[payload->name] = RawPayloadValue(*payload, request.body);
    } else {
      auto body = ParseJsonBody(request.body);
      if (!body.ok()) return body.error();
      auto shaped = ShapeJsonValue(*payload->shape, *body);
      if (!shaped.ok()) return shaped.error();
      (*input)[payload->name] = std::move(shaped.value());
    }
    return input;
  }
  if (!HasBodyMembers(*op.input)) return input;
  auto body = ParseJsonBody(request.body);
  if (!body.ok()) return body.error();
  if (!body->is_object())
    return MakeError(kSerializationError, "The request body must be a JSON object", 400);
  // Only body members may come from the body: a JSON key that happens to
  // equal a URI label's name must not override the label.
  json body_members = json::object();
  for (const Member& m : op.input->members) {
    if (!m.location.empty()) continue;
    auto it = body->find(m.WireName());
    if (it != body->end()) body_members[m.WireName()] = std::move(*it);
  }
  auto shaped = ShapeJsonValue(*op.input, body_members);
  if (!shaped.ok()) return shaped.error();
  for (auto& [k, v] : shaped->items()) (*input)[k] = std::move(v);
  return input;
}

void RestJsonProtocol::WriteOutput(const ServiceModel& model, const Operation& op,
                                   const json& output, const std::string& request_id,
                                   HttpResponse& response) const {
  response.status = op.http_response_code;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("Content-Type", "application/json");
  response.body.clear();
  if (!op.output) {
    if (response.status != 204) response.body = "{}";
    return;
  }
  WriteResponseBindings(*op.output, output, response);
  const Member* payload = PayloadMember(*op.output);
  if (!payload) {
    response.body = ToJsonText(ToWireJson(*op.output, output, /*body_only=*/true));
    return;
  }
  auto it = output.is_object() ? output.find(payload->name) : output.end();
  if (it == output.end() || it->is_null()) return;
  if (IsRawPayload(*payload)) {
    WriteRawPayload(*payload, *it, response);
  } else {
    response.body = ToJsonText(ToWireJson(*payload->shape, *it, /*body_only=*/false));
  }
}

void RestJsonProtocol::WriteError(const ServiceModel& model, const Error& error,
                                  const std::string& request_id, HttpResponse& response) const {
  static const std::string kMessage = "message";
  WireError wire = ResolveWireError(model, error);
  response.status = wire.http_status;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("x-amzn-ErrorType", wire.code);
  response.SetHeader("Content-Type", "application/json");
  json body = json::object();
  body[MessageKeyOf(wire.shape, kMessage)] = *wire.message;
  response.body = ToJsonText(body);
}

}  // namespace sim::aws
