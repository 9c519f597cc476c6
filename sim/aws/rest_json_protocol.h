#pragma once
// AWS "rest-json" protocol (MQ, Backup, ...): operations found by HTTP method
// and requestUri, input from URI labels, query string, headers and a JSON
// body; errors as {"message": ...} with an x-amzn-ErrorType header.

#include "sim/aws/protocol.h"

namespace sim::aws {

class RestJsonProtocol final : public Protocol {
 public:
  Result<const Operation*> ResolveOperation(const ServiceModel& model,
                                            const HttpRequest& request) const override;
  Result<nlohmann::json> ParseInput(const ServiceModel& model, const Operation& op,
                                    const HttpRequest& request) const override;
  void WriteOutput(const ServiceModel& model, const Operation& op, const nlohmann::json& output,
                   const std::string& request_id, HttpResponse& response) const override;
  void WriteError(const ServiceModel& model, const Error& error, const std::string& request_id,
                  HttpResponse& response) const override;
};

}  // namespace sim::aws
