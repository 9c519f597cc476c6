// Micro benchmarks of the AWS front door without sockets: one signed
// GetSecretValue through SigV4 verification, the json protocol, validation,
// the operation and serialization; and the SigV4 verification alone.

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "emulators/secretsmanager/secrets_manager.h"
#include "sim/aws/dispatcher.h"
#include "sim/aws/sigv4.h"
#include "sim/aws/crypto.h"
#include "sim/core/journal.h"
#include "sim/store/state_store.h"

namespace {

using namespace sim;

// Signs a JSON request the way an SDK does, at the clock's current time.
aws::HttpRequest SignedRequest(const std::string& target, const std::string& body, TimePoint now) {
  aws::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.body = body;
  std::string amz_date = aws::FormatAmzDate(now);
  r.headers = {{"Host", "127.0.0.1:4566"},
               {"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", target},
               {"X-Amz-Date", amz_date}};
  aws::HttpRequestView view{r.method, r.target, {}};
  for (auto& [k, v] : r.headers) view.headers.emplace_back(k, v);
  std::vector<std::string> signed_headers = {"content-type", "host", "x-amz-date", "x-amz-target"};
  std::string scope = amz_date.substr(0, 8) + "/us-east-1/secretsmanager/aws4_request";
  std::string canonical = aws::CanonicalRequest(view, signed_headers, aws::Sha256Hex(body), false);
  std::string key = aws::DeriveSigningKey("test", amz_date.substr(0, 8), "us-east-1", "secretsmanager");
  std::string signature = aws::Hex(aws::HmacSha256(key, aws::StringToSign(amz_date, scope, canonical)));
  r.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=test/" + scope +
                                              ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
                                              signature);
  return r;
}

struct Fixture {
  Fixture()
      : clock(TimePoint(std::chrono::hours(24 * 365 * 56))),
        journal(clock, 1024),
        faults(Rng(2)),
        store(StateStore::OpenInMemory()),
        rng(3),
        secrets({&clock, &journal, store.get(), &rng}),
        dispatcher(clock, journal, faults, Rng(4), "us-east-1") {
    dispatcher.AddCredential({"test", "test", "000000000000"});
    dispatcher.Register(secrets);
    // Signatures are dated on the wall clock, as SDKs date them.
    auto created = dispatcher.Handle(SignedRequest(
        "secretsmanager.CreateSecret", R"({"Name":"bench/secret","SecretString":"value"})",
        RealClock().Now()));
    if (created.response.status != 200) throw std::runtime_error(created.response.body);
  }
  SimClock clock;
  Journal journal;
  Faults faults;
  std::unique_ptr<StateStore> store;
  Rng rng;
  secretsmanager::SecretsManager secrets;
  aws::Dispatcher dispatcher;
};

void BM_GetSecretValueThroughDispatcher(benchmark::State& state) {
  Fixture f;
  aws::HttpRequest request = SignedRequest("secretsmanager.GetSecretValue",
                                           R"({"SecretId":"bench/secret"})", RealClock().Now());
  for (auto _ : state) {
    aws::HttpReply reply = f.dispatcher.Handle(request);
    if (reply.response.status != 200) state.SkipWithError(reply.response.body.c_str());
    benchmark::DoNotOptimize(reply);
  }
}
BENCHMARK(BM_GetSecretValueThroughDispatcher);

void BM_SigV4Verify(benchmark::State& state) {
  RealClock clock;
  aws::HttpRequest request =
      SignedRequest("secretsmanager.GetSecretValue", R"({"SecretId":"bench/secret"})", clock.Now());
  aws::HttpRequestView view{request.method, request.target, {}};
  for (auto& [k, v] : request.headers) view.headers.emplace_back(k, v);
  for (auto _ : state) {
    auto credential = aws::ParseAuthorization(view);
    Status ok = aws::Verify(view, credential.value(), "test", aws::Sha256Hex(request.body), clock.Now());
    if (!ok.ok()) state.SkipWithError(ok.error().message.c_str());
  }
}
BENCHMARK(BM_SigV4Verify);

}  // namespace

BENCHMARK_MAIN();
