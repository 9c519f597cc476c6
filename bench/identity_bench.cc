// Identity: grants per second against their bare costs, measured in the same
// run (issue #5). A client_credentials grant is one RS256 signature plus the
// token service's work; a password grant (bob: pbkdf2-sha256, 27500
// iterations, 64-byte hash) adds the hash and two more signatures (ID and
// refresh tokens). Also the import of a realm with 10,000 hashed users.
//
//   build/bench/identity_bench --benchmark_min_time=2s

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "emulators/identity/jwt/jwt.h"
#include "emulators/identity/oidc/realm_directory.h"
#include "emulators/identity/oidc/token_service.h"
#include "emulators/identity/realm/credentials.h"
#include "emulators/identity/realm/realm_import.h"

namespace sim::identity {
namespace {

std::string RealmText() {
  std::ifstream in(SIM_SOURCE_DIR "/app/keycloak/realm-export.json");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Fixture {
  Fixture()
      : clock(TimePoint(std::chrono::seconds(1'800'000'000))),
        rng(1),
        key(*SigningKey::Generate()),
        directory(std::move(*ImportRealm(RealmText()))),
        tokens(&directory, &key, &clock, &rng, "http://127.0.0.1:8080/realms/northwind") {}
  SimClock clock;
  Rng rng;
  SigningKey key;
  RealmDirectory directory;
  TokenService tokens;
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_BareRs256Signature(benchmark::State& state) {
  Fixture& f = Shared();
  std::string data(900, 'x');  // about the signing input of an access token
  for (auto _ : state) benchmark::DoNotOptimize(f.key.SignRs256(data));
}
BENCHMARK(BM_BareRs256Signature)->Unit(benchmark::kMicrosecond);

void BM_BarePbkdf2Sha256_27500(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(Pbkdf2("pbkdf2-sha256", "bob-password", "0123456789abcdef", 27500, 64));
}
BENCHMARK(BM_BarePbkdf2Sha256_27500)->Unit(benchmark::kMicrosecond);

void BM_ClientCredentialsGrant(benchmark::State& state) {
  Fixture& f = Shared();
  Form form{{"grant_type", "client_credentials"}};
  BasicCredentials basic{"backend", "backend-secret"};
  for (auto _ : state) {
    OAuthReply reply = f.tokens.Token(form, basic);
    if (reply.status != 200) state.SkipWithError("grant failed");
  }
}
BENCHMARK(BM_ClientCredentialsGrant)->Unit(benchmark::kMicrosecond);

void BM_PasswordGrantHashedUser(benchmark::State& state) {
  Fixture& f = Shared();
  Form form{{"grant_type", "password"}, {"username", "bob"}, {"password", "bob-password"},
            {"scope", "openid"}, {"client_id", "backend"}, {"client_secret", "backend-secret"}};
  for (auto _ : state) {
    OAuthReply reply = f.tokens.Token(form, std::nullopt);
    if (reply.status != 200) state.SkipWithError("grant failed");
  }
}
BENCHMARK(BM_PasswordGrantHashedUser)->Unit(benchmark::kMicrosecond);

// A realm export with `users` hashed users (Keycloak's stored form).
std::string BigRealm(int users) {
  Rng rng(3);
  Credential credential = HashPassword("password", rng);
  nlohmann::json realm = {{"realm", "big"}, {"users", nlohmann::json::array()}};
  for (int i = 0; i < users; ++i) {
    realm["users"].push_back(
        {{"username", "user" + std::to_string(i)},
         {"email", "user" + std::to_string(i) + "@example.com"},
         {"enabled", true},
         {"credentials", {{{"type", "password"},
                           {"secretData", PasswordSecretData(credential)},
                           {"credentialData", PasswordCredentialData(credential)}}}}});
  }
  return realm.dump();
}

void BM_ImportRealm10000Users(benchmark::State& state) {
  std::string text = BigRealm(10000);
  for (auto _ : state) {
    auto realm = ImportRealm(text);
    if (!realm.ok()) state.SkipWithError(realm.error().message.c_str());
    RealmDirectory directory(std::move(*realm));
    benchmark::DoNotOptimize(directory.FindUser("user9999"));
  }
}
BENCHMARK(BM_ImportRealm10000Users)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sim::identity

BENCHMARK_MAIN();
