#pragma once
// The HTTP binding shared by rest-json and rest-xml: input members read from
// URI labels, the query string and headers; output members written to
// headers and the status code. Bodies are each protocol's business.

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/http_message.h"
#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

// The members of `op.input` bound to URI labels, the query string and
// headers. A value of the wrong type is refused with Error{error_code, 400}.
Result<nlohmann::json> ReadRequestBindings(const Operation& op, const HttpRequest& request,
                                           const std::string& error_code);

// Writes the members of `output` bound to headers ("header", "headers") and
// the status code ("statusCode") into `response`.
void WriteResponseBindings(const Shape& output, const nlohmann::json& value,
                           HttpResponse& response);

// The member a structure's "payload" trait names, or nullptr.
const Member* PayloadMember(const Shape& shape);

// True for blob and string payloads, which are the raw body.
bool IsRawPayload(const Member& payload);

// A raw payload's input value for request body `body`: a blob base64-encoded
// (the sim's form of binary values), a string as it is.
nlohmann::json RawPayloadValue(const Member& payload, const std::string& body);

// Writes a raw payload's output `value` as the response body, with
// Content-Type application/octet-stream (blob) or text/plain (string).
// Anything but a string value writes nothing.
void WriteRawPayload(const Member& payload, const nlohmann::json& value, HttpResponse& response);

// True when some member of `shape` travels in the body.
bool HasBodyMembers(const Shape& shape);

}  // namespace sim::aws
