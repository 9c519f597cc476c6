#pragma once
// The snapshot/restore contract every stateful resource implements. AWS Backup
// recovery points, RDS snapshots and ElastiCache snapshots are built on it,
// never on another service's private tables.
//
// A snapshot is an opaque, self-contained document (the owning service chooses
// the format, usually JSON) taken at the sim's current time. Restoring it
// creates or replaces the resource named `target` with the captured state.

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/result.h"
#include "sim/store/state_store.h"

namespace sim {

struct Snapshot {
  std::string service;      // owning service, e.g. "secretsmanager"
  std::string resource_id;  // ARN or name of the captured resource
  std::string body;         // service-defined, self-contained
};

class Snapshottable {
 public:
  virtual ~Snapshottable() = default;
  // Resources this service can snapshot in `scope` (ARNs or names).
  virtual std::vector<std::string> SnapshotResources(const Scope& scope) const = 0;
  virtual Result<Snapshot> TakeSnapshot(const Scope& scope, std::string_view resource_id) = 0;
  // `target` empty means "the resource the snapshot was taken from".
  virtual Status RestoreSnapshot(const Scope& scope, const Snapshot& snapshot,
                                 std::string_view target) = 0;
};

}  // namespace sim
