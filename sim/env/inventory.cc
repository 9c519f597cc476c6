// One function per module kind, mapping a unit's effective inputs to specs.
// Defaults that apply when an input is absent are the module's own (see
// environments/SCHEMA.md), so a unit that leaves an argument out still gets
// what Terraform would create.

#include "sim/env/inventory.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "sim/env/input_reader.h"

namespace sim::env {

using nlohmann::json;

namespace {

constexpr const char* kNotEmulated = "modeled, not emulated";
// terraform-aws-modules/secrets-manager: characters random_password may use
// besides letters and digits, unless the item overrides them.
constexpr const char* kSecretsDefaultSpecials = "!@#$%&*()-_=+[]{}<>:?";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A zone or record name as Route 53 compares it.
std::string NormalizeDnsName(std::string name) {
  if (!name.empty() && name.back() == '.') name.pop_back();
  return Lower(std::move(name));
}

// Records of a records unit, attached to their zone once every unit is mapped
// (route53/records sorts before route53/zones).
struct PendingRecords {
  Input zone_input;  // where the zone name came from, for the error message
  std::string zone;
  std::optional<bool> private_zone;
  std::vector<DnsRecordSpec> records;
};

struct Builder {
  Inventory inventory;
  std::vector<PendingRecords> pending_records;
};

// The resources of a unit: inputs.items.<key> over inputs.defaults for a
// wrapper, the inputs themselves for a plain module.
std::vector<WrapperItem> Resources(const Input& inputs, bool wrapper) {
  if (!wrapper) return {WrapperItem(inputs, Input(inputs.unit(), nullptr, "defaults"))};
  Input items = inputs["items"];
  Input defaults = inputs["defaults"];
  items.ExpectObjectOrUnset();
  defaults.ExpectObjectOrUnset();
  std::vector<WrapperItem> out;
  if (items.unset()) return out;
  for (const auto& [key, value] : items.value().items()) {
    Input item = items[key];
    if (!item.value().is_object()) item.Fail("expected an object (one resource)");
    out.emplace_back(item, defaults);
  }
  return out;
}

void MapSecrets(const Input& inputs, bool wrapper, Builder& b) {
  for (const WrapperItem& item : Resources(inputs, wrapper)) {
    if (!item.Arg("create").Bool(true)) continue;
    SecretSpec spec;
    spec.name = item.Arg("name").RequiredString();
    spec.description = item.Arg("description").String();
    spec.kms_key_id = item.Arg("kms_key_id").String();
    spec.secret_string = item.Arg("secret_string").OptionalString();
    spec.recovery_window_in_days = item.Arg("recovery_window_in_days").Int(30);
    spec.tags = item.Arg("tags").StringMap();
    // A given secret_string wins; the generated password is only the fallback.
    spec.create_random_password =
        !spec.secret_string && item.Arg("create_random_password").Bool(false);
    spec.random_password_length = item.Arg("random_password_length").Int(32);
    spec.random_password_override_special =
        item.Arg("random_password_override_special").String(kSecretsDefaultSpecials);
    b.inventory.secrets.push_back(std::move(spec));
  }
}

bool VersioningEnabled(const Input& versioning) {
  versioning.ExpectObjectOrUnset();
  if (!versioning["enabled"].unset()) return versioning["enabled"].Bool(false);
  // The module also takes status = "Enabled" | "Suspended" (or a bool).
  std::string status = Lower(versioning["status"].String("suspended"));
  return status == "enabled" || status == "true";
}

void MapBuckets(const Input& inputs, bool wrapper, Builder& b) {
  for (const WrapperItem& item : Resources(inputs, wrapper)) {
    if (!item.Arg("create_bucket").Bool(true)) continue;
    BucketSpec spec;
    spec.name = item.Arg("bucket").RequiredString();
    spec.versioning = VersioningEnabled(item.Arg("versioning"));
    Input sse = item.Arg("server_side_encryption_configuration");
    sse.ExpectObjectOrUnset();
    Input by_default = sse["rule"]["apply_server_side_encryption_by_default"];
    spec.sse_algorithm = by_default["sse_algorithm"].String();
    spec.kms_key_id = by_default["kms_master_key_id"].String();
    spec.bucket_key_enabled = sse["rule"]["bucket_key_enabled"].Bool(false);
    spec.lifecycle_rules = item.Arg("lifecycle_rule").List();
    spec.cors_rules = item.Arg("cors_rule").List();
    if (item.Arg("attach_policy").Bool(false)) spec.policy = item.Arg("policy").String();
    spec.force_destroy = item.Arg("force_destroy").Bool(false);
    spec.tags = item.Arg("tags").StringMap();
    b.inventory.buckets.push_back(std::move(spec));
  }
}

void MapDatabase(const Input& in, bool, Builder& b) {
  if (!in["create_db_instance"].Bool(true)) return;
  DatabaseSpec spec;
  spec.identifier = in["identifier"].RequiredString();
  spec.engine = in["engine"].String();
  spec.engine_version = in["engine_version"].String();
  spec.instance_class = in["instance_class"].String();
  spec.allocated_storage = in["allocated_storage"].Int(spec.allocated_storage);
  spec.db_name = in["db_name"].String();
  spec.username = in["username"].String();
  spec.port = in["port"].Int(spec.port);
  spec.monitoring_interval = in["monitoring_interval"].Int(0);
  spec.backup_retention_period = in["backup_retention_period"].Int(0);
  spec.manage_master_user_password = in["manage_master_user_password"].Bool(true);
  spec.multi_az = in["multi_az"].Bool(false);
  spec.deletion_protection = in["deletion_protection"].Bool(false);
  spec.parameters = in["parameters"].List();
  spec.tags = in["tags"].StringMap();
  b.inventory.databases.push_back(std::move(spec));
}

void MapRedis(const Input& in, bool, Builder& b) {
  if (!in["create_replication_group"].Bool(true)) return;
  RedisGroupSpec spec;
  spec.replication_group_id = in["replication_group_id"].RequiredString();
  spec.description = in["description"].String();
  spec.engine_version = in["engine_version"].String();
  spec.node_type = in["node_type"].String();
  spec.num_cache_clusters = in["num_cache_clusters"].Int(1);
  spec.automatic_failover = in["automatic_failover_enabled"].Bool(false);
  spec.multi_az = in["multi_az_enabled"].Bool(false);
  spec.port = in["port"].Int(6379);
  spec.snapshot_retention_limit = in["snapshot_retention_limit"].Int(0);
  spec.snapshot_window = in["snapshot_window"].String();
  spec.transit_encryption = in["transit_encryption_enabled"].Bool(true);
  spec.at_rest_encryption = in["at_rest_encryption_enabled"].Bool(true);
  spec.maintenance_window = in["maintenance_window"].String();
  spec.parameters = in["parameters"].List();
  spec.tags = in["tags"].StringMap();
  // inputs.auth_token is the secrets unit's mock output; the tag names the real secret.
  if (auto it = spec.tags.find("AuthTokenSecret"); it != spec.tags.end())
    spec.auth_token_secret = it->second;
  b.inventory.redis_groups.push_back(std::move(spec));
}

// Cloud Posse null-label: labels keep only [-a-zA-Z0-9] and are lower-cased.
std::string NormalizeLabel(const std::string& value) {
  std::string out;
  for (char c : value)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') out += c;
  return Lower(out);
}

void MapBroker(const Input& in, bool, Builder& b) {
  if (!in["enabled"].Bool(true)) return;
  // The null-label id: non-empty labels in label order joined by the delimiter,
  // and a tag per label (Title-cased key) plus Name = id, under the given tags.
  std::string delimiter = in["delimiter"].String("-");
  std::vector<std::pair<std::string, std::string>> labels;
  for (const char* key : {"namespace", "tenant", "environment", "stage", "name"})
    labels.emplace_back(key, NormalizeLabel(in[key].String()));
  std::string attributes;
  json attribute_list = in["attributes"].List();
  for (std::size_t i = 0; i < attribute_list.size(); ++i) {
    std::string a = NormalizeLabel(in["attributes"][i].String());
    if (!a.empty()) attributes += (attributes.empty() ? "" : delimiter) + a;
  }
  labels.emplace_back("attributes", attributes);
  std::string id;
  Tags tags;
  for (const auto& [key, value] : labels) {
    if (value.empty()) continue;
    id += (id.empty() ? "" : delimiter) + value;
    std::string tag_key = key;
    tag_key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(tag_key[0])));
    tags[tag_key] = value;
  }
  if (id.empty()) in["name"].Fail("the broker needs a name (namespace, stage, name, ...)");
  tags["Name"] = id;
  for (auto& [key, value] : in["tags"].StringMap()) tags[key] = value;

  BrokerSpec spec;
  spec.name = id;
  spec.engine_type = in["engine_type"].String();
  spec.engine_version = in["engine_version"].String();
  spec.instance_type = in["host_instance_type"].String();
  spec.deployment_mode = in["deployment_mode"].String();
  in["mq_admin_user"].List();  // type check: the module takes a list with one user
  spec.admin_user = in["mq_admin_user"][0].String();
  spec.tags = std::move(tags);
  if (auto it = spec.tags.find("AdminPasswordSecret"); it != spec.tags.end())
    spec.admin_password_secret = it->second;
  b.inventory.brokers.push_back(std::move(spec));
}

BackupRuleSpec BackupRule(const Input& rule, const std::string& vault_name) {
  if (!rule.value().is_object()) rule.Fail("expected an object (one rule)");
  BackupRuleSpec spec;
  spec.name = rule["name"].RequiredString();
  spec.schedule = rule["schedule"].String();
  rule["lifecycle"].ExpectObjectOrUnset();
  spec.delete_after_days = rule["lifecycle"]["delete_after"].Int(0);
  spec.target_vault = rule["target_vault_name"].String(vault_name);
  spec.start_window_minutes = rule["start_window"].OptionalInt();
  spec.completion_window_minutes = rule["completion_window"].OptionalInt();
  spec.recovery_point_tags = rule["recovery_point_tags"].StringMap();
  return spec;
}

// Collects the STRINGEQUALS tag conditions of one selection.
void AddSelectionTags(const Input& selection, Tags& out) {
  if (!selection.value().is_object()) selection.Fail("expected an object (one selection)");
  Input tags = selection["selection_tags"];
  json list = tags.List();
  for (std::size_t i = 0; i < list.size(); ++i) {
    Input condition = tags[i];
    if (Lower(condition["type"].String()) != "stringequals") continue;
    std::string key = condition["key"].RequiredString();
    std::string value = condition["value"].String();
    auto [it, inserted] = out.emplace(key, value);
    if (!inserted && it->second != value)
      condition["value"].Fail("tag " + key + " is selected with two values (" + it->second + ", " +
                              value + ")");
  }
}

void MapBackupPlan(const Input& in, bool, Builder& b) {
  if (!in["enabled"].Bool(true)) return;
  BackupPlanSpec spec;
  spec.name = in["plan_name"].RequiredString();
  spec.vault_name = in["vault_name"].String();
  Input rules = in["rules"];
  json rule_list = rules.List();
  for (std::size_t i = 0; i < rule_list.size(); ++i)
    spec.rules.push_back(BackupRule(rules[i], spec.vault_name));
  if (spec.rules.empty() && !in["rule_name"].unset()) {
    // The module's single-rule form: rule_* variables instead of `rules`.
    BackupRuleSpec rule;
    rule.name = in["rule_name"].String();
    rule.schedule = in["rule_schedule"].String();
    rule.delete_after_days = in["rule_lifecycle_delete_after"].Int(0);
    rule.target_vault = spec.vault_name;
    rule.start_window_minutes = in["rule_start_window"].OptionalInt();
    rule.completion_window_minutes = in["rule_completion_window"].OptionalInt();
    rule.recovery_point_tags = in["rule_recovery_point_tags"].StringMap();
    spec.rules.push_back(std::move(rule));
  }
  Input selections = in["selections"];
  if (!selections.unset() && selections.value().is_object()) {
    for (const auto& [key, value] : selections.value().items())
      AddSelectionTags(selections[key], spec.selection_tags);
  } else {
    json list = selections.List();
    for (std::size_t i = 0; i < list.size(); ++i)
      AddSelectionTags(selections[i], spec.selection_tags);
  }
  b.inventory.backup_plans.push_back(std::move(spec));
}

void MapZones(const Input& in, bool, Builder& b) {
  if (!in["create"].Bool(true)) return;
  Input zones = in["zones"];
  zones.ExpectObjectOrUnset();
  if (zones.unset()) return;
  Tags module_tags = in["tags"].StringMap();
  for (const auto& [key, value] : zones.value().items()) {
    Input zone = zones[key];
    if (!value.is_object()) zone.Fail("expected an object (one zone)");
    HostedZoneSpec spec;
    spec.name = NormalizeDnsName(zone["domain_name"].String(key));
    spec.private_zone = !zone["vpc"].unset();
    spec.comment = zone["comment"].String();
    spec.tags = zone["tags"].StringMap();
    for (auto& [k, v] : module_tags) spec.tags[k] = v;  // the module lets inputs.tags win
    b.inventory.hosted_zones.push_back(std::move(spec));
  }
}

void MapRecords(const Input& in, const EvaluatedUnit& unit, Builder& b) {
  if (!in["create"].Bool(true)) return;
  // inputs.zone_id is a mock output, so the zone is named by zone_name or,
  // as SCHEMA.md documents for these units, by the unit's locals.private_zone.
  Input locals(in.unit(), &unit.locals, "locals");
  Input zone_input = !in["zone_name"].unset() ? in["zone_name"] : locals["private_zone"];
  PendingRecords pending{
      zone_input, NormalizeDnsName(zone_input.RequiredString()), std::nullopt, {}};
  if (!in["private_zone"].unset()) pending.private_zone = in["private_zone"].Bool(false);

  Input records = in["records"];
  json list = records.List();
  for (std::size_t i = 0; i < list.size(); ++i) {
    Input r = records[i];
    if (!r.value().is_object()) r.Fail("expected an object (one record)");
    if (!r["alias"].unset()) r["alias"].Fail("alias records are not supported by the sim");
    DnsRecordSpec spec;
    std::string name = r["name"].String();
    if (name.empty()) {
      spec.name = pending.zone;
    } else {
      spec.name =
          NormalizeDnsName(r["full_name_override"].Bool(false) ? name : name + "." + pending.zone);
    }
    spec.type = r["type"].RequiredString();
    spec.ttl = r["ttl"].Int(spec.ttl);
    Input values = r["records"];
    json value_list = values.List();
    for (std::size_t j = 0; j < value_list.size(); ++j) spec.records.push_back(values[j].String());
    pending.records.push_back(std::move(spec));
  }
  b.pending_records.push_back(std::move(pending));
}

void AttachRecords(Builder& b) {
  for (PendingRecords& pending : b.pending_records) {
    auto& zones = b.inventory.hosted_zones;
    auto zone = std::find_if(zones.begin(), zones.end(), [&](const HostedZoneSpec& z) {
      return z.name == pending.zone &&
             (!pending.private_zone || z.private_zone == *pending.private_zone);
    });
    if (zone == zones.end())
      pending.zone_input.Fail(std::string("no unit of this environment creates the ") +
                              (pending.private_zone.value_or(false) ? "private " : "") + "zone " +
                              pending.zone);
    for (DnsRecordSpec& record : pending.records) zone->records.push_back(std::move(record));
  }
}

using Mapper = void (*)(const Input& inputs, bool wrapper, Builder& b);

struct ModuleKind {
  std::string_view address;  // registry address without "//wrappers"
  Mapper map;
  bool has_wrapper;  // the module's Terragrunt wrapper (items/defaults) is understood
};

constexpr ModuleKind kModuleKinds[] = {
    {"terraform-aws-modules/secrets-manager/aws", MapSecrets, true},
    {"terraform-aws-modules/s3-bucket/aws", MapBuckets, true},
    {"terraform-aws-modules/rds/aws", MapDatabase, false},
    {"terraform-aws-modules/elasticache/aws", MapRedis, false},
    {"cloudposse/mq-broker/aws", MapBroker, false},
    {"lgallard/backup/aws", MapBackupPlan, false},
    {"terraform-aws-modules/route53/aws//modules/zones", MapZones, false},
};
constexpr std::string_view kRecordsModule = "terraform-aws-modules/route53/aws//modules/records";
constexpr std::string_view kWrapperSuffix = "//wrappers";

void MapUnit(const EvaluatedUnit& unit, Builder& b) {
  static const json kNoInputs = json::object();
  const json& inputs_json = unit.inputs.is_null() ? kNoInputs : unit.inputs;
  Input inputs(unit.path, &inputs_json, "inputs");
  inputs.ExpectObjectOrUnset();

  std::string address = Lower(ModuleAddress(unit.source));
  if (address == kRecordsModule) return MapRecords(inputs, unit, b);
  bool wrapper = address.ends_with(kWrapperSuffix);
  if (wrapper) address.resize(address.size() - kWrapperSuffix.size());
  for (const ModuleKind& kind : kModuleKinds) {
    if (address == kind.address && (!wrapper || kind.has_wrapper))
      return kind.map(inputs, wrapper, b);
  }
  b.inventory.modeled_only.push_back({unit.path, unit.source, kNotEmulated});
}

}  // namespace

std::string ModuleAddress(std::string_view source) {
  std::string_view s = source.substr(0, source.find('?'));
  constexpr std::string_view kScheme = "tfr://";
  if (s.starts_with(kScheme)) {
    s.remove_prefix(kScheme.size());
    // tfr:///ns/name/provider (default registry) or tfr://host/ns/name/provider.
    auto slash = s.find('/');
    s.remove_prefix(slash == std::string_view::npos ? s.size() : slash + 1);
  }
  while (s.ends_with('/')) s.remove_suffix(1);
  return std::string(s);
}

Result<Inventory> BuildInventory(const std::vector<EvaluatedUnit>& units) {
  Builder b;
  try {
    for (const EvaluatedUnit& unit : units) MapUnit(unit, b);
    AttachRecords(b);
  } catch (const InventoryException& e) {
    return MakeError("InventoryError", e.what());
  }
  return std::move(b.inventory);
}

}  // namespace sim::env
