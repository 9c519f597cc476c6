#include "sim/runtime/provisioner.h"

#include <nlohmann/json.hpp>

namespace sim {

using nlohmann::json;

namespace {

json TagList(const env::Tags& tags) {
  json list = json::array();
  for (const auto& [k, v] : tags) list.push_back({{"Key", k}, {"Value", v}});
  return list;
}

Result<json> Call(aws::Service& service, const env::Environment& environment,
                  const std::string& operation, const json& input, Clock& clock) {
  const auto& table = service.Operations();
  auto handler = table.find(operation);
  if (handler == table.end())
    return MakeError("NotImplemented", std::string(service.Name()) + " lacks " + operation);
  aws::RequestContext context{std::string(service.Name()), operation, environment.account_id,
                              environment.region, "provision", "provisioner", clock.Now()};
  return handler->second(context, input);
}

}  // namespace

Status ProvisionEnvironment(const env::Environment& environment, aws::Service& secrets_manager,
                            Clock& clock, Journal& journal) {
  for (const auto& secret : environment.inventory.secrets) {
    json input = {{"Name", secret.name}};
    if (!secret.description.empty()) input["Description"] = secret.description;
    if (!secret.kms_key_id.empty()) input["KmsKeyId"] = secret.kms_key_id;
    if (secret.secret_string) input["SecretString"] = *secret.secret_string;
    if (!secret.tags.empty()) input["Tags"] = TagList(secret.tags);
    auto created = Call(secrets_manager, environment, "CreateSecret", input, clock);
    std::string outcome = created.ok() ? "ok" : created.error().code;
    if (!created.ok() && created.error().code != "ResourceExistsException")
      return MakeError("ProvisioningFailed", "environment " + environment.name + ": secret " +
                                                 secret.name + ": " + created.error().message);
    if (created.ok())
      journal.Record({0, {}, "secretsmanager", secret.name, "Provision", outcome, ""});
  }
  return Ok();
}

}  // namespace sim
