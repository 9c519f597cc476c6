#pragma once
// AWS Secrets Manager as a sim service. Secrets live in memory (SecretState)
// and are written through to the StateStore table "secretsmanager" (one
// document per secret, keyed by ARN) before an operation answers. Deletion at
// the end of a recovery window and scheduled rotation run on the sim Clock;
// they are the only events this service journals itself (the front door
// journals operations). Secret values never reach the journal.

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/secretsmanager/secret_operations.h"
#include "emulators/secretsmanager/secret_state.h"
#include "sim/aws/service.h"
#include "sim/store/snapshot.h"

namespace sim::secretsmanager {

class SecretsManager final : public aws::Service, public Snapshottable, private OperationHost {
 public:
  static constexpr std::string_view kTable = "secretsmanager";

  // `env.clock`, `env.store` and `env.rng` are required (std::invalid_argument
  // otherwise); `env.journal` may be null.
  explicit SecretsManager(aws::ServiceEnv env);
  ~SecretsManager() override;
  SecretsManager(const SecretsManager&) = delete;
  SecretsManager& operator=(const SecretsManager&) = delete;

  std::string_view Name() const override { return "secretsmanager"; }
  const aws::OperationTable& Operations() const override { return table_; }
  // Rebuilds every secret from the store and re-arms deletion and rotation
  // timers from the stored dates (overdue ones fire at the clock's next run).
  // Throws std::runtime_error naming a document that cannot be read.
  void Load() override;

  // Snapshottable: one secret with all its versions, stages, tags, policy and
  // rotation settings. Restoring replaces the secret named `target` (keeping
  // its ARN) or creates it.
  std::vector<std::string> SnapshotResources(const Scope& scope) const override;
  Result<Snapshot> TakeSnapshot(const Scope& scope, std::string_view resource_id) override;
  Status RestoreSnapshot(const Scope& scope, const Snapshot& snapshot,
                         std::string_view target) override;

  // Read-only view of the live state (status pages, tests). Not locked: use
  // from the event-loop thread only.
  const SecretState& secrets() const { return state_; }

 private:
  // OperationHost; called with mu_ held.
  const SecretState& state() const override { return state_; }
  Rng& rng() override { return *env_.rng; }
  TimePoint Now() const override { return env_.clock->Now(); }
  void Commit(Secret secret) override;
  void Purge(const Scope& scope, const std::string& name) override;

  void ArmTimers(const Secret& secret);
  void CancelTimers(const std::string& arn);
  void CancelAllTimers();
  void OnDeletionDue(const std::string& arn);
  void OnRotationDue(const std::string& arn);
  void Record(const std::string& arn, std::string action, std::string outcome);

  aws::ServiceEnv env_;
  mutable std::mutex mu_;
  SecretState state_;
  aws::OperationTable table_;
  std::map<std::string, TimerId> deletion_timers_;  // by ARN
  std::map<std::string, TimerId> rotation_timers_;  // by ARN
};

}  // namespace sim::secretsmanager
