// Tags, resource policies and replication bookkeeping.

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

using MetadataTest = SecretsManagerTest;

constexpr char kPolicy[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
  "Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"secretsmanager:GetSecretValue",
  "Resource":"*"}]})";
constexpr char kPublicPolicy[] = R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
  "Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}})";

TEST_F(MetadataTest, TagAndUntag) {
  CreateString("tagged", "v", {{"Tags", {{{"Key", "a"}, {"Value", "1"}}}}});
  Ok("TagResource", {{"SecretId", "tagged"},
                     {"Tags", {{{"Key", "a"}, {"Value", "2"}}, {{"Key", "b"}, {"Value", "3"}}}}});
  json d = Ok("DescribeSecret", {{"SecretId", "tagged"}});
  EXPECT_EQ(d["Tags"], json::parse(R"([{"Key":"a","Value":"2"},{"Key":"b","Value":"3"}])"));
  Ok("UntagResource", {{"SecretId", "tagged"}, {"TagKeys", {"a", "zzz"}}});
  d = Ok("DescribeSecret", {{"SecretId", "tagged"}});
  EXPECT_EQ(d["Tags"], json::parse(R"([{"Key":"b","Value":"3"}])"));
  Ok("UntagResource", {{"SecretId", "tagged"}, {"TagKeys", {"b"}}});
  EXPECT_FALSE(Ok("DescribeSecret", {{"SecretId", "tagged"}}).contains("Tags"));
  EXPECT_EQ(Code(Call("TagResource", {{"SecretId", "ghost"}, {"Tags", json::array()}})),
            "ResourceNotFoundException");
  EXPECT_EQ(Code(Call("TagResource", {{"SecretId", "tagged"}})), "ValidationException");
}

TEST_F(MetadataTest, TagLimitsAndReservedPrefix) {
  CreateString("limits", "v");
  json fifty = json::array();
  for (int i = 0; i < 50; ++i) fifty.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  Ok("TagResource", {{"SecretId", "limits"}, {"Tags", fifty}});
  EXPECT_EQ(Code(Call("TagResource",
                      {{"SecretId", "limits"}, {"Tags", {{{"Key", "one-more"}, {"Value", "v"}}}}})),
            "LimitExceededException");
  // Replacing an existing key does not count as a new tag.
  Ok("TagResource", {{"SecretId", "limits"}, {"Tags", {{{"Key", "k0"}, {"Value", "w"}}}}});
  EXPECT_EQ(Code(Call("TagResource",
                      {{"SecretId", "limits"}, {"Tags", {{{"Key", "aws:x"}, {"Value", "v"}}}}})),
            "InvalidParameterException");
  EXPECT_EQ(
      Code(Call("CreateSecret", {{"Name", "badtag"}, {"Tags", {{{"Key", ""}, {"Value", "v"}}}}})),
      "InvalidParameterException");
}

TEST_F(MetadataTest, ResourcePolicyLifecycle) {
  CreateString("guarded", "v");
  json none = Ok("GetResourcePolicy", {{"SecretId", "guarded"}});
  EXPECT_FALSE(none.contains("ResourcePolicy"));
  json put = Ok("PutResourcePolicy", {{"SecretId", "guarded"}, {"ResourcePolicy", kPolicy}});
  EXPECT_EQ(put["Name"], "guarded");
  EXPECT_EQ(Ok("GetResourcePolicy", {{"SecretId", "guarded"}})["ResourcePolicy"], kPolicy);
  Ok("DeleteResourcePolicy", {{"SecretId", "guarded"}});
  EXPECT_FALSE(Ok("GetResourcePolicy", {{"SecretId", "guarded"}}).contains("ResourcePolicy"));
}

TEST_F(MetadataTest, MalformedAndPublicPolicies) {
  CreateString("guarded", "v");
  EXPECT_EQ(
      Code(Call("PutResourcePolicy", {{"SecretId", "guarded"}, {"ResourcePolicy", "{not json"}})),
      "MalformedPolicyDocumentException");
  EXPECT_EQ(Code(Call("PutResourcePolicy",
                      {{"SecretId", "guarded"},
                       {"ResourcePolicy", R"({"Statement":[{"Effect":"Maybe","Action":"*"}]})"}})),
            "MalformedPolicyDocumentException");
  EXPECT_EQ(Code(Call("PutResourcePolicy", {{"SecretId", "guarded"},
                                            {"ResourcePolicy", kPublicPolicy},
                                            {"BlockPublicPolicy", true}})),
            "PublicPolicyException");
  Ok("PutResourcePolicy", {{"SecretId", "guarded"}, {"ResourcePolicy", kPublicPolicy}});
}

TEST_F(MetadataTest, ValidateResourcePolicyReportsChecks) {
  json good = Ok("ValidateResourcePolicy", {{"ResourcePolicy", kPolicy}});
  EXPECT_EQ(good["PolicyValidationPassed"], true);
  EXPECT_TRUE(good["ValidationErrors"].empty());
  json bad = Ok("ValidateResourcePolicy", {{"ResourcePolicy", "[1,2"}});
  EXPECT_EQ(bad["PolicyValidationPassed"], false);
  EXPECT_EQ(bad["ValidationErrors"][0]["CheckName"], "SYNTAX_CHECKING");
  json shapeless =
      Ok("ValidateResourcePolicy", {{"ResourcePolicy", R"({"Statement":[{"Action":"*"}]})"}});
  EXPECT_EQ(shapeless["PolicyValidationPassed"], false);
  // Only the syntax is checked; broad access passes (BlockPublicPolicy refuses it on Put).
  json broad = Ok("ValidateResourcePolicy", {{"ResourcePolicy", kPublicPolicy}});
  EXPECT_EQ(broad["PolicyValidationPassed"], true);
  EXPECT_EQ(
      Code(Call("ValidateResourcePolicy", {{"SecretId", "ghost"}, {"ResourcePolicy", kPolicy}})),
      "ResourceNotFoundException");
}

TEST_F(MetadataTest, ReplicationStatusIsStored) {
  json created = CreateString("multi", "v", {{"AddReplicaRegions", {{{"Region", "eu-west-1"}}}}});
  ASSERT_EQ(created["ReplicationStatus"].size(), 1u);
  EXPECT_EQ(created["ReplicationStatus"][0]["Status"], "InSync");
  EXPECT_EQ(created["ReplicationStatus"][0]["KmsKeyId"], "alias/aws/secretsmanager");
  json added =
      Ok("ReplicateSecretToRegions",
         {{"SecretId", "multi"},
          {"AddReplicaRegions", {{{"Region", "ap-south-1"}, {"KmsKeyId", "alias/replica"}}}}});
  ASSERT_EQ(added["ReplicationStatus"].size(), 2u);
  EXPECT_EQ(added["ReplicationStatus"][1]["KmsKeyId"], "alias/replica");
  json d = Ok("DescribeSecret", {{"SecretId", "multi"}});
  EXPECT_EQ(d["PrimaryRegion"], "us-east-1");
  EXPECT_EQ(d["ReplicationStatus"].size(), 2u);
  EXPECT_EQ(Code(Call("ReplicateSecretToRegions",
                      {{"SecretId", "multi"}, {"AddReplicaRegions", {{{"Region", "us-east-1"}}}}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("ReplicateSecretToRegions", {{"SecretId", "multi"}})), "ValidationException");
  json removed = Ok("RemoveRegionsFromReplication",
                    {{"SecretId", "multi"}, {"RemoveReplicaRegions", {"ap-south-1"}}});
  EXPECT_EQ(removed["ReplicationStatus"].size(), 1u);
}

TEST_F(MetadataTest, StopReplicationPromotesTheReplica) {
  json created = CreateString("multi", "v1",
                              {{"AddReplicaRegions", {{{"Region", "eu-west-1"}}}},
                               {"Tags", {{{"Key", "a"}, {"Value", "b"}}}}});
  std::string primary_arn = created["ARN"];
  // Called in the primary's Region it is refused.
  EXPECT_EQ(Code(Call("StopReplicationToReplica", {{"SecretId", "multi"}})),
            "InvalidRequestException");
  EXPECT_EQ(Code(Call("StopReplicationToReplica", {{"SecretId", "other"}}, "eu-west-1")),
            "ResourceNotFoundException");
  std::string replica_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" +
                            primary_arn.substr(primary_arn.find(":secret:") + 8);
  json out = Ok("StopReplicationToReplica", {{"SecretId", replica_arn}}, "eu-west-1");
  EXPECT_EQ(out["ARN"], replica_arn);
  json promoted = Ok("GetSecretValue", {{"SecretId", "multi"}}, "eu-west-1");
  EXPECT_EQ(promoted["SecretString"], "v1");
  EXPECT_EQ(promoted["ARN"], replica_arn);
  EXPECT_FALSE(Ok("DescribeSecret", {{"SecretId", "multi"}}).contains("ReplicationStatus"));
  // Both are now independent secrets.
  Ok("PutSecretValue", {{"SecretId", "multi"}, {"SecretString", "v2"}});
  EXPECT_EQ(Ok("GetSecretValue", {{"SecretId", "multi"}}, "eu-west-1")["SecretString"], "v1");
}

}  // namespace
}  // namespace sim::secretsmanager
