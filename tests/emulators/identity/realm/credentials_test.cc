// Password credentials: PBKDF2 against known vectors (RFC 6070, and Python's
// hashlib.pbkdf2_hmac for the others), Keycloak's stored forms, and the
// realm file's users.

#include "emulators/identity/realm/credentials.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/aws/crypto.h"
#include "tests/emulators/identity/realm/realm_test_support.h"

namespace sim::identity {
namespace {

std::string Base64Pbkdf2(std::string_view algorithm, int iterations, std::size_t length) {
  auto key = Pbkdf2(algorithm, "password", "salt", iterations, length);
  return key ? aws::Base64Encode(*key) : "(none)";
}

TEST(CredentialsTest, Pbkdf2KnownVectors) {
  // RFC 6070, test 2.
  EXPECT_EQ(aws::Hex(Pbkdf2("pbkdf2", "password", "salt", 2, 20).value()),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  // hashlib.pbkdf2_hmac(digest, b"password", b"salt", iterations, length)
  EXPECT_EQ(Base64Pbkdf2("pbkdf2-sha256", 27500, 32),
            "p6XETX9kSIy9ZwWTiGafUdPW9KUJsfJSWQD9lWRuomY=");
  EXPECT_EQ(
      Base64Pbkdf2("pbkdf2-sha256", 1000, 64),
      "YywoEuRtRgQQK6dhjp1tfS+BKPYma0oDJk0qBGC33LOIs7ETH3Qby+sCVByMLpe9i+1iq2QlVC5FUStzEvRA6w==");
  EXPECT_EQ(
      Base64Pbkdf2("pbkdf2-sha512", 30000, 64),
      "Irb8QDTEyeOXXs6hrtHorMCVspK0FObAFp2ZnlI37QnBp47GfiZOVKpDNrVZ9ROZWHVNjnEy34cndhl50+QrDw==");
  EXPECT_EQ(
      Base64Pbkdf2("pbkdf2", 20000, 64),
      "OGoyI1dDY3cn1+rxBnYzgjFz32HNtP8kn1/KX9RGTp5038JC2Ie7+zygjfyIZ0JTrmU50YaYUGTz6ed1mekF6w==");
}

TEST(CredentialsTest, Pbkdf2RefusesWhatItCannotDo) {
  EXPECT_FALSE(Pbkdf2("argon2", "p", "s", 1, 32));
  EXPECT_FALSE(Pbkdf2("pbkdf2-sha256", "p", "s", 0, 32));
  EXPECT_FALSE(Pbkdf2("pbkdf2-sha256", "p", "s", 1, 0));
  EXPECT_TRUE(IsSupportedAlgorithm("pbkdf2-sha512"));
  EXPECT_FALSE(IsSupportedAlgorithm("bcrypt"));
}

// A credential exactly as Keycloak 12+ exports it.
Credential Exported(std::string algorithm, int iterations, std::string base64_hash) {
  Credential c;
  c.algorithm = std::move(algorithm);
  c.hash_iterations = iterations;
  c.salt = "salt";
  c.hash = aws::Base64Decode(base64_hash).value();
  return c;
}

TEST(CredentialsTest, VerifiesEachAlgorithmAndRefusesWrongPasswords) {
  Credential sha256 =
      Exported("pbkdf2-sha256", 27500, "p6XETX9kSIy9ZwWTiGafUdPW9KUJsfJSWQD9lWRuomY=");
  Credential sha512 = Exported(
      "pbkdf2-sha512", 30000,
      "Irb8QDTEyeOXXs6hrtHorMCVspK0FObAFp2ZnlI37QnBp47GfiZOVKpDNrVZ9ROZWHVNjnEy34cndhl50+QrDw==");
  Credential sha1 = Exported(
      "pbkdf2", 20000,
      "OGoyI1dDY3cn1+rxBnYzgjFz32HNtP8kn1/KX9RGTp5038JC2Ie7+zygjfyIZ0JTrmU50YaYUGTz6ed1mekF6w==");
  for (const Credential* c : {&sha256, &sha512, &sha1}) {
    EXPECT_TRUE(VerifyPassword(*c, "password")) << c->algorithm;
    EXPECT_FALSE(VerifyPassword(*c, "Password")) << c->algorithm;
    EXPECT_FALSE(VerifyPassword(*c, "")) << c->algorithm;
    EXPECT_FALSE(VerifyPassword(*c, "passwordpassword")) << c->algorithm;
    // HMAC zero-pads its key, so trailing NULs name the same key; Keycloak
    // relies on this when it pads short passwords with NULs for FIPS mode.
    EXPECT_TRUE(VerifyPassword(*c, std::string("password\0", 9))) << c->algorithm;
  }
  // The same hash under another algorithm or iteration count does not match.
  Credential wrong_iterations = sha256;
  wrong_iterations.hash_iterations = 27499;
  EXPECT_FALSE(VerifyPassword(wrong_iterations, "password"));
  Credential unsupported = sha256;
  unsupported.algorithm = "argon2";
  EXPECT_FALSE(VerifyPassword(unsupported, "password"));
  Credential otp = sha256;
  otp.type = "otp";
  EXPECT_FALSE(VerifyPassword(otp, "password"));
  EXPECT_FALSE(VerifyPassword(Credential{}, ""));
}

TEST(CredentialsTest, PlainValueComparesExactly) {
  Credential plain;
  plain.plain_value = "alice-password";
  EXPECT_TRUE(VerifyPassword(plain, "alice-password"));
  EXPECT_FALSE(VerifyPassword(plain, "alice-passwor"));
  EXPECT_FALSE(VerifyPassword(plain, "alice-password "));
  EXPECT_FALSE(VerifyPassword(plain, "ALICE-PASSWORD"));
}

TEST(CredentialsTest, HashPasswordWritesKeycloaksStoredForm) {
  Rng rng(42);
  Credential c = HashPassword("s3cret", rng);
  EXPECT_EQ(c.type, "password");
  EXPECT_EQ(c.algorithm, "pbkdf2-sha256");
  EXPECT_EQ(c.hash_iterations, 27500);
  EXPECT_EQ(c.salt.size(), 16u);
  EXPECT_EQ(c.hash.size(), 32u);
  EXPECT_EQ(c.id.size(), 36u);
  EXPECT_TRUE(VerifyPassword(c, "s3cret"));
  EXPECT_FALSE(VerifyPassword(c, "s3cre7"));

  EXPECT_EQ(c.credential_data,
            R"({"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}})");
  auto secret = nlohmann::json::parse(c.secret_data);
  EXPECT_EQ(c.secret_data.rfind(R"({"value":")", 0), 0u) << c.secret_data;
  EXPECT_EQ(aws::Base64Decode(secret["value"].get<std::string>()), c.hash);
  EXPECT_EQ(aws::Base64Decode(secret["salt"].get<std::string>()), c.salt);
  EXPECT_TRUE(secret["additionalParameters"].empty());

  // Same seed, same credential; fresh draws give a fresh salt.
  Rng again(42);
  EXPECT_EQ(HashPassword("s3cret", again).secret_data, c.secret_data);
  EXPECT_NE(HashPassword("s3cret", rng).salt, c.salt);
}

TEST(CredentialsTest, HashedFormSurvivesImport) {
  Rng rng(7);
  Credential made =
      HashPassword("pw", rng, {.algorithm = "pbkdf2-sha512", .iterations = 1000, .key_length = 64});
  nlohmann::json file = {{"users",
                          {{{"username", "u"},
                            {"credentials",
                             {{{"type", "password"},
                               {"secretData", made.secret_data},
                               {"credentialData", made.credential_data}}}}}}}};
  auto realm = ImportRealm(file.dump());
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  const Credential* imported = realm->users[0].password();
  ASSERT_NE(imported, nullptr);
  EXPECT_EQ(imported->hash, made.hash);
  EXPECT_EQ(imported->hash_iterations, 1000);
  EXPECT_TRUE(VerifyPassword(*imported, "pw"));
  EXPECT_FALSE(VerifyPassword(*imported, "pw2"));
}

TEST(CredentialsTest, NorthwindUsersLogInWithTheirDocumentedPasswords) {
  const Realm& realm = Northwind();
  for (const char* name : {"alice", "bob", "carol", "dave"}) {
    const User* user = realm.FindUser(name);
    ASSERT_NE(user, nullptr) << name;
    ASSERT_NE(user->password(), nullptr) << name;
    EXPECT_TRUE(VerifyPassword(*user->password(), std::string(name) + "-password")) << name;
    EXPECT_FALSE(VerifyPassword(*user->password(), "alice-password-")) << name;
    EXPECT_FALSE(VerifyPassword(*user->password(), std::string(name) + "-Password")) << name;
  }
  EXPECT_FALSE(VerifyPassword(*realm.FindUser("bob")->password(), "alice-password"));
}

}  // namespace
}  // namespace sim::identity
