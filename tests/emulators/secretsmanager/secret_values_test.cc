// CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret
// and UpdateSecretVersionStage.

#include <algorithm>
#include <cctype>

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

using SecretValuesTest = SecretsManagerTest;

TEST_F(SecretValuesTest, CreateReturnsArnWithRandomSuffixAndVersion) {
  json out = CreateString("prod/db", "s3cret");
  std::string arn = out["ARN"];
  const std::string prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-";
  ASSERT_EQ(arn.size(), prefix.size() + 6) << arn;
  EXPECT_EQ(arn.substr(0, prefix.size()), prefix);
  EXPECT_TRUE(std::all_of(arn.begin() + prefix.size(), arn.end(),
                          [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      << arn;
  EXPECT_EQ(out["Name"], "prod/db");
  EXPECT_EQ(out["VersionId"].get<std::string>().size(), 36u);
  EXPECT_FALSE(out.contains("ReplicationStatus"));
}

TEST_F(SecretValuesTest, GetSecretValueByNameFullArnAndPartialArn) {
  json created = CreateString("app-key", "v1");
  std::string arn = created["ARN"];
  std::string partial = arn.substr(0, arn.size() - 7);
  for (const std::string& id : {std::string("app-key"), arn, partial}) {
    json out = Ok("GetSecretValue", {{"SecretId", id}});
    EXPECT_EQ(out["SecretString"], "v1") << id;
    EXPECT_EQ(out["ARN"], arn);
    EXPECT_EQ(out["VersionId"], created["VersionId"]);
    EXPECT_EQ(out["VersionStages"], json::array({"AWSCURRENT"}));
    EXPECT_DOUBLE_EQ(out["CreatedDate"].get<double>(), Seconds(TestStart()));
  }
}

TEST_F(SecretValuesTest, ArnOfAnotherAccountOrRegionFindsNothing) {
  json created = CreateString("app-key", "v1");
  std::string arn = created["ARN"];
  std::string other_account = arn;
  other_account.replace(other_account.find("123456789012"), 12, "999999999999");
  std::string other_region = arn;
  other_region.replace(other_region.find("us-east-1"), 9, "eu-west-1");
  EXPECT_EQ(Code(Call("GetSecretValue", {{"SecretId", other_account}})),
            "ResourceNotFoundException");
  EXPECT_EQ(Code(Call("GetSecretValue", {{"SecretId", other_region}})),
            "ResourceNotFoundException");
  // Secrets are per Region: the same name elsewhere is another secret.
  EXPECT_EQ(Code(Call("GetSecretValue", {{"SecretId", "app-key"}}, "eu-west-1")),
            "ResourceNotFoundException");
}

TEST_F(SecretValuesTest, MissingSecretHasAwsMessage) {
  auto result = Call("GetSecretValue", {{"SecretId", "nope"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "ResourceNotFoundException");
  EXPECT_EQ(result.error().message, "Secrets Manager can't find the specified secret.");
  EXPECT_EQ(result.error().http_status, 400);
}

TEST_F(SecretValuesTest, CreateValidatesNameAndValue) {
  EXPECT_EQ(Code(Call("CreateSecret", {{"Name", "bad name!"}, {"SecretString", "x"}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("CreateSecret", {{"Name", std::string(513, 'a')}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("CreateSecret", {{"SecretString", "x"}})), "ValidationException");
  EXPECT_EQ(Code(Call("CreateSecret",
                      {{"Name", "both"}, {"SecretString", "x"}, {"SecretBinary", "eA=="}})),
            "InvalidParameterException");
  EXPECT_EQ(
      Code(Call("CreateSecret",
                {{"Name", "short-token"}, {"SecretString", "x"}, {"ClientRequestToken", "abc"}})),
      "InvalidParameterException");
  EXPECT_EQ(Code(Call("CreateSecret", {{"Name", 7}})), "InvalidParameterException");
  EXPECT_EQ(service_->secrets().size(), 0u);
}

TEST_F(SecretValuesTest, CreateIsIdempotentForTheSameTokenAndValue) {
  json first = CreateString("idem", "v1", {{"ClientRequestToken", Token('a')}});
  json again = Ok("CreateSecret",
                  {{"Name", "idem"}, {"SecretString", "v1"}, {"ClientRequestToken", Token('a')}});
  EXPECT_EQ(again, first);
  EXPECT_EQ(first["VersionId"], Token('a'));
  auto changed =
      Call("CreateSecret",
           {{"Name", "idem"}, {"SecretString", "v2"}, {"ClientRequestToken", Token('a')}});
  EXPECT_EQ(Code(changed), "ResourceExistsException");
  auto other_token =
      Call("CreateSecret",
           {{"Name", "idem"}, {"SecretString", "v1"}, {"ClientRequestToken", Token('b')}});
  ASSERT_EQ(Code(other_token), "ResourceExistsException");
  EXPECT_EQ(other_token.error().message,
            "The operation failed because the secret idem already exists.");
  EXPECT_EQ(Value("idem"), "v1");
}

TEST_F(SecretValuesTest, CreateWithoutValueHasNoVersion) {
  json out = Ok("CreateSecret", {{"Name", "empty"}, {"Description", "later"}});
  EXPECT_FALSE(out.contains("VersionId"));
  auto get = Call("GetSecretValue", {{"SecretId", "empty"}});
  ASSERT_EQ(Code(get), "ResourceNotFoundException");
  EXPECT_EQ(get.error().message,
            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
  json put = Ok("PutSecretValue", {{"SecretId", "empty"}, {"SecretString", "now"}});
  EXPECT_EQ(put["VersionStages"], json::array({"AWSCURRENT"}));
  EXPECT_EQ(Value("empty"), "now");
}

TEST_F(SecretValuesTest, BinarySecretsRoundTripAsBase64) {
  Ok("CreateSecret", {{"Name", "bin"}, {"SecretBinary", "AAECAwQ="}});
  json out = Ok("GetSecretValue", {{"SecretId", "bin"}});
  EXPECT_EQ(out["SecretBinary"], "AAECAwQ=");
  EXPECT_FALSE(out.contains("SecretString"));
}

TEST_F(SecretValuesTest, PutSecretValueMovesCurrentAndPrevious) {
  json v1 = CreateString("rot", "one");
  json v2 = Ok("PutSecretValue", {{"SecretId", "rot"}, {"SecretString", "two"}});
  json v3 = Ok("PutSecretValue", {{"SecretId", "rot"}, {"SecretString", "three"}});
  EXPECT_EQ(Value("rot"), "three");
  EXPECT_EQ(Value("rot", {{"VersionStage", "AWSPREVIOUS"}}), "two");
  EXPECT_EQ(Value("rot", {{"VersionId", v1["VersionId"]}}), "one");
  json describe = Ok("DescribeSecret", {{"SecretId", "rot"}});
  json stages = describe["VersionIdsToStages"];
  // v1 lost every label: deprecated versions are not listed.
  EXPECT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[v3["VersionId"].get<std::string>()], json::array({"AWSCURRENT"}));
  EXPECT_EQ(stages[v2["VersionId"].get<std::string>()], json::array({"AWSPREVIOUS"}));
}

TEST_F(SecretValuesTest, PutSecretValueWithCustomStagesKeepsCurrent) {
  CreateString("staged", "one");
  json out =
      Ok("PutSecretValue",
         {{"SecretId", "staged"}, {"SecretString", "candidate"}, {"VersionStages", {"TESTING"}}});
  EXPECT_EQ(out["VersionStages"], json::array({"TESTING"}));
  EXPECT_EQ(Value("staged"), "one");
  EXPECT_EQ(Value("staged", {{"VersionStage", "TESTING"}}), "candidate");
  // Moving the custom label to a new version takes it off the old one.
  Ok("PutSecretValue",
     {{"SecretId", "staged"}, {"SecretString", "candidate2"}, {"VersionStages", {"TESTING"}}});
  EXPECT_EQ(Value("staged", {{"VersionStage", "TESTING"}}), "candidate2");
  auto missing = Call("GetSecretValue", {{"SecretId", "staged"}, {"VersionStage", "NOPE"}});
  ASSERT_EQ(Code(missing), "ResourceNotFoundException");
  EXPECT_EQ(missing.error().message,
            "Secrets Manager can't find the specified secret value for staging label: NOPE");
}

TEST_F(SecretValuesTest, PutSecretValueTokenRules) {
  CreateString("tok", "one");
  json first =
      Ok("PutSecretValue",
         {{"SecretId", "tok"}, {"SecretString", "two"}, {"ClientRequestToken", Token('c')}});
  EXPECT_EQ(first["VersionId"], Token('c'));
  json retry =
      Ok("PutSecretValue",
         {{"SecretId", "tok"}, {"SecretString", "two"}, {"ClientRequestToken", Token('c')}});
  EXPECT_EQ(retry, first);
  EXPECT_EQ(Code(Call("PutSecretValue", {{"SecretId", "tok"},
                                         {"SecretString", "three"},
                                         {"ClientRequestToken", Token('c')}})),
            "ResourceExistsException");
  EXPECT_EQ(Code(Call("PutSecretValue", {{"SecretId", "tok"}})), "InvalidParameterException");
  EXPECT_EQ(Code(Call("PutSecretValue", {{"SecretId", "ghost"}, {"SecretString", "x"}})),
            "ResourceNotFoundException");
  json versions = Ok("ListSecretVersionIds", {{"SecretId", "tok"}});
  EXPECT_EQ(versions["Versions"].size(), 2u);
}

TEST_F(SecretValuesTest, GetSecretValueVersionIdAndStageMustAgree) {
  json v1 = CreateString("agree", "one");
  Ok("PutSecretValue", {{"SecretId", "agree"}, {"SecretString", "two"}});
  auto mismatch =
      Call("GetSecretValue",
           {{"SecretId", "agree"}, {"VersionId", v1["VersionId"]}, {"VersionStage", "AWSCURRENT"}});
  ASSERT_EQ(Code(mismatch), "InvalidRequestException");
  EXPECT_EQ(Value("agree", {{"VersionId", v1["VersionId"]}, {"VersionStage", "AWSPREVIOUS"}}),
            "one");
  auto unknown = Call("GetSecretValue", {{"SecretId", "agree"}, {"VersionId", Token('z')}});
  ASSERT_EQ(Code(unknown), "ResourceNotFoundException");
  EXPECT_EQ(unknown.error().message,
            "Secrets Manager can't find the specified secret value for VersionId: " + Token('z'));
}

TEST_F(SecretValuesTest, UpdateSecretChangesMetadataAndValue) {
  CreateString("upd", "one", {{"Description", "first"}, {"KmsKeyId", "alias/custom"}});
  clock_.Advance(std::chrono::hours(1));
  json meta = Ok("UpdateSecret", {{"SecretId", "upd"}, {"Description", "second"}});
  EXPECT_FALSE(meta.contains("VersionId"));
  json describe = Ok("DescribeSecret", {{"SecretId", "upd"}});
  EXPECT_EQ(describe["Description"], "second");
  EXPECT_EQ(describe["KmsKeyId"], "alias/custom");
  EXPECT_DOUBLE_EQ(describe["LastChangedDate"].get<double>(), Seconds(clock_.Now()));
  EXPECT_DOUBLE_EQ(describe["CreatedDate"].get<double>(), Seconds(TestStart()));

  json with_value =
      Ok("UpdateSecret",
         {{"SecretId", "upd"}, {"SecretString", "two"}, {"KmsKeyId", "alias/aws/secretsmanager"}});
  ASSERT_TRUE(with_value.contains("VersionId"));
  EXPECT_EQ(Value("upd"), "two");
  EXPECT_EQ(Value("upd", {{"VersionStage", "AWSPREVIOUS"}}), "one");
  // The AWS managed key is shown as no key at all.
  EXPECT_FALSE(Ok("DescribeSecret", {{"SecretId", "upd"}}).contains("KmsKeyId"));
}

TEST_F(SecretValuesTest, DescribeShowsOnlyFieldsWithValues) {
  json created = CreateString("desc", "v", {{"Tags", {{{"Key", "team"}, {"Value", "core"}}}}});
  json d = Ok("DescribeSecret", {{"SecretId", "desc"}});
  EXPECT_EQ(d["ARN"], created["ARN"]);
  EXPECT_EQ(d["Tags"], json::parse(R"([{"Key":"team","Value":"core"}])"));
  for (const char* absent :
       {"Description", "KmsKeyId", "RotationEnabled", "RotationRules", "LastAccessedDate",
        "DeletedDate", "OwningService", "ReplicationStatus", "NextRotationDate", "LastRotatedDate"})
    EXPECT_FALSE(d.contains(absent)) << absent;
  EXPECT_EQ(d["VersionIdsToStages"][created["VersionId"].get<std::string>()],
            json::array({"AWSCURRENT"}));
}

TEST_F(SecretValuesTest, LastAccessedDateHasDayGranularity) {
  CreateString("acc", "v");
  clock_.Advance(std::chrono::hours(5));  // 15:30 on 2026-03-01
  Value("acc");
  TimePoint midnight;
  ParseIso8601("2026-03-01T00:00:00Z", &midnight);
  json d = Ok("DescribeSecret", {{"SecretId", "acc"}});
  EXPECT_DOUBLE_EQ(d["LastAccessedDate"].get<double>(), Seconds(midnight));
  json versions = Ok("ListSecretVersionIds", {{"SecretId", "acc"}});
  EXPECT_DOUBLE_EQ(versions["Versions"][0]["LastAccessedDate"].get<double>(), Seconds(midnight));
  clock_.Advance(std::chrono::hours(24));
  Value("acc");
  d = Ok("DescribeSecret", {{"SecretId", "acc"}});
  EXPECT_DOUBLE_EQ(d["LastAccessedDate"].get<double>(), Seconds(midnight + std::chrono::hours(24)));
}

TEST_F(SecretValuesTest, OldDeprecatedVersionsArePrunedBeyondOneHundred) {
  json first = CreateString("many", "v0");
  for (int i = 1; i <= 110; ++i)
    Ok("PutSecretValue", {{"SecretId", "many"}, {"SecretString", "v" + std::to_string(i)}});
  json all = Ok("ListSecretVersionIds", {{"SecretId", "many"}, {"IncludeDeprecated", true}});
  std::size_t total = all["Versions"].size();
  json more =
      all.contains("NextToken")
          ? Ok("ListSecretVersionIds",
               {{"SecretId", "many"}, {"IncludeDeprecated", true}, {"NextToken", all["NextToken"]}})
          : json{{"Versions", json::array()}};
  total += more["Versions"].size();
  EXPECT_EQ(total, kMaxVersions);
  EXPECT_EQ(Value("many"), "v110");
  EXPECT_EQ(Value("many", {{"VersionStage", "AWSPREVIOUS"}}), "v109");
  EXPECT_EQ(Code(Call("GetSecretValue", {{"SecretId", "many"}, {"VersionId", first["VersionId"]}})),
            "ResourceNotFoundException");
}

TEST_F(SecretValuesTest, UpdateSecretVersionStageMovesLabels) {
  json v1 = CreateString("labels", "one");
  json v2 = Ok("PutSecretValue", {{"SecretId", "labels"}, {"SecretString", "two"}});
  std::string id1 = v1["VersionId"], id2 = v2["VersionId"];

  // AWSCURRENT is on v2: moving it back needs RemoveFromVersionId.
  auto no_remove =
      Call("UpdateSecretVersionStage",
           {{"SecretId", "labels"}, {"VersionStage", "AWSCURRENT"}, {"MoveToVersionId", id1}});
  ASSERT_EQ(Code(no_remove), "InvalidParameterException");
  EXPECT_NE(no_remove.error().message.find(id2), std::string::npos);
  EXPECT_EQ(Code(Call("UpdateSecretVersionStage", {{"SecretId", "labels"},
                                                   {"VersionStage", "AWSCURRENT"},
                                                   {"MoveToVersionId", id1},
                                                   {"RemoveFromVersionId", id1}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("UpdateSecretVersionStage", {{"SecretId", "labels"},
                                                   {"VersionStage", "AWSCURRENT"},
                                                   {"MoveToVersionId", Token('q')},
                                                   {"RemoveFromVersionId", id2}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("UpdateSecretVersionStage", {{"SecretId", "labels"},
                                                   {"VersionStage", "AWSCURRENT"},
                                                   {"RemoveFromVersionId", id2}})),
            "InvalidParameterException");

  // Roll back: AWSCURRENT to v1, and AWSPREVIOUS follows to v2.
  Ok("UpdateSecretVersionStage", {{"SecretId", "labels"},
                                  {"VersionStage", "AWSCURRENT"},
                                  {"MoveToVersionId", id1},
                                  {"RemoveFromVersionId", id2}});
  EXPECT_EQ(Value("labels"), "one");
  EXPECT_EQ(Value("labels", {{"VersionStage", "AWSPREVIOUS"}}), "two");

  // Custom labels: attach, then remove; the version with no label is deprecated.
  Ok("UpdateSecretVersionStage",
     {{"SecretId", "labels"}, {"VersionStage", "BLUE"}, {"MoveToVersionId", id1}});
  EXPECT_EQ(Value("labels", {{"VersionStage", "BLUE"}}), "one");
  Ok("UpdateSecretVersionStage",
     {{"SecretId", "labels"}, {"VersionStage", "AWSPREVIOUS"}, {"RemoveFromVersionId", id2}});
  json listed = Ok("ListSecretVersionIds", {{"SecretId", "labels"}});
  ASSERT_EQ(listed["Versions"].size(), 1u);
  EXPECT_EQ(listed["Versions"][0]["VersionId"], id1);
  json with_deprecated =
      Ok("ListSecretVersionIds", {{"SecretId", "labels"}, {"IncludeDeprecated", true}});
  ASSERT_EQ(with_deprecated["Versions"].size(), 2u);
  EXPECT_FALSE(with_deprecated["Versions"][0].contains("VersionStages"));
}

TEST_F(SecretValuesTest, AVersionHoldsAtMostTwentyLabels) {
  json v1 = CreateString("twenty", "one");
  for (int i = 0; i < 19; ++i)
    Ok("UpdateSecretVersionStage", {{"SecretId", "twenty"},
                                    {"VersionStage", "L" + std::to_string(i)},
                                    {"MoveToVersionId", v1["VersionId"]}});
  EXPECT_EQ(Code(Call("UpdateSecretVersionStage", {{"SecretId", "twenty"},
                                                   {"VersionStage", "L20"},
                                                   {"MoveToVersionId", v1["VersionId"]}})),
            "LimitExceededException");
}

}  // namespace
}  // namespace sim::secretsmanager
