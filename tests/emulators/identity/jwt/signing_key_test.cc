#include "emulators/identity/jwt/signing_key.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>
#include <thread>
#include <vector>

#include "emulators/identity/jwt/base64url.h"
#include "emulators/identity/jwt/public_key.h"
#include "emulators/identity/jwt/rsa_key.h"
#include "tests/emulators/identity/jwt/test_keys.h"

namespace sim::identity {
namespace {

using test_keys::KeyA;
using test_keys::KeyB;

// The RSA key of RFC 7517 Appendix A.1, used by RFC 7638 §3.1.
constexpr const char* kRfcN =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKR"
    "XjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAt"
    "aSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPk"
    "sINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
constexpr const char* kRfcThumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

// PEM text of an OpenSSL key written by `write`, for keys our API never makes.
template <class Write>
std::string Pem(EVP_PKEY* pkey, Write write) {
  BIO* bio = BIO_new(BIO_s_mem());
  EXPECT_EQ(write(bio, pkey), 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string TraditionalPem(EVP_PKEY* pkey) {
  return Pem(pkey, [](BIO* b, EVP_PKEY* k) {
    return PEM_write_bio_PrivateKey_traditional(b, k, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

EVP_PKEY* LoadPrivate(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return pkey;
}

TEST(RsaJwkThumbprintTest, MatchesRfc7638Example) {
  EXPECT_EQ(RsaJwkThumbprint(kRfcN, "AQAB"), kRfcThumbprint);
}

TEST(PublicKeyTest, RfcJwkWithoutKidGetsItsThumbprintAsKid) {
  auto key = PublicKey::FromJwk({{"kty", "RSA"}, {"n", kRfcN}, {"e", "AQAB"}, {"alg", "RS256"}});
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->kid(), kRfcThumbprint);
  nlohmann::json jwk = key->Jwk();
  EXPECT_EQ(jwk["n"], kRfcN);
  EXPECT_EQ(jwk["e"], "AQAB");
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["kid"], kRfcThumbprint);
}

TEST(PublicKeyTest, JwkKidIsKeptWhenGiven) {
  auto key = PublicKey::FromJwk(
      {{"kty", "RSA"}, {"n", kRfcN}, {"e", "AQAB"}, {"kid", "2011-04-29"}, {"use", "sig"}});
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->kid(), "2011-04-29");
}

TEST(PublicKeyTest, RefusesJwksThatAreNotRs256RsaKeys) {
  const nlohmann::json good = {{"kty", "RSA"}, {"n", kRfcN}, {"e", "AQAB"}};
  auto refused = [](const nlohmann::json& jwk) {
    auto key = PublicKey::FromJwk(jwk);
    if (key) return std::string("accepted");
    EXPECT_EQ(key.error().code, "invalid_key");
    return key.error().message;
  };
  EXPECT_EQ(refused(nlohmann::json::array()), "JWK is not a JSON object");
  nlohmann::json jwk = good;
  jwk["kty"] = "EC";
  EXPECT_EQ(refused(jwk), "JWK \"kty\" must be \"RSA\"");
  jwk = good;
  jwk.erase("n");
  EXPECT_EQ(refused(jwk), "JWK has no string \"n\"");
  jwk = good;
  jwk["e"] = "AQAB=";
  EXPECT_EQ(refused(jwk), "JWK \"e\" is not base64url");
  jwk = good;
  jwk["alg"] = "HS256";
  EXPECT_EQ(refused(jwk), "JWK \"alg\" must be \"RS256\"");
  jwk = good;
  jwk["use"] = "enc";
  EXPECT_EQ(refused(jwk), "JWK \"use\" must be \"sig\"");
  jwk = good;
  jwk["kid"] = 7;
  EXPECT_EQ(refused(jwk), "JWK \"kid\" is not a string");
  // A 1024-bit modulus: too small for RS256.
  jwk = good;
  jwk["n"] = Base64UrlEncode(Base64UrlDecode(kRfcN)->substr(0, 128));
  EXPECT_EQ(refused(jwk), "RSA key has 1024 bits; at least 2048 are required");
}

TEST(SigningKeyTest, GeneratesRsa2048WithThumbprintKid) {
  const SigningKey& key = KeyA();
  nlohmann::json jwk = key.PublicJwk();
  auto n = Base64UrlDecode(jwk["n"].get<std::string>());
  ASSERT_TRUE(n);
  EXPECT_EQ(n->size(), 256u);
  EXPECT_NE(static_cast<unsigned char>((*n)[0]), 0u);  // no leading zero byte
  EXPECT_EQ(jwk["e"], "AQAB");
  EXPECT_EQ(jwk["kid"], key.kid());
  EXPECT_EQ(key.kid(), RsaJwkThumbprint(jwk["n"].get<std::string>(), "AQAB"));
  EXPECT_EQ(key.kid().size(), 43u);  // base64url of 32 bytes
  EXPECT_EQ(jwk.size(), 6u);         // public members only: no "d", "p", ...
  EXPECT_NE(KeyA().kid(), KeyB().kid());
}

TEST(SigningKeyTest, PemRoundTripKeepsTheKeyAndItsKid) {
  std::string pem = KeyA().ToPem();
  EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  auto reloaded = SigningKey::FromPem(pem);
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ(reloaded->kid(), KeyA().kid());
  EXPECT_EQ(reloaded->PublicJwk(), KeyA().PublicJwk());
  EXPECT_EQ(reloaded->ToPem(), pem);
  // PKCS#1 v1.5 signatures are deterministic: the same key signs the same.
  EXPECT_EQ(reloaded->SignRs256("data"), KeyA().SignRs256("data"));
}

TEST(SigningKeyTest, AcceptsTraditionalPkcs1Pem) {
  EVP_PKEY* pkey = LoadPrivate(KeyA().ToPem());
  ASSERT_NE(pkey, nullptr);
  std::string pem = TraditionalPem(pkey);
  EVP_PKEY_free(pkey);
  EXPECT_EQ(pem.rfind("-----BEGIN RSA PRIVATE KEY-----\n", 0), 0u);
  auto key = SigningKey::FromPem(pem);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->kid(), KeyA().kid());
}

TEST(SigningKeyTest, RefusesEncryptedPemWithoutPrompting) {
  EVP_PKEY* pkey = LoadPrivate(KeyA().ToPem());
  ASSERT_NE(pkey, nullptr);
  std::string pem = Pem(pkey, [](BIO* b, EVP_PKEY* k) {
    char passphrase[] = "secret";
    return PEM_write_bio_PKCS8PrivateKey(b, k, EVP_aes_256_cbc(), passphrase, 6, nullptr, nullptr);
  });
  EVP_PKEY_free(pkey);
  EXPECT_EQ(pem.rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 0), 0u);
  auto key = SigningKey::FromPem(pem);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, "invalid_key");
}

TEST(SigningKeyTest, RefusesSmallRsaAndNonRsaKeys) {
  EVP_PKEY* small = EVP_RSA_gen(1024);
  ASSERT_NE(small, nullptr);
  auto key = SigningKey::FromPem(TraditionalPem(small));
  EVP_PKEY_free(small);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message, "RSA key has 1024 bits; at least 2048 are required");

  EVP_PKEY* ec = EVP_EC_gen("P-256");
  ASSERT_NE(ec, nullptr);
  std::string ec_pem = Pem(ec, [](BIO* b, EVP_PKEY* k) {
    return PEM_write_bio_PKCS8PrivateKey(b, k, nullptr, nullptr, 0, nullptr, nullptr);
  });
  EVP_PKEY_free(ec);
  key = SigningKey::FromPem(ec_pem);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message, "key is not an RSA key");
}

TEST(SigningKeyTest, RefusesGarbageAndPublicKeys) {
  for (std::string pem : {std::string(), std::string("not a key"),
                          std::string("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                          KeyA().public_key().ToPem()}) {
    auto key = SigningKey::FromPem(pem);
    ASSERT_FALSE(key) << pem;
    EXPECT_EQ(key.error().code, "invalid_key");
    EXPECT_EQ(key.error().message, "no unencrypted PEM private key found");
  }
}

TEST(PublicKeyTest, PemRoundTripAndVerification) {
  std::string pem = KeyA().public_key().ToPem();
  EXPECT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  auto key = PublicKey::FromPem(pem);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->kid(), KeyA().kid());
  std::string signature = KeyA().SignRs256("payload");
  EXPECT_EQ(signature.size(), 256u);
  EXPECT_TRUE(key->VerifyRs256("payload", signature));
  EXPECT_FALSE(key->VerifyRs256("payload!", signature));
  EXPECT_FALSE(key->VerifyRs256("payload", signature.substr(1)));
  EXPECT_FALSE(key->VerifyRs256("payload", ""));
  EXPECT_FALSE(PublicKey::FromPem(KeyA().ToPem()));  // a private key is not SubjectPublicKeyInfo

  auto from_jwk = PublicKey::FromJwk(KeyA().PublicJwk());
  ASSERT_TRUE(from_jwk) << from_jwk.error().message;
  EXPECT_EQ(from_jwk->kid(), KeyA().kid());
  EXPECT_TRUE(from_jwk->VerifyRs256("payload", signature));
  EXPECT_FALSE(KeyB().public_key().VerifyRs256("payload", signature));
}

TEST(SigningKeyTest, OneKeySignsOnSeveralThreadsAtOnce) {
  const std::string expected = KeyA().SignRs256("shared");
  std::vector<std::thread> threads;
  std::vector<int> matches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SigningKey copy = KeyA();  // copies share the OpenSSL key
      for (int i = 0; i < 10; ++i) {
        if (copy.SignRs256("shared") == expected && copy.public_key().VerifyRs256("shared", expected)) {
          ++matches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(matches, std::vector<int>(4, 10));
}

}  // namespace
}  // namespace sim::identity
