#include "sim/aws/model.h"

#include <gtest/gtest.h>

namespace sim::aws {
namespace {

TEST(ModelTest, EveryEmbeddedModelParses) {
  for (auto name : ModelNames()) {
    const ServiceModel* model = FindModel(name);
    ASSERT_NE(model, nullptr) << name;
    EXPECT_FALSE(model->operations.empty()) << name;
    EXPECT_FALSE(model->protocol.empty()) << name;
  }
}

TEST(ModelTest, SecretsManagerMetadataAndShapes) {
  const ServiceModel* model = FindModel("secretsmanager");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->protocol, "json");
  EXPECT_EQ(model->target_prefix, "secretsmanager");
  EXPECT_EQ(model->json_version, "1.1");
  const Operation* op = model->FindOperation("GetSecretValue");
  ASSERT_NE(op, nullptr);
  ASSERT_NE(op->input, nullptr);
  EXPECT_EQ(op->input->required, std::vector<std::string>{"SecretId"});
  const Member* id = op->input->FindMember("SecretId");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->shape->type, ShapeType::kString);
  EXPECT_EQ(id->shape->max.value_or(0), 2048);
}

TEST(ModelTest, PatchAddsBatchGetSecretValue) {
  const ServiceModel* model = FindModel("secretsmanager");
  const Operation* op = model->FindOperation("BatchGetSecretValue");
  ASSERT_NE(op, nullptr);
  ASSERT_NE(op->output, nullptr);
  const Member* values = op->output->FindMember("SecretValues");
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(values->shape->type, ShapeType::kList);
  EXPECT_NE(values->shape->member.shape->FindMember("SecretString"), nullptr);
}

TEST(ModelTest, DocumentationIsNotEmbedded) {
  // The embedder strips documentation; a stray one would bloat the binary.
  const ServiceModel* model = FindModel("s3");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->protocol, "rest-xml");
  EXPECT_NE(model->FindOperation("PutObject"), nullptr);
}

TEST(ModelTest, UnknownModelIsNull) { EXPECT_EQ(FindModel("no-such-service"), nullptr); }

}  // namespace
}  // namespace sim::aws
