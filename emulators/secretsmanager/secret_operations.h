#pragma once
// Secrets Manager's operations: input validation, AWS semantics and AWS error
// codes. Each takes the request's JSON input (botocore member names) and
// returns the JSON output (timestamps as epoch seconds, blobs as base64).
// Operations read the live state through an OperationHost and change it only
// by committing a modified copy, so a failed write leaves nothing half-done.

#include <nlohmann/json.hpp>
#include <string>

#include "emulators/secretsmanager/secret_state.h"
#include "sim/aws/service.h"
#include "sim/core/clock.h"
#include "sim/core/result.h"
#include "sim/core/rng.h"

namespace sim::secretsmanager {

// What operations need from the service that owns the state.
class OperationHost {
 public:
  virtual ~OperationHost() = default;
  virtual const SecretState& state() const = 0;
  virtual Rng& rng() = 0;
  virtual TimePoint Now() const = 0;
  // Writes `secret` through to the store, then makes it the live copy and
  // re-arms its deletion and rotation timers.
  virtual void Commit(Secret secret) = 0;
  // Deletes a secret for good: store, memory and timers.
  virtual void Purge(const Scope& scope, const std::string& name) = 0;
};

using Json = nlohmann::json;
using Ctx = aws::RequestContext;

// Secrets and their values (secret_operations.cc).
Result<Json> CreateSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> GetSecretValue(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> PutSecretValue(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> UpdateSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> DescribeSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> DeleteSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> RestoreSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> UpdateSecretVersionStage(OperationHost& host, const Ctx& ctx, const Json& input);

// Listing (listing_operations.cc).
Result<Json> ListSecrets(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> ListSecretVersionIds(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> BatchGetSecretValue(OperationHost& host, const Ctx& ctx, const Json& input);

// Tags, resource policies and GetRandomPassword (metadata_operations.cc).
Result<Json> TagResource(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> UntagResource(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> GetResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> PutResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> DeleteResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> ValidateResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> GetRandomPassword(OperationHost& host, const Ctx& ctx, const Json& input);

// Rotation (rotation_operations.cc).
Result<Json> RotateSecret(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> CancelRotateSecret(OperationHost& host, const Ctx& ctx, const Json& input);

// Replication bookkeeping (replication_operations.cc).
Result<Json> ReplicateSecretToRegions(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> RemoveRegionsFromReplication(OperationHost& host, const Ctx& ctx, const Json& input);
Result<Json> StopReplicationToReplica(OperationHost& host, const Ctx& ctx, const Json& input);

// Every operation above, by its AWS name, bound to `host`.
aws::OperationTable MakeOperationTable(OperationHost& host);

}  // namespace sim::secretsmanager
