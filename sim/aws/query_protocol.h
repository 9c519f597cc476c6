#pragma once
// AWS "query" protocol (RDS, ElastiCache, ...): form-encoded
// "Action=X&Version=Y&..." parameters in a POST body or a GET query string;
// XML responses "<XResponse><XResult>...</XResult><ResponseMetadata>" and
// "<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>".

#include "sim/aws/protocol.h"

namespace sim::aws {

class QueryProtocol final : public Protocol {
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
