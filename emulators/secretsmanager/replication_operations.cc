// Multi-Region replication, as bookkeeping: the primary secret records its
// replica Regions (ReplicationStatus) but no replica secret exists in those
// Regions until StopReplicationToReplica promotes one into a standalone copy.

#include "emulators/secretsmanager/operation_support.h"
#include "emulators/secretsmanager/secret_operations.h"

namespace sim::secretsmanager {
namespace {

using namespace support;  // NOLINT: internal helpers of this emulator

Json ArnAndStatus(const Secret& secret) {
  return Json{{"ARN", secret.arn}, {"ReplicationStatus", ReplicationStatusJson(secret)}};
}

// The ARN the replica of `primary` has in `region`: same name and suffix.
std::string ReplicaArn(const Secret& primary, const std::string& region) {
  std::string prefix = SecretArnPrefix(primary.scope);
  return SecretArnPrefix(Scope{primary.scope.account_id, region}) +
         primary.arn.substr(prefix.size());
}

bool NamesReplica(const Secret& primary, const std::string& region, const std::string& id) {
  if (id == primary.name || id == primary.arn) return true;
  std::string replica_arn = ReplicaArn(primary, region);
  return id == replica_arn ||
         id == SecretArnPrefix(Scope{primary.scope.account_id, region}) + primary.name;
}

}  // namespace

Result<Json> ReplicateSecretToRegions(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto regions = ReadReplicaRegions(in, ScopeOf(ctx), true);
  in.Bool("ForceOverwriteReplicaSecret");  // no replica secret exists to overwrite
  if (in.error()) return *in.error();
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  Secret secret = **found;
  for (auto& replica : regions) {
    auto it = std::find_if(secret.replicas.begin(), secret.replicas.end(),
                           [&](const ReplicaRegion& r) { return r.region == replica.region; });
    if (it != secret.replicas.end())
      *it = std::move(replica);
    else
      secret.replicas.push_back(std::move(replica));
  }
  secret.last_changed = host.Now();
  Json out = ArnAndStatus(secret);
  host.Commit(std::move(secret));
  return out;
}

Result<Json> RemoveRegionsFromReplication(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto regions = in.Strings("RemoveReplicaRegions", true);
  if (in.error()) return *in.error();
  if (regions->empty())
    return InvalidParameter("RemoveReplicaRegions must list at least one Region.");
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  Secret secret = **found;
  std::erase_if(secret.replicas, [&](const ReplicaRegion& r) {
    return std::find(regions->begin(), regions->end(), r.region) != regions->end();
  });
  secret.last_changed = host.Now();
  Json out = ArnAndStatus(secret);
  host.Commit(std::move(secret));
  return out;
}

Result<Json> StopReplicationToReplica(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  if (in.error()) return *in.error();
  const Scope here = ScopeOf(ctx);
  if (host.state().Find(here, *secret_id))
    return InvalidRequest("The secret " + *secret_id +
                          " is a primary secret, not a replica. Call StopReplicationToReplica in "
                          "the replica's Region.");
  // The primary in another Region of this account that replicates here.
  const Secret* primary = nullptr;
  for (const Secret* s : host.state().All()) {
    if (s->scope.account_id != here.account_id || s->scope.region == here.region) continue;
    bool replicates_here =
        std::any_of(s->replicas.begin(), s->replicas.end(),
                    [&](const ReplicaRegion& r) { return r.region == here.region; });
    if (replicates_here && NamesReplica(*s, here.region, *secret_id)) {
      primary = s;
      break;
    }
  }
  if (!primary) return SecretNotFound();
  if (host.state().FindByName(here, primary->name))
    return MakeError("ResourceExistsException", "The operation failed because the secret " +
                                                    primary->name + " already exists.");

  const TimePoint now = host.Now();
  const ReplicaRegion& replica =
      *std::find_if(primary->replicas.begin(), primary->replicas.end(),
                    [&](const ReplicaRegion& r) { return r.region == here.region; });
  // The promoted replica keeps the values, tags and description; policies and
  // rotation stay with the primary.
  Secret promoted = *primary;
  promoted.scope = here;
  promoted.arn = ReplicaArn(*primary, here.region);
  promoted.kms_key_id = replica.kms_key_id;
  promoted.replicas.clear();
  promoted.policy.reset();
  promoted.rotation = RotationConfig{};
  promoted.created = now;
  promoted.last_changed = now;
  promoted.last_accessed.reset();

  Secret updated = *primary;
  std::erase_if(updated.replicas, [&](const ReplicaRegion& r) { return r.region == here.region; });
  updated.last_changed = now;
  Json out = {{"ARN", promoted.arn}};
  host.Commit(std::move(promoted));
  host.Commit(std::move(updated));
  return out;
}

}  // namespace sim::secretsmanager
