#pragma once
// The in-memory model of Secrets Manager: secrets per Scope (account, region),
// their versions and staging labels. Pure data and rules: no I/O, no clock;
// callers pass the time in.

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/clock.h"
#include "sim/core/result.h"
#include "sim/store/state_store.h"

namespace sim::secretsmanager {

inline constexpr std::string_view kCurrent = "AWSCURRENT";
inline constexpr std::string_view kPrevious = "AWSPREVIOUS";
inline constexpr std::string_view kPending = "AWSPENDING";
// AWS removes deprecated versions once a secret has more than this many.
inline constexpr std::size_t kMaxVersions = 100;
inline constexpr std::size_t kMaxStagesPerVersion = 20;
inline constexpr std::size_t kMaxTags = 50;
// The AWS managed key; a secret using it shows no KmsKeyId.
inline constexpr std::string_view kDefaultKmsAlias = "alias/aws/secretsmanager";

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

// Exactly what the caller stored: text, or binary as base64 text.
struct SecretValue {
  std::optional<std::string> string;
  std::optional<std::string> binary;
  bool empty() const { return !string && !binary; }
  bool operator==(const SecretValue&) const = default;
};

struct SecretVersion {
  std::string id;
  SecretValue value;
  std::vector<std::string> stages;  // no stage = deprecated
  TimePoint created{};
  std::optional<TimePoint> last_accessed;  // midnight UTC of the last read
  std::optional<std::string> kms_key_id;   // nullopt = aws/secretsmanager

  bool HasStage(std::string_view stage) const;
  bool deprecated() const { return stages.empty(); }
};

struct ReplicaRegion {
  std::string region;
  std::optional<std::string> kms_key_id;
  std::string status = "InSync";
  std::string status_message = "Replication succeeded";
};

struct RotationConfig {
  bool enabled = false;
  std::optional<std::string> lambda_arn;
  // At most one of the two schedules is set.
  std::optional<std::int64_t> automatically_after_days;
  std::optional<std::string> schedule_expression;
  std::optional<std::string> duration;  // window length, e.g. "3h"; stored only
  std::optional<TimePoint> last_rotated;
  std::optional<TimePoint> next_rotation;

  bool has_rules() const { return automatically_after_days || schedule_expression || duration; }
};

struct Secret {
  Scope scope;
  std::string arn;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> kms_key_id;  // nullopt = aws/secretsmanager
  std::vector<Tag> tags;                  // keys unique, in insertion order
  std::optional<std::string> policy;
  std::vector<SecretVersion> versions;  // oldest first
  TimePoint created{};
  TimePoint last_changed{};
  std::optional<TimePoint> last_accessed;
  std::optional<TimePoint> deleted;   // when DeleteSecret was accepted
  std::optional<TimePoint> deletion;  // when the permanent deletion is due
  RotationConfig rotation;
  std::vector<ReplicaRegion> replicas;

  bool IsDeleted() const { return deleted.has_value(); }

  SecretVersion* FindVersion(std::string_view id);
  const SecretVersion* FindVersion(std::string_view id) const;
  SecretVersion* VersionWithStage(std::string_view stage);
  const SecretVersion* VersionWithStage(std::string_view stage) const;

  // Attaches `stage` to version `id` (which must exist), taking it from the
  // version that had it. Moving AWSCURRENT puts AWSPREVIOUS on the version
  // AWSCURRENT left, as AWS does.
  void MoveStage(std::string_view stage, std::string_view id);
  void RemoveStage(std::string_view stage, std::string_view id);

  // Appends `version` (its own stages ignored), moves each of `stages` to it,
  // then prunes.
  void AddVersion(SecretVersion version, const std::vector<std::string>& stages);
  // Drops the oldest deprecated versions beyond kMaxVersions.
  void PruneDeprecatedVersions();

  // Adds or replaces tags by key.
  void SetTags(const std::vector<Tag>& new_tags);
  void RemoveTags(const std::vector<std::string>& keys);

  // Records a read at day granularity. Returns true when a date changed (so
  // the caller knows whether the document needs writing).
  bool RecordAccess(std::string_view version_id, TimePoint now);
  // Whether RecordAccess would change anything (lets reads skip a copy).
  bool AccessWouldChange(std::string_view version_id, TimePoint now) const;
};

// "aws", "aws-cn" or "aws-us-gov", from the region name.
std::string PartitionFor(std::string_view region);
// "arn:aws:secretsmanager:<region>:<account>:secret:"
std::string SecretArnPrefix(const Scope& scope);
// Midnight UTC of the day `t` falls on.
TimePoint StartOfUtcDay(TimePoint t);

// Every secret of every scope, keyed by name within a scope. A secret
// scheduled for deletion keeps its name until it is purged.
class SecretState {
 public:
  // Resolves a SecretId: a name, a full ARN, or a partial ARN (one without the
  // random suffix). An ARN of another account or region finds nothing.
  const Secret* Find(const Scope& scope, std::string_view secret_id) const;
  const Secret* FindByName(const Scope& scope, std::string_view name) const;
  const Secret* FindByArn(std::string_view arn) const;

  // Inserts or replaces the secret with the same name in its scope.
  void Put(Secret secret);
  bool Erase(const Scope& scope, std::string_view name);
  void Clear() { secrets_.clear(); }

  // Secrets of `scope`, ordered by name.
  std::vector<const Secret*> List(const Scope& scope) const;
  // Secrets of every scope, ordered by (scope, name).
  std::vector<const Secret*> All() const;
  std::size_t size() const;

 private:
  std::map<Scope, std::map<std::string, Secret, std::less<>>> secrets_;
};

// The stored form of a secret: one self-contained JSON document with every
// version (values included), stages, tags, policy, rotation and replication.
nlohmann::json SecretToDocument(const Secret& secret);
// Parses a document written by SecretToDocument; `scope` comes from the store.
Result<Secret> SecretFromDocument(const nlohmann::json& document, const Scope& scope);

}  // namespace sim::secretsmanager
