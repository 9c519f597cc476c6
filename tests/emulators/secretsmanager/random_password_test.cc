// GetRandomPassword: AWS's character classes and options, and determinism.

#include "emulators/secretsmanager/random_password.h"

#include <algorithm>
#include <cctype>

#include "tests/emulators/secretsmanager/secrets_manager_fixture.h"

namespace sim::secretsmanager {
namespace {

bool HasAny(const std::string& s, int (*pred)(int)) {
  return std::any_of(s.begin(), s.end(),
                     [&](char c) { return pred(static_cast<unsigned char>(c)); });
}
bool HasPunctuation(const std::string& s) {
  return s.find_first_of(kPunctuation) != std::string::npos;
}

using RandomPasswordTest = SecretsManagerTest;

TEST_F(RandomPasswordTest, DefaultsAreThirtyTwoCharactersOfEveryType) {
  for (int i = 0; i < 50; ++i) {
    std::string p = Ok("GetRandomPassword", json::object())["RandomPassword"];
    ASSERT_EQ(p.size(), 32u);
    EXPECT_TRUE(HasAny(p, islower) && HasAny(p, isupper) && HasAny(p, isdigit) && HasPunctuation(p))
        << p;
    EXPECT_EQ(p.find(' '), std::string::npos);
  }
}

TEST_F(RandomPasswordTest, ExcludeOptions) {
  json input = {{"PasswordLength", 200},
                {"ExcludeNumbers", true},
                {"ExcludePunctuation", true},
                {"ExcludeUppercase", true}};
  std::string p = Ok("GetRandomPassword", input)["RandomPassword"];
  EXPECT_EQ(p.size(), 200u);
  EXPECT_TRUE(std::all_of(p.begin(), p.end(), [](char c) { return c >= 'a' && c <= 'z'; })) << p;

  p = Ok("GetRandomPassword", {{"PasswordLength", 300},
                               {"ExcludeCharacters", "abcdefghijklmnopqrstuvwxyz0123"},
                               {"ExcludeLowercase", false}})["RandomPassword"];
  EXPECT_EQ(p.find_first_of("abcdefghijklmnopqrstuvwxyz0123"), std::string::npos) << p;
  EXPECT_TRUE(HasAny(p, isupper) && HasAny(p, isdigit) && HasPunctuation(p));

  p = Ok("GetRandomPassword", {{"PasswordLength", 400}, {"IncludeSpace", true}})["RandomPassword"];
  EXPECT_NE(p.find(' '), std::string::npos);
}

TEST_F(RandomPasswordTest, RequireEachIncludedTypeEvenForShortPasswords) {
  for (int i = 0; i < 200; ++i) {
    std::string p = Ok("GetRandomPassword", {{"PasswordLength", 4}})["RandomPassword"];
    ASSERT_EQ(p.size(), 4u);
    ASSERT_TRUE(HasAny(p, islower) && HasAny(p, isupper) && HasAny(p, isdigit) && HasPunctuation(p))
        << p;
  }
  EXPECT_EQ(Code(Call("GetRandomPassword", {{"PasswordLength", 3}})), "InvalidParameterException");
  std::string one = Ok("GetRandomPassword", {{"PasswordLength", 1},
                                             {"RequireEachIncludedType", false}})["RandomPassword"];
  EXPECT_EQ(one.size(), 1u);
}

TEST_F(RandomPasswordTest, InvalidRequests) {
  EXPECT_EQ(Code(Call("GetRandomPassword", {{"PasswordLength", 0}})), "InvalidParameterException");
  EXPECT_EQ(Code(Call("GetRandomPassword", {{"PasswordLength", 4097}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("GetRandomPassword", {{"ExcludeNumbers", true},
                                            {"ExcludePunctuation", true},
                                            {"ExcludeUppercase", true},
                                            {"ExcludeLowercase", true}})),
            "InvalidParameterException");
  EXPECT_EQ(Code(Call("GetRandomPassword", {{"PasswordLength", "long"}})),
            "InvalidParameterException");
  EXPECT_EQ(Ok("GetRandomPassword", {{"PasswordLength", 4096}})["RandomPassword"]
                .get<std::string>()
                .size(),
            4096u);
}

TEST(RandomPasswordDeterminism, SameSeedSamePasswords) {
  PasswordOptions options;
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 20; ++i) {
    std::string pa = GenerateRandomPassword(options, a).value();
    EXPECT_EQ(pa, GenerateRandomPassword(options, b).value());
    EXPECT_NE(pa, GenerateRandomPassword(options, c).value());
  }
}

}  // namespace
}  // namespace sim::secretsmanager
