// Interoperability with the openssl command line: signatures our code makes
// verify with `openssl dgst -sha256 -verify`, and byte for byte equal the
// ones `openssl dgst -sha256 -sign` makes with the same PEM key (RS256 is
// deterministic). Skipped when no openssl binary is on PATH.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "emulators/identity/jwt/base64url.h"
#include "emulators/identity/jwt/jwt.h"
#include "tests/emulators/identity/jwt/test_keys.h"

namespace sim::identity {
namespace {

namespace fs = std::filesystem;
using test_keys::KeyA;

class OpensslInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl binary";
    dir_ = fs::temp_directory_path() / ("identity-jwt-interop-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string Path(const char* name) const { return (dir_ / name).string(); }
  void Write(const char* name, const std::string& bytes) const {
    std::ofstream out(dir_ / name, std::ios::binary);
    out << bytes;
  }
  std::string Read(const char* name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  int Run(const std::string& command) const { return std::system((command + " >/dev/null 2>&1").c_str()); }

  fs::path dir_;
};

TEST_F(OpensslInteropTest, OpensslVerifiesOurJwtSignature) {
  std::string token = SignJwt(KeyA(), {{"sub", "alice"}, {"exp", 1700000300}});
  std::size_t last_dot = token.rfind('.');
  Write("pub.pem", KeyA().public_key().ToPem());
  Write("data", token.substr(0, last_dot));
  Write("sig", *Base64UrlDecode(token.substr(last_dot + 1)));
  EXPECT_EQ(Run("openssl dgst -sha256 -verify " + Path("pub.pem") + " -signature " + Path("sig") +
                " " + Path("data")),
            0);
  // The same check fails on other data, so the success above means something.
  Write("other", token.substr(0, last_dot) + "x");
  EXPECT_NE(Run("openssl dgst -sha256 -verify " + Path("pub.pem") + " -signature " + Path("sig") +
                " " + Path("other")),
            0);
}

TEST_F(OpensslInteropTest, OpensslSignsTheSameBytesFromOurPem) {
  Write("key.pem", KeyA().ToPem());
  Write("data", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ");
  ASSERT_EQ(Run("openssl dgst -sha256 -sign " + Path("key.pem") + " -out " + Path("cli.sig") + " " +
                Path("data")),
            0);
  std::string cli_signature = Read("cli.sig");
  EXPECT_EQ(cli_signature, KeyA().SignRs256("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ"));
  EXPECT_TRUE(KeyA().public_key().VerifyRs256("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ", cli_signature));

  // openssl derives the same public key from our PKCS#8 file.
  ASSERT_EQ(Run("openssl pkey -in " + Path("key.pem") + " -pubout -out " + Path("pub.pem")), 0);
  EXPECT_EQ(Read("pub.pem"), KeyA().public_key().ToPem());
}

TEST_F(OpensslInteropTest, KeysOpensslGeneratesLoad) {
  ASSERT_EQ(Run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + Path("gen.pem")), 0);
  auto key = SigningKey::FromPem(Read("gen.pem"));
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->ToPem(), Read("gen.pem"));
}

}  // namespace
}  // namespace sim::identity
