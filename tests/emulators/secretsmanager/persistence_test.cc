// Write-through to an on-disk StateStore, and Load() after a restart.

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

namespace fs = std::filesystem;
constexpr Duration kDay = std::chrono::hours(24);

class PersistenceTest : public SecretsManagerTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sm-persistence-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    service_.reset();
    store_ = StateStore::OpenDirectory(dir_);
    StartService();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // A process restart: the service and the database connection go away.
  void Restart() {
    service_.reset();
    store_.reset();
    store_ = StateStore::OpenDirectory(dir_);
    StartService();
  }

  // Everything the API shows about a secret, values included.
  json Everything(const std::string& name) {
    json out = {
        {"describe", Ok("DescribeSecret", {{"SecretId", name}})},
        {"versions", Ok("ListSecretVersionIds", {{"SecretId", name}, {"IncludeDeprecated", true}})},
        {"policy", Ok("GetResourcePolicy", {{"SecretId", name}})}};
    json values = json::array();
    if (!out["describe"].contains("DeletedDate"))
      for (const auto& v : out["versions"]["Versions"])
        values.push_back(Ok("GetSecretValue", {{"SecretId", name}, {"VersionId", v["VersionId"]}}));
    out["values"] = values;
    return out;
  }

  fs::path dir_;
};

TEST_F(PersistenceTest, EveryFieldSurvivesARestart) {
  CreateString("full", R"({"password":"p"})",
               {{"Description", "all the things"},
                {"KmsKeyId", "alias/mine"},
                {"Tags", {{{"Key", "env"}, {"Value", "prod"}}}},
                {"AddReplicaRegions", {{{"Region", "eu-west-1"}}}}});
  Ok("PutSecretValue",
     {{"SecretId", "full"}, {"SecretString", "staged"}, {"VersionStages", {"BLUE", "GREEN"}}});
  Ok("PutResourcePolicy",
     {{"SecretId", "full"},
      {"ResourcePolicy", R"({"Statement":[{"Effect":"Deny","Action":"*","Principal":"*"}]})"}});
  Ok("RotateSecret", {{"SecretId", "full"},
                      {"RotationRules", {{"ScheduleExpression", "rate(6 hours)"}}},
                      {"RotationLambdaARN", "arn:aws:lambda:us-east-1:123456789012:function:rot"}});
  Ok("CreateSecret", {{"Name", "bin"}, {"SecretBinary", "3q2+7w=="}});
  clock_.Advance(std::chrono::hours(2));
  Value("full");  // LastAccessedDate
  CreateString("doomed", "x");
  Ok("DeleteSecret", {{"SecretId", "doomed"}, {"RecoveryWindowInDays", 7}});

  // Reading values records LastAccessedDate: read once so the capture is stable.
  Everything("full");
  Everything("bin");
  json before = {
      {"full", Everything("full")}, {"bin", Everything("bin")}, {"doomed", Everything("doomed")}};
  json list_before = Ok("ListSecrets", {{"IncludePlannedDeletion", true}});
  Restart();
  json after = {
      {"full", Everything("full")}, {"bin", Everything("bin")}, {"doomed", Everything("doomed")}};
  EXPECT_EQ(after, before);
  EXPECT_EQ(Ok("ListSecrets", {{"IncludePlannedDeletion", true}}), list_before);
  EXPECT_EQ(after["full"]["describe"]["RotationLambdaARN"],
            "arn:aws:lambda:us-east-1:123456789012:function:rot");
  EXPECT_EQ(after["full"]["describe"]["ReplicationStatus"][0]["Region"], "eu-west-1");
}

TEST_F(PersistenceTest, WritesAreDurableBeforeTheAnswer) {
  CreateString("durable", "v1");
  // A second connection, as another process would have, sees the write.
  auto reader = StateStore::OpenDirectory(dir_);
  auto docs = reader->Scan(SecretsManager::kTable);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].scope, (Scope{kAccount, kRegion}));
  json body = json::parse(docs[0].body);
  EXPECT_EQ(docs[0].key, body["ARN"]);
  EXPECT_EQ(body["Versions"][0]["SecretString"], "v1");

  Ok("PutSecretValue", {{"SecretId", "durable"}, {"SecretString", "v2"}});
  body = json::parse(reader->Scan(SecretsManager::kTable)[0].body);
  EXPECT_EQ(body["Versions"].size(), 2u);
  Ok("DeleteSecret", {{"SecretId", "durable"}, {"ForceDeleteWithoutRecovery", true}});
  EXPECT_TRUE(reader->Scan(SecretsManager::kTable).empty());
}

TEST_F(PersistenceTest, TimersAreReArmedFromStoredDates) {
  CreateString("rotating", "v");
  Ok("RotateSecret",
     {{"SecretId", "rotating"}, {"RotationRules", {{"AutomaticallyAfterDays", 3}}}});
  CreateString("doomed", "x");
  Ok("DeleteSecret", {{"SecretId", "doomed"}, {"RecoveryWindowInDays", 7}});
  std::string value = Value("rotating");
  Restart();
  EXPECT_EQ(clock_.PendingTimers(), 2u);
  clock_.Advance(3 * kDay);
  EXPECT_NE(Value("rotating"), value);
  EXPECT_EQ(Events("RotationSucceeded").size(), 1u);
  clock_.Advance(4 * kDay);
  EXPECT_EQ(Code(Call("DescribeSecret", {{"SecretId", "doomed"}})), "ResourceNotFoundException");
  Restart();
  EXPECT_EQ(Code(Call("DescribeSecret", {{"SecretId", "doomed"}})), "ResourceNotFoundException");
  EXPECT_EQ(service_->secrets().size(), 1u);
}

TEST_F(PersistenceTest, OverdueDeletionRunsRightAfterLoad) {
  CreateString("late", "x");
  Ok("DeleteSecret", {{"SecretId", "late"}, {"RecoveryWindowInDays", 7}});
  service_.reset();  // down while the window ends
  clock_.Advance(10 * kDay);
  Restart();
  EXPECT_EQ(service_->secrets().size(), 1u);
  clock_.RunDue();
  EXPECT_EQ(service_->secrets().size(), 0u);
  EXPECT_TRUE(store_->Scan(SecretsManager::kTable).empty());
}

TEST_F(PersistenceTest, CorruptDocumentFailsLoad) {
  store_->Put(SecretsManager::kTable, Scope{kAccount, kRegion}, "arn:bad", "{\"Format\":1}");
  EXPECT_THROW(service_->Load(), std::runtime_error);
}

}  // namespace
}  // namespace sim::secretsmanager
