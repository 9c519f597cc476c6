#pragma once
// AWS "json" protocol (awsJson1_0 / awsJson1_1): POST / with X-Amz-Target
// "<targetPrefix>.<Operation>" and a JSON body. Used by Secrets Manager.

#include "sim/aws/protocol.h"

namespace sim::aws {

class JsonProtocol final : public Protocol {
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
