#include "sim/aws/json_protocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/aws/validate.h"

namespace sim::aws {
namespace {

using nlohmann::json;

class JsonProtocolTest : public ::testing::Test {
 protected:
  HttpRequest Request(const std::string& op, const std::string& body) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.headers = {{"X-Amz-Target", "secretsmanager." + op},
                 {"Content-Type", "application/x-amz-json-1.1"}};
    r.body = body;
    return r;
  }
  const ServiceModel& model_ = *FindModel("secretsmanager");
  JsonProtocol protocol_;
};

TEST_F(JsonProtocolTest, ResolvesOperationFromTarget) {
  auto op = protocol_.ResolveOperation(model_, Request("GetSecretValue", "{}"));
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op.value()->name, "GetSecretValue");
}

TEST_F(JsonProtocolTest, UnknownOperationIsRefused) {
  auto op = protocol_.ResolveOperation(model_, Request("StealSecret", "{}"));
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().code, "UnknownOperationException");
  HttpRequest wrong_prefix = Request("GetSecretValue", "{}");
  wrong_prefix.headers[0].second = "kms.GetSecretValue";
  EXPECT_FALSE(protocol_.ResolveOperation(model_, wrong_prefix).ok());
}

TEST_F(JsonProtocolTest, ParsesAndDropsUnknownMembers) {
  const Operation& op = *model_.FindOperation("GetSecretValue");
  auto input = protocol_.ParseInput(model_, op, Request("GetSecretValue",
                                                        R"({"SecretId":"db","Bogus":1})"));
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input.value(), json({{"SecretId", "db"}}));
}

TEST_F(JsonProtocolTest, InvalidJsonAndWrongTypesAreSerializationErrors) {
  const Operation& op = *model_.FindOperation("GetSecretValue");
  auto bad = protocol_.ParseInput(model_, op, Request("GetSecretValue", "{\"SecretId\":"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "SerializationException");
  auto wrong = protocol_.ParseInput(model_, op, Request("GetSecretValue", R"({"SecretId":5})"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "SerializationException");
  EXPECT_NE(wrong.error().message.find("SecretId"), std::string::npos);
}

TEST_F(JsonProtocolTest, BlobMustBeBase64) {
  const Operation& op = *model_.FindOperation("CreateSecret");
  auto bad = protocol_.ParseInput(model_, op, Request("CreateSecret",
                                                      R"({"Name":"n","SecretBinary":"!!"})"));
  ASSERT_FALSE(bad.ok());
  auto good = protocol_.ParseInput(model_, op, Request("CreateSecret",
                                                       R"({"Name":"n","SecretBinary":"AAEC"})"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value()["SecretBinary"], "AAEC");
}

TEST_F(JsonProtocolTest, ValidationMessagesAreAws) {
  const Operation& op = *model_.FindOperation("GetRandomPassword");
  Status s = ValidateInput(*op.input, json{{"PasswordLength", 0}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "ValidationException");
  EXPECT_EQ(s.error().message,
            "1 validation error detected: Value 0 at 'passwordLength' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1");
  const Operation& get = *model_.FindOperation("GetSecretValue");
  Status missing = ValidateInput(*get.input, json::object());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("Value null at 'secretId'"), std::string::npos);
}

TEST_F(JsonProtocolTest, SensitiveValuesAreNotEchoed) {
  const Operation& op = *model_.FindOperation("CreateSecret");
  Status s = ValidateInput(*op.input, json{{"Name", "n"}, {"SecretString", std::string(70000, 'x')}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find("xxxx"), std::string::npos);
}

TEST_F(JsonProtocolTest, WritesOutputAndErrors) {
  const Operation& op = *model_.FindOperation("GetSecretValue");
  HttpResponse out;
  protocol_.WriteOutput(model_, op, json{{"Name", "db"}}, "req-1", out);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(json::parse(out.body), json({{"Name", "db"}}));
  HttpResponse err;
  protocol_.WriteError(model_, MakeError("ResourceNotFoundException", "not here", 400), "req-2", err);
  EXPECT_EQ(err.status, 400);
  auto body = json::parse(err.body);
  EXPECT_EQ(body["__type"], "ResourceNotFoundException");
  EXPECT_EQ(body["Message"], "not here");
}

}  // namespace
}  // namespace sim::aws
