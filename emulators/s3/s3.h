#pragma once
// The S3 emulator's front end: claims the requests addressed to S3 (signed
// for service s3, virtual-host style, CORS preflights), verifies them,
// resolves the operation, streams object bodies into the BlobStore and
// answers in S3's XML. State lives in S3Store (metadata) and BlobStore.

#include <memory>
#include <string>
#include <vector>

#include "emulators/s3/model/bucket_snapshots.h"
#include "emulators/s3/model/s3_store.h"
#include "emulators/s3/storage/blob_store.h"
#include "sim/aws/dispatcher.h"
#include "sim/aws/service.h"
#include "sim/core/faults.h"
#include "sim/http/http_server.h"
#include "sim/store/commit_batch.h"
#include "sim/store/snapshot.h"

namespace sim::s3 {

struct S3Error;

struct S3Options {
  // Host names that carry the bucket in front: <bucket>.<suffix>[:port].
  std::vector<std::string> virtual_host_suffixes = {"s3.localhost", "localhost"};
};

// What provisioning sets on a bucket (from environments/<env>/buckets).
struct BucketSettings {
  std::string name;
  bool versioning = false;
  Pairs tags;
  std::map<std::string, std::string> configs;  // subresource -> document
};

class S3 final : public Snapshottable {
 public:
  // `post` runs a task after the event loop's current turn: the requests of
  // one turn share a commit (CommitBatch).
  S3(aws::ServiceEnv env, const aws::Dispatcher& auth, Faults& faults, std::unique_ptr<BlobStore> blobs,
     CommitBatch::Post post, S3Options options = {});
  ~S3() override;

  // Reads buckets, objects and snapshots back and starts the daily
  // lifecycle pass (midnight UTC on the Clock).
  void Load();
  // Whether the request is for S3 (the front door asks before its body).
  bool Claims(const aws::HttpRequest& head) const;
  http::Admission Admit(aws::HttpRequest& head);

  // Creates the bucket when missing, then applies the settings.
  void Provision(const Scope& scope, const BucketSettings& settings);
  S3Store& store() { return *store_; }

  // Snapshottable: a bucket with all its versions; bodies are shared.
  std::vector<std::string> SnapshotResources(const Scope& scope) const override;
  Result<Snapshot> TakeSnapshot(const Scope& scope, std::string_view bucket) override;
  Status RestoreSnapshot(const Scope& scope, const Snapshot& snapshot, std::string_view target) override;
  Status ReleaseSnapshot(std::string_view snapshot_id);

  // One lifecycle pass over every bucket, as the daily timer runs it.
  void RunLifecycle();

 private:
  class BodySink;
  http::Admission Refuse(const S3Error& error, const std::string& request_id, const std::string& operation,
                         const std::string& bucket);
  void ScheduleLifecycle();
  void Record(const std::string& operation, const std::string& bucket, const std::string& outcome,
              const std::string& request_id);

  aws::ServiceEnv env_;
  const aws::Dispatcher& auth_;
  Faults& faults_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<S3Store> store_;
  std::unique_ptr<BucketSnapshots> snapshots_;
  std::unique_ptr<CommitBatch> commits_;
  S3Options options_;
  TimerId lifecycle_timer_ = 0;
};

}  // namespace sim::s3
