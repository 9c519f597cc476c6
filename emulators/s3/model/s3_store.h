#pragma once
// S3's state in memory, written through to the StateStore: one document per
// bucket (settings and configurations), per object version and per
// multipart upload. Bodies live in the BlobStore; a version's document names
// its blobs, so reloading rebuilds everything and removes blobs nothing names.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "emulators/s3/model/s3_model.h"
#include "emulators/s3/storage/blob_store.h"
#include "sim/store/state_store.h"

namespace sim::s3 {

class S3Store {
 public:
  S3Store(StateStore& documents, BlobStore& blobs) : documents_(documents), blobs_(blobs) {}

  // Reads everything back. The caller then drops blobs nothing named
  // (BlobStore::RemoveUnreferenced), once snapshots are loaded too.
  void Load();

  std::map<std::string, Bucket>& buckets() { return buckets_; }
  Bucket* FindBucket(std::string_view name);
  Bucket& AddBucket(Bucket bucket);
  // Forgets the bucket and everything in it.
  void RemoveBucket(const std::string& name);

  void SaveBucket(const Bucket& bucket);
  void SaveVersion(const Bucket& bucket, const std::string& key, const ObjectVersion& version);
  void EraseVersion(const Bucket& bucket, const std::string& key, const std::string& version_id);
  void SaveUpload(const Bucket& bucket, const MultipartUpload& upload);
  void EraseUpload(const Bucket& bucket, const std::string& upload_id);

  BlobStore& blobs() { return blobs_; }

 private:
  StateStore& documents_;
  BlobStore& blobs_;
  std::map<std::string, Bucket> buckets_;
};

// One version as a document (also what bucket snapshots hold), and back;
// nullopt when a blob it names is gone.
nlohmann::json VersionToJson(const std::string& bucket, const std::string& key, const ObjectVersion& version);
std::optional<ObjectVersion> VersionFromJson(const nlohmann::json& document, BlobStore& blobs);

}  // namespace sim::s3
