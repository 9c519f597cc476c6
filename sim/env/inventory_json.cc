// InventoryToJson: every kind is an array of objects with a "name", so
// `simctl env show` can list any kind the same way. Secret values are never
// shown, only where the initial value comes from.

#include "sim/env/environment.h"

namespace sim::env {

using nlohmann::json;

namespace {

json OptionalInt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json ToJson(const SecretSpec& s) {
  std::string initial = s.secret_string            ? "secret_string"
                        : s.create_random_password ? "random_password"
                                                   : "none";
  json out = {{"name", s.name},
              {"description", s.description},
              {"kms_key_id", s.kms_key_id},
              {"initial_value", initial},
              {"recovery_window_in_days", OptionalInt(s.recovery_window_in_days)},
              {"tags", s.tags}};
  if (s.create_random_password) out["random_password_length"] = s.random_password_length;
  return out;
}

json ToJson(const BucketSpec& b) {
  return {{"name", b.name},
          {"versioning", b.versioning},
          {"sse_algorithm", b.sse_algorithm},
          {"kms_key_id", b.kms_key_id},
          {"bucket_key_enabled", b.bucket_key_enabled},
          {"lifecycle_rules", b.lifecycle_rules},
          {"cors_rules", b.cors_rules},
          {"has_policy", !b.policy.empty()},
          {"force_destroy", b.force_destroy},
          {"tags", b.tags}};
}

json ToJson(const RedisGroupSpec& r) {
  return {{"name", r.replication_group_id},
          {"description", r.description},
          {"engine_version", r.engine_version},
          {"node_type", r.node_type},
          {"num_cache_clusters", r.num_cache_clusters},
          {"automatic_failover", r.automatic_failover},
          {"multi_az", r.multi_az},
          {"port", r.port},
          {"auth_token_secret", r.auth_token_secret},
          {"snapshot_retention_limit", r.snapshot_retention_limit},
          {"snapshot_window", r.snapshot_window},
          {"transit_encryption", r.transit_encryption},
          {"at_rest_encryption", r.at_rest_encryption},
          {"maintenance_window", r.maintenance_window},
          {"parameters", r.parameters},
          {"tags", r.tags}};
}

json ToJson(const DatabaseSpec& d) {
  return {{"name", d.identifier},
          {"engine", d.engine},
          {"engine_version", d.engine_version},
          {"instance_class", d.instance_class},
          {"allocated_storage", d.allocated_storage},
          {"db_name", d.db_name},
          {"username", d.username},
          {"port", d.port},
          {"monitoring_interval", d.monitoring_interval},
          {"backup_retention_period", d.backup_retention_period},
          {"manage_master_user_password", d.manage_master_user_password},
          {"multi_az", d.multi_az},
          {"deletion_protection", d.deletion_protection},
          {"parameters", d.parameters},
          {"tags", d.tags}};
}

json ToJson(const BrokerSpec& b) {
  return {{"name", b.name},
          {"engine_type", b.engine_type},
          {"engine_version", b.engine_version},
          {"instance_type", b.instance_type},
          {"deployment_mode", b.deployment_mode},
          {"admin_user", b.admin_user},
          {"admin_password_secret", b.admin_password_secret},
          {"tags", b.tags}};
}

json ToJson(const BackupPlanSpec& p) {
  json rules = json::array();
  for (const auto& r : p.rules) {
    rules.push_back({{"name", r.name},
                     {"schedule", r.schedule},
                     {"delete_after_days", r.delete_after_days},
                     {"target_vault", r.target_vault},
                     {"start_window_minutes", OptionalInt(r.start_window_minutes)},
                     {"completion_window_minutes", OptionalInt(r.completion_window_minutes)},
                     {"recovery_point_tags", r.recovery_point_tags}});
  }
  return {{"name", p.name},
          {"vault_name", p.vault_name},
          {"rules", rules},
          {"selection_tags", p.selection_tags}};
}

json ToJson(const HostedZoneSpec& z) {
  json records = json::array();
  for (const auto& r : z.records) {
    records.push_back({{"name", r.name}, {"type", r.type}, {"ttl", r.ttl}, {"records", r.records}});
  }
  return {{"name", z.name},
          {"private_zone", z.private_zone},
          {"comment", z.comment},
          {"records", records},
          {"tags", z.tags}};
}

json ToJson(const ModeledModule& m) {
  return {{"name", m.module}, {"module", m.module}, {"source", m.source}, {"reason", m.reason}};
}

template <class T>
json Array(const std::vector<T>& items) {
  json out = json::array();
  for (const T& item : items) out.push_back(ToJson(item));
  return out;
}

}  // namespace

json InventoryToJson(const Inventory& inventory) {
  return {{"secrets", Array(inventory.secrets)},
          {"buckets", Array(inventory.buckets)},
          {"redis_groups", Array(inventory.redis_groups)},
          {"databases", Array(inventory.databases)},
          {"brokers", Array(inventory.brokers)},
          {"backup_plans", Array(inventory.backup_plans)},
          {"hosted_zones", Array(inventory.hosted_zones)},
          {"modeled_only", Array(inventory.modeled_only)}};
}

}  // namespace sim::env
