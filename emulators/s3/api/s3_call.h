#pragma once
// One S3 request as the operations see it: addressed bucket and key
// (decoded), the query, the caller, and (for buffered operations) the body.
// Operations throw S3Error (s3_error.h) and return the response.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulators/s3/model/s3_store.h"
#include "sim/aws/http_message.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::s3 {

struct S3Call {
  const aws::HttpRequest* http = nullptr;  // method, target, headers
  std::string bucket;
  std::string key;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string account_id;
  std::string region;
  std::string request_id;
  TimePoint now;
  std::string body;  // buffered operations only

  const std::string* Query(std::string_view name) const {
    for (const auto& [k, v] : query)
      if (k == name) return &v;
    return nullptr;
  }
  bool HasQuery(std::string_view name) const { return Query(name) != nullptr; }
  const std::string* Header(std::string_view name) const { return http->Header(name); }
  std::string HeaderOr(std::string_view name, std::string fallback = {}) const {
    const std::string* v = Header(name);
    return v ? *v : fallback;
  }
};

// What every operation reaches.
struct S3Context {
  S3Store& store;
  Rng& rng;
};

// Helpers shared by the operation files.
Bucket& RequireBucket(S3Context& s3, const S3Call& call);
// The newest version of the key (or the one ?versionId= names); throws
// NoSuchKey / NoSuchVersion, or answers a delete marker as S3 does.
const ObjectVersion& RequireVersion(const Bucket& bucket, const S3Call& call);
// "2026-11-27T20:00:00.000Z"
std::string IsoTime(TimePoint t);
std::string HttpTime(TimePoint t);
// A response with S3's request id headers.
aws::HttpResponse NewResponse(const S3Call& call, int status = 200);
// An XML document response.
aws::HttpResponse XmlResponse(const S3Call& call, std::string body);
// The S3 XML namespace attribute value.
inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
// A new version id (for versioned buckets) or upload id.
std::string NewVersionId(Rng& rng);

}  // namespace sim::s3
