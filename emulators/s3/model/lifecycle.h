#pragma once
// Lifecycle rules executed on the Clock, as S3 runs them once a day: a rule
// applies at midnight UTC after its age is reached (S3 rounds "created +
// Days" up to the next midnight).
//   Expiration Days/Date       current version: deleted (unversioned) or a
//                              delete marker added (versioned)
//   ExpiredObjectDeleteMarker  a delete marker with no versions behind it goes
//   NoncurrentVersionExpiration a version NoncurrentDays after it stopped being
//                              current is deleted (NewerNoncurrentVersions kept)
//   Transition Days/Date       the current version's storage class changes
//   AbortIncompleteMultipartUpload  uploads DaysAfterInitiation old are aborted
// Filters: Prefix (legacy or in Filter), Tag, And, ObjectSizeGreaterThan/LessThan.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emulators/s3/model/s3_store.h"
#include "sim/core/rng.h"

namespace sim::s3 {

struct LifecycleRule {
  std::string id;
  std::string status;  // Enabled or Disabled, as given
  bool enabled = true;
  std::string prefix;
  Pairs tags;  // all must match
  std::optional<std::uint64_t> size_greater_than, size_less_than;
  std::optional<int> expiration_days;
  std::optional<TimePoint> expiration_date;
  bool expired_object_delete_marker = false;
  std::optional<int> noncurrent_days;
  std::optional<int> newer_noncurrent_versions;
  std::optional<int> transition_days;
  std::optional<TimePoint> transition_date;
  std::string transition_storage_class;
  std::optional<int> abort_multipart_days;
};

// Parses a LifecycleConfiguration document; nullopt when it is not one.
std::optional<std::vector<LifecycleRule>> ParseLifecycle(const std::string& document);
// What S3 refuses in a configuration (InvalidArgument's message), or nullopt.
std::optional<std::string> LifecycleProblem(const std::vector<LifecycleRule>& rules);

// What one pass did, for the journal.
struct LifecycleAction {
  std::string what;  // Expiration, NoncurrentVersionExpiration, Transition, ...
  std::string key;
};

// Applies the bucket's lifecycle configuration as of `now`.
std::vector<LifecycleAction> ApplyLifecycle(S3Store& store, Bucket& bucket, TimePoint now,
                                            const std::function<std::string()>& new_version_id);

// The first midnight UTC at or after `t`.
TimePoint NextMidnight(TimePoint t);

}  // namespace sim::s3
