#pragma once
// AWS "rest-xml" protocol (Route 53, S3, ...): the REST binding of rest-json
// with XML bodies. Requests carry a root element (named by the input's
// locationName, not checked) holding the body members; responses are rooted
// at the output shape's name with the service's namespace; errors are
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>.

#include "sim/aws/protocol.h"

namespace sim::aws {

class RestXmlProtocol final : public Protocol {
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
