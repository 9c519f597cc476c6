#include "emulators/s3/api/object_settings.h"

#include <algorithm>
#include <array>

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

constexpr std::array<std::string_view, 6> kContentHeaders = {
    "Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires"};

constexpr std::array<std::string_view, 11> kStorageClasses = {
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
    "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE"};

constexpr std::size_t kMaxMetadataBytes = 2048;

S3Error InvalidTag(const std::string& message) { return {400, "InvalidTag", message, {}, {}}; }

// Content-Encoding without the aws-chunked framing token SDKs add.
std::string StoredContentEncoding(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty() || aws::EqualsIgnoreCase(item, "aws-chunked")) continue;
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

}  // namespace

Pairs ParseTagging(std::string_view query) {
  Pairs tags;
  for (auto& [k, v] : aws::ParseQueryString(query)) {
    for (const auto& [existing, _] : tags)
      if (existing == k) throw InvalidTag("Cannot provide multiple Tags with the same key");
    tags.emplace_back(std::move(k), std::move(v));
  }
  ValidateObjectTags(tags);
  return tags;
}

void ValidateObjectTags(const Pairs& tags) {
  if (tags.size() > 10) throw InvalidTag("Object tags cannot be greater than 10");
  for (const auto& [k, v] : tags) {
    if (k.empty() || k.size() > 128) throw InvalidTag("The TagKey you have provided is invalid");
    if (v.size() > 256) throw InvalidTag("The TagValue you have provided is invalid");
  }
}

ObjectSettings ReadObjectSettings(const S3Call& call) {
  ObjectSettings s;
  for (std::string_view name : kContentHeaders) {
    const std::string* value = call.Header(name);
    if (!value) continue;
    std::string stored = name == "Content-Encoding" ? StoredContentEncoding(*value) : *value;
    if (!stored.empty()) s.content_headers.emplace_back(std::string(name), std::move(stored));
  }
  std::size_t metadata_bytes = 0;
  for (const auto& [name, value] : call.http->headers) {
    if (name.size() <= 11 || !aws::EqualsIgnoreCase(std::string_view(name).substr(0, 11), "x-amz-meta-")) continue;
    std::string key = aws::ToLower(std::string_view(name).substr(11));
    metadata_bytes += key.size() + value.size();
    s.metadata.emplace_back(std::move(key), value);
  }
  if (metadata_bytes > kMaxMetadataBytes)
    throw S3Error{400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.",
                  {{"Size", std::to_string(metadata_bytes)}, {"MaxSizeAllowed", std::to_string(kMaxMetadataBytes)}},
                  {}};
  if (const std::string* storage_class = call.Header("x-amz-storage-class")) {
    if (std::find(kStorageClasses.begin(), kStorageClasses.end(), *storage_class) == kStorageClasses.end())
      throw S3Error{400, "InvalidStorageClass", "The storage class you specified is not valid",
                    {{"StorageClassRequested", *storage_class}}, {}};
    s.storage_class = *storage_class;
  }
  if (const std::string* tagging = call.Header("x-amz-tagging")) s.tags = ParseTagging(*tagging);
  return s;
}

void AddObjectHeaders(aws::HttpResponse& r, const Bucket& bucket, const ObjectVersion& v, const S3Call& call) {
  r.headers.emplace_back("ETag", Quoted(v.etag));
  r.headers.emplace_back("Last-Modified", HttpTime(v.last_modified));
  r.headers.emplace_back("Accept-Ranges", "bytes");
  bool has_type = false;
  for (const auto& [name, value] : v.content_headers) {
    has_type = has_type || name == "Content-Type";
    r.headers.emplace_back(name, value);
  }
  if (!has_type) r.headers.emplace_back("Content-Type", "binary/octet-stream");
  for (const auto& [name, value] : v.metadata) r.headers.emplace_back("x-amz-meta-" + name, value);
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", v.version_id);
  if (v.storage_class != "STANDARD") r.headers.emplace_back("x-amz-storage-class", v.storage_class);
  if (!v.tags.empty()) r.headers.emplace_back("x-amz-tagging-count", std::to_string(v.tags.size()));
  const std::string* mode = call.Header("x-amz-checksum-mode");
  if (v.checksum && mode && aws::EqualsIgnoreCase(*mode, "ENABLED")) AddChecksumHeaders(r, *v.checksum);
}

void AddChecksumHeaders(aws::HttpResponse& r, const Checksum& checksum) {
  r.headers.emplace_back("x-amz-checksum-" + aws::ToLower(checksum.algorithm), checksum.value);
  r.headers.emplace_back("x-amz-checksum-type", checksum.type);
}

std::optional<ChecksumAlgorithm> RequestedChecksumAlgorithm(const S3Call& call) {
  const std::string* name = call.Header("x-amz-checksum-algorithm");
  if (!name) return std::nullopt;
  auto algorithm = ParseChecksumAlgorithm(*name);
  if (!algorithm) throw InvalidRequest("Checksum algorithm provided is unsupported.");
  return algorithm;
}

const ObjectVersion& PutVersion(S3Context& s3, Bucket& bucket, const std::string& key, ObjectVersion version) {
  version.seq = bucket.next_seq++;
  KeyEntry& entry = bucket.objects[key];
  if (bucket.versioning == "Enabled") {
    version.version_id = NewVersionId(s3.rng);
  } else {
    version.version_id = "null";
    auto old = std::find_if(entry.versions.begin(), entry.versions.end(),
                            [](const ObjectVersion& v) { return v.version_id == "null"; });
    if (old != entry.versions.end()) entry.versions.erase(old);  // its document is overwritten below
  }
  entry.versions.insert(entry.versions.begin(), std::move(version));
  s3.store.SaveVersion(bucket, key, entry.versions.front());
  return entry.versions.front();
}

}  // namespace sim::s3
