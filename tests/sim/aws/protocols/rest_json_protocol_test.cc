// The rest-json protocol (MQ, Backup) against requests exactly as botocore
// 1.29 sends them and responses botocore's RestJSONParser reads.

#include "sim/aws/rest_json_protocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/sim/aws/protocols/protocol_test_util.h"

namespace sim::aws {
namespace {

using nlohmann::json;
using testing::HeaderOf;
using testing::MakeRequest;
using testing::Model;
using testing::Op;

const HeaderList kJson = {{"Content-Type", "application/json"}};

class RestJsonProtocolTest : public ::testing::Test {
 protected:
  std::string Resolve(const ServiceModel& model, const std::string& method,
                      const std::string& target) {
    auto op = protocol_.ResolveOperation(model, MakeRequest(method, target));
    return op.ok() ? op.value()->name : "error " + op.error().code;
  }

  Result<json> Parse(const ServiceModel& model, const std::string& op, HttpRequest request) {
    return protocol_.ParseInput(model, Op(model, op), request);
  }

  RestJsonProtocol protocol_;
  const ServiceModel& mq_ = Model("mq");
  const ServiceModel& backup_ = Model("backup");
};

TEST_F(RestJsonProtocolTest, ResolvesOperationsByMethodAndUriTemplate) {
  EXPECT_EQ(Resolve(mq_, "POST", "/v1/brokers"), "CreateBroker");
  EXPECT_EQ(Resolve(mq_, "GET", "/v1/brokers"), "ListBrokers");
  EXPECT_EQ(Resolve(mq_, "GET", "/v1/brokers/b-1234"), "DescribeBroker");
  EXPECT_EQ(Resolve(mq_, "DELETE", "/v1/brokers/b-1234"), "DeleteBroker");
  EXPECT_EQ(Resolve(mq_, "POST", "/v1/brokers/b-1234/users/alice"), "CreateUser");
  EXPECT_EQ(Resolve(mq_, "DELETE",
                    "/v1/tags/arn%3Aaws%3Amq%3Aus-east-1%3A1%3Abroker%3Ao%3Ab-1?tagKeys=env"),
            "DeleteTags");
  EXPECT_EQ(Resolve(backup_, "GET", "/backup/plans/"), "ListBackupPlans");
  EXPECT_EQ(Resolve(backup_, "GET", "/backup/plans/plan-1/"), "GetBackupPlan");
  EXPECT_EQ(Resolve(backup_, "GET", "/backup/plans/plan-1/versions/"), "ListBackupPlanVersions");
  // SDKs built from Smithy models drop the trailing slash botocore keeps.
  EXPECT_EQ(Resolve(backup_, "GET", "/backup/plans"), "ListBackupPlans");
  EXPECT_EQ(Resolve(backup_, "GET", "/backup/plans/plan-1"), "GetBackupPlan");
}

TEST_F(RestJsonProtocolTest, UnknownRoutesAre404) {
  auto op = protocol_.ResolveOperation(mq_, MakeRequest("GET", "/v2/brokers"));
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().code, "UnknownOperationException");
  EXPECT_EQ(op.error().http_status, 404);
  EXPECT_EQ(Resolve(mq_, "PATCH", "/v1/brokers"), "error UnknownOperationException");
}

TEST_F(RestJsonProtocolTest, ParsesCreateBrokerBodyByLocationNames) {
  auto input = Parse(
      mq_, "CreateBroker",
      MakeRequest("POST", "/v1/brokers",
                  R"({"brokerName": "orders", "deploymentMode": "SINGLE_INSTANCE", )"
                  R"("engineType": "ACTIVEMQ", "engineVersion": "5.17.6", )"
                  R"("hostInstanceType": "mq.t3.micro", "autoMinorVersionUpgrade": true, )"
                  R"("publiclyAccessible": false, "users": [{"username": "admin", )"
                  R"("password": "secret-pass-1", "consoleAccess": true, "groups": ["ops"]}], )"
                  R"("tags": {"env": "prod"}, "creatorRequestId": "req-1"})",
                  kJson));
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "BrokerName": "orders", "DeploymentMode": "SINGLE_INSTANCE", "EngineType": "ACTIVEMQ",
    "EngineVersion": "5.17.6", "HostInstanceType": "mq.t3.micro",
    "AutoMinorVersionUpgrade": true, "PubliclyAccessible": false,
    "Users": [{"Username": "admin", "Password": "secret-pass-1", "ConsoleAccess": true,
               "Groups": ["ops"]}],
    "Tags": {"env": "prod"}, "CreatorRequestId": "req-1"})"));
}

TEST_F(RestJsonProtocolTest, ParsesUriLabelsAndRepeatedQueryParameters) {
  auto describe = Parse(mq_, "DescribeBroker", MakeRequest("GET", "/v1/brokers/b-1234"));
  ASSERT_TRUE(describe.ok()) << describe.error().message;
  EXPECT_EQ(describe.value(), json::parse(R"({"BrokerId": "b-1234"})"));

  auto untag = Parse(mq_, "DeleteTags",
                     MakeRequest("DELETE",
                                 "/v1/tags/arn%3Aaws%3Amq%3Aus-east-1%3A123456789012%3Abroker%3A"
                                 "orders%3Ab-1234?tagKeys=env&tagKeys=team"));
  ASSERT_TRUE(untag.ok()) << untag.error().message;
  EXPECT_EQ(untag.value(), json::parse(R"({
    "ResourceArn": "arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234",
    "TagKeys": ["env", "team"]})"));
}

TEST_F(RestJsonProtocolTest, ParsesNestedBodyAndTypedQueryParameters) {
  auto plan = Parse(
      backup_, "CreateBackupPlan",
      MakeRequest(
          "PUT", "/backup/plans/",
          R"({"BackupPlan": {"BackupPlanName": "daily", "Rules": [{"RuleName": "r1", )"
          R"j("TargetBackupVaultName": "Default", "ScheduleExpression": "cron(0 5 * * ? *)", )j"
          R"("StartWindowMinutes": 60, "Lifecycle": {"DeleteAfterDays": 35}, )"
          R"("RecoveryPointTags": {"k": "v"}}]}, "BackupPlanTags": {"owner": "me"}})",
          kJson));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan.value(), json::parse(R"j({
    "BackupPlan": {"BackupPlanName": "daily", "Rules": [{"RuleName": "r1",
      "TargetBackupVaultName": "Default", "ScheduleExpression": "cron(0 5 * * ? *)",
      "StartWindowMinutes": 60, "Lifecycle": {"DeleteAfterDays": 35},
      "RecoveryPointTags": {"k": "v"}}]},
    "BackupPlanTags": {"owner": "me"}})j"));

  auto list = Parse(backup_, "ListBackupPlans",
                    MakeRequest("GET",
                                "/backup/plans/?maxResults=10&includeDeleted=true"
                                "&nextToken=abc%2Fdef%3D%3D"));
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list.value(),
            json::parse(R"({"MaxResults": 10, "IncludeDeleted": true, "NextToken": "abc/def=="})"));

  auto jobs = Parse(backup_, "ListBackupJobs",
                    MakeRequest("GET",
                                "/backup-jobs/?createdAfter=2026-11-27T20%3A00%3A00Z"
                                "&state=COMPLETED"));
  ASSERT_TRUE(jobs.ok()) << jobs.error().message;
  EXPECT_EQ(jobs->at("ByState"), "COMPLETED");
  EXPECT_DOUBLE_EQ(jobs->at("ByCreatedAfter").get<double>(), 1795809600.0);
}

TEST_F(RestJsonProtocolTest, RefusesMalformedInput) {
  auto bad_json =
      Parse(mq_, "CreateBroker", MakeRequest("POST", "/v1/brokers", "{\"brokerName\":", kJson));
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().code, "SerializationException");

  auto wrong_type = Parse(mq_, "CreateBroker",
                          MakeRequest("POST", "/v1/brokers", R"({"users": "admin"})", kJson));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().code, "SerializationException");

  auto bad_query =
      Parse(backup_, "ListBackupPlans", MakeRequest("GET", "/backup/plans/?maxResults=ten"));
  ASSERT_FALSE(bad_query.ok());
  EXPECT_EQ(bad_query.error().code, "SerializationException");
  EXPECT_EQ(bad_query.error().http_status, 400);
}

TEST_F(RestJsonProtocolTest, WritesDescribeBrokerWithIso8601Timestamps) {
  json output = {{"BrokerId", "b-1234"},
                 {"BrokerName", "orders"},
                 {"BrokerState", "RUNNING"},
                 {"Created", 1795809600.5},
                 {"AutoMinorVersionUpgrade", true},
                 {"BrokerInstances",
                  {{{"ConsoleURL", "https://b-1234.mq"}, {"Endpoints", {"ssl://x:61617"}}}}},
                 {"Tags", {{"env", "prod"}}},
                 {"Users", {{{"Username", "admin"}, {"PendingChange", "CREATE"}}}},
                 {"Unmodeled", 1}};
  HttpResponse response;
  protocol_.WriteOutput(mq_, Op(mq_, "DescribeBroker"), output, "req-1", response);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(HeaderOf(response, "x-amzn-RequestId"), "req-1");
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(response.body), json::parse(R"({
    "brokerId": "b-1234", "brokerName": "orders", "brokerState": "RUNNING",
    "created": "2026-11-27T20:00:00.500Z", "autoMinorVersionUpgrade": true,
    "brokerInstances": [{"consoleURL": "https://b-1234.mq", "endpoints": ["ssl://x:61617"]}],
    "tags": {"env": "prod"}, "users": [{"username": "admin", "pendingChange": "CREATE"}]})"));
}

TEST_F(RestJsonProtocolTest, WritesDefaultTimestampsAsEpochSeconds) {
  json output = {{"BackupPlanId", "p-1"},
                 {"CreationDate", 1795809600},
                 {"BackupPlan", {{"BackupPlanName", "daily"}, {"Rules", json::array()}}}};
  HttpResponse response;
  protocol_.WriteOutput(backup_, Op(backup_, "GetBackupPlan"), output, "req-2", response);
  EXPECT_EQ(json::parse(response.body), json::parse(R"({
    "BackupPlanId": "p-1", "CreationDate": 1795809600,
    "BackupPlan": {"BackupPlanName": "daily", "Rules": []}})"));
}

TEST_F(RestJsonProtocolTest, WritesTheModelsStatusAndNoBodyFor204) {
  HttpResponse response;
  protocol_.WriteOutput(mq_, Op(mq_, "DeleteTags"), json::object(), "req-3", response);
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
}

TEST_F(RestJsonProtocolTest, WritesErrorsWithTypeHeaderAndMessage) {
  HttpResponse mq_error;
  protocol_.WriteError(mq_, MakeError("NotFoundException", "Can't find broker b-9."), "req-4",
                       mq_error);
  EXPECT_EQ(mq_error.status, 404);
  EXPECT_EQ(HeaderOf(mq_error, "x-amzn-ErrorType"), "NotFoundException");
  EXPECT_EQ(HeaderOf(mq_error, "x-amzn-RequestId"), "req-4");
  EXPECT_EQ(json::parse(mq_error.body), json::parse(R"({"message": "Can't find broker b-9."})"));

  HttpResponse backup_error;
  protocol_.WriteError(backup_, MakeError("ResourceNotFoundException", "No plan p-9", 404), "r",
                       backup_error);
  EXPECT_EQ(backup_error.status, 404);
  EXPECT_EQ(json::parse(backup_error.body), json::parse(R"({"Message": "No plan p-9"})"));

  HttpResponse conflict;
  protocol_.WriteError(mq_, MakeError("ConflictException", "exists"), "r", conflict);
  EXPECT_EQ(conflict.status, 409);
}

}  // namespace
}  // namespace sim::aws
