#include "emulators/secretsmanager/secrets_manager.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "emulators/secretsmanager/operation_support.h"
#include "emulators/secretsmanager/rotation.h"
#include "sim/core/journal.h"
#include "sim/core/rng.h"

namespace sim::secretsmanager {
namespace {

constexpr std::string_view kSnapshotKind = "secretsmanager/secret";
// A timer whose work failed on a store error tries again this much later.
constexpr Duration kRetryDelay = std::chrono::minutes(1);

}  // namespace

SecretsManager::SecretsManager(aws::ServiceEnv env) : env_(env) {
  if (!env_.clock || !env_.store || !env_.rng)
    throw std::invalid_argument("secretsmanager: clock, store and rng are required");
  // Every handler runs under mu_, shared with the timers.
  for (auto& [name, handler] : MakeOperationTable(*this)) {
    table_.emplace(name, [this, handler = std::move(handler)](const aws::RequestContext& ctx,
                                                              const nlohmann::json& input) {
      std::lock_guard<std::mutex> lock(mu_);
      return handler(ctx, input);
    });
  }
}

SecretsManager::~SecretsManager() { CancelAllTimers(); }

void SecretsManager::Commit(Secret secret) {
  // Durable first: if the store throws, memory is untouched.
  env_.store->Put(kTable, secret.scope, secret.arn, SecretToDocument(secret).dump());
  if (const Secret* old = state_.FindByName(secret.scope, secret.name);
      old && old->arn != secret.arn) {
    env_.store->Erase(kTable, old->scope, old->arn);
    CancelTimers(old->arn);
  }
  Scope scope = secret.scope;
  std::string name = secret.name;
  state_.Put(std::move(secret));
  ArmTimers(*state_.FindByName(scope, name));
}

void SecretsManager::Purge(const Scope& scope_ref, const std::string& name_ref) {
  // Callers may pass references into the secret being erased.
  const Scope scope = scope_ref;
  const std::string name = name_ref;
  const Secret* secret = state_.FindByName(scope, name);
  if (!secret) return;
  const std::string arn = secret->arn;
  env_.store->Erase(kTable, scope, arn);
  CancelTimers(arn);
  state_.Erase(scope, name);
}

void SecretsManager::ArmTimers(const Secret& secret) {
  CancelTimers(secret.arn);
  const std::string& arn = secret.arn;
  if (secret.IsDeleted() && secret.deletion) {
    deletion_timers_[arn] =
        env_.clock->ScheduleAt(*secret.deletion, [this, arn] { OnDeletionDue(arn); });
  } else if (secret.rotation.enabled && secret.rotation.next_rotation) {
    rotation_timers_[arn] =
        env_.clock->ScheduleAt(*secret.rotation.next_rotation, [this, arn] { OnRotationDue(arn); });
  }
}

void SecretsManager::CancelTimers(const std::string& arn) {
  for (auto* timers : {&deletion_timers_, &rotation_timers_}) {
    if (auto it = timers->find(arn); it != timers->end()) {
      env_.clock->Cancel(it->second);
      timers->erase(it);
    }
  }
}

void SecretsManager::CancelAllTimers() {
  for (auto* timers : {&deletion_timers_, &rotation_timers_}) {
    for (const auto& [arn, id] : *timers) env_.clock->Cancel(id);
    timers->clear();
  }
}

void SecretsManager::OnDeletionDue(const std::string& arn) {
  std::lock_guard<std::mutex> lock(mu_);
  deletion_timers_.erase(arn);
  const Secret* secret = state_.FindByArn(arn);
  if (!secret || !secret->IsDeleted() || !secret->deletion || *secret->deletion > Now()) return;
  try {
    Purge(secret->scope, secret->name);
    Record(arn, "PurgeSecret", "ok");
  } catch (const std::exception&) {
    Record(arn, "PurgeSecret", "InternalFailure");
    deletion_timers_[arn] =
        env_.clock->ScheduleAfter(kRetryDelay, [this, arn] { OnDeletionDue(arn); });
  }
}

void SecretsManager::OnRotationDue(const std::string& arn) {
  std::lock_guard<std::mutex> lock(mu_);
  rotation_timers_.erase(arn);
  const Secret* secret = state_.FindByArn(arn);
  if (!secret || secret->IsDeleted() || !secret->rotation.enabled) return;
  const TimePoint now = Now();
  Secret rotated = *secret;
  auto version = RotateOnce(rotated, env_.rng->Uuid(), now, *env_.rng);
  std::string outcome = "ok";
  if (!version.ok()) {
    // Like AWS, a failed rotation waits for the next window.
    outcome = version.error().code;
    rotated = *secret;
    rotated.rotation.next_rotation = NextRotation(rotated.rotation, now);
  }
  try {
    Commit(std::move(rotated));
    Record(arn, version.ok() ? "RotationSucceeded" : "RotationFailed", outcome);
  } catch (const std::exception&) {
    Record(arn, "RotationFailed", "InternalFailure");
    rotation_timers_[arn] =
        env_.clock->ScheduleAfter(kRetryDelay, [this, arn] { OnRotationDue(arn); });
  }
}

void SecretsManager::Record(const std::string& arn, std::string action, std::string outcome) {
  if (!env_.journal) return;
  JournalEntry entry;
  entry.service = std::string(Name());
  entry.resource = arn;
  entry.action = std::move(action);
  entry.outcome = std::move(outcome);
  env_.journal->Record(std::move(entry));
}

void SecretsManager::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  CancelAllTimers();
  state_.Clear();
  for (const auto& doc : env_.store->Scan(kTable)) {
    nlohmann::json body = nlohmann::json::parse(doc.body, nullptr, /*allow_exceptions=*/false);
    auto secret = SecretFromDocument(body, doc.scope);
    if (body.is_discarded() || !secret.ok())
      throw std::runtime_error("secretsmanager: cannot load stored secret " + doc.key +
                               (secret.ok() ? "" : ": " + secret.error().message));
    state_.Put(std::move(*secret));
  }
  for (const Secret* secret : state_.All()) ArmTimers(*secret);
}

std::vector<std::string> SecretsManager::SnapshotResources(const Scope& scope) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> arns;
  for (const Secret* secret : state_.List(scope))
    if (!secret->IsDeleted()) arns.push_back(secret->arn);
  return arns;
}

Result<Snapshot> SecretsManager::TakeSnapshot(const Scope& scope, std::string_view resource_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const Secret* secret = state_.Find(scope, resource_id);
  if (!secret) return support::SecretNotFound();
  if (secret->IsDeleted()) return support::MarkedForDeletion();
  nlohmann::json body = {{"Kind", kSnapshotKind}, {"Secret", SecretToDocument(*secret)}};
  return Snapshot{std::string(Name()), secret->arn, body.dump()};
}

Status SecretsManager::RestoreSnapshot(const Scope& scope, const Snapshot& snapshot,
                                       std::string_view target) {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json body = nlohmann::json::parse(snapshot.body, nullptr, /*allow_exceptions=*/false);
  if (snapshot.service != Name() || !body.is_object() || body.value("Kind", "") != kSnapshotKind ||
      !body.contains("Secret"))
    return support::InvalidParameter("The snapshot is not a Secrets Manager secret snapshot.");
  auto captured = SecretFromDocument(body["Secret"], scope);
  if (!captured.ok()) return support::InvalidParameter(captured.error().message);

  const TimePoint now = Now();
  std::string wanted = target.empty() ? captured->name : std::string(target);
  const Secret* existing = state_.Find(scope, wanted);
  Secret restored = std::move(*captured);
  restored.scope = scope;
  restored.replicas.clear();  // replication is Regional configuration, not content
  restored.deleted.reset();
  restored.deletion.reset();
  restored.last_changed = now;
  if (existing) {
    restored.arn = existing->arn;
    restored.name = existing->name;
    restored.created = existing->created;
  } else {
    if (wanted.rfind("arn:", 0) == 0) return support::SecretNotFound();
    if (auto e = support::CheckSecretName(wanted)) return *e;
    restored.name = wanted;
    restored.arn = support::NewSecretArn(*this, scope, wanted);
    restored.created = now;
  }
  restored.rotation.next_rotation = NextRotation(restored.rotation, now);
  Commit(std::move(restored));
  return Ok();
}

}  // namespace sim::secretsmanager
