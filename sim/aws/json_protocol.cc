#include "sim/aws/json_protocol.h"

#include <nlohmann/json.hpp>

#include "sim/aws/json_text.h"
#include "sim/aws/value_shaping.h"
#include "sim/aws/wire_error.h"

namespace sim::aws {

using nlohmann::json;

Result<const Operation*> JsonProtocol::ResolveOperation(const ServiceModel& model,
                                                        const HttpRequest& request) const {
  const std::string* target = request.Header("X-Amz-Target");
  if (!target) return MakeError("UnknownOperationException", "Missing X-Amz-Target header", 400);
  std::string_view t = *target;
  auto dot = t.rfind('.');
  if (dot == std::string_view::npos || t.substr(0, dot) != model.target_prefix)
    return MakeError("UnknownOperationException",
                     "X-Amz-Target '" + *target + "' does not name an operation of " + model.name, 400);
  const Operation* op = model.FindOperation(t.substr(dot + 1));
  if (!op)
    return MakeError("UnknownOperationException",
                     "Unknown operation " + std::string(t.substr(dot + 1)) + " for " + model.name, 400);
  return op;
}

Result<json> JsonProtocol::ParseInput(const ServiceModel& model, const Operation& op,
                                      const HttpRequest& request) const {
  if (!op.input) return json::object();
  json body = request.body.empty() ? json::object()
                                   : json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return MakeError("SerializationException", "The request body is not valid JSON", 400);
  return ShapeJsonValue(*op.input, body);
}

void JsonProtocol::WriteOutput(const ServiceModel& model, const Operation& op, const json& output,
                               const std::string& request_id, HttpResponse& response) const {
  response.status = op.http_response_code;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("Content-Type", "application/x-amz-json-" + model.json_version);
  response.body = output.is_null() ? "{}" : ToJsonText(output);
}

void JsonProtocol::WriteError(const ServiceModel& model, const Error& error,
                              const std::string& request_id, HttpResponse& response) const {
  static const std::string kMessage = "message";
  WireError wire = ResolveWireError(model, error);
  response.status = wire.http_status;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("x-amzn-ErrorType", wire.code);
  response.SetHeader("Content-Type", "application/x-amz-json-" + model.json_version);
  // Services whose error shapes spell the member "Message" send it that way.
  json body = {{"__type", wire.code}, {MessageKeyOf(wire.shape, kMessage), *wire.message}};
  response.body = ToJsonText(body);
}

}  // namespace sim::aws
