#pragma once
// The source of CopyObject and UploadPartCopy: x-amz-copy-source
// ("bucket/key" or "/bucket/key", URL-encoded, "?versionId=" optional) and
// its x-amz-copy-source-if-* conditions.

#include "emulators/s3/api/s3_call.h"
#include "emulators/s3/checksum/checksum.h"

namespace sim::s3 {

struct CopySource {
  Bucket* bucket = nullptr;
  std::string key;
  const ObjectVersion* version = nullptr;
  bool version_named = false;  // ?versionId= was given
};

// Throws InvalidArgument (unparseable), NoSuchBucket, NoSuchKey,
// NoSuchVersion, PreconditionFailed.
CopySource ResolveCopySource(S3Context& s3, const S3Call& call);

// Reads a body through in 1 MiB pieces for the digests a copy recomputes
// (either may be null).
void DigestBody(const ObjectBody& body, Md5Hasher* md5, ChecksumHasher* checksum);

}  // namespace sim::s3
