// Snapshottable: take a secret's snapshot and restore it.

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

class SnapshotTest : public SecretsManagerTest {
 protected:
  Scope scope_{kAccount, kRegion};
};

TEST_F(SnapshotTest, RestoreBringsBackEveryVersionTagAndPolicy) {
  json created = CreateString("snap", "v1", {{"Tags", {{{"Key", "a"}, {"Value", "1"}}}}});
  Ok("PutSecretValue", {{"SecretId", "snap"}, {"SecretString", "v2"}});
  Ok("PutResourcePolicy",
     {{"SecretId", "snap"},
      {"ResourcePolicy", R"({"Statement":{"Effect":"Deny","Action":"*","Principal":"*"}})"}});
  EXPECT_EQ(service_->SnapshotResources(scope_),
            std::vector<std::string>{created["ARN"].get<std::string>()});
  auto snapshot = service_->TakeSnapshot(scope_, "snap");
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->service, "secretsmanager");
  EXPECT_EQ(snapshot->resource_id, created["ARN"]);
  json stages_before = Ok("DescribeSecret", {{"SecretId", "snap"}})["VersionIdsToStages"];

  Ok("PutSecretValue", {{"SecretId", "snap"}, {"SecretString", "v3"}});
  Ok("UntagResource", {{"SecretId", "snap"}, {"TagKeys", {"a"}}});
  Ok("DeleteResourcePolicy", {{"SecretId", "snap"}});
  Ok("DeleteSecret", {{"SecretId", "snap"}});

  ASSERT_TRUE(service_->RestoreSnapshot(scope_, *snapshot, "").ok());
  json d = Ok("DescribeSecret", {{"SecretId", "snap"}});
  EXPECT_EQ(d["ARN"], created["ARN"]);
  EXPECT_FALSE(d.contains("DeletedDate"));
  EXPECT_EQ(d["Tags"], json::parse(R"([{"Key":"a","Value":"1"}])"));
  EXPECT_EQ(d["VersionIdsToStages"], stages_before);
  EXPECT_EQ(Value("snap"), "v2");
  EXPECT_EQ(Value("snap", {{"VersionStage", "AWSPREVIOUS"}}), "v1");
  EXPECT_TRUE(Ok("GetResourcePolicy", {{"SecretId", "snap"}}).contains("ResourcePolicy"));
  // The restored state is durable too.
  StartService();
  EXPECT_EQ(Value("snap"), "v2");
}

TEST_F(SnapshotTest, RestoreToANewName) {
  json created = CreateString("source", "v1");
  auto snapshot = service_->TakeSnapshot(scope_, created["ARN"].get<std::string>());
  ASSERT_TRUE(snapshot.ok());
  ASSERT_TRUE(service_->RestoreSnapshot(scope_, *snapshot, "copy").ok());
  json copy = Ok("GetSecretValue", {{"SecretId", "copy"}});
  EXPECT_EQ(copy["SecretString"], "v1");
  EXPECT_EQ(copy["VersionId"], created["VersionId"]);
  EXPECT_NE(copy["ARN"], created["ARN"]);
  EXPECT_EQ(Value("source"), "v1");
  // Into another Region, too.
  Scope west{kAccount, "us-west-2"};
  ASSERT_TRUE(service_->RestoreSnapshot(west, *snapshot, "").ok());
  EXPECT_EQ(Ok("GetSecretValue", {{"SecretId", "source"}}, "us-west-2")["SecretString"], "v1");
}

TEST_F(SnapshotTest, Errors) {
  EXPECT_EQ(service_->TakeSnapshot(scope_, "ghost").error().code, "ResourceNotFoundException");
  CreateString("deleted", "v");
  Ok("DeleteSecret", {{"SecretId", "deleted"}});
  EXPECT_EQ(service_->TakeSnapshot(scope_, "deleted").error().code, "InvalidRequestException");
  EXPECT_TRUE(service_->SnapshotResources(scope_).empty());
  Snapshot foreign{"s3", "bucket", "{}"};
  EXPECT_EQ(service_->RestoreSnapshot(scope_, foreign, "x").error().code,
            "InvalidParameterException");
  Snapshot garbage{"secretsmanager", "x", "not json"};
  EXPECT_EQ(service_->RestoreSnapshot(scope_, garbage, "x").error().code,
            "InvalidParameterException");
}

}  // namespace
}  // namespace sim::secretsmanager
