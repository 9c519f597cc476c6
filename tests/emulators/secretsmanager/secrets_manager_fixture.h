#pragma once
// Shared set-up for the Secrets Manager state tests: a SimClock, a journal, a
// seeded Rng fork and an in-memory StateStore, with the service's operation
// table called directly (no HTTP).

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/secretsmanager/secrets_manager.h"
#include "sim/core/clock.h"
#include "sim/core/journal.h"
#include "sim/core/rng.h"
#include "sim/store/state_store.h"

namespace sim::secretsmanager {

using nlohmann::json;

inline constexpr char kAccount[] = "123456789012";
inline constexpr char kRegion[] = "us-east-1";

inline TimePoint TestStart() {
  TimePoint t;
  ParseIso8601("2026-03-01T10:30:00Z", &t);
  return t;
}

// A 36-character token, valid as ClientRequestToken (32-64 characters).
inline std::string Token(char fill) { return std::string(36, fill); }

class SecretsManagerTest : public ::testing::Test {
 protected:
  explicit SecretsManagerTest(std::unique_ptr<StateStore> store = StateStore::OpenInMemory(),
                              std::uint64_t seed = 42)
      : clock_(TestStart()),
        journal_(clock_),
        rng_(Rng(seed).Fork("secretsmanager")),
        store_(std::move(store)) {
    StartService();
  }

  // (Re)creates the service on the same store and loads it, as a restart does.
  void StartService() {
    service_.reset();
    service_ =
        std::make_unique<SecretsManager>(aws::ServiceEnv{&clock_, &journal_, store_.get(), &rng_});
    service_->Load();
  }

  Result<json> Call(std::string_view operation, const json& input,
                    const std::string& region = kRegion, const std::string& account = kAccount) {
    const auto& table = service_->Operations();
    auto it = table.find(operation);
    if (it == table.end()) return MakeError("NotImplemented", std::string(operation));
    aws::RequestContext ctx;
    ctx.service = "secretsmanager";
    ctx.operation = std::string(operation);
    ctx.account_id = account;
    ctx.region = region;
    ctx.request_id = "req";
    ctx.now = clock_.Now();
    return it->second(ctx, input);
  }

  // Calls and expects success; the test fails (and gets {}) otherwise.
  json Ok(std::string_view operation, const json& input, const std::string& region = kRegion) {
    auto result = Call(operation, input, region);
    if (!result.ok()) {
      ADD_FAILURE() << operation << " failed: " << result.error().code << ": "
                    << result.error().message;
      return json::object();
    }
    return *result;
  }

  json CreateString(const std::string& name, const std::string& value,
                    json extra = json::object()) {
    extra["Name"] = name;
    extra["SecretString"] = value;
    return Ok("CreateSecret", extra);
  }

  std::string Value(const std::string& secret_id, json extra = json::object()) {
    extra["SecretId"] = secret_id;
    json out = Ok("GetSecretValue", extra);
    return out.value("SecretString", "");
  }

  // What this service journaled itself (timer-driven events), optionally of one action.
  std::vector<JournalEntry> Events(const std::string& action = "") const {
    JournalQuery query;
    query.service = "secretsmanager";
    if (!action.empty()) query.action = action;
    return journal_.Query(query);
  }

  static std::string Code(const Result<json>& result) {
    return result.ok() ? "ok" : result.error().code;
  }

  static double Seconds(TimePoint t) { return ToEpochSeconds(t); }

  SimClock clock_;
  Journal journal_;
  Rng rng_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<SecretsManager> service_;
};

}  // namespace sim::secretsmanager
