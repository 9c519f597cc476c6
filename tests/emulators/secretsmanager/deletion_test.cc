// DeleteSecret, the recovery window on the Clock, and RestoreSecret.

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

using DeletionTest = SecretsManagerTest;
constexpr Duration kDay = std::chrono::hours(24);

TEST_F(DeletionTest, DefaultWindowIsThirtyDays) {
  json created = CreateString("gone", "v");
  json out = Ok("DeleteSecret", {{"SecretId", "gone"}});
  EXPECT_EQ(out["ARN"], created["ARN"]);
  EXPECT_DOUBLE_EQ(out["DeletionDate"].get<double>(), Seconds(TestStart() + 30 * kDay));
  json d = Ok("DescribeSecret", {{"SecretId", "gone"}});
  EXPECT_DOUBLE_EQ(d["DeletedDate"].get<double>(), Seconds(TestStart()));

  clock_.Advance(29 * kDay);
  EXPECT_EQ(Code(Call("DescribeSecret", {{"SecretId", "gone"}})), "ok");
  clock_.Advance(kDay);
  EXPECT_EQ(Code(Call("DescribeSecret", {{"SecretId", "gone"}})), "ResourceNotFoundException");
}

TEST_F(DeletionTest, SecretIsPurgedWhenTheWindowEnds) {
  json created = CreateString("short", "v");
  Ok("DeleteSecret", {{"SecretId", "short"}, {"RecoveryWindowInDays", 7}});
  auto get = Call("GetSecretValue", {{"SecretId", "short"}});
  ASSERT_EQ(Code(get), "InvalidRequestException");
  EXPECT_EQ(get.error().message,
            "You can't perform this operation on the secret because it was marked for deletion.");
  EXPECT_EQ(Code(Call("PutSecretValue", {{"SecretId", "short"}, {"SecretString", "x"}})),
            "InvalidRequestException");
  auto recreate = Call("CreateSecret", {{"Name", "short"}, {"SecretString", "again"}});
  ASSERT_EQ(Code(recreate), "InvalidRequestException");
  EXPECT_EQ(recreate.error().message,
            "You can't create this secret because a secret with this name is already scheduled for "
            "deletion.");

  clock_.Advance(7 * kDay - std::chrono::milliseconds(1));
  EXPECT_EQ(service_->secrets().size(), 1u);
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(service_->secrets().size(), 0u);
  EXPECT_TRUE(store_->Scan(SecretsManager::kTable).empty());
  auto purged = Events("PurgeSecret");
  ASSERT_EQ(purged.size(), 1u);
  EXPECT_EQ(purged[0].resource, created["ARN"]);
  EXPECT_EQ(purged[0].outcome, "ok");
  EXPECT_EQ(purged[0].time, TestStart() + 7 * kDay);

  // The name is free again, with a new ARN.
  json again = CreateString("short", "new");
  EXPECT_EQ(Value("short"), "new");
  EXPECT_NE(again["ARN"], created["ARN"]);
}

TEST_F(DeletionTest, ParameterRules) {
  CreateString("p", "v");
  auto both =
      Call("DeleteSecret",
           {{"SecretId", "p"}, {"RecoveryWindowInDays", 7}, {"ForceDeleteWithoutRecovery", true}});
  EXPECT_EQ(Code(both), "InvalidParameterException");
  EXPECT_EQ(Code(Call("DeleteSecret", {{"SecretId", "p"}, {"RecoveryWindowInDays", 6}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("DeleteSecret", {{"SecretId", "p"}, {"RecoveryWindowInDays", 31}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("DeleteSecret", {{"SecretId", "ghost"}})), "ResourceNotFoundException");
  Ok("DeleteSecret", {{"SecretId", "p"}, {"RecoveryWindowInDays", 10}});
  EXPECT_EQ(Code(Call("DeleteSecret", {{"SecretId", "p"}})), "InvalidRequestException");
}

TEST_F(DeletionTest, ForceDeleteIsImmediateEvenDuringAWindow) {
  CreateString("now", "v");
  CreateString("later", "v");
  json out = Ok("DeleteSecret", {{"SecretId", "now"}, {"ForceDeleteWithoutRecovery", true}});
  EXPECT_DOUBLE_EQ(out["DeletionDate"].get<double>(), Seconds(TestStart()));
  EXPECT_EQ(Code(Call("DescribeSecret", {{"SecretId", "now"}})), "ResourceNotFoundException");
  Ok("DeleteSecret", {{"SecretId", "later"}});
  Ok("DeleteSecret", {{"SecretId", "later"}, {"ForceDeleteWithoutRecovery", true}});
  EXPECT_EQ(service_->secrets().size(), 0u);
  EXPECT_EQ(clock_.PendingTimers(), 0u);
  EXPECT_TRUE(store_->Scan(SecretsManager::kTable).empty());
}

TEST_F(DeletionTest, RestoreCancelsTheDeletion) {
  CreateString("back", "v");
  Ok("DeleteSecret", {{"SecretId", "back"}, {"RecoveryWindowInDays", 7}});
  clock_.Advance(3 * kDay);
  json out = Ok("RestoreSecret", {{"SecretId", "back"}});
  EXPECT_EQ(out["Name"], "back");
  EXPECT_FALSE(Ok("DescribeSecret", {{"SecretId", "back"}}).contains("DeletedDate"));
  clock_.Advance(30 * kDay);
  EXPECT_EQ(Value("back"), "v");
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(Code(Call("RestoreSecret", {{"SecretId", "ghost"}})), "ResourceNotFoundException");
}

TEST_F(DeletionTest, ListSecretsHidesPlannedDeletionsUnlessAsked) {
  CreateString("keep", "v");
  CreateString("drop", "v");
  Ok("DeleteSecret", {{"SecretId", "drop"}});
  json listed = Ok("ListSecrets", json::object());
  ASSERT_EQ(listed["SecretList"].size(), 1u);
  EXPECT_EQ(listed["SecretList"][0]["Name"], "keep");
  json all = Ok("ListSecrets", {{"IncludePlannedDeletion", true}});
  EXPECT_EQ(all["SecretList"].size(), 2u);
}

TEST_F(DeletionTest, ReplicatedSecretCannotBeDeleted) {
  CreateString("multi", "v", {{"AddReplicaRegions", {{{"Region", "eu-west-1"}}}}});
  auto refused = Call("DeleteSecret", {{"SecretId", "multi"}});
  ASSERT_EQ(Code(refused), "InvalidParameterException");
  EXPECT_NE(refused.error().message.find("eu-west-1"), std::string::npos);
  Ok("RemoveRegionsFromReplication",
     {{"SecretId", "multi"}, {"RemoveReplicaRegions", {"eu-west-1"}}});
  Ok("DeleteSecret", {{"SecretId", "multi"}});
}

}  // namespace
}  // namespace sim::secretsmanager
