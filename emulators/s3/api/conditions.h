#pragma once
// S3's conditional request headers (RFC 7232 as S3 applies them):
//   If-Match false -> 412; If-Match true overrides a false If-Unmodified-Since.
//   If-None-Match true -> 304 on reads (412 on writes); if it is false, a
//   true If-Modified-Since does not turn the answer into 304.

#include <optional>
#include <string>
#include <string_view>

#include "emulators/s3/api/s3_call.h"

namespace sim::s3 {

struct ConditionHeaders {
  const std::string* if_match = nullptr;
  const std::string* if_none_match = nullptr;
  const std::string* if_modified_since = nullptr;
  const std::string* if_unmodified_since = nullptr;
};

// The plain headers (GetObject, HeadObject) or their x-amz-copy-source-if-*
// twins (CopyObject, UploadPartCopy).
ConditionHeaders ReadConditions(const S3Call& call, bool copy_source);

enum class ConditionOutcome { kProceed, kNotModified };

// Throws PreconditionFailed (412) when a condition fails; kNotModified when
// a read should answer 304.
ConditionOutcome EvaluateConditions(const ConditionHeaders& conditions, const ObjectVersion& version);

// Conditional writes against the key's current version: If-None-Match: *
// (412 when it exists; other values are not implemented) and If-Match
// (NoSuchKey when there is none, 412 when its ETag differs).
void CheckIfNoneMatchStar(const Bucket& bucket, const S3Call& call);
void CheckIfMatch(const Bucket& bucket, const S3Call& call);

// Whether an entity tag list ("a", "b", W/"c" or *) names `etag`.
bool EtagListMatches(std::string_view list, std::string_view etag);

}  // namespace sim::s3
