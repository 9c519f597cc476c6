// Loads the real environments/ folder (prod, uat, dev) and checks the
// inventory against vars.yaml, README.md and SCHEMA.md; then broken copies of
// dev for the error paths.

#include "sim/env/environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#ifndef SIM_SOURCE_DIR
#error "SIM_SOURCE_DIR must name the repository root"
#endif

namespace sim::env {
namespace {

namespace fs = std::filesystem;

const fs::path kEnvironments = fs::path(SIM_SOURCE_DIR) / "environments";

// What README.md's table and vars.yaml say about each environment.
struct Expected {
  std::string name;
  std::string account_id;
  std::string region;
  std::string public_zone;
  std::string private_zone;
  int recovery_window;
  int redis_nodes;
  std::string broker_mode;
  int flow_logs_expire_days;
};

const Expected kProd{
    "prod", "731926504812",     "eu-west-1", "northwind.io", "prod.northwind.internal", 30,
    2,      "CLUSTER_MULTI_AZ", 365};
const Expected kUat{
    "uat", "284610397455",    "eu-west-2", "uat.northwind.io", "uat.northwind.internal", 7,
    2,     "SINGLE_INSTANCE", 90};
const Expected kDev{
    "dev", "000000000000",    "eu-west-2", "dev.northwind.io", "dev.northwind.internal", 0,
    1,     "SINGLE_INSTANCE", 60};

template <class T, class Pred>
const T* FindBy(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

const SecretSpec* Secret(const Inventory& inv, const std::string& name) {
  return FindBy(inv.secrets, [&](const SecretSpec& s) { return s.name == name; });
}
const BucketSpec* Bucket(const Inventory& inv, const std::string& name) {
  return FindBy(inv.buckets, [&](const BucketSpec& b) { return b.name == name; });
}
const HostedZoneSpec* Zone(const Inventory& inv, const std::string& name) {
  return FindBy(inv.hosted_zones, [&](const HostedZoneSpec& z) { return z.name == name; });
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

class EnvironmentTest : public ::testing::TestWithParam<Expected> {
 protected:
  static void SetUpTestSuite() {
    for (const Expected& e : {kProd, kUat, kDev}) {
      auto loaded = LoadEnvironment(kEnvironments, e.name);
      ASSERT_TRUE(loaded.ok()) << e.name << ": " << loaded.error().code << ": "
                               << loaded.error().message;
      loaded_->push_back(std::move(loaded).value());
    }
  }
  static void TearDownTestSuite() { loaded_->clear(); }

  const Environment& env() const {
    const Environment* e =
        FindBy(*loaded_, [&](const Environment& x) { return x.name == GetParam().name; });
    if (!e) throw std::runtime_error("environment not loaded: " + GetParam().name);
    return *e;
  }
  std::string prefix() const { return "northwind-" + GetParam().name; }
  std::string secret_name(const std::string& service) const {
    return "northwind/" + GetParam().name + "/" + service;
  }

  static inline std::vector<Environment>* loaded_ = new std::vector<Environment>();
};

TEST(ListEnvironmentsTest, ListsTheThreeEnvironments) {
  EXPECT_EQ(ListEnvironments(kEnvironments), (std::vector<std::string>{"dev", "prod", "uat"}));
}

TEST_P(EnvironmentTest, AccountAndRegionComeFromVarsYaml) {
  const Environment& e = env();
  EXPECT_EQ(e.name, GetParam().name);
  EXPECT_EQ(e.account_id, GetParam().account_id);
  EXPECT_EQ(e.region, GetParam().region);
  EXPECT_EQ(e.project, "northwind");
  EXPECT_EQ(e.dir.filename(), GetParam().name);
  EXPECT_EQ(e.vars.at("network").at("flow_logs").at("expire_after_days"),
            GetParam().flow_logs_expire_days);
}

TEST_P(EnvironmentTest, SecretsHaveNamesDescriptionsKeysAndTags) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.secrets.size(), 4u);
  const std::string cmk = "alias/northwind-" + GetParam().name + "-secrets";

  const SecretSpec* db = Secret(inv, secret_name("postgres/app-password"));
  const SecretSpec* redis = Secret(inv, secret_name("redis/auth-token"));
  const SecretSpec* mq = Secret(inv, secret_name("mq/admin-password"));
  const SecretSpec* app = Secret(inv, secret_name("app/secret-key"));
  ASSERT_TRUE(db && redis && mq && app);

  EXPECT_EQ(db->description,
            "Password of the northwind_app PostgreSQL role used by the API and workers");
  EXPECT_EQ(redis->description, "AUTH token of the ElastiCache Redis replication group");
  EXPECT_EQ(mq->description, "Password of the RabbitMQ broker admin user (mqadmin)");
  EXPECT_EQ(app->description, "Application secret key used to sign sessions and JWTs");

  // Only the database and Redis secrets use the customer managed key.
  EXPECT_EQ(db->kms_key_id, cmk);
  EXPECT_EQ(redis->kms_key_id, cmk);
  EXPECT_EQ(mq->kms_key_id, "");
  EXPECT_EQ(app->kms_key_id, "");

  for (const SecretSpec* s : {db, redis, mq, app}) {
    EXPECT_EQ(s->recovery_window_in_days, GetParam().recovery_window) << s->name;
    EXPECT_EQ(s->tags.at("Environment"), GetParam().name) << s->name;
    EXPECT_EQ(s->tags.at("Project"), "northwind") << s->name;
    EXPECT_EQ(s->tags.at("Component"), "aws_secrets") << s->name;
  }
  EXPECT_EQ(db->tags.at("Service"), "postgres");
  EXPECT_EQ(redis->tags.at("Service"), "redis");
  EXPECT_EQ(mq->tags.at("Service"), "rabbitmq");
  EXPECT_EQ(app->tags.at("Service"), "api");
}

TEST_P(EnvironmentTest, SecretValuesArePlaceholdersInDevAndGeneratedElsewhere) {
  const Inventory& inv = env().inventory;
  const SecretSpec* db = Secret(inv, secret_name("postgres/app-password"));
  const SecretSpec* redis = Secret(inv, secret_name("redis/auth-token"));
  const SecretSpec* app = Secret(inv, secret_name("app/secret-key"));
  ASSERT_TRUE(db && redis && app);
  if (GetParam().name == "dev") {
    ASSERT_TRUE(db->secret_string.has_value());
    EXPECT_EQ(*db->secret_string, "dev-only-postgres-password-not-a-secret");
    ASSERT_TRUE(redis->secret_string.has_value());
    EXPECT_EQ(*redis->secret_string, "dev-only-redis-auth-token-not-a-secret");
    for (const SecretSpec& s : inv.secrets) {
      EXPECT_TRUE(s.secret_string.has_value()) << s.name;
      EXPECT_FALSE(s.create_random_password) << s.name;
    }
  } else {
    for (const SecretSpec& s : inv.secrets) {
      EXPECT_FALSE(s.secret_string.has_value()) << s.name;
      EXPECT_TRUE(s.create_random_password) << s.name;
    }
    // Item values over the wrapper default of 32 characters.
    EXPECT_EQ(db->random_password_length, 32);
    EXPECT_EQ(redis->random_password_length, 64);
    EXPECT_EQ(app->random_password_length, 64);
    EXPECT_EQ(db->random_password_override_special, "!#%^*-_+=");
    EXPECT_EQ(redis->random_password_override_special, "!&#$^<>-");
    // app_secret_key sets none: the module's default specials.
    EXPECT_EQ(app->random_password_override_special, "!@#$%&*()-_=+[]{}<>:?");
  }
}

TEST_P(EnvironmentTest, BucketsIncludeTheFlowLogsBucket) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.buckets.size(), 3u);
  const BucketSpec* uploads = Bucket(inv, prefix() + "-uploads");
  const BucketSpec* backups = Bucket(inv, prefix() + "-backups");
  const BucketSpec* flow_logs = Bucket(inv, prefix() + "-vpc-flow-logs");
  ASSERT_TRUE(uploads && backups && flow_logs);

  for (const BucketSpec* b : {uploads, backups, flow_logs}) {
    EXPECT_TRUE(b->versioning) << b->name;
    EXPECT_EQ(b->kms_key_id, "") << b->name;
    EXPECT_EQ(b->tags.at("Name"), b->name);
    EXPECT_EQ(b->force_destroy, GetParam().name == "dev") << b->name;
  }
  // The uploads item overrides the defaults' AES256.
  EXPECT_EQ(uploads->sse_algorithm, "aws:kms");
  EXPECT_EQ(backups->sse_algorithm, "AES256");
  EXPECT_EQ(flow_logs->sse_algorithm, "AES256");

  EXPECT_EQ(uploads->tags.at("backup"), "true");
  EXPECT_EQ(backups->tags.at("backup"), "true");
  EXPECT_EQ(flow_logs->tags.at("backup"), "false");

  ASSERT_EQ(uploads->cors_rules.size(), 1u);
  EXPECT_EQ(uploads->cors_rules[0].at("allowed_origins")[0],
            "https://app." + GetParam().public_zone);

  // Log delivery may write AWSLogs/<account>/ of this bucket only.
  EXPECT_NE(flow_logs->policy.find("delivery.logs.amazonaws.com"), std::string::npos);
  EXPECT_NE(flow_logs->policy.find("arn:aws:s3:::" + flow_logs->name + "/AWSLogs/" +
                                   GetParam().account_id + "/*"),
            std::string::npos);
  EXPECT_EQ(uploads->policy, "");
  ASSERT_EQ(flow_logs->lifecycle_rules.size(), 1u);
  EXPECT_EQ(flow_logs->lifecycle_rules[0].at("expiration").at("days"),
            GetParam().flow_logs_expire_days);
  EXPECT_EQ(flow_logs->lifecycle_rules[0].at("filter").at("prefix"), "AWSLogs/");
}

TEST_P(EnvironmentTest, RedisGroup) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.redis_groups.size(), 1u);
  const RedisGroupSpec& r = inv.redis_groups[0];
  EXPECT_EQ(r.replication_group_id, prefix() + "-redis");
  EXPECT_EQ(r.num_cache_clusters, GetParam().redis_nodes);
  EXPECT_EQ(r.automatic_failover, GetParam().redis_nodes > 1);
  EXPECT_EQ(r.multi_az, GetParam().redis_nodes > 1);
  EXPECT_EQ(r.port, 6379);
  EXPECT_EQ(r.engine_version, "7.1");
  EXPECT_TRUE(r.transit_encryption);
  // The AUTH token lives in the secrets unit's secret, not in the mock output.
  EXPECT_EQ(r.auth_token_secret, secret_name("redis/auth-token"));
  EXPECT_NE(Secret(inv, r.auth_token_secret), nullptr);
  EXPECT_EQ(r.tags.at("Service"), "redis");
}

TEST_P(EnvironmentTest, Database) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.databases.size(), 1u);
  const DatabaseSpec& d = inv.databases[0];
  EXPECT_EQ(d.identifier, prefix() + "-postgres");
  EXPECT_EQ(d.engine, "postgres");
  EXPECT_EQ(d.engine_version, "16.4");
  EXPECT_EQ(d.port, 5432);
  EXPECT_EQ(d.monitoring_interval, 30);
  EXPECT_EQ(d.db_name, "northwind");
  EXPECT_EQ(d.username, "northwind_admin");
  EXPECT_EQ(d.allocated_storage, env().vars.at("rds").at("allocated_storage").get<int>());
  EXPECT_EQ(d.backup_retention_period,
            env().vars.at("rds").at("backup_retention_period").get<int>());
  EXPECT_TRUE(d.manage_master_user_password);
  EXPECT_EQ(d.multi_az, GetParam().name == "prod");
  EXPECT_EQ(d.tags.at("backup"), "true");
  ASSERT_EQ(d.parameters.size(), 3u);
  EXPECT_EQ(d.parameters[0].at("name"), "rds.force_ssl");
}

TEST_P(EnvironmentTest, Broker) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.brokers.size(), 1u);
  const BrokerSpec& b = inv.brokers[0];
  EXPECT_EQ(b.name, prefix() + "-rabbitmq");
  EXPECT_EQ(b.engine_type, "RabbitMQ");
  EXPECT_EQ(b.engine_version, "3.13");
  EXPECT_EQ(b.deployment_mode, GetParam().broker_mode);
  EXPECT_EQ(b.admin_user, "mqadmin");
  EXPECT_EQ(b.admin_password_secret, secret_name("mq/admin-password"));
  EXPECT_EQ(b.tags.at("Name"), b.name);
  EXPECT_EQ(b.tags.at("Stage"), GetParam().name);
  EXPECT_EQ(b.tags.at("Namespace"), "northwind");
  EXPECT_EQ(b.tags.at("Service"), "rabbitmq");
}

TEST_P(EnvironmentTest, DailyBackupPlanSelectsTaggedResources) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.backup_plans.size(), 1u);
  const BackupPlanSpec& p = inv.backup_plans[0];
  EXPECT_EQ(p.name, prefix() + "-daily");
  EXPECT_EQ(p.vault_name, prefix() + "-backup-vault");
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_EQ(p.rules[0].name, "daily-2000-utc");
  EXPECT_EQ(p.rules[0].schedule, "cron(0 20 * * ? *)");
  EXPECT_EQ(p.rules[0].delete_after_days, 7);
  EXPECT_EQ(p.rules[0].target_vault, p.vault_name);
  EXPECT_EQ(p.rules[0].start_window_minutes, 60);
  EXPECT_EQ(p.rules[0].completion_window_minutes, 240);
  EXPECT_EQ(p.selection_tags, (Tags{{"backup", "true"}}));
  // uat's rules come from terraform.tfvars.json, the only place with this tag.
  EXPECT_EQ(p.rules[0].recovery_point_tags.count("RestoreTest"),
            GetParam().name == "uat" ? 1u : 0u);

  // Selected: the database and the uploads and backups buckets.
  std::vector<std::string> selected;
  for (const auto& d : inv.databases)
    if (d.tags.count("backup") && d.tags.at("backup") == "true") selected.push_back(d.identifier);
  for (const auto& b : inv.buckets)
    if (b.tags.count("backup") && b.tags.at("backup") == "true") selected.push_back(b.name);
  std::sort(selected.begin(), selected.end());
  EXPECT_EQ(selected, (std::vector<std::string>{prefix() + "-backups", prefix() + "-postgres",
                                                prefix() + "-uploads"}));
}

TEST_P(EnvironmentTest, HostedZonesWithRecords) {
  const Inventory& inv = env().inventory;
  ASSERT_EQ(inv.hosted_zones.size(), 2u);
  const HostedZoneSpec* pub = Zone(inv, GetParam().public_zone);
  const HostedZoneSpec* priv = Zone(inv, GetParam().private_zone);
  ASSERT_TRUE(pub && priv);
  EXPECT_FALSE(pub->private_zone);
  EXPECT_TRUE(priv->private_zone);
  EXPECT_TRUE(pub->records.empty());
  EXPECT_EQ(pub->tags.at("Visibility"), "public");
  EXPECT_EQ(priv->tags.at("Component"), "route53-zones");
  EXPECT_EQ(priv->comment, "Private zone for internal endpoints of " + prefix());

  ASSERT_EQ(priv->records.size(), 4u);
  std::vector<std::string> names;
  for (const auto& r : priv->records) {
    names.push_back(r.name + " " + r.type);
    EXPECT_EQ(r.ttl, 300);
    EXPECT_EQ(r.records.size(), 1u);
  }
  const std::string& z = GetParam().private_zone;
  EXPECT_EQ(names, (std::vector<std::string>{"postgres." + z + " CNAME", "redis." + z + " CNAME",
                                             "redis-ro." + z + " CNAME", "bastion." + z + " A"}));
}

TEST_P(EnvironmentTest, UnemulatedModulesAreModeled) {
  const Inventory& inv = env().inventory;
  std::vector<std::string> modules;
  for (const ModeledModule& m : inv.modeled_only) {
    modules.push_back(m.module);
    EXPECT_EQ(m.reason, "modeled, not emulated");
    EXPECT_TRUE(m.source.starts_with("tfr:///")) << m.source;
  }
  EXPECT_EQ(modules, (std::vector<std::string>{"aws_waf", "ec2", "ecr", "eks_clusters", "iam",
                                               "security_groups", "sg_rule", "vpc"}));
}

TEST_P(EnvironmentTest, InventoryJsonNamesEveryItemAndHidesSecretValues) {
  nlohmann::json j = InventoryToJson(env().inventory);
  for (const char* kind : {"secrets", "buckets", "redis_groups", "databases", "brokers",
                           "backup_plans", "hosted_zones", "modeled_only"}) {
    ASSERT_TRUE(j.contains(kind)) << kind;
    ASSERT_TRUE(j[kind].is_array()) << kind;
    EXPECT_FALSE(j[kind].empty()) << kind;
    for (const auto& item : j[kind]) EXPECT_TRUE(item.at("name").is_string()) << kind;
  }
  EXPECT_EQ(j["databases"][0]["name"], prefix() + "-postgres");
  EXPECT_EQ(j["modeled_only"].size(), 8u);
  std::string dump = j.dump();
  for (const SecretSpec& s : env().inventory.secrets) {
    if (!s.secret_string) continue;
    EXPECT_EQ(dump.find(*s.secret_string), std::string::npos) << s.name;
  }
}

INSTANTIATE_TEST_SUITE_P(RealEnvironments, EnvironmentTest, ::testing::Values(kProd, kUat, kDev),
                         [](const auto& info) { return info.param.name; });

// ---- errors, on copies of dev in a temporary folder ----

class BrokenDevTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sim-env-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    fs::copy(kEnvironments / "accounts.json", root_ / "accounts.json");
    fs::copy(kEnvironments / "dev", root_ / "dev", fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Inserts `line` before line `line_number` (1-based) of dev/<rel>.
  void InsertLine(const std::string& rel, int line_number, const std::string& line) {
    std::istringstream in(ReadFile(root_ / "dev" / rel));
    std::string out, l;
    for (int n = 1; std::getline(in, l); ++n) {
      if (n == line_number) out += line + "\n";
      out += l + "\n";
    }
    WriteFile(root_ / "dev" / rel, out);
  }

  fs::path root_;
};

TEST(LoadEnvironmentTest, UnknownEnvironmentNamesTheFolderAndTheAvailableOnes) {
  auto loaded = LoadEnvironment(kEnvironments, "staging");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "EnvironmentNotFound");
  EXPECT_NE(loaded.error().message.find((kEnvironments / "staging").string()), std::string::npos)
      << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("dev, prod, uat"), std::string::npos)
      << loaded.error().message;
}

TEST(LoadEnvironmentTest, PathsOutsideTheRootAreNotEnvironments) {
  EXPECT_EQ(LoadEnvironment(kEnvironments / "dev", "..").error().code, "EnvironmentNotFound");
  EXPECT_EQ(LoadEnvironment(kEnvironments, "dev/rds").error().code, "EnvironmentNotFound");
}

TEST_F(BrokenDevTest, CopyLoadsLikeTheOriginal) {
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->account_id, "000000000000");
  EXPECT_EQ(loaded->inventory.secrets.size(), 4u);
}

TEST_F(BrokenDevTest, HclSyntaxErrorNamesFileLineAndColumn) {
  // aws_backup is the first unit loaded, so no other unit's problem can come first.
  InsertLine("aws_backup/terragrunt.hcl", 3, "broken = [1, 2");
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "HclError");
  std::smatch m;
  const std::string& message = loaded.error().message;
  ASSERT_TRUE(
      std::regex_search(message, m, std::regex(R"(^dev/aws_backup/terragrunt\.hcl:(\d+):(\d+): )")))
      << message;
  // The list is never closed: reported on the inserted line or where it runs on.
  EXPECT_GE(std::stoi(m[1]), 3) << message;
}

TEST_F(BrokenDevTest, WrongTypeNamesUnitAndInputPath) {
  std::string vars = ReadFile(root_ / "dev" / "vars.yaml");
  auto at = vars.find("allocated_storage: 20");
  ASSERT_NE(at, std::string::npos);
  vars.replace(at, std::string("allocated_storage: 20").size(), "allocated_storage: [20]");
  WriteFile(root_ / "dev" / "vars.yaml", vars);
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "InventoryError");
  EXPECT_NE(loaded.error().message.find("unit rds: inputs.allocated_storage: expected a number"),
            std::string::npos)
      << loaded.error().message;
}

TEST_F(BrokenDevTest, UnquotedAccountIdIsRejected) {
  std::string vars = ReadFile(root_ / "dev" / "vars.yaml");
  auto at = vars.find("account_id: \"000000000000\"");
  ASSERT_NE(at, std::string::npos);
  vars.replace(at, std::string("account_id: \"000000000000\"").size(), "account_id: 000000000000");
  WriteFile(root_ / "dev" / "vars.yaml", vars);
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "InventoryError");
  EXPECT_NE(loaded.error().message.find("dev/vars.yaml: account_id"), std::string::npos)
      << loaded.error().message;
}

TEST_F(BrokenDevTest, TfvarsFilesWinOverInputs) {
  WriteFile(root_ / "dev" / "aws_backup" / "terraform.tfvars",
            "vault_name = \"restore-rehearsal-vault\"\n");
  WriteFile(root_ / "dev" / "aws_backup" / "z.auto.tfvars.json",
            R"({"plan_name": "from-auto-tfvars"})");
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const BackupPlanSpec& p = loaded->inventory.backup_plans.at(0);
  EXPECT_EQ(p.vault_name, "restore-rehearsal-vault");
  EXPECT_EQ(p.rules.at(0).target_vault, "restore-rehearsal-vault");
  EXPECT_EQ(p.name, "from-auto-tfvars");
}

TEST_F(BrokenDevTest, HclErrorInTfvarsFileNamesIt) {
  WriteFile(root_ / "dev" / "aws_backup" / "terraform.tfvars", "vault_name = = 1\n");
  auto loaded = LoadEnvironment(root_, "dev");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "HclError");
  EXPECT_TRUE(loaded.error().message.starts_with("dev/aws_backup/terraform.tfvars:1:"))
      << loaded.error().message;
}

}  // namespace
}  // namespace sim::env
