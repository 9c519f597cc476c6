// ListSecrets (filters, order, pages), ListSecretVersionIds and
// BatchGetSecretValue.

#include <set>

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

class ListingTest : public SecretsManagerTest {
 protected:
  // Five secrets created a minute apart.
  void CreateFive() {
    const char* names[] = {"prod/db", "prod/api", "dev/db", "Staging-cache", "dev/queue"};
    for (const char* name : names) {
      CreateString(name, std::string("value of ") + name);
      clock_.Advance(std::chrono::minutes(1));
    }
    Ok("UpdateSecret", {{"SecretId", "prod/db"}, {"Description", "Primary Database credentials"}});
    Ok("TagResource",
       {{"SecretId", "prod/db"},
        {"Tags", {{{"Key", "team"}, {"Value", "payments"}}, {{"Key", "tier"}, {"Value", "1"}}}}});
    clock_.Advance(std::chrono::minutes(1));
    Ok("TagResource",
       {{"SecretId", "dev/db"}, {"Tags", {{{"Key", "team"}, {"Value", "platform"}}}}});
  }

  std::vector<std::string> Names(const json& filters, json extra = json::object()) {
    extra["Filters"] = filters;
    json out = Ok("ListSecrets", extra);
    std::vector<std::string> names;
    for (const auto& s : out["SecretList"]) names.push_back(s["Name"]);
    std::sort(names.begin(), names.end());
    return names;
  }

  using Names_t = std::vector<std::string>;
};

TEST_F(ListingTest, DefaultOrderIsNewestFirst) {
  CreateFive();
  json out = Ok("ListSecrets", json::object());
  ASSERT_EQ(out["SecretList"].size(), 5u);
  EXPECT_EQ(out["SecretList"][0]["Name"], "dev/queue");
  EXPECT_EQ(out["SecretList"][4]["Name"], "prod/db");
  EXPECT_FALSE(out.contains("NextToken"));
  json asc = Ok("ListSecrets", {{"SortOrder", "asc"}});
  EXPECT_EQ(asc["SecretList"][0]["Name"], "prod/db");
  json by_name = Ok("ListSecrets", {{"SortBy", "name"}, {"SortOrder", "asc"}});
  EXPECT_EQ(by_name["SecretList"][0]["Name"], "Staging-cache");
  EXPECT_EQ(by_name["SecretList"][1]["Name"], "dev/db");
  json by_change = Ok("ListSecrets", {{"SortBy", "last-changed-date"}});
  EXPECT_EQ(by_change["SecretList"][0]["Name"], "dev/db");  // tagged last
  EXPECT_EQ(Code(Call("ListSecrets", {{"SortOrder", "sideways"}})), "InvalidParameterException");
  EXPECT_EQ(Code(Call("ListSecrets", {{"SortBy", "size"}})), "InvalidParameterException");
}

TEST_F(ListingTest, EntriesCarryListFields) {
  CreateFive();
  json out = Ok("ListSecrets", {{"Filters", {{{"Key", "name"}, {"Values", {"prod/db"}}}}}});
  ASSERT_EQ(out["SecretList"].size(), 1u);
  json entry = out["SecretList"][0];
  EXPECT_EQ(entry["Description"], "Primary Database credentials");
  EXPECT_EQ(entry["Tags"].size(), 2u);
  EXPECT_EQ(entry["SecretVersionsToStages"].size(), 1u);
  EXPECT_FALSE(entry.contains("VersionIdsToStages"));
  EXPECT_TRUE(entry.contains("CreatedDate"));
  EXPECT_TRUE(entry.contains("LastChangedDate"));
}

TEST_F(ListingTest, PagesCoverEverySecretOnce) {
  CreateFive();
  std::vector<std::string> seen;
  json input = {{"MaxResults", 2}};
  int pages = 0;
  while (true) {
    json out = Ok("ListSecrets", input);
    ++pages;
    EXPECT_LE(out["SecretList"].size(), 2u);
    for (const auto& s : out["SecretList"]) seen.push_back(s["Name"]);
    if (!out.contains("NextToken")) break;
    input["NextToken"] = out["NextToken"];
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 5u);
  EXPECT_EQ(Code(Call("ListSecrets", {{"NextToken", "garbage"}})), "InvalidNextTokenException");
  EXPECT_EQ(Code(Call("ListSecrets", {{"MaxResults", 0}})), "InvalidParameterException");
  EXPECT_EQ(Code(Call("ListSecrets", {{"MaxResults", 101}})), "InvalidParameterException");
}

TEST_F(ListingTest, NameFilterIsCaseSensitivePrefix) {
  CreateFive();
  EXPECT_EQ(Names({{{"Key", "name"}, {"Values", {"prod"}}}}), (Names_t{"prod/api", "prod/db"}));
  EXPECT_EQ(Names({{{"Key", "name"}, {"Values", {"staging"}}}}), Names_t{});
  EXPECT_EQ(Names({{{"Key", "name"}, {"Values", {"prod/a", "dev/q"}}}}),
            (Names_t{"dev/queue", "prod/api"}));
}

TEST_F(ListingTest, NegationExcludesMatches) {
  CreateFive();
  EXPECT_EQ(Names({{{"Key", "name"}, {"Values", {"!prod"}}}}),
            (Names_t{"Staging-cache", "dev/db", "dev/queue"}));
  EXPECT_EQ(Names({{{"Key", "tag-key"}, {"Values", {"!team"}}}}),
            (Names_t{"Staging-cache", "dev/queue", "prod/api"}));
}

TEST_F(ListingTest, DescriptionTagAndAllFilters) {
  CreateFive();
  EXPECT_EQ(Names({{{"Key", "description"}, {"Values", {"primary data"}}}}), Names_t{"prod/db"});
  EXPECT_EQ(Names({{{"Key", "tag-key"}, {"Values", {"tie"}}}}), Names_t{"prod/db"});
  EXPECT_EQ(Names({{{"Key", "tag-value"}, {"Values", {"plat"}}}}), Names_t{"dev/db"});
  EXPECT_EQ(Names({{{"Key", "tag-value"}, {"Values", {"Plat"}}}}), Names_t{});
  // `all` matches words anywhere, ignoring case.
  EXPECT_EQ(Names({{{"Key", "all"}, {"Values", {"DB"}}}}), (Names_t{"dev/db", "prod/db"}));
  EXPECT_EQ(Names({{{"Key", "all"}, {"Values", {"cache"}}}}), Names_t{"Staging-cache"});
  EXPECT_EQ(Names({{{"Key", "all"}, {"Values", {"payments"}}}}), Names_t{"prod/db"});
  EXPECT_EQ(Names({{{"Key", "primary-region"}, {"Values", {"us-east"}}}}).size(), 5u);
  EXPECT_EQ(Names({{{"Key", "owning-service"}, {"Values", {"rds"}}}}), Names_t{});
  // Filters are AND'ed.
  EXPECT_EQ(
      Names({{{"Key", "name"}, {"Values", {"dev"}}}, {{"Key", "tag-key"}, {"Values", {"team"}}}}),
      Names_t{"dev/db"});
}

TEST_F(ListingTest, InvalidFiltersAreRejected) {
  CreateFive();
  EXPECT_EQ(Code(Call("ListSecrets", {{"Filters", {{{"Key", "color"}, {"Values", {"x"}}}}}})),
            "InvalidParameterException");
  EXPECT_EQ(
      Code(Call("ListSecrets", {{"Filters", {{{"Key", "name"}, {"Values", json::array()}}}}})),
      "InvalidParameterException");
  EXPECT_EQ(Code(Call("ListSecrets", {{"Filters", {{{"Key", "name"}, {"Values", {"a*b"}}}}}})),
            "InvalidParameterException");
}

TEST_F(ListingTest, ListSecretVersionIdsPages) {
  json first = CreateString("versions", "v0");
  for (int i = 1; i <= 4; ++i)
    Ok("PutSecretValue", {{"SecretId", "versions"},
                          {"SecretString", "v" + std::to_string(i)},
                          {"VersionStages", {"S" + std::to_string(i)}}});
  json page1 = Ok("ListSecretVersionIds", {{"SecretId", "versions"}, {"MaxResults", 3}});
  ASSERT_EQ(page1["Versions"].size(), 3u);
  ASSERT_TRUE(page1.contains("NextToken"));
  json page2 = Ok("ListSecretVersionIds",
                  {{"SecretId", "versions"}, {"MaxResults", 3}, {"NextToken", page1["NextToken"]}});
  ASSERT_EQ(page2["Versions"].size(), 2u);
  EXPECT_FALSE(page2.contains("NextToken"));
  EXPECT_EQ(page2["Versions"][1]["VersionId"], first["VersionId"]);  // newest first
  EXPECT_EQ(page2["Versions"][1]["KmsKeyIds"], json::array({"DefaultEncryptionKey"}));
  EXPECT_EQ(page1["ARN"], first["ARN"]);
  EXPECT_EQ(Code(Call("ListSecretVersionIds", {{"SecretId", "nope"}})),
            "ResourceNotFoundException");
}

TEST_F(ListingTest, BatchGetByIdsReportsErrorsPerSecret) {
  CreateFive();
  Ok("CreateSecret", {{"Name", "valueless"}});
  Ok("DeleteSecret", {{"SecretId", "dev/queue"}});
  json out = Ok("BatchGetSecretValue",
                {{"SecretIdList", {"prod/db", "missing", "valueless", "dev/queue", "dev/db"}}});
  ASSERT_EQ(out["SecretValues"].size(), 2u);
  EXPECT_EQ(out["SecretValues"][0]["Name"], "prod/db");
  EXPECT_EQ(out["SecretValues"][0]["SecretString"], "value of prod/db");
  EXPECT_EQ(out["SecretValues"][1]["SecretString"], "value of dev/db");
  ASSERT_EQ(out["Errors"].size(), 3u);
  EXPECT_EQ(out["Errors"][0]["SecretId"], "missing");
  EXPECT_EQ(out["Errors"][0]["ErrorCode"], "ResourceNotFoundException");
  EXPECT_EQ(out["Errors"][1]["SecretId"], "valueless");
  EXPECT_EQ(out["Errors"][1]["ErrorCode"], "ResourceNotFoundException");
  EXPECT_EQ(out["Errors"][2]["SecretId"], "dev/queue");
  EXPECT_EQ(out["Errors"][2]["ErrorCode"], "InvalidRequestException");
  EXPECT_FALSE(out.contains("NextToken"));
}

TEST_F(ListingTest, BatchGetByFiltersPages) {
  CreateFive();
  json input = {{"Filters", {{{"Key", "name"}, {"Values", {"prod", "dev"}}}}}, {"MaxResults", 3}};
  json page1 = Ok("BatchGetSecretValue", input);
  ASSERT_EQ(page1["SecretValues"].size(), 3u);
  ASSERT_TRUE(page1.contains("NextToken"));
  input["NextToken"] = page1["NextToken"];
  json page2 = Ok("BatchGetSecretValue", input);
  EXPECT_EQ(page2["SecretValues"].size(), 1u);
  EXPECT_FALSE(page2.contains("NextToken"));
}

TEST_F(ListingTest, BatchGetNeedsIdsXorFilters) {
  CreateFive();
  EXPECT_EQ(Code(Call("BatchGetSecretValue", json::object())), "InvalidParameterException");
  EXPECT_EQ(
      Code(Call("BatchGetSecretValue", {{"SecretIdList", {"prod/db"}},
                                        {"Filters", {{{"Key", "name"}, {"Values", {"p"}}}}}})),
      "InvalidParameterException");
  EXPECT_EQ(Code(Call("BatchGetSecretValue", {{"SecretIdList", {"prod/db"}}, {"MaxResults", 5}})),
            "InvalidParameterException");
  json many = json::array();
  for (int i = 0; i < 21; ++i) many.push_back("s" + std::to_string(i));
  EXPECT_EQ(Code(Call("BatchGetSecretValue", {{"SecretIdList", many}})),
            "InvalidParameterException");
}

}  // namespace
}  // namespace sim::secretsmanager
