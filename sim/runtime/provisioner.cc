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

// Terraform's random_password for a secret declared without a value, made by
// the sim's own GetRandomPassword: letters, digits and only the allowed specials.
Result<std::string> RandomSecretValue(aws::Service& secrets_manager,
                                      const env::Environment& environment,
                                      const env::SecretSpec& secret, Clock& clock) {
  static const std::string kAwsPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  std::string exclude;
  for (char c : kAwsPunctuation)
    if (secret.random_password_override_special.find(c) == std::string::npos) exclude += c;
  json input = {{"PasswordLength", secret.random_password_length}};
  if (exclude.size() == kAwsPunctuation.size()) {
    input["ExcludePunctuation"] = true;
  } else if (!exclude.empty()) {
    input["ExcludeCharacters"] = exclude;
  }
  auto generated = Call(secrets_manager, environment, "GetRandomPassword", input, clock);
  if (!generated.ok()) return generated.error();
  return generated.value().at("RandomPassword").get<std::string>();
}

}  // namespace

bool IsEmulatedKind(std::string_view kind) { return kind == "secrets"; }

Status ProvisionEnvironment(const env::Environment& environment, aws::Service& secrets_manager,
                            Clock& clock, Journal& journal) {
  for (const auto& secret : environment.inventory.secrets) {
    // Kept from an earlier run (persistent state): leave it as it is.
    if (Call(secrets_manager, environment, "DescribeSecret", {{"SecretId", secret.name}}, clock).ok())
      continue;
    json input = {{"Name", secret.name}};
    if (!secret.description.empty()) input["Description"] = secret.description;
    if (!secret.kms_key_id.empty()) input["KmsKeyId"] = secret.kms_key_id;
    if (secret.secret_string) {
      input["SecretString"] = *secret.secret_string;
    } else if (secret.create_random_password) {
      auto value = RandomSecretValue(secrets_manager, environment, secret, clock);
      if (!value.ok())
        return MakeError("ProvisioningFailed", "environment " + environment.name + ": secret " +
                                                   secret.name + ": " + value.error().message);
      input["SecretString"] = value.value();
    }
    if (!secret.tags.empty()) input["Tags"] = TagList(secret.tags);
    auto created = Call(secrets_manager, environment, "CreateSecret", input, clock);
    if (!created.ok())
      return MakeError("ProvisioningFailed", "environment " + environment.name + ": secret " +
                                                 secret.name + ": " + created.error().message);
    journal.Record({0, {}, "secretsmanager", secret.name, "Provision", "ok", ""});
  }
  return Ok();
}

}  // namespace sim
