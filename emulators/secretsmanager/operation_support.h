#pragma once
// Pieces the operation files share: AWS's error wording, typed reads of input
// members, secret lookup, output rendering and page tokens. Internal to the
// Secrets Manager emulator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/secretsmanager/secret_operations.h"
#include "emulators/secretsmanager/secret_state.h"

namespace sim::secretsmanager::support {

Error InvalidParameter(std::string message);
Error InvalidRequest(std::string message);
// "Secrets Manager can't find the specified secret."
Error SecretNotFound();
// "You can't perform this operation on the secret because it was marked for deletion."
Error MarkedForDeletion();
// A missing required member, worded like the front door's model validation
// for callers that reach the handlers directly (provisioning, tests).
Error MissingMember(std::string_view key);

Scope ScopeOf(const Ctx& ctx);

// Reads input members with type checks. The first problem is kept in error();
// callers read everything they need, then check it once.
class InputReader {
 public:
  explicit InputReader(const Json& input) : input_(input) {}

  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::int64_t> Int(std::string_view key);
  std::optional<std::vector<std::string>> Strings(std::string_view key, bool required = false);
  std::optional<std::vector<Tag>> Tags(std::string_view key, bool required = false);
  // The member when present and not null.
  const Json* Raw(std::string_view key) const;

  // Keeps `e` unless an earlier problem was recorded.
  void Fail(Error e);
  const std::optional<Error>& error() const { return error_; }

 private:
  const Json* Member(std::string_view key, bool required);
  const Json& input_;
  std::optional<Error> error_;
};

// Resolves SecretId in the caller's scope. ResourceNotFoundException when
// absent; when the secret is scheduled for deletion, InvalidRequestException
// unless `allow_deleted`.
Result<const Secret*> FindSecret(const OperationHost& host, const Ctx& ctx,
                                 const std::string& secret_id, bool allow_deleted);
// FindSecret for the operations whose only input member is a required SecretId.
Result<const Secret*> FindInputSecret(const OperationHost& host, const Ctx& ctx, const Json& input,
                                      bool allow_deleted);

// Names are 1..512 of ASCII letters, digits and /_+=.@-
std::optional<Error> CheckSecretName(const std::string& name);
// The ARN of a new secret: the name, "-" and six random characters, as AWS does.
std::string NewSecretArn(OperationHost& host, const Scope& scope, const std::string& name);

// SecretString xor SecretBinary: nullopt when neither is given (the caller
// decides whether that is allowed), InvalidParameterException when both are.
Result<std::optional<SecretValue>> ReadValue(InputReader& in);
// AddReplicaRegions: Regions other than the secret's own, with optional KMS keys.
std::vector<ReplicaRegion> ReadReplicaRegions(InputReader& in, const Scope& scope, bool required);
// ClientRequestToken is 32-64 characters.
std::optional<Error> CheckClientRequestToken(const std::optional<std::string>& token);
// The version id a new version gets: the token, else a UUID from the Rng (what
// the AWS SDKs would have sent).
std::string NewVersionId(OperationHost& host, const std::optional<std::string>& token);
// Keys 1..128 and values 0..256 characters, no "aws:" prefix, at most kMaxTags
// on the secret once `added` is merged into `existing`.
std::optional<Error> CheckTags(const std::vector<Tag>& existing, const std::vector<Tag>& added);
// Empty or the AWS managed alias means "the default key" (nullopt).
std::optional<std::string> NormalizeKmsKeyId(const std::optional<std::string>& kms_key_id);

// Picks the version GetSecretValue means by VersionId and/or VersionStage
// (default AWSCURRENT), with AWS's errors.
Result<const SecretVersion*> SelectVersion(const Secret& secret,
                                           const std::optional<std::string>& version_id,
                                           const std::optional<std::string>& version_stage);

double Seconds(TimePoint t);
// DescribeSecret's output, or (list_entry) a ListSecrets SecretListEntry.
Json DescribeJson(const Secret& secret, bool list_entry);
// GetSecretValue's output / a BatchGetSecretValue SecretValueEntry.
Json ValueJson(const Secret& secret, const SecretVersion& version);
Json ReplicationStatusJson(const Secret& secret);
Json ArnAndName(const Secret& secret);

// Opaque NextToken values: the offset of the next item.
std::string EncodePageToken(std::size_t offset);
Result<std::size_t> DecodePageToken(const std::optional<std::string>& token);

}  // namespace sim::secretsmanager::support
