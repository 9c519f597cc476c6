#include "sim/aws/query_protocol.h"

#include <nlohmann/json.hpp>

#include "sim/aws/query_params.h"
#include "sim/aws/wire_error.h"
#include "sim/aws/xml_shaping.h"
#include "sim/aws/xml_writer.h"

namespace sim::aws {
namespace {

using nlohmann::json;

// Parameters from the query string and, for form posts, the body; AWS reads both.
QueryParameters RequestParameters(const HttpRequest& request) {
  QueryParameters params = ParseQueryString(request.RawQuery());
  if (!request.body.empty()) {
    const std::string* type = request.Header("Content-Type");
    if (!type || type->find("application/x-www-form-urlencoded") != std::string::npos) {
      auto body = ParseQueryString(request.body);
      params.insert(params.end(), body.begin(), body.end());
    }
  }
  return params;
}

const std::string* Find(const QueryParameters& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

std::string XmlNamespace(const ServiceModel& model) { return ServiceXmlNamespace(model, "http"); }

void WriteResponseMetadata(XmlWriter& w, const std::string& request_id) {
  w.StartElement("ResponseMetadata");
  w.Element("RequestId", request_id);
  w.EndElement();
}

}  // namespace

Result<const Operation*> QueryProtocol::ResolveOperation(const ServiceModel& model,
                                                         const HttpRequest& request) const {
  QueryParameters params = RequestParameters(request);
  const std::string* action = Find(params, "Action");
  if (!action || action->empty())
    return MakeError("MissingAction", "The request must contain the parameter Action", 400);
  const std::string* version = Find(params, "Version");
  const Operation* op = model.FindOperation(*action);
  if (!op || (version && *version != model.api_version)) {
    return MakeError("InvalidAction",
                     "Could not find operation " + *action + " for version " +
                         (version ? *version : std::string("NO_VERSION_SPECIFIED")),
                     400);
  }
  return op;
}

Result<json> QueryProtocol::ParseInput(const ServiceModel& model, const Operation& op,
                                       const HttpRequest& request) const {
  if (!op.input) return json::object();
  return ParseQueryParameters(*op.input, RequestParameters(request));
}

void QueryProtocol::WriteOutput(const ServiceModel& model, const Operation& op, const json& output,
                                const std::string& request_id, HttpResponse& response) const {
  response.status = op.http_response_code;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("Content-Type", "text/xml");
  response.body.clear();
  XmlWriter w(&response.body);
  w.StartElement(op.name + "Response");
  w.Attribute("xmlns", XmlNamespace(model));
  if (op.output) {
    if (!op.result_wrapper.empty()) w.StartElement(op.result_wrapper);
    WriteXmlMembers(w, *op.output, output, /*body_only=*/false);
    if (!op.result_wrapper.empty()) w.EndElement();
  }
  WriteResponseMetadata(w, request_id);
  w.EndElement();
}

void QueryProtocol::WriteError(const ServiceModel& model, const Error& error,
                               const std::string& request_id, HttpResponse& response) const {
  WireError wire = ResolveWireError(model, error);
  // Query services word the shared input validation failure "ValidationError"
  // (STS: "ValidationError: 1 validation error detected: ...").
  if (wire.code == "ValidationException" && !wire.shape) wire.code = "ValidationError";
  response.status = wire.http_status;
  response.SetHeader("x-amzn-RequestId", request_id);
  response.SetHeader("Content-Type", "text/xml");
  response.body.clear();
  XmlWriter w(&response.body);
  WriteXmlErrorResponse(w, wire, XmlNamespace(model), request_id);
}

}  // namespace sim::aws
