#pragma once
// Point-in-time snapshots of a bucket: every version with its metadata and
// tags, the bucket's versioning and configurations. A snapshot names the
// blobs of its versions instead of copying them, and keeps them alive (the
// blob store removes bytes only when nothing refers to them), so a daily
// snapshot of a large bucket costs one metadata document.
//
// Snapshots are kept in the "s3-snapshots" table until released, so their
// bytes survive restarts.

#include <map>
#include <string>
#include <vector>

#include "emulators/s3/model/s3_store.h"
#include "sim/core/result.h"
#include "sim/store/snapshot.h"

namespace sim::s3 {

class BucketSnapshots {
 public:
  BucketSnapshots(StateStore& documents, S3Store& store) : documents_(documents), store_(store) {}

  // Before BlobStore::RemoveUnreferenced: the snapshots' blobs stay.
  void Load();

  Result<Snapshot> Take(const Scope& scope, std::string_view bucket, TimePoint now, std::string snapshot_id);
  // Replaces the contents and settings of `target` (created in `scope` when
  // missing; empty means the snapshot's own bucket) with the snapshot's.
  Status Restore(const Scope& scope, const Snapshot& snapshot, std::string_view target);
  // Forgets a snapshot; its bytes go once nothing else refers to them.
  Status Release(std::string_view snapshot_id);
  std::vector<std::string> Ids() const;

 private:
  StateStore& documents_;
  S3Store& store_;
  // Snapshot id -> where its document is and the bodies it keeps alive.
  struct Pinned {
    Scope scope;
    std::vector<BodyRef> bodies;
  };
  std::map<std::string, Pinned, std::less<>> pinned_;
};

}  // namespace sim::s3
