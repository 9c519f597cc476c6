#include "emulators/s3/api/conditions.h"

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/sigv4.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Seconds resolution: Last-Modified travels as an HTTP date.
std::int64_t Seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// nullopt for a date S3 would ignore (unparseable).
std::optional<std::int64_t> DateSeconds(const std::string* header) {
  if (!header) return std::nullopt;
  auto t = aws::ParseHttpDate(*header);
  if (!t) return std::nullopt;
  return Seconds(*t);
}

}  // namespace

bool EtagListMatches(std::string_view list, std::string_view etag) {
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item == "*") return true;
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
    if (item == etag) return true;
  }
  return false;
}

ConditionHeaders ReadConditions(const S3Call& call, bool copy_source) {
  if (copy_source)
    return {call.Header("x-amz-copy-source-if-match"), call.Header("x-amz-copy-source-if-none-match"),
            call.Header("x-amz-copy-source-if-modified-since"),
            call.Header("x-amz-copy-source-if-unmodified-since")};
  return {call.Header("If-Match"), call.Header("If-None-Match"), call.Header("If-Modified-Since"),
          call.Header("If-Unmodified-Since")};
}

ConditionOutcome EvaluateConditions(const ConditionHeaders& c, const ObjectVersion& version) {
  std::int64_t modified = Seconds(version.last_modified);
  if (c.if_match) {
    if (!EtagListMatches(*c.if_match, version.etag)) throw PreconditionFailed("If-Match");
  } else if (auto since = DateSeconds(c.if_unmodified_since); since && modified > *since) {
    throw PreconditionFailed("If-Unmodified-Since");
  }
  if (c.if_none_match) {
    if (EtagListMatches(*c.if_none_match, version.etag)) return ConditionOutcome::kNotModified;
  } else if (auto since = DateSeconds(c.if_modified_since); since && modified <= *since) {
    return ConditionOutcome::kNotModified;
  }
  return ConditionOutcome::kProceed;
}

void CheckIfNoneMatchStar(const Bucket& bucket, const S3Call& call) {
  const std::string* if_none_match = call.Header("If-None-Match");
  if (!if_none_match) return;
  if (*if_none_match != "*") throw NotImplemented("If-None-Match other than * on a write");
  auto it = bucket.objects.find(call.key);
  if (it != bucket.objects.end() && it->second.Current()) throw PreconditionFailed("If-None-Match");
}

void CheckIfMatch(const Bucket& bucket, const S3Call& call) {
  const std::string* if_match = call.Header("If-Match");
  if (!if_match) return;
  auto it = bucket.objects.find(call.key);
  const ObjectVersion* current = it == bucket.objects.end() ? nullptr : it->second.Current();
  if (!current) throw NoSuchKey(call.key);
  if (!EtagListMatches(*if_match, current->etag)) throw PreconditionFailed("If-Match");
}

}  // namespace sim::s3
