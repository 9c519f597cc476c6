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


// An AUTH token kept in Secrets Manager (aws_redis's AuthTokenSecret tag).
Result<std::string> SecretValue(aws::Service& secrets_manager, const env::Environment& environment,
                                const std::string& name, Clock& clock) {
  auto got = Call(secrets_manager, environment, "GetSecretValue", {{"SecretId", name}}, clock);
  if (!got.ok()) return got.error();
  return got.value().value("SecretString", "");
}

// aws_redis: a parameter group with the unit's parameters, then the
// replication group, created as the Terraform module would.
Status ProvisionRedisGroup(const env::Environment& environment, const env::RedisGroupSpec& spec,
                           const ProvisioningTargets& targets, Clock& clock) {
  aws::Service& elasticache = *targets.elasticache;
  if (Call(elasticache, environment, "DescribeReplicationGroups",
           {{"ReplicationGroupId", spec.replication_group_id}}, clock).ok())
    return Ok();
  std::string parameter_group = spec.replication_group_id + "-params";
  if (!spec.parameters.empty()) {
    if (!Call(elasticache, environment, "DescribeCacheParameterGroups",
              {{"CacheParameterGroupName", parameter_group}}, clock).ok()) {
      auto created = Call(elasticache, environment, "CreateCacheParameterGroup",
                          {{"CacheParameterGroupName", parameter_group},
                           {"CacheParameterGroupFamily", "redis7"},
                           {"Description", "Parameters of " + spec.replication_group_id}},
                          clock);
      if (!created.ok()) return created.error();
    }
    json values = json::array();
    for (const auto& p : spec.parameters)
      values.push_back({{"ParameterName", p.value("name", "")}, {"ParameterValue", p.value("value", "")}});
    auto modified = Call(elasticache, environment, "ModifyCacheParameterGroup",
                         {{"CacheParameterGroupName", parameter_group}, {"ParameterNameValues", values}},
                         clock);
    if (!modified.ok()) return modified.error();
  }
  json input = {{"ReplicationGroupId", spec.replication_group_id},
                {"ReplicationGroupDescription", spec.description},
                {"Engine", "redis"},
                {"EngineVersion", spec.engine_version},
                {"CacheNodeType", spec.node_type},
                {"Port", spec.port},
                {"NumCacheClusters", spec.num_cache_clusters},
                {"AutomaticFailoverEnabled", spec.automatic_failover},
                {"MultiAZEnabled", spec.multi_az},
                {"TransitEncryptionEnabled", spec.transit_encryption},
                {"AtRestEncryptionEnabled", spec.at_rest_encryption},
                {"SnapshotRetentionLimit", spec.snapshot_retention_limit}};
  if (!spec.parameters.empty()) input["CacheParameterGroupName"] = parameter_group;
  if (!spec.snapshot_window.empty()) input["SnapshotWindow"] = spec.snapshot_window;
  if (!spec.maintenance_window.empty()) input["PreferredMaintenanceWindow"] = spec.maintenance_window;
  if (!spec.tags.empty()) input["Tags"] = TagList(spec.tags);
  if (!spec.auth_token_secret.empty()) {
    if (targets.secrets_manager == nullptr) return MakeError("ProvisioningFailed", "no Secrets Manager");
    auto token = SecretValue(*targets.secrets_manager, environment, spec.auth_token_secret, clock);
    if (!token.ok()) return MakeError("ProvisioningFailed", "AUTH token secret " + spec.auth_token_secret + ": " + token.error().message);
    input["AuthToken"] = *token;
  }
  auto created = Call(elasticache, environment, "CreateReplicationGroup", input, clock);
  if (!created.ok()) return created.error();
  return Ok();
}


Status ProvisionSecrets(const env::Environment& environment, aws::Service& secrets_manager,
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

}  // namespace

bool IsEmulatedKind(std::string_view kind) { return kind == "secrets" || kind == "redis_groups"; }

Status ProvisionEnvironment(const env::Environment& environment, const ProvisioningTargets& targets,
                            Clock& clock, Journal& journal) {
  if (targets.secrets_manager != nullptr) {
    Status secrets = ProvisionSecrets(environment, *targets.secrets_manager, clock, journal);
    if (!secrets.ok()) return secrets;
  }
  if (targets.elasticache == nullptr) return Ok();
  for (const auto& group : environment.inventory.redis_groups) {
    Status provisioned = ProvisionRedisGroup(environment, group, targets, clock);
    if (!provisioned.ok())
      return MakeError("ProvisioningFailed", "environment " + environment.name + ": redis group " +
                                                 group.replication_group_id + ": " +
                                                 provisioned.error().message);
    journal.Record({0, {}, "elasticache", group.replication_group_id, "Provision", "ok", ""});
  }
  return Ok();
}

}  // namespace sim
