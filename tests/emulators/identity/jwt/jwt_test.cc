#include "emulators/identity/jwt/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <string>
#include <vector>

#include "emulators/identity/jwt/base64url.h"
#include "tests/emulators/identity/jwt/test_keys.h"

namespace sim::identity {
namespace {

using nlohmann::json;
using test_keys::KeyA;
using test_keys::KeyB;

std::vector<std::string> Segments(const std::string& token) {
  std::vector<std::string> out(1);
  for (char c : token) {
    if (c == '.') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

std::string Encode(const json& value) { return Base64UrlEncode(value.dump()); }

// A token with the given header and claims signed by `key` (whatever the header says).
std::string Forge(const json& header, const json& claims, const SigningKey& key) {
  std::string input = Encode(header) + "." + Encode(claims);
  return input + "." + Base64UrlEncode(key.SignRs256(input));
}

std::string ErrorOf(const Result<json>& result) { return result ? "ok" : result.error().message; }

std::vector<PublicKey> Jwks(std::initializer_list<const SigningKey*> keys) {
  std::vector<PublicKey> out;
  for (const SigningKey* key : keys) out.push_back(key->public_key());
  return out;
}

const json kClaims = {{"iss", "http://127.0.0.1:8080/realms/app"},
                      {"sub", "5f2b7a0c-1111-4c2e-9a55-0d6f2f0e8c11"},
                      {"aud", json::array({"backend", "account"})},
                      {"exp", 1700000300},
                      {"iat", 1700000000},
                      {"realm_access", {{"roles", json::array({"user", "admin"})}}},
                      {"name", "Zoë Ødegård 日本"},
                      {"email_verified", true}};

TEST(JwtTest, SignedTokenVerifiesAndReturnsTheClaims) {
  std::string token = SignJwt(KeyA(), kClaims);
  std::vector<std::string> parts = Segments(token);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(json::parse(*Base64UrlDecode(parts[0])),
            json({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", KeyA().kid()}}));
  EXPECT_EQ(Base64UrlDecode(parts[2])->size(), 256u);

  auto claims = VerifyJwt(token, Jwks({&KeyA()}));
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(*claims, kClaims);

  std::vector<SigningKey> signing_keys = {KeyB(), KeyA()};
  auto via_signing_keys = VerifyJwt(token, signing_keys);
  ASSERT_TRUE(via_signing_keys) << via_signing_keys.error().message;
  EXPECT_EQ(*via_signing_keys, kClaims);
}

TEST(JwtTest, KidPicksTheKeyOutOfAJwks) {
  std::vector<PublicKey> jwks = Jwks({&KeyB(), &KeyA()});
  EXPECT_EQ(ErrorOf(VerifyJwt(SignJwt(KeyA(), kClaims), jwks)), "ok");
  EXPECT_EQ(ErrorOf(VerifyJwt(SignJwt(KeyB(), kClaims), jwks)), "ok");
  // Keys read back from the published JWK verify too, as a client would.
  std::vector<PublicKey> from_jwk = {*PublicKey::FromJwk(KeyA().PublicJwk())};
  EXPECT_EQ(ErrorOf(VerifyJwt(SignJwt(KeyA(), kClaims), from_jwk)), "ok");
}

TEST(JwtTest, ExtraHeaderAddsMembersButNeverChangesAlgOrKid) {
  std::string token =
      SignJwt(KeyA(), kClaims, {{"typ", "Refresh"}, {"alg", "none"}, {"kid", "other"}, {"cty", "x"}});
  auto decoded = DecodeJwtUnverified(token);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->header,
            json({{"alg", "RS256"}, {"typ", "Refresh"}, {"kid", KeyA().kid()}, {"cty", "x"}}));
  EXPECT_EQ(ErrorOf(VerifyJwt(token, Jwks({&KeyA()}))), "ok");
}

TEST(JwtTest, TamperedPayloadHeaderOrSignatureIsRefused) {
  std::string token = SignJwt(KeyA(), kClaims);
  std::vector<std::string> parts = Segments(token);
  std::vector<PublicKey> jwks = Jwks({&KeyA()});

  json escalated = kClaims;
  escalated["realm_access"]["roles"].push_back("superuser");
  EXPECT_EQ(ErrorOf(VerifyJwt(parts[0] + "." + Encode(escalated) + "." + parts[2], jwks)),
            "token signature is invalid");

  json header = {{"alg", "RS256"}, {"typ", "ID"}, {"kid", KeyA().kid()}};
  EXPECT_EQ(ErrorOf(VerifyJwt(Encode(header) + "." + parts[1] + "." + parts[2], jwks)),
            "token signature is invalid");

  std::string signature = *Base64UrlDecode(parts[2]);
  for (std::size_t at : {std::size_t{0}, signature.size() / 2, signature.size() - 1}) {
    std::string flipped = signature;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    EXPECT_EQ(ErrorOf(VerifyJwt(parts[0] + "." + parts[1] + "." + Base64UrlEncode(flipped), jwks)),
              "token signature is invalid");
  }
  EXPECT_EQ(ErrorOf(VerifyJwt(parts[0] + "." + parts[1] + "." + Base64UrlEncode(signature.substr(1)),
                              jwks)),
            "token signature is invalid");
  // Another key's signature under this key's kid.
  EXPECT_EQ(ErrorOf(VerifyJwt(Forge({{"alg", "RS256"}, {"kid", KeyA().kid()}}, kClaims, KeyB()), jwks)),
            "token signature is invalid");
}

TEST(JwtTest, AlgNoneAndHmacAreRefused) {
  std::vector<PublicKey> jwks = Jwks({&KeyA()});
  std::string payload = Encode(kClaims);
  EXPECT_EQ(ErrorOf(VerifyJwt(Encode({{"alg", "none"}, {"typ", "JWT"}}) + "." + payload + ".", jwks)),
            "unsupported alg: none");
  EXPECT_EQ(ErrorOf(VerifyJwt(
                Encode({{"alg", "none"}, {"kid", KeyA().kid()}}) + "." + payload + ".", jwks)),
            "unsupported alg: none");

  // The classic key confusion: HS256 keyed with the RSA public key's PEM.
  std::string secret = KeyA().public_key().ToPem();
  std::string input = Encode({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", KeyA().kid()}}) + "." + payload;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_len);
  std::string hs256 = input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_len));
  EXPECT_EQ(ErrorOf(VerifyJwt(hs256, jwks)), "unsupported alg: HS256");

  for (const char* alg : {"RS384", "RS512", "PS256", "ES256", "rs256", "HS512"}) {
    json header = {{"alg", alg}, {"kid", KeyA().kid()}};
    EXPECT_EQ(ErrorOf(VerifyJwt(Forge(header, kClaims, KeyA()), jwks)),
              std::string("unsupported alg: ") + alg);
  }
  EXPECT_EQ(ErrorOf(VerifyJwt(Forge({{"kid", KeyA().kid()}}, kClaims, KeyA()), jwks)),
            "unsupported alg: (none given)");
  EXPECT_EQ(ErrorOf(VerifyJwt(Forge({{"alg", 256}}, kClaims, KeyA()), jwks)),
            "unsupported alg: (none given)");
}

TEST(JwtTest, UnknownKidIsRefused) {
  auto result = VerifyJwt(SignJwt(KeyB(), kClaims), Jwks({&KeyA()}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "no key for kid: " + KeyB().kid());
  EXPECT_EQ(result.error().code, "invalid_token");
  EXPECT_EQ(result.error().http_status, 401);
  EXPECT_EQ(ErrorOf(VerifyJwt(SignJwt(KeyA(), kClaims), std::vector<PublicKey>{})),
            "no key for kid: " + KeyA().kid());
}

TEST(JwtTest, TokenWithoutKidIsTriedAgainstEachKey) {
  std::string token = Forge({{"alg", "RS256"}, {"typ", "JWT"}}, kClaims, KeyA());
  EXPECT_EQ(ErrorOf(VerifyJwt(token, Jwks({&KeyB(), &KeyA()}))), "ok");
  EXPECT_EQ(ErrorOf(VerifyJwt(token, Jwks({&KeyB()}))), "token signature is invalid");
  EXPECT_EQ(ErrorOf(VerifyJwt(token, std::vector<PublicKey>{})), "no key for kid: (none given)");
}

TEST(JwtTest, MalformedTokensAreRefused) {
  std::vector<PublicKey> jwks = Jwks({&KeyA()});
  std::string token = SignJwt(KeyA(), kClaims);
  std::vector<std::string> parts = Segments(token);
  const json header = {{"alg", "RS256"}, {"kid", KeyA().kid()}};
  std::vector<std::string> malformed = {
      "",
      "abc",
      "a.b",
      "..",
      token + ".",
      parts[0] + "." + parts[1],
      parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2],
      "!!." + parts[1] + "." + parts[2],
      Base64UrlEncode("not json") + "." + parts[1] + "." + parts[2],
      Base64UrlEncode("[\"alg\",\"RS256\"]") + "." + parts[1] + "." + parts[2],
      parts[0] + "." + parts[1] + "." + parts[2] + "=",
      parts[0] + "." + parts[1] + "." + parts[2].substr(0, 10) + "+" + parts[2].substr(11),
      parts[0] + "." + parts[1] + ".",
      Encode({{"alg", "RS256"}, {"kid", 12}}) + "." + parts[1] + "." + parts[2],
      // Correctly signed, but the payload is not a JSON object.
      Forge(header, json::array({1, 2}), KeyA()),
      Forge(header, "claims", KeyA()),
  };
  {
    std::string input = Encode(header) + "." + Base64UrlEncode("{\"sub\":");
    malformed.push_back(input + "." + Base64UrlEncode(KeyA().SignRs256(input)));
  }
  for (const std::string& bad : malformed) {
    EXPECT_EQ(ErrorOf(VerifyJwt(bad, jwks)), "token is malformed") << bad;
  }
  EXPECT_EQ(ErrorOf(VerifyJwt(Forge({{"alg", "RS256"}, {"crit", json::array({"exp"})}, {"exp", 1}},
                                    kClaims, KeyA()),
                              jwks)),
            "unsupported crit header");
}

TEST(JwtTest, DecodeUnverifiedReadsAnyWellFormedToken) {
  auto decoded = DecodeJwtUnverified(SignJwt(KeyB(), kClaims));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->header["kid"], KeyB().kid());
  EXPECT_EQ(decoded->claims, kClaims);
  EXPECT_EQ(decoded->signature.size(), 256u);
  EXPECT_FALSE(DecodeJwtUnverified("a.b.c"));
  EXPECT_FALSE(DecodeJwtUnverified(Encode({{"alg", "RS256"}}) + "." + Encode(json::array()) + "."));
}

TEST(JwtTest, InvalidUtf8InClaimsIsReplacedNotThrown) {
  json claims = {{"name", std::string("bad \xff byte")}};
  std::string token;
  ASSERT_NO_THROW(token = SignJwt(KeyA(), claims));
  auto verified = VerifyJwt(token, Jwks({&KeyA()}));
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ((*verified)["name"], "bad \xef\xbf\xbd byte");
}

TimePoint At(std::int64_t ms) { return TimePoint(Duration(ms)); }

std::string TimeError(const json& claims, TimePoint now, Duration leeway = Duration(0)) {
  Status status = CheckTimeClaims(claims, now, leeway);
  return status ? "ok" : status.error().message;
}

TEST(CheckTimeClaimsTest, ExpiresAfterTheSecondNamedByExpLikeKeycloak) {
  const json claims = {{"iat", 700}, {"exp", 1000}};
  EXPECT_EQ(TimeError(claims, At(999'999)), "ok");
  EXPECT_EQ(TimeError(claims, At(1'000'000)), "ok");
  EXPECT_EQ(TimeError(claims, At(1'000'999)), "ok");
  EXPECT_EQ(TimeError(claims, At(1'001'000)), "token has expired");
  EXPECT_EQ(TimeError(claims, At(1'005'999), std::chrono::seconds(5)), "ok");
  EXPECT_EQ(TimeError(claims, At(1'006'000), std::chrono::seconds(5)), "token has expired");
  EXPECT_EQ(TimeError({{"exp", 1000.75}}, At(1'000'999)), "ok");
  EXPECT_EQ(TimeError({{"exp", 1000.75}}, At(1'001'000)), "token has expired");
  EXPECT_EQ(TimeError({{"exp", -5}}, At(0)), "token has expired");
  Status status = CheckTimeClaims(claims, At(2'000'000), Duration(0));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, "invalid_token");
  EXPECT_EQ(status.error().http_status, 401);
}

TEST(CheckTimeClaimsTest, NotValidBeforeNbf) {
  const json claims = {{"nbf", 1000}, {"exp", 2000}};
  EXPECT_EQ(TimeError(claims, At(999'999)), "token is not yet valid");
  EXPECT_EQ(TimeError(claims, At(1'000'000)), "ok");
  EXPECT_EQ(TimeError(claims, At(999'000), std::chrono::seconds(1)), "ok");
  EXPECT_EQ(TimeError(claims, At(998'999), std::chrono::seconds(1)), "token is not yet valid");
}

TEST(CheckTimeClaimsTest, AbsentOrZeroTimesAlwaysPassAndNonNumbersFail) {
  EXPECT_EQ(TimeError(json::object(), At(5'000'000'000'000)), "ok");
  EXPECT_EQ(TimeError({{"exp", 0}, {"nbf", 0}}, At(5'000'000'000'000)), "ok");
  // A future iat is allowed, as Keycloak and jose allow it.
  EXPECT_EQ(TimeError({{"iat", 9'000'000}}, At(1'000'000)), "ok");
  // Far-future dates do not overflow.
  EXPECT_EQ(TimeError({{"exp", std::uint64_t{18'000'000'000'000'000'000u}}}, At(1'000'000)), "ok");
  EXPECT_EQ(TimeError({{"exp", 1e300}}, At(1'000'000)), "ok");
  EXPECT_EQ(TimeError({{"nbf", -1e300}}, At(1'000'000)), "ok");
  EXPECT_EQ(TimeError({{"exp", "1000"}}, At(0)), "token claim exp is not a number");
  EXPECT_EQ(TimeError({{"nbf", true}}, At(0)), "token claim nbf is not a number");
  EXPECT_EQ(TimeError({{"iat", json::array()}}, At(0)), "token claim iat is not a number");
}

TEST(CheckTimeClaimsTest, AdvancingTheSimClockExpiresASignedToken) {
  SimClock clock(FromEpochSeconds(1'767'225'600));  // 2026-01-01T00:00:00Z
  auto now_seconds = [&] { return static_cast<std::int64_t>(ToEpochSeconds(clock.Now())); };
  std::string token =
      SignJwt(KeyA(), {{"sub", "u"}, {"iat", now_seconds()}, {"exp", now_seconds() + 300}});
  auto claims = VerifyJwt(token, Jwks({&KeyA()}));
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(TimeError(*claims, clock.Now()), "ok");
  clock.Advance(std::chrono::seconds(300));
  EXPECT_EQ(TimeError(*claims, clock.Now()), "ok");
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(TimeError(*claims, clock.Now()), "token has expired");
  // The signature stays good: only the time check fails.
  EXPECT_EQ(ErrorOf(VerifyJwt(token, Jwks({&KeyA()}))), "ok");
}

}  // namespace
}  // namespace sim::identity
