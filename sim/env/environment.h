#pragma once
// An environment (environments/<name>/) evaluated into an inventory of typed
// resources the sim provisions. Modules the sim has no emulator for yet are
// kept as "modeled, not emulated", never dropped.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/result.h"

namespace sim::env {

using Tags = std::map<std::string, std::string>;

struct SecretSpec {
  std::string name;
  std::string description;
  std::string kms_key_id;                   // empty: the AWS managed key
  std::optional<std::string> secret_string; // initial value, when the config gives one
  std::optional<int> recovery_window_in_days;
  Tags tags;
  // No secret_string: the module stores a random password of this length made
  // of letters, digits and these specials (random_password_override_special).
  bool create_random_password = false;
  int random_password_length = 32;
  std::string random_password_override_special;
};

struct BucketSpec {
  std::string name;
  bool versioning = false;
  std::string sse_algorithm;  // "AES256", "aws:kms" or empty
  std::string kms_key_id;
  bool bucket_key_enabled = false;
  nlohmann::json lifecycle_rules = nlohmann::json::array();  // as the module's input
  nlohmann::json cors_rules = nlohmann::json::array();       // as the module's cors_rule
  std::string policy;  // the bucket policy JSON given by the config (attach_policy), or empty
  bool force_destroy = false;
  Tags tags;
};

struct RedisGroupSpec {
  std::string replication_group_id;
  std::string description;
  std::string engine_version;
  std::string node_type;
  int num_cache_clusters = 1;
  bool automatic_failover = false;
  bool multi_az = false;
  int port = 6379;
  std::string auth_token_secret;  // name of the secret holding the AUTH token, if any
  int snapshot_retention_limit = 0;
  std::string snapshot_window;
  bool transit_encryption = true;  // clients must use TLS
  bool at_rest_encryption = true;
  std::string maintenance_window;
  nlohmann::json parameters = nlohmann::json::array();  // [{name, value}]
  Tags tags;
};

struct DatabaseSpec {
  std::string identifier;
  std::string engine;
  std::string engine_version;
  std::string instance_class;
  int allocated_storage = 20;
  std::string db_name;
  std::string username;
  int port = 5432;
  int monitoring_interval = 0;
  int backup_retention_period = 0;
  // RDS keeps the master password in a secret it owns (rds!db-<id>).
  bool manage_master_user_password = true;
  bool multi_az = false;
  bool deletion_protection = false;
  nlohmann::json parameters = nlohmann::json::array();  // [{name, value, apply_method?}]
  Tags tags;
};

struct BrokerSpec {
  std::string name;
  std::string engine_type;
  std::string engine_version;
  std::string instance_type;
  std::string deployment_mode;
  std::string admin_user;
  std::string admin_password_secret;  // name of the secret holding the admin password, if any
  // With the Name, Namespace and Stage tags the label module adds.
  Tags tags;
};

struct BackupRuleSpec {
  std::string name;
  std::string schedule;  // AWS schedule expression, e.g. cron(0 20 * * ? *)
  // 0: kept forever.
  int delete_after_days = 0;
  std::string target_vault;
  std::optional<int> start_window_minutes;       // unset: the AWS default
  std::optional<int> completion_window_minutes;  // unset: the AWS default
  Tags recovery_point_tags;
};

struct BackupPlanSpec {
  std::string name;
  std::string vault_name;
  std::vector<BackupRuleSpec> rules;
  Tags selection_tags;  // resources carrying all of these tags are selected
};

struct DnsRecordSpec {
  std::string name;  // fully qualified, without the trailing dot
  std::string type;
  int ttl = 300;
  std::vector<std::string> records;
};

struct HostedZoneSpec {
  std::string name;
  bool private_zone = false;
  std::string comment;
  std::vector<DnsRecordSpec> records;
  Tags tags;
};

// A module folder the sim reads but does not emulate (yet).
struct ModeledModule {
  std::string module;  // unit path below the environment, e.g. "eks_clusters"
  std::string source;  // terraform.source
  std::string reason;  // "modeled, not emulated"
};

struct Inventory {
  std::vector<SecretSpec> secrets;
  std::vector<BucketSpec> buckets;
  std::vector<RedisGroupSpec> redis_groups;
  std::vector<DatabaseSpec> databases;
  std::vector<BrokerSpec> brokers;
  std::vector<BackupPlanSpec> backup_plans;
  std::vector<HostedZoneSpec> hosted_zones;
  std::vector<ModeledModule> modeled_only;
};

struct Environment {
  std::string name;
  std::filesystem::path dir;
  std::string account_id;
  std::string region;
  std::string project;
  nlohmann::json vars;  // vars.yaml as JSON
  Inventory inventory;
};

// Names of the folders under `root` that hold an environment (a terragrunt.hcl
// and a vars.yaml), sorted.
std::vector<std::string> ListEnvironments(const std::filesystem::path& root);

// Evaluates every module of environments/<name>/ into an Environment.
// Errors: code "EnvironmentNotFound" or "HclError"/"InventoryError" with a
// message naming file:line:col or the module and input path.
// get_env() in the files sees no variables: the result never depends on the
// shell the sim was started from.
Result<Environment> LoadEnvironment(const std::filesystem::path& root, const std::string& name);

// The inventory as JSON, for `simctl env show` and /_sim/health: each kind an
// array of objects with a "name". Secret values are left out.
nlohmann::json InventoryToJson(const Inventory& inventory);

}  // namespace sim::env
