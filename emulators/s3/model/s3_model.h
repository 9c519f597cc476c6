#pragma once
// What S3 keeps: buckets, their keys' versions (newest first) and multipart
// uploads. Plain data; the operations live in emulators/s3/api/, persistence
// in s3_store.h.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulators/s3/storage/object_body.h"
#include "sim/core/clock.h"
#include "sim/store/state_store.h"

namespace sim::s3 {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Checksum {
  std::string algorithm;  // CRC32, CRC32C, CRC64NVME, SHA1, SHA256
  std::string value;      // base64, "-N" appended for a composite multipart checksum
  std::string type = "FULL_OBJECT";  // or COMPOSITE
};

struct ObjectVersion {
  std::string version_id = "null";
  bool delete_marker = false;
  BodyRef body;
  std::string etag;  // without quotes
  TimePoint last_modified;
  std::uint64_t seq = 0;  // creation order, across the bucket
  Pairs content_headers;  // Content-Type, Content-Encoding, ... as S3 returns them
  Pairs metadata;         // x-amz-meta-* names (lower case, without the prefix) and values
  std::string storage_class = "STANDARD";
  Pairs tags;
  std::optional<Checksum> checksum;
  std::vector<std::uint64_t> part_sizes;  // objects made by multipart upload
  std::string owner;                       // account id

  std::uint64_t size() const { return body ? body->size() : 0; }
};

struct KeyEntry {
  std::vector<ObjectVersion> versions;  // newest first
  // The newest version, unless it is a delete marker.
  const ObjectVersion* Current() const {
    return versions.empty() || versions.front().delete_marker ? nullptr : &versions.front();
  }
};

struct UploadPart {
  int number = 0;
  BodyRef body;
  std::string etag;  // without quotes
  TimePoint last_modified;
  std::optional<Checksum> checksum;
};

struct MultipartUpload {
  std::string id;
  std::string key;
  TimePoint initiated;
  Pairs content_headers;
  Pairs metadata;
  std::string storage_class = "STANDARD";
  Pairs tags;
  std::string checksum_algorithm;  // empty, or the algorithm every part carries
  std::string checksum_type;       // with an algorithm: COMPOSITE or FULL_OBJECT
  std::string owner;
  std::map<int, UploadPart> parts;
};

struct Bucket {
  std::string name;
  Scope scope;  // owning account and region
  TimePoint created;
  std::string versioning;  // "", "Enabled" or "Suspended"
  // Stored configuration documents by subresource (tagging, cors, lifecycle,
  // encryption, policy, acl, ...), returned as they were given.
  std::map<std::string, std::string> configs;
  std::map<std::string, KeyEntry> objects;
  std::map<std::string, MultipartUpload> uploads;  // by upload id
  std::uint64_t next_seq = 1;
};

}  // namespace sim::s3
