#pragma once
// The S3 emulator's front end: claims the requests addressed to S3 (signed
// for service s3, virtual-host style, CORS preflights), verifies them,
// resolves the operation, streams object bodies into the BlobStore and
// answers in S3's XML. State lives in S3Store (metadata) and BlobStore.

#include <memory>
#include <string>
#include <vector>

#include "emulators/s3/model/s3_store.h"
#include "emulators/s3/storage/blob_store.h"
#include "sim/aws/dispatcher.h"
#include "sim/aws/service.h"
#include "sim/core/faults.h"
#include "sim/http/http_server.h"

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

class S3 {
 public:
  S3(aws::ServiceEnv env, const aws::Dispatcher& auth, Faults& faults, std::unique_ptr<BlobStore> blobs,
     S3Options options = {});
  ~S3();

  void Load();
  // Whether the request is for S3 (the front door asks before its body).
  bool Claims(const aws::HttpRequest& head) const;
  http::Admission Admit(aws::HttpRequest& head);

  // Creates the bucket when missing, then applies the settings.
  void Provision(const Scope& scope, const BucketSettings& settings);
  S3Store& store() { return *store_; }

 private:
  class BodySink;
  http::Admission Refuse(const S3Error& error, const std::string& request_id, const std::string& operation,
                         const std::string& bucket);
  void Record(const std::string& operation, const std::string& bucket, const std::string& outcome,
              const std::string& request_id);

  aws::ServiceEnv env_;
  const aws::Dispatcher& auth_;
  Faults& faults_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<S3Store> store_;
  S3Options options_;
};

}  // namespace sim::s3
