// The query protocol against requests exactly as botocore 1.29 sends them
// (captured from a real client) and responses botocore's QueryParser reads.

#include "sim/aws/query_protocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tests/sim/aws/protocols/protocol_test_util.h"

namespace sim::aws {
namespace {

using nlohmann::json;
using testing::HeaderOf;
using testing::MakeRequest;
using testing::Model;
using testing::Op;

const HeaderList kFormHeaders = {
    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};

HttpRequest FormPost(std::string body) {
  return MakeRequest("POST", "/", std::move(body), kFormHeaders);
}

class QueryProtocolTest : public ::testing::Test {
 protected:
  QueryProtocol protocol_;
  const ServiceModel& elasticache_ = Model("elasticache");
  const ServiceModel& rds_ = Model("rds");
};

TEST_F(QueryProtocolTest, ResolvesTheActionOfAFormPost) {
  auto op = protocol_.ResolveOperation(
      rds_, FormPost("Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=20"));
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(op.value()->name, "DescribeDBInstances");
}

TEST_F(QueryProtocolTest, ResolvesTheActionOfAGetQueryString) {
  auto op = protocol_.ResolveOperation(
      rds_, MakeRequest("GET", "/?Action=DescribeDBInstances&Version=2014-10-31"));
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(op.value()->name, "DescribeDBInstances");
}

TEST_F(QueryProtocolTest, UnknownActionOrVersionIsInvalidAction) {
  auto unknown =
      protocol_.ResolveOperation(rds_, FormPost("Action=LaunchRocket&Version=2014-10-31"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidAction");
  EXPECT_EQ(unknown.error().http_status, 400);
  EXPECT_EQ(unknown.error().message,
            "Could not find operation LaunchRocket for version 2014-10-31");

  auto old =
      protocol_.ResolveOperation(rds_, FormPost("Action=DescribeDBInstances&Version=2013-09-09"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().message,
            "Could not find operation DescribeDBInstances for version 2013-09-09");

  auto missing = protocol_.ResolveOperation(rds_, FormPost("Version=2014-10-31"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "MissingAction");
}

TEST_F(QueryProtocolTest, ParsesCreateReplicationGroupWithTagsAndNestedLists) {
  HttpRequest request = FormPost(
      "Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=orders-cache"
      "&ReplicationGroupDescription=Orders+%26+more&AutomaticFailoverEnabled=true"
      "&NumCacheClusters=2&PreferredCacheClusterAZs.AvailabilityZone.1=us-east-1a"
      "&PreferredCacheClusterAZs.AvailabilityZone.2=us-east-1b"
      "&SecurityGroupIds.SecurityGroupId.1=sg-1&SecurityGroupIds.SecurityGroupId.2=sg-2"
      "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=prod&Tags.Tag.2.Key=team&Tags.Tag.2.Value=core"
      "&Engine=redis&NodeGroupConfiguration.NodeGroupConfiguration.1.NodeGroupId=0001"
      "&NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaCount=1"
      "&NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaAvailabilityZones."
      "AvailabilityZone.1=us-east-1c&Port=6379");
  auto input =
      protocol_.ParseInput(elasticache_, Op(elasticache_, "CreateReplicationGroup"), request);
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "ReplicationGroupId": "orders-cache",
    "ReplicationGroupDescription": "Orders & more",
    "AutomaticFailoverEnabled": true,
    "NumCacheClusters": 2,
    "PreferredCacheClusterAZs": ["us-east-1a", "us-east-1b"],
    "SecurityGroupIds": ["sg-1", "sg-2"],
    "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "core"}],
    "Engine": "redis",
    "NodeGroupConfiguration": [
      {"NodeGroupId": "0001", "ReplicaCount": 1, "ReplicaAvailabilityZones": ["us-east-1c"]}],
    "Port": 6379
  })"));
}

TEST_F(QueryProtocolTest, ParsesCreateDBInstance) {
  HttpRequest request = FormPost(
      "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=orders-db"
      "&DBInstanceClass=db.t3.micro&Engine=postgres&AllocatedStorage=20&MasterUsername=admin"
      "&MasterUserPassword=p%40ss+w0rd&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-9"
      "&MultiAZ=false&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev");
  auto input = protocol_.ParseInput(rds_, Op(rds_, "CreateDBInstance"), request);
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "DBInstanceIdentifier": "orders-db", "DBInstanceClass": "db.t3.micro", "Engine": "postgres",
    "AllocatedStorage": 20, "MasterUsername": "admin", "MasterUserPassword": "p@ss w0rd",
    "VpcSecurityGroupIds": ["sg-9"], "MultiAZ": false, "Tags": [{"Key": "env", "Value": "dev"}]
  })"));
}

TEST_F(QueryProtocolTest, ParsesFiltersWithNestedValueLists) {
  HttpRequest request = FormPost(
      "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=engine"
      "&Filters.Filter.1.Values.Value.1=postgres&Filters.Filter.1.Values.Value.2=mysql"
      "&MaxRecords=20");
  auto input = protocol_.ParseInput(rds_, Op(rds_, "DescribeDBInstances"), request);
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "Filters": [{"Name": "engine", "Values": ["postgres", "mysql"]}], "MaxRecords": 20})"));
}

TEST_F(QueryProtocolTest, ReadsGetParametersAndEmptyLists) {
  HttpRequest request =
      MakeRequest("GET", "/?Action=DescribeDBInstances&Version=2014-10-31&Filters=&Marker=m%2B1");
  auto input = protocol_.ParseInput(rds_, Op(rds_, "DescribeDBInstances"), request);
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({"Filters": [], "Marker": "m+1"})"));
}

TEST_F(QueryProtocolTest, ReadsTimestampsAsEpochSeconds) {
  HttpRequest request = FormPost(
      "Action=DescribeEvents&Version=2014-10-31&StartTime=2026-11-27T20%3A00%3A00Z"
      "&EndTime=2026-11-27T20%3A00%3A01.500000Z");
  auto input = protocol_.ParseInput(rds_, Op(rds_, "DescribeEvents"), request);
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_DOUBLE_EQ(input->at("StartTime").get<double>(), 1795809600.0);
  EXPECT_DOUBLE_EQ(input->at("EndTime").get<double>(), 1795809601.5);
}

TEST_F(QueryProtocolTest, RefusesValuesOfTheWrongType) {
  auto bad_int = protocol_.ParseInput(
      rds_, Op(rds_, "CreateDBInstance"),
      FormPost("Action=CreateDBInstance&Version=2014-10-31&AllocatedStorage=twenty"));
  ASSERT_FALSE(bad_int.ok());
  EXPECT_EQ(bad_int.error().code, "InvalidParameterValue");
  EXPECT_EQ(bad_int.error().http_status, 400);
  EXPECT_NE(bad_int.error().message.find("AllocatedStorage"), std::string::npos);

  auto bad_bool =
      protocol_.ParseInput(rds_, Op(rds_, "CreateDBInstance"),
                           FormPost("Action=CreateDBInstance&Version=2014-10-31&MultiAZ=yes"));
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_EQ(bad_bool.error().code, "InvalidParameterValue");
}

TEST_F(QueryProtocolTest, WritesOutputInsideTheResultWrapper) {
  // Members chosen so model order and alphabetical order agree.
  json output = {{"DBInstances",
                  {{{"DBInstanceIdentifier", "orders-db"},
                    {"Endpoint", {{"Address", "orders-db.local"}, {"Port", 5432}}},
                    {"InstanceCreateTime", 1795809600.25},
                    {"MultiAZ", false},
                    {"TagList", {{{"Key", "env"}, {"Value", "a<b&c"}}}}}}}};
  HttpResponse response;
  protocol_.WriteOutput(rds_, Op(rds_, "DescribeDBInstances"), output, "req-1", response);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(HeaderOf(response, "x-amzn-RequestId"), "req-1");
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "text/xml");
  EXPECT_EQ(response.body,
            "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
            "<DescribeDBInstancesResult><DBInstances><DBInstance>"
            "<DBInstanceIdentifier>orders-db</DBInstanceIdentifier>"
            "<Endpoint><Address>orders-db.local</Address><Port>5432</Port></Endpoint>"
            "<InstanceCreateTime>2026-11-27T20:00:00.250Z</InstanceCreateTime>"
            "<MultiAZ>false</MultiAZ>"
            "<TagList><Tag><Key>env</Key><Value>a&lt;b&amp;c</Value></Tag></TagList>"
            "</DBInstance></DBInstances></DescribeDBInstancesResult>"
            "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
            "</DescribeDBInstancesResponse>");
}

TEST_F(QueryProtocolTest, WritesNestedListsUnderTheirItemNames) {
  json output = {
      {"Marker", "next"},
      {"DBInstances",
       {{{"DBInstanceIdentifier", "a"},
         {"AllocatedStorage", 20},
         {"VpcSecurityGroups",
          {{{"VpcSecurityGroupId", "sg-1"}, {"Status", "active"}},
           {{"VpcSecurityGroupId", "sg-2"}, {"Status", "adding"}}}},
         {"DBSecurityGroups", json::array()},
         {"NotInTheModel", "dropped"}},
        {{"DBInstanceIdentifier", "b"}, {"ReadReplicaDBInstanceIdentifiers", {"b-r1"}}}}}};
  HttpResponse response;
  protocol_.WriteOutput(rds_, Op(rds_, "DescribeDBInstances"), output, "req-1", response);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(response.body.c_str())) << response.body;
  pugi::xml_node result =
      doc.child("DescribeDBInstancesResponse").child("DescribeDBInstancesResult");
  EXPECT_STREQ(result.child_value("Marker"), "next");
  pugi::xml_node a = result.child("DBInstances").child("DBInstance");
  pugi::xml_node b = a.next_sibling("DBInstance");
  EXPECT_STREQ(a.child_value("AllocatedStorage"), "20");
  pugi::xml_node sg = a.child("VpcSecurityGroups").child("VpcSecurityGroupMembership");
  EXPECT_STREQ(sg.child_value("VpcSecurityGroupId"), "sg-1");
  EXPECT_STREQ(sg.next_sibling().child_value("Status"), "adding");
  EXPECT_TRUE(a.child("DBSecurityGroups"));
  EXPECT_FALSE(a.child("DBSecurityGroups").first_child());
  EXPECT_FALSE(a.child("NotInTheModel"));
  EXPECT_STREQ(
      b.child("ReadReplicaDBInstanceIdentifiers").child_value("ReadReplicaDBInstanceIdentifier"),
      "b-r1");
}

TEST_F(QueryProtocolTest, WritesOutputWithoutResultAsMetadataOnly) {
  HttpResponse response;
  protocol_.WriteOutput(elasticache_, Op(elasticache_, "AddTagsToResource"),
                        {{"TagList", {{{"Key", "k"}, {"Value", "v"}}}}}, "req-2", response);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(response.body.c_str()));
  pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "AddTagsToResourceResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://elasticache.amazonaws.com/doc/2015-02-02/");
  EXPECT_STREQ(
      root.child("AddTagsToResourceResult").child("TagList").child("Tag").child_value("Key"), "k");
  EXPECT_STREQ(root.child("ResponseMetadata").child_value("RequestId"), "req-2");
}

TEST_F(QueryProtocolTest, ErrorsUseTheModelsWireCodeAndStatus) {
  HttpResponse response;
  protocol_.WriteError(elasticache_,
                       MakeError("CacheClusterNotFoundFault", "Cache cluster c1 not found."),
                       "req-3", response);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(HeaderOf(response, "x-amzn-RequestId"), "req-3");
  EXPECT_EQ(response.body,
            "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error>"
            "<Type>Sender</Type><Code>CacheClusterNotFound</Code>"
            "<Message>Cache cluster c1 not found.</Message></Error>"
            "<RequestId>req-3</RequestId></ErrorResponse>");

  // Named by its wire code, the same error still gets the model's status.
  HttpResponse by_code;
  protocol_.WriteError(rds_, MakeError("DBInstanceNotFound", "DBInstance x not found."), "r",
                       by_code);
  EXPECT_EQ(by_code.status, 404);
  EXPECT_NE(by_code.body.find("<Code>DBInstanceNotFound</Code>"), std::string::npos);
}

TEST_F(QueryProtocolTest, ErrorsKeepAnExplicitStatusAndMarkServerFaults) {
  HttpResponse throttled;
  protocol_.WriteError(rds_, MakeError("Throttling", "Rate exceeded", 400), "r", throttled);
  EXPECT_EQ(throttled.status, 400);
  EXPECT_NE(throttled.body.find("<Code>Throttling</Code>"), std::string::npos);

  HttpResponse internal;
  protocol_.WriteError(rds_, MakeError("InternalFailure", "boom <&>", 500), "r", internal);
  EXPECT_EQ(internal.status, 500);
  EXPECT_NE(internal.body.find("<Type>Receiver</Type>"), std::string::npos);
  EXPECT_NE(internal.body.find("<Message>boom &lt;&amp;&gt;</Message>"), std::string::npos);
}

TEST_F(QueryProtocolTest, ValidationFailuresAreValidationErrors) {
  HttpResponse response;
  protocol_.WriteError(
      rds_,
      MakeError("ValidationException",
                "1 validation error detected: Value null at 'dBInstanceIdentifier' "
                "failed to satisfy constraint: Member must not be null"),
      "r", response);
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("<Code>ValidationError</Code>"), std::string::npos);
}

}  // namespace
}  // namespace sim::aws
