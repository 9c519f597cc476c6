// RotateSecret and CancelRotateSecret, immediate and on the Clock.

#include "emulators/secretsmanager/random_password.h"
#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

using RotationTest = SecretsManagerTest;
constexpr Duration kDay = std::chrono::hours(24);
constexpr char kDbSecret[] =
    R"({"engine":"postgres","username":"admin","password":"old-pass","port":5432})";

TimePoint At(const char* iso) {
  TimePoint t;
  ParseIso8601(iso, &t);
  return t;
}

TEST_F(RotationTest, RotationRegeneratesOnlyThePasswordOfAJsonSecret) {
  json created = CreateString("db", kDbSecret);
  json out =
      Ok("RotateSecret", {{"SecretId", "db"}, {"RotationRules", {{"AutomaticallyAfterDays", 30}}}});
  ASSERT_TRUE(out.contains("VersionId"));
  EXPECT_NE(out["VersionId"], created["VersionId"]);

  json current = json::parse(Value("db"));
  EXPECT_EQ(current["username"], "admin");
  EXPECT_EQ(current["engine"], "postgres");
  EXPECT_EQ(current["port"], 5432);
  std::string password = current["password"];
  EXPECT_EQ(password.size(), 32u);
  EXPECT_NE(password, "old-pass");
  EXPECT_EQ(password.find_first_of("/@\"'\\"), std::string::npos);
  EXPECT_EQ(json::parse(Value("db", {{"VersionStage", "AWSPREVIOUS"}}))["password"], "old-pass");

  json d = Ok("DescribeSecret", {{"SecretId", "db"}});
  EXPECT_EQ(d["RotationEnabled"], true);
  EXPECT_EQ(d["RotationRules"], json::parse(R"({"AutomaticallyAfterDays":30})"));
  EXPECT_DOUBLE_EQ(d["LastRotatedDate"].get<double>(), Seconds(TestStart()));
  EXPECT_DOUBLE_EQ(d["NextRotationDate"].get<double>(), Seconds(At("2026-03-31T00:00:00Z")));
  EXPECT_EQ(d["VersionIdsToStages"].size(), 2u);
  EXPECT_EQ(d["VersionIdsToStages"][out["VersionId"].get<std::string>()],
            json::array({"AWSCURRENT"}));
}

TEST_F(RotationTest, PlainAndBinarySecretsGetNewPasswords) {
  CreateString("plain", "hunter2");
  Ok("CreateSecret", {{"Name", "bin"}, {"SecretBinary", "AAEC"}});
  Ok("RotateSecret", {{"SecretId", "plain"}});
  Ok("RotateSecret", {{"SecretId", "bin"}});
  std::string plain = Value("plain");
  EXPECT_EQ(plain.size(), 32u);
  EXPECT_NE(plain, "hunter2");
  json bin = Ok("GetSecretValue", {{"SecretId", "bin"}});
  EXPECT_NE(bin["SecretBinary"], "AAEC");
  EXPECT_EQ(bin["SecretBinary"].get<std::string>().size(), 44u);  // base64 of 32 bytes
  // A one-off rotation does not turn scheduled rotation on.
  json d = Ok("DescribeSecret", {{"SecretId", "plain"}});
  EXPECT_EQ(d["RotationEnabled"], false);
  EXPECT_FALSE(d.contains("NextRotationDate"));
}

TEST_F(RotationTest, ScheduledRotationRunsOnTheClock) {
  CreateString("db", kDbSecret);
  Ok("RotateSecret", {{"SecretId", "db"}, {"RotationRules", {{"AutomaticallyAfterDays", 7}}}});
  std::string after_first = Value("db");
  clock_.AdvanceTo(At("2026-03-07T23:59:59Z"));
  EXPECT_EQ(Value("db"), after_first);
  EXPECT_EQ(Events("RotationSucceeded").size(), 0u);

  clock_.AdvanceTo(At("2026-03-08T00:00:00Z"));
  EXPECT_NE(Value("db"), after_first);
  auto rotated = Events("RotationSucceeded");
  ASSERT_EQ(rotated.size(), 1u);
  EXPECT_EQ(rotated[0].time, At("2026-03-08T00:00:00Z"));
  EXPECT_EQ(rotated[0].outcome, "ok");
  json d = Ok("DescribeSecret", {{"SecretId", "db"}});
  EXPECT_DOUBLE_EQ(d["LastRotatedDate"].get<double>(), Seconds(At("2026-03-08T00:00:00Z")));
  EXPECT_DOUBLE_EQ(d["NextRotationDate"].get<double>(), Seconds(At("2026-03-15T00:00:00Z")));
  EXPECT_EQ(json::parse(Value("db", {{"VersionStage", "AWSPREVIOUS"}})), json::parse(after_first));

  clock_.Advance(21 * kDay);
  EXPECT_EQ(Events("RotationSucceeded").size(), 4u);
}

TEST_F(RotationTest, ScheduleExpressionsAndRotateImmediatelyFalse) {
  json created = CreateString("rated", "v");
  json out = Ok("RotateSecret",
                {{"SecretId", "rated"},
                 {"RotateImmediately", false},
                 {"RotationRules", {{"ScheduleExpression", "rate(10 days)"}, {"Duration", "3h"}}}});
  EXPECT_FALSE(out.contains("VersionId"));
  EXPECT_EQ(Value("rated"), "v");
  json d = Ok("DescribeSecret", {{"SecretId", "rated"}});
  EXPECT_EQ(d["RotationRules"]["ScheduleExpression"], "rate(10 days)");
  EXPECT_EQ(d["RotationRules"]["Duration"], "3h");
  EXPECT_DOUBLE_EQ(d["NextRotationDate"].get<double>(), Seconds(At("2026-03-11T00:00:00Z")));
  clock_.AdvanceTo(At("2026-03-11T00:00:00Z"));
  EXPECT_NE(Value("rated"), "v");

  CreateString("cron", "v");
  Ok("RotateSecret", {{"SecretId", "cron"},
                      {"RotateImmediately", false},
                      {"RotationRules", {{"ScheduleExpression", "cron(0 16 1,15 * ? *)"}}}});
  d = Ok("DescribeSecret", {{"SecretId", "cron"}});
  EXPECT_DOUBLE_EQ(d["NextRotationDate"].get<double>(), Seconds(At("2026-03-15T16:00:00Z")));
}

TEST_F(RotationTest, InvalidRulesAreRejected) {
  CreateString("r", "v");
  auto rotate = [&](json rules) {
    return Code(Call("RotateSecret", {{"SecretId", "r"}, {"RotationRules", rules}}));
  };
  EXPECT_EQ(rotate({{"AutomaticallyAfterDays", 5}, {"ScheduleExpression", "rate(5 days)"}}),
            "InvalidParameterException");
  EXPECT_EQ(rotate({{"AutomaticallyAfterDays", 0}}), "InvalidParameterException");
  EXPECT_EQ(rotate({{"AutomaticallyAfterDays", 1001}}), "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "rate(1 hour)"}}), "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "rate(300 minutes)"}}), "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "at(2027-01-01T00:00:00)"}}),
            "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "every tuesday"}}), "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "rate(4 hours)"}, {"Duration", "25h"}}),
            "InvalidParameterException");
  EXPECT_EQ(rotate({{"ScheduleExpression", "rate(4 hours)"}}), "ok");
  EXPECT_EQ(Code(Call("RotateSecret", {{"SecretId", "ghost"}})), "ResourceNotFoundException");
}

TEST_F(RotationTest, CancelStopsTheScheduleAndRotateResumesIt) {
  CreateString("c", "v");
  Ok("RotateSecret", {{"SecretId", "c"}, {"RotationRules", {{"AutomaticallyAfterDays", 1}}}});
  json cancelled = Ok("CancelRotateSecret", {{"SecretId", "c"}});
  EXPECT_EQ(cancelled["Name"], "c");
  std::string value = Value("c");
  clock_.Advance(10 * kDay);
  EXPECT_EQ(Value("c"), value);
  json d = Ok("DescribeSecret", {{"SecretId", "c"}});
  EXPECT_EQ(d["RotationEnabled"], false);
  EXPECT_EQ(d["RotationRules"]["AutomaticallyAfterDays"], 1);  // the previous schedule is shown
  EXPECT_FALSE(d.contains("NextRotationDate"));

  Ok("RotateSecret", {{"SecretId", "c"}});
  EXPECT_EQ(Ok("DescribeSecret", {{"SecretId", "c"}})["RotationEnabled"], true);
  EXPECT_NE(Value("c"), value);
  std::size_t before = Events("RotationSucceeded").size();
  clock_.Advance(kDay);
  EXPECT_EQ(Events("RotationSucceeded").size(), before + 1);
}

TEST_F(RotationTest, UnfinishedRotationBlocksTheNextOne) {
  CreateString("stuck", "v");
  json pending =
      Ok("PutSecretValue",
         {{"SecretId", "stuck"}, {"SecretString", "half-done"}, {"VersionStages", {"AWSPENDING"}}});
  auto refused = Call("RotateSecret", {{"SecretId", "stuck"}});
  ASSERT_EQ(Code(refused), "InvalidRequestException");
  EXPECT_EQ(refused.error().message,
            "A previous rotation isn't complete. That rotation will be reattempted.");
  json cancelled = Ok("CancelRotateSecret", {{"SecretId", "stuck"}});
  EXPECT_EQ(cancelled["VersionId"], pending["VersionId"]);

  // Scheduled rotations fail the same way and wait for the next window.
  Ok("UpdateSecretVersionStage", {{"SecretId", "stuck"},
                                  {"VersionStage", "AWSPENDING"},
                                  {"RemoveFromVersionId", pending["VersionId"]}});
  Ok("RotateSecret", {{"SecretId", "stuck"}, {"RotationRules", {{"AutomaticallyAfterDays", 2}}}});
  json again = Ok(
      "PutSecretValue",
      {{"SecretId", "stuck"}, {"SecretString", "half-done-2"}, {"VersionStages", {"AWSPENDING"}}});
  clock_.Advance(2 * kDay);
  auto failed = Events("RotationFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].outcome, "InvalidRequestException");
  EXPECT_DOUBLE_EQ(Ok("DescribeSecret", {{"SecretId", "stuck"}})["NextRotationDate"].get<double>(),
                   Seconds(At("2026-03-05T00:00:00Z")));
}

TEST_F(RotationTest, RotateSecretIsIdempotentForItsToken) {
  CreateString("idem", "v");
  json first = Ok("RotateSecret", {{"SecretId", "idem"}, {"ClientRequestToken", Token('r')}});
  EXPECT_EQ(first["VersionId"], Token('r'));
  std::string value = Value("idem");
  json retry = Ok("RotateSecret", {{"SecretId", "idem"}, {"ClientRequestToken", Token('r')}});
  EXPECT_EQ(retry["VersionId"], Token('r'));
  EXPECT_EQ(Value("idem"), value);
  EXPECT_EQ(Ok("ListSecretVersionIds", {{"SecretId", "idem"}})["Versions"].size(), 2u);
}

TEST_F(RotationTest, DeletedSecretsDoNotRotate) {
  CreateString("del", "v");
  Ok("RotateSecret", {{"SecretId", "del"}, {"RotationRules", {{"AutomaticallyAfterDays", 1}}}});
  std::size_t before = Events("RotationSucceeded").size();
  Ok("DeleteSecret", {{"SecretId", "del"}, {"RecoveryWindowInDays", 7}});
  EXPECT_EQ(Code(Call("RotateSecret", {{"SecretId", "del"}})), "InvalidRequestException");
  clock_.Advance(3 * kDay);
  EXPECT_EQ(Events("RotationSucceeded").size(), before);
  Ok("RestoreSecret", {{"SecretId", "del"}});
  clock_.Advance(std::chrono::seconds(1));  // the overdue rotation runs at once
  EXPECT_EQ(Events("RotationSucceeded").size(), before + 1);
}

}  // namespace
}  // namespace sim::secretsmanager
