// The rest-xml protocol (Route 53; S3's generic parts) against requests
// exactly as botocore 1.29 sends them and responses botocore's RestXMLParser
// reads.

#include "sim/aws/rest_xml_protocol.h"

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

class RestXmlProtocolTest : public ::testing::Test {
 protected:
  std::string Resolve(const ServiceModel& model, const std::string& method,
                      const std::string& target, HeaderList headers = {}) {
    auto op =
        protocol_.ResolveOperation(model, MakeRequest(method, target, "", std::move(headers)));
    return op.ok() ? op.value()->name : "error " + op.error().code;
  }

  Result<json> Parse(const ServiceModel& model, const std::string& op, HttpRequest request) {
    return protocol_.ParseInput(model, Op(model, op), request);
  }

  RestXmlProtocol protocol_;
  const ServiceModel& route53_ = Model("route53");
  const ServiceModel& s3_ = Model("s3");
};

TEST_F(RestXmlProtocolTest, ResolvesRoute53Operations) {
  EXPECT_EQ(Resolve(route53_, "POST", "/2013-04-01/hostedzone"), "CreateHostedZone");
  EXPECT_EQ(Resolve(route53_, "GET", "/2013-04-01/hostedzone?maxitems=5"), "ListHostedZones");
  EXPECT_EQ(Resolve(route53_, "GET", "/2013-04-01/hostedzone/Z123"), "GetHostedZone");
  EXPECT_EQ(Resolve(route53_, "GET", "/2013-04-01/hostedzonecount"), "GetHostedZoneCount");
  EXPECT_EQ(Resolve(route53_, "POST", "/2013-04-01/hostedzone/Z123/rrset/"),
            "ChangeResourceRecordSets");
  EXPECT_EQ(Resolve(route53_, "POST", "/2013-04-01/hostedzone/Z123/rrset"),
            "ChangeResourceRecordSets");
  EXPECT_EQ(Resolve(route53_, "GET", "/2013-04-01/hostedzone/Z123/rrset"),
            "ListResourceRecordSets");
  EXPECT_EQ(Resolve(route53_, "GET", "/2013-04-01/nothing"), "error UnknownOperationException");
}

TEST_F(RestXmlProtocolTest, PrefersTheMostSpecificTemplate) {
  EXPECT_EQ(Resolve(s3_, "GET", "/b1"), "ListObjects");
  EXPECT_EQ(Resolve(s3_, "GET", "/b1?list-type=2&prefix=a"), "ListObjectsV2");
  EXPECT_EQ(Resolve(s3_, "GET", "/b1?tagging"), "GetBucketTagging");
  EXPECT_EQ(Resolve(s3_, "GET", "/b1/dir/a%20b.txt"), "GetObject");
  EXPECT_EQ(Resolve(s3_, "PUT", "/b1/dir/key?tagging"), "PutObjectTagging");
  EXPECT_EQ(Resolve(s3_, "PUT", "/b1/key"), "PutObject");
  // Same template: the operation whose required parameters are all present.
  EXPECT_EQ(Resolve(s3_, "PUT", "/b1/key?partNumber=1&uploadId=u1"), "UploadPart");
  EXPECT_EQ(Resolve(s3_, "PUT", "/b1/key", {{"x-amz-copy-source", "/b0/src"}}), "CopyObject");
}

TEST_F(RestXmlProtocolTest, ParsesCreateHostedZoneBody) {
  auto input =
      Parse(route53_, "CreateHostedZone",
            MakeRequest(
                "POST", "/2013-04-01/hostedzone",
                "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                "<Name>example.com</Name><CallerReference>ref-1</CallerReference>"
                "<HostedZoneConfig><Comment>A &amp; B &lt;zone&gt;</Comment>"
                "<PrivateZone>false</PrivateZone></HostedZoneConfig></CreateHostedZoneRequest>"));
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "Name": "example.com", "CallerReference": "ref-1",
    "HostedZoneConfig": {"Comment": "A & B <zone>", "PrivateZone": false}})"));
}

TEST_F(RestXmlProtocolTest, ParsesChangeResourceRecordSetsWithLabelAndNestedLists) {
  auto input = Parse(
      route53_, "ChangeResourceRecordSets",
      MakeRequest("POST", "/2013-04-01/hostedzone/Z123/rrset/",
                  "<ChangeResourceRecordSetsRequest "
                  "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                  "<ChangeBatch><Comment>add www</Comment><Changes><Change><Action>UPSERT</Action>"
                  "<ResourceRecordSet><Name>www.example.com</Name><Type>A</Type><TTL>300</TTL>"
                  "<ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord>"
                  "<ResourceRecord><Value>192.0.2.2</Value></ResourceRecord></ResourceRecords>"
                  "</ResourceRecordSet></Change></Changes></ChangeBatch>"
                  "</ChangeResourceRecordSetsRequest>"));
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(input.value(), json::parse(R"({
    "HostedZoneId": "Z123",
    "ChangeBatch": {"Comment": "add www", "Changes": [{"Action": "UPSERT",
      "ResourceRecordSet": {"Name": "www.example.com", "Type": "A", "TTL": 300,
        "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}]}}]}})"));
}

TEST_F(RestXmlProtocolTest, ParsesQueryStringAndUriLabels) {
  auto list = Parse(route53_, "ListHostedZones",
                    MakeRequest("GET", "/2013-04-01/hostedzone?maxitems=5&marker=Z9"));
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list.value(), json::parse(R"({"MaxItems": "5", "Marker": "Z9"})"));

  auto get = Parse(route53_, "GetHostedZone", MakeRequest("GET", "/2013-04-01/hostedzone/Z123"));
  ASSERT_TRUE(get.ok()) << get.error().message;
  EXPECT_EQ(get.value(), json::parse(R"({"Id": "Z123"})"));
}

TEST_F(RestXmlProtocolTest, ParsesGreedyLabelsHeadersAndBlobPayloads) {
  auto put = Parse(s3_, "PutObject",
                   MakeRequest("PUT", "/b1/dir/a%20b%2Bc.txt", "hello",
                               {{"Content-Type", "text/plain"},
                                {"x-amz-meta-Owner", "me"},
                                {"Expires", "Fri, 27 Nov 2026 20:00:00 GMT"},
                                {"Content-Length", "5"}}));
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(put.value(), json::parse(R"({
    "Bucket": "b1", "Key": "dir/a b+c.txt", "Body": "aGVsbG8=", "ContentType": "text/plain",
    "Metadata": {"owner": "me"}, "Expires": 1795809600.0, "ContentLength": 5})"));
}

TEST_F(RestXmlProtocolTest, RefusesMalformedXmlAndValues) {
  auto broken =
      Parse(route53_, "CreateHostedZone",
            MakeRequest("POST", "/2013-04-01/hostedzone", "<CreateHostedZoneRequest><Name>"));
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "InvalidInput");
  EXPECT_EQ(broken.error().http_status, 400);

  auto bad_ttl = Parse(route53_, "ChangeResourceRecordSets",
                       MakeRequest("POST", "/2013-04-01/hostedzone/Z1/rrset/",
                                   "<R><ChangeBatch><Changes><Change><ResourceRecordSet>"
                                   "<TTL>soon</TTL></ResourceRecordSet></Change></Changes>"
                                   "</ChangeBatch></R>"));
  ASSERT_FALSE(bad_ttl.ok());
  EXPECT_EQ(bad_ttl.error().code, "InvalidInput");
  EXPECT_NE(bad_ttl.error().message.find("ChangeBatch.Changes[0].ResourceRecordSet.TTL"),
            std::string::npos);

  // A service without an InvalidInput error refuses with MalformedXML.
  auto s3_broken = Parse(s3_, "PutBucketTagging", MakeRequest("PUT", "/b1?tagging", "<Tagging>"));
  ASSERT_FALSE(s3_broken.ok());
  EXPECT_EQ(s3_broken.error().code, "MalformedXML");
}

TEST_F(RestXmlProtocolTest, WritesCreateHostedZoneWithStatusHeaderAndNamespace) {
  json output = {
      {"HostedZone",
       {{"Id", "/hostedzone/Z123"},
        {"Name", "example.com."},
        {"CallerReference", "ref-1"},
        {"Config", {{"PrivateZone", false}}},
        {"ResourceRecordSetCount", 2}}},
      {"ChangeInfo", {{"Id", "/change/C1"}, {"Status", "PENDING"}, {"SubmittedAt", 1795809600}}},
      {"DelegationSet", {{"NameServers", {"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}}}},
      {"Location", "https://route53.amazonaws.com/2013-04-01/hostedzone/Z123"}};
  HttpResponse response;
  protocol_.WriteOutput(route53_, Op(route53_, "CreateHostedZone"), output, "req-1", response);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(HeaderOf(response, "Location"),
            "https://route53.amazonaws.com/2013-04-01/hostedzone/Z123");
  EXPECT_EQ(HeaderOf(response, "x-amzn-RequestId"), "req-1");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(response.body.c_str())) << response.body;
  pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "CreateHostedZoneResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://route53.amazonaws.com/doc/2013-04-01/");
  EXPECT_FALSE(root.child("Location"));
  EXPECT_STREQ(root.child("HostedZone").child("Config").child_value("PrivateZone"), "false");
  EXPECT_STREQ(root.child("HostedZone").child_value("ResourceRecordSetCount"), "2");
  EXPECT_STREQ(root.child("ChangeInfo").child_value("SubmittedAt"), "2026-11-27T20:00:00.000Z");
  pugi::xml_node ns = root.child("DelegationSet").child("NameServers").child("NameServer");
  EXPECT_STREQ(ns.child_value(), "ns-1.awsdns-01.org");
  EXPECT_STREQ(ns.next_sibling("NameServer").child_value(), "ns-2.awsdns-02.com");
}

TEST_F(RestXmlProtocolTest, WritesListHostedZonesExactly) {
  json output = {{"HostedZones",
                  {{{"Id", "/hostedzone/Z1"}, {"Name", "a.com."}},
                   {{"Id", "/hostedzone/Z2"}, {"Name", "b.com."}}}},
                 {"IsTruncated", false},
                 {"MaxItems", "100"}};
  HttpResponse response;
  protocol_.WriteOutput(route53_, Op(route53_, "ListHostedZones"), output, "req-2", response);
  EXPECT_EQ(response.status, 200);
  // Members chosen so model order and alphabetical order agree.
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<ListHostedZonesResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            "<HostedZones>"
            "<HostedZone><Id>/hostedzone/Z1</Id><Name>a.com.</Name></HostedZone>"
            "<HostedZone><Id>/hostedzone/Z2</Id><Name>b.com.</Name></HostedZone>"
            "</HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
            "</ListHostedZonesResponse>");
}

TEST_F(RestXmlProtocolTest, WritesBlobPayloadsAndHeaderBindings) {
  json output = {{"Body", "aGVsbG8="},
                 {"ContentLength", 5},
                 {"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                 {"LastModified", 1795809600},
                 {"Metadata", {{"owner", "me"}}}};
  HttpResponse response;
  protocol_.WriteOutput(s3_, Op(s3_, "GetObject"), output, "req-3", response);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(HeaderOf(response, "Content-Length"), "5");
  EXPECT_EQ(HeaderOf(response, "Last-Modified"), "Fri, 27 Nov 2026 20:00:00 GMT");
  EXPECT_EQ(HeaderOf(response, "x-amz-meta-owner"), "me");
  EXPECT_EQ(HeaderOf(response, "ETag"), "\"5d41402abc4b2a76b9719d911017c592\"");
}

TEST_F(RestXmlProtocolTest, WritesErrorResponses) {
  HttpResponse response;
  protocol_.WriteError(route53_, MakeError("NoSuchHostedZone", "No hosted zone found with ID: Z9"),
                       "req-4", response);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error>"
            "<Type>Sender</Type><Code>NoSuchHostedZone</Code>"
            "<Message>No hosted zone found with ID: Z9</Message></Error>"
            "<RequestId>req-4</RequestId></ErrorResponse>");
}

}  // namespace
}  // namespace sim::aws
