#include "emulators/s3/api/s3_call.h"

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/timestamp_format.h"

namespace sim::s3 {
namespace {

double EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() / 1000.0;
}

}  // namespace

Bucket& RequireBucket(S3Context& s3, const S3Call& call) {
  Bucket* bucket = s3.store.FindBucket(call.bucket);
  if (!bucket) throw NoSuchBucket(call.bucket);
  // Buckets belong to the account that made them; the sim has no bucket policies to grant others.
  if (bucket->scope.account_id != call.account_id) throw S3Error{403, "AccessDenied", "Access Denied", {}, {}};
  return *bucket;
}

const ObjectVersion& RequireVersion(const Bucket& bucket, const S3Call& call) {
  auto it = bucket.objects.find(call.key);
  const std::string* version_id = call.Query("versionId");
  if (version_id) {
    if (it != bucket.objects.end())
      for (const auto& v : it->second.versions) {
        if (v.version_id != *version_id) continue;
        if (v.delete_marker) {
          S3Error error = MethodNotAllowed(call.http->method, "DeleteMarker");
          error.headers = {{"x-amz-delete-marker", "true"}, {"x-amz-version-id", v.version_id},
                           {"Last-Modified", HttpTime(v.last_modified)}};
          throw error;
        }
        return v;
      }
    // S3 says "Invalid version id specified" for ids it could never have issued.
    if (*version_id != "null" && version_id->size() != 32)
      throw InvalidArgument("Invalid version id specified", "versionId", *version_id);
    throw NoSuchVersion(call.key, *version_id);
  }
  if (it == bucket.objects.end() || it->second.versions.empty()) throw NoSuchKey(call.key);
  const ObjectVersion& newest = it->second.versions.front();
  if (newest.delete_marker) {
    S3Error error = NoSuchKey(call.key);
    error.headers = {{"x-amz-delete-marker", "true"}, {"x-amz-version-id", newest.version_id}};
    throw error;
  }
  return newest;
}

std::string IsoTime(TimePoint t) { return aws::FormatTimestampText(EpochSeconds(t), aws::kIso8601); }
std::string HttpTime(TimePoint t) { return aws::FormatHttpDate(EpochSeconds(t)); }

aws::HttpResponse NewResponse(const S3Call& call, int status) {
  aws::HttpResponse response;
  response.status = status;
  response.headers.reserve(12);
  response.headers.emplace_back("x-amz-request-id", call.request_id);
  response.headers.emplace_back("x-amz-id-2", call.request_id);
  return response;
}

aws::HttpResponse XmlResponse(const S3Call& call, std::string body) {
  aws::HttpResponse response = NewResponse(call);
  response.headers.emplace_back("Content-Type", "application/xml");
  response.body = std::move(body);
  return response;
}

std::string NewVersionId(Rng& rng) {
  return rng.Draw(32, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._");
}

}  // namespace sim::s3
