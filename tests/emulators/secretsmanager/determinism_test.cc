// Same seed and same steps give the same ARNs, version ids and passwords.

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

class SeededRun : public SecretsManagerTest {
 public:
  explicit SeededRun(std::uint64_t seed) : SecretsManagerTest(StateStore::OpenInMemory(), seed) {}
  void TestBody() override {}
  json Run() {
    json out = json::array();
    out.push_back(Ok("CreateSecret", {{"Name", "a"}, {"SecretString", R"({"password":"x"})"}}));
    out.push_back(Ok("PutSecretValue", {{"SecretId", "a"}, {"SecretString", "y"}}));
    out.push_back(Ok("GetRandomPassword", json::object()));
    out.push_back(Ok("RotateSecret",
                     {{"SecretId", "a"}, {"RotationRules", {{"AutomaticallyAfterDays", 1}}}}));
    clock_.Advance(std::chrono::hours(48));
    out.push_back(Ok("GetSecretValue", {{"SecretId", "a"}}));
    out.push_back(Ok("ListSecretVersionIds", {{"SecretId", "a"}, {"IncludeDeprecated", true}}));
    return out;
  }
};

TEST(DeterminismTest, SameSeedSameOutputs) {
  SeededRun first(1234), second(1234), other(99);
  json a = first.Run();
  EXPECT_EQ(a, second.Run());
  EXPECT_NE(a, other.Run());
}

}  // namespace
}  // namespace sim::secretsmanager
