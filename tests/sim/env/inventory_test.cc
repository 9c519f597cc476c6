// The inventory mapping on hand-made units: wrapper item/default rules,
// module dispatch by terraform.source, conversions and error paths.

#include "sim/env/inventory.h"

#include <gtest/gtest.h>

namespace sim::env {
namespace {

using nlohmann::json;

constexpr const char* kSecretsWrapper =
    "tfr:///terraform-aws-modules/secrets-manager/aws//wrappers?version=1.2.0";

EvaluatedUnit Unit(std::string path, std::string source, json inputs,
                   json locals = json::object()) {
  return {std::move(path), std::move(source), std::move(inputs), std::move(locals)};
}

TEST(ModuleAddressTest, StripsSchemeHostAndVersion) {
  EXPECT_EQ(ModuleAddress("tfr:///terraform-aws-modules/rds/aws?version=6.10.0"),
            "terraform-aws-modules/rds/aws");
  EXPECT_EQ(ModuleAddress("tfr://registry.terraform.io/lgallard/backup/aws?version=0.23.2"),
            "lgallard/backup/aws");
  EXPECT_EQ(ModuleAddress(kSecretsWrapper), "terraform-aws-modules/secrets-manager/aws//wrappers");
  EXPECT_EQ(ModuleAddress("../modules/thing"), "../modules/thing");
}

TEST(BuildInventoryTest, WrapperItemKeyWinsEvenWhenNull) {
  json inputs = {
      {"defaults", {{"description", "shared"}, {"kms_key_id", "alias/k"}, {"secret_string", "d"}}},
      {"items",
       {{"a", {{"name", "x/a"}}},
        {"b", {{"name", "x/b"}, {"description", nullptr}, {"secret_string", nullptr}}}}}};
  auto inv = BuildInventory({Unit("aws_secrets", kSecretsWrapper, inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  ASSERT_EQ(inv->secrets.size(), 2u);
  const SecretSpec& a = inv->secrets[0];
  const SecretSpec& b = inv->secrets[1];
  EXPECT_EQ(a.description, "shared");
  EXPECT_EQ(a.secret_string, "d");
  EXPECT_EQ(a.kms_key_id, "alias/k");
  EXPECT_EQ(a.recovery_window_in_days, 30);  // the module default
  EXPECT_EQ(b.description, "");              // item's null: no description
  EXPECT_FALSE(b.secret_string.has_value());
  EXPECT_EQ(b.kms_key_id, "alias/k");
}

TEST(BuildInventoryTest, ConvertsLikeTerraform) {
  json inputs = {{"items",
                  {{"a",
                    {{"name", "x/a"},
                     {"recovery_window_in_days", "7"},
                     {"create_random_password", "true"},
                     {"tags", {{"Count", 3}, {"On", true}, {"Dropped", nullptr}}}}}}}};
  auto inv = BuildInventory({Unit("aws_secrets", kSecretsWrapper, inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  const SecretSpec& s = inv->secrets.at(0);
  EXPECT_EQ(s.recovery_window_in_days, 7);
  EXPECT_TRUE(s.create_random_password);
  EXPECT_EQ(s.tags, (Tags{{"Count", "3"}, {"On", "true"}}));
}

TEST(BuildInventoryTest, CreateFalseSkipsTheResource) {
  json inputs = {
      {"items", {{"a", {{"name", "x/a"}, {"create", false}}}, {"b", {{"name", "x/b"}}}}}};
  auto inv = BuildInventory({Unit("aws_secrets", kSecretsWrapper, inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  ASSERT_EQ(inv->secrets.size(), 1u);
  EXPECT_EQ(inv->secrets[0].name, "x/b");
}

TEST(BuildInventoryTest, PlainModuleUnitIsOneResource) {
  json inputs = {{"bucket", "logs"}, {"versioning", {{"status", "Enabled"}}}};
  auto inv = BuildInventory(
      {Unit("logs", "tfr:///terraform-aws-modules/s3-bucket/aws?version=4.1.2", inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  ASSERT_EQ(inv->buckets.size(), 1u);
  EXPECT_EQ(inv->buckets[0].name, "logs");
  EXPECT_TRUE(inv->buckets[0].versioning);
}

TEST(BuildInventoryTest, OtherModulesAreModeledWithTheirSource) {
  const char* source = "git::https://example.com/modules.git//lambda?ref=v1";
  auto inv = BuildInventory({Unit("functions/api", source, {{"name", "api"}})});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  ASSERT_EQ(inv->modeled_only.size(), 1u);
  EXPECT_EQ(inv->modeled_only[0].module, "functions/api");
  EXPECT_EQ(inv->modeled_only[0].source, source);
  EXPECT_EQ(inv->modeled_only[0].reason, "modeled, not emulated");
}

TEST(BuildInventoryTest, WrongTypeNamesUnitAndPath) {
  json inputs = {{"items", {{"a", {{"name", {{"nested", 1}}}}}}}};
  auto inv = BuildInventory({Unit("aws_secrets", kSecretsWrapper, inputs)});
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code, "InventoryError");
  EXPECT_EQ(inv.error().message,
            "unit aws_secrets: inputs.items.a.name: expected a string, got object");
}

TEST(BuildInventoryTest, MissingRequiredArgument) {
  json inputs = {{"items", {{"a", {{"description", "no name"}}}}}};
  auto inv = BuildInventory({Unit("aws_secrets", kSecretsWrapper, inputs)});
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().message, "unit aws_secrets: inputs.items.a.name: required, but not set");
}

TEST(BuildInventoryTest, RecordsAttachToTheirZoneWhicheverUnitComesFirst) {
  const char* zones = "tfr:///terraform-aws-modules/route53/aws//modules/zones?version=2.11.1";
  const char* records = "tfr:///terraform-aws-modules/route53/aws//modules/records?version=2.11.1";
  json zone_inputs = {{"zones",
                       {{"corp.internal.", {{"vpc", json::array({json::object()})}}},
                        {"example.com", json::object()}}},
                      {"tags", {{"Team", "net"}}}};
  json record_inputs = {{"private_zone", true},
                        {"records",
                         {{{"name", "db"}, {"type", "CNAME"}, {"records", {"db.aws"}}},
                          {{"name", ""}, {"type", "TXT"}, {"ttl", 60}, {"records", {"v=1"}}},
                          {{"name", "other.example"},
                           {"full_name_override", true},
                           {"type", "A"},
                           {"records", {"10.0.0.1"}}}}}};
  auto inv = BuildInventory(
      {Unit("route53/records", records, record_inputs, {{"private_zone", "corp.internal"}}),
       Unit("route53/zones", zones, zone_inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  ASSERT_EQ(inv->hosted_zones.size(), 2u);
  const HostedZoneSpec& corp = inv->hosted_zones[0];
  EXPECT_EQ(corp.name, "corp.internal");
  EXPECT_TRUE(corp.private_zone);
  EXPECT_EQ(corp.tags, (Tags{{"Team", "net"}}));
  ASSERT_EQ(corp.records.size(), 3u);
  EXPECT_EQ(corp.records[0].name, "db.corp.internal");
  EXPECT_EQ(corp.records[0].ttl, 300);
  EXPECT_EQ(corp.records[1].name, "corp.internal");
  EXPECT_EQ(corp.records[1].ttl, 60);
  EXPECT_EQ(corp.records[2].name, "other.example");
  EXPECT_TRUE(inv->hosted_zones[1].records.empty());
}

TEST(BuildInventoryTest, RecordsForAnUnknownZoneAreAnError) {
  const char* records = "tfr:///terraform-aws-modules/route53/aws//modules/records?version=2.11.1";
  json inputs = {{"zone_name", "nowhere.internal"},
                 {"records", {{{"name", "a"}, {"type", "A"}, {"records", {"10.0.0.1"}}}}}};
  auto inv = BuildInventory({Unit("route53/records", records, inputs)});
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().message,
            "unit route53/records: inputs.zone_name: no unit of this environment creates the zone "
            "nowhere.internal");
}

TEST(BuildInventoryTest, BrokerNameFollowsTheNullLabel) {
  json inputs = {{"namespace", "Acme"},        {"stage", "qa"},
                 {"name", "rabbit_mq"},        {"attributes", {"blue"}},
                 {"mq_admin_user", {"admin"}}, {"tags", {{"Stage", "overridden"}}}};
  auto inv =
      BuildInventory({Unit("aws_mq", "tfr:///cloudposse/mq-broker/aws?version=3.1.0", inputs)});
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  const BrokerSpec& b = inv->brokers.at(0);
  EXPECT_EQ(b.name, "acme-qa-rabbitmq-blue");
  EXPECT_EQ(b.admin_user, "admin");
  EXPECT_EQ(b.tags, (Tags{{"Attributes", "blue"},
                          {"Name", "acme-qa-rabbitmq-blue"},
                          {"Namespace", "acme"},
                          {"Stage", "overridden"}}));
}

TEST(BuildInventoryTest, BackupSelectionWithConflictingValuesIsAnError) {
  json inputs = {{"plan_name", "p"},
                 {"selections",
                  {{{"selection_tags",
                     {{{"type", "STRINGEQUALS"}, {"key", "backup"}, {"value", "true"}},
                      {{"type", "STRINGEQUALS"}, {"key", "backup"}, {"value", "yes"}}}}}}}};
  auto inv = BuildInventory({Unit("aws_backup", "tfr:///lgallard/backup/aws", inputs)});
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code, "InventoryError");
  EXPECT_NE(inv.error().message.find("inputs.selections[0].selection_tags[1].value"),
            std::string::npos)
      << inv.error().message;
}

}  // namespace
}  // namespace sim::env
