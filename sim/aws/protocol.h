#pragma once
// One wire protocol of AWS (json, query, rest-json, rest-xml), driven by the
// service model: it finds the operation a request names, turns the request
// into an input value, and writes outputs and errors the way AWS does.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/http_message.h"
#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

class Protocol {
 public:
  virtual ~Protocol() = default;

  // Which operation the request calls; an error in this protocol's terms when
  // it names none or an unknown one.
  virtual Result<const Operation*> ResolveOperation(const ServiceModel& model,
                                                    const HttpRequest& request) const = 0;
  // The wire request as an input value following `op.input` (see service.h for
  // value conventions). Malformed input is refused here.
  virtual Result<nlohmann::json> ParseInput(const ServiceModel& model, const Operation& op,
                                            const HttpRequest& request) const = 0;
  virtual void WriteOutput(const ServiceModel& model, const Operation& op,
                           const nlohmann::json& output, const std::string& request_id,
                           HttpResponse& response) const = 0;
  virtual void WriteError(const ServiceModel& model, const Error& error,
                          const std::string& request_id, HttpResponse& response) const = 0;
};

// The protocol named in a model's metadata, or nullptr when unsupported.
const Protocol* FindProtocol(std::string_view name);

}  // namespace sim::aws
