// Secrets and their values: create, read, write, describe, delete, restore and
// staging labels.

#include "emulators/secretsmanager/secret_operations.h"

#include "emulators/secretsmanager/operation_support.h"

namespace sim::secretsmanager {
namespace {

using namespace support;  // NOLINT: internal helpers of this emulator

constexpr std::int64_t kDefaultRecoveryDays = 30;
// What to do with a ClientRequestToken that names an existing version: the
// same value again is a retry and is ignored; anything else is an error.
std::optional<Error> CheckExistingVersion(const SecretVersion& existing, const SecretValue& value) {
  if (existing.value == value) return std::nullopt;
  return MakeError("ResourceExistsException",
                   "You can't modify an existing version, you can only create new versions.");
}

SecretVersion NewVersion(std::string id, SecretValue value, const Secret& secret, TimePoint now) {
  SecretVersion v;
  v.id = std::move(id);
  v.value = std::move(value);
  v.created = now;
  v.kms_key_id = secret.kms_key_id;
  return v;
}

}  // namespace

Result<Json> CreateSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto name = in.String("Name", true);
  auto token = in.String("ClientRequestToken");
  auto description = in.String("Description");
  auto kms_key_id = in.String("KmsKeyId");
  auto tags = in.Tags("Tags");
  auto replicas = ReadReplicaRegions(in, ScopeOf(ctx), false);
  in.Bool("ForceOverwriteReplicaSecret");  // stored replicas never conflict; type-checked only
  auto value = ReadValue(in);
  if (in.error()) return *in.error();
  if (!value.ok()) return value.error();
  if (auto e = CheckSecretName(*name)) return *e;
  if (auto e = CheckClientRequestToken(token)) return *e;
  if (tags)
    if (auto e = CheckTags({}, *tags)) return *e;

  const Scope scope = ScopeOf(ctx);
  if (const Secret* existing = host.state().FindByName(scope, *name)) {
    if (existing->IsDeleted())
      return InvalidRequest(
          "You can't create this secret because a secret with this name is already scheduled "
          "for deletion.");
    // A retry of the same request (same token, same value) gets the same answer.
    const SecretVersion* same = token ? existing->FindVersion(*token) : nullptr;
    if (same && value->has_value() && same->value == **value) {
      Json out = ArnAndName(*existing);
      out["VersionId"] = same->id;
      if (!existing->replicas.empty()) out["ReplicationStatus"] = ReplicationStatusJson(*existing);
      return out;
    }
    return MakeError("ResourceExistsException",
                     "The operation failed because the secret " + *name + " already exists.");
  }

  const TimePoint now = host.Now();
  Secret secret;
  secret.scope = scope;
  secret.name = *name;
  secret.arn = NewSecretArn(host, scope, *name);
  secret.description = description;
  secret.kms_key_id = NormalizeKmsKeyId(kms_key_id);
  if (tags) secret.SetTags(*tags);
  secret.replicas = std::move(replicas);
  secret.created = now;
  secret.last_changed = now;
  std::optional<std::string> version_id;
  if (value->has_value()) {
    version_id = NewVersionId(host, token);
    secret.AddVersion(NewVersion(*version_id, **value, secret, now), {std::string(kCurrent)});
  }
  Json out = ArnAndName(secret);
  if (version_id) out["VersionId"] = *version_id;
  if (!secret.replicas.empty()) out["ReplicationStatus"] = ReplicationStatusJson(secret);
  host.Commit(std::move(secret));
  return out;
}

Result<Json> GetSecretValue(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto version_id = in.String("VersionId");
  auto version_stage = in.String("VersionStage");
  if (in.error()) return *in.error();
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  auto version = SelectVersion(**found, version_id, version_stage);
  if (!version.ok()) return version.error();
  Json out = ValueJson(**found, **version);
  // LastAccessedDate has day granularity: copy and write only when the day changes.
  if ((*found)->AccessWouldChange((*version)->id, host.Now())) {
    Secret copy = **found;
    copy.RecordAccess((*version)->id, host.Now());
    host.Commit(std::move(copy));
  }
  return out;
}

Result<Json> PutSecretValue(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto token = in.String("ClientRequestToken");
  auto stages = in.Strings("VersionStages");
  auto value = ReadValue(in);
  if (in.error()) return *in.error();
  if (!value.ok()) return value.error();
  if (!value->has_value())
    return InvalidParameter("You must provide either SecretString or SecretBinary.");
  if (auto e = CheckClientRequestToken(token)) return *e;
  if (stages) {
    if (stages->empty() || stages->size() > kMaxStagesPerVersion)
      return InvalidParameter("VersionStages must list between 1 and 20 staging labels.");
    for (const auto& s : *stages)
      if (s.empty() || s.size() > 256)
        return InvalidParameter("Staging labels must be between 1 and 256 characters.");
  }
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  const Secret& live = **found;

  if (token) {
    if (const SecretVersion* existing = live.FindVersion(*token)) {
      if (auto e = CheckExistingVersion(*existing, **value)) return *e;
      Json out = ArnAndName(live);
      out["VersionId"] = existing->id;
      out["VersionStages"] = existing->stages;
      return out;
    }
  }
  const TimePoint now = host.Now();
  Secret secret = live;
  std::string version_id = NewVersionId(host, token);
  secret.AddVersion(NewVersion(version_id, **value, secret, now),
                    stages ? *stages : std::vector<std::string>{std::string(kCurrent)});
  secret.last_changed = now;
  Json out = ArnAndName(secret);
  out["VersionId"] = version_id;
  out["VersionStages"] = secret.FindVersion(version_id)->stages;
  host.Commit(std::move(secret));
  return out;
}

Result<Json> UpdateSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto token = in.String("ClientRequestToken");
  auto description = in.String("Description");
  auto kms_key_id = in.String("KmsKeyId");
  auto value = ReadValue(in);
  if (in.error()) return *in.error();
  if (!value.ok()) return value.error();
  if (auto e = CheckClientRequestToken(token)) return *e;
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();

  const TimePoint now = host.Now();
  Secret secret = **found;
  if (description) secret.description = description;
  if (kms_key_id) secret.kms_key_id = NormalizeKmsKeyId(kms_key_id);
  std::optional<std::string> version_id;
  if (value->has_value()) {
    const SecretVersion* existing = token ? secret.FindVersion(*token) : nullptr;
    if (existing) {
      if (auto e = CheckExistingVersion(*existing, **value)) return *e;
      version_id = existing->id;  // a retry: nothing new to store
    } else {
      version_id = NewVersionId(host, token);
      secret.AddVersion(NewVersion(*version_id, **value, secret, now), {std::string(kCurrent)});
    }
  }
  secret.last_changed = now;
  Json out = ArnAndName(secret);
  if (version_id) out["VersionId"] = *version_id;
  host.Commit(std::move(secret));
  return out;
}

Result<Json> DescribeSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  auto found = FindInputSecret(host, ctx, input, true);
  if (!found.ok()) return found.error();
  return DescribeJson(**found, false);
}

Result<Json> DeleteSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto window = in.Int("RecoveryWindowInDays");
  auto force = in.Bool("ForceDeleteWithoutRecovery").value_or(false);
  if (in.error()) return *in.error();
  if (window && force)
    return InvalidParameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  if (window && (*window < 7 || *window > 30))
    return InvalidParameter(
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
  auto found = FindSecret(host, ctx, *secret_id, /*allow_deleted=*/force);
  if (!found.ok()) return found.error();
  const Secret& live = **found;
  if (!live.replicas.empty()) {
    std::string regions;
    for (const auto& r : live.replicas) regions += (regions.empty() ? "" : ",") + r.region;
    return InvalidParameter("You can't delete secret " + live.name +
                            " that still has replica regions [" + regions + "]");
  }

  const TimePoint now = host.Now();
  Json out = ArnAndName(live);
  if (force) {
    out["DeletionDate"] = Seconds(now);
    host.Purge(live.scope, live.name);
    return out;
  }
  Secret secret = live;
  secret.deleted = now;
  secret.deletion = now + std::chrono::hours(24) * window.value_or(kDefaultRecoveryDays);
  secret.last_changed = now;
  out["DeletionDate"] = Seconds(*secret.deletion);
  host.Commit(std::move(secret));
  return out;
}

Result<Json> RestoreSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  auto found = FindInputSecret(host, ctx, input, true);
  if (!found.ok()) return found.error();
  Json out = ArnAndName(**found);
  if (!(*found)->IsDeleted()) return out;
  Secret secret = **found;
  secret.deleted.reset();
  secret.deletion.reset();
  secret.last_changed = host.Now();
  host.Commit(std::move(secret));
  return out;
}

Result<Json> UpdateSecretVersionStage(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto stage = in.String("VersionStage", true);
  auto remove_from = in.String("RemoveFromVersionId");
  auto move_to = in.String("MoveToVersionId");
  if (in.error()) return *in.error();
  if (stage->empty() || stage->size() > 256)
    return InvalidParameter("VersionStage must be between 1 and 256 characters.");
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  Secret secret = **found;

  for (const auto* id : {&remove_from, &move_to})
    if (*id && !secret.FindVersion(**id)) return InvalidParameter("Not a valid version: " + **id);
  const SecretVersion* holder = secret.VersionWithStage(*stage);
  if (remove_from && (!holder || holder->id != *remove_from))
    return InvalidParameter("The staging label " + *stage + " is not attached to version " +
                            *remove_from + ".");
  if (holder && move_to && holder->id == *move_to) return ArnAndName(secret);  // already there
  if (holder && move_to && !remove_from)
    return InvalidParameter("The parameter RemoveFromVersionId can't be empty. Staging label " +
                            *stage + " is currently attached to version " + holder->id +
                            ", so you must explicitly reference that version in "
                            "RemoveFromVersionId.");
  if (*stage == kCurrent && remove_from && !move_to)
    return InvalidParameter(
        "You can't remove the staging label AWSCURRENT from a version without moving it to "
        "another version (MoveToVersionId).");
  if (move_to && secret.FindVersion(*move_to)->stages.size() >= kMaxStagesPerVersion)
    return MakeError("LimitExceededException",
                     "The request failed because it would exceed one of the Secrets Manager "
                     "quotas: a version can have at most 20 staging labels.");

  if (move_to) {
    secret.MoveStage(*stage, *move_to);
  } else if (remove_from) {
    secret.RemoveStage(*stage, *remove_from);
  }
  secret.last_changed = host.Now();
  Json out = ArnAndName(secret);
  host.Commit(std::move(secret));
  return out;
}

}  // namespace sim::secretsmanager
