#pragma once
// What a write says about the object besides its bytes (content headers,
// x-amz-meta-*, storage class, tags), and how a stored version is described
// back in response headers.

#include <optional>

#include "emulators/s3/api/s3_call.h"
#include "emulators/s3/checksum/checksum.h"

namespace sim::s3 {

struct ObjectSettings {
  Pairs content_headers;
  Pairs metadata;
  std::string storage_class = "STANDARD";
  Pairs tags;
};

// From PutObject / CopyObject (REPLACE) / CreateMultipartUpload headers.
// Throws InvalidStorageClass, InvalidTag, MetadataTooLarge, InvalidArgument.
ObjectSettings ReadObjectSettings(const S3Call& call);
// "k1=v1&k2=v2" (x-amz-tagging) -> tags; throws InvalidTag.
Pairs ParseTagging(std::string_view query);
// Checks S3's object tag limits; throws InvalidTag.
void ValidateObjectTags(const Pairs& tags);

// ETag, Last-Modified, Content-*, x-amz-meta-*, version id, storage class,
// tag count, checksum (when x-amz-checksum-mode: ENABLED).
void AddObjectHeaders(aws::HttpResponse& response, const Bucket& bucket, const ObjectVersion& version,
                      const S3Call& call);

// x-amz-checksum-<algorithm> and x-amz-checksum-type.
void AddChecksumHeaders(aws::HttpResponse& response, const Checksum& checksum);
// The x-amz-checksum-algorithm a CopyObject or CreateMultipartUpload asks
// for, nullopt when none; throws InvalidRequest for an unknown one.
std::optional<ChecksumAlgorithm> RequestedChecksumAlgorithm(const S3Call& call);

// Stores `version` as the key's newest under the bucket's versioning: a
// versioned bucket keeps every version, otherwise it replaces the "null"
// one. Persists it and returns the stored version.
const ObjectVersion& PutVersion(S3Context& s3, Bucket& bucket, const std::string& key, ObjectVersion version);

// "\"etag\""
inline std::string Quoted(const std::string& etag) { return "\"" + etag + "\""; }

}  // namespace sim::s3
