#include "emulators/s3/model/s3_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sim::s3 {
namespace {

using nlohmann::json;

constexpr const char* kBuckets = "s3-buckets";
constexpr const char* kObjects = "s3-objects";
constexpr const char* kUploads = "s3-uploads";

std::int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

json PairsJson(const Pairs& pairs) {
  json out = json::array();
  for (const auto& [k, v] : pairs) out.push_back({k, v});
  return out;
}
Pairs PairsFrom(const json& j) {
  Pairs out;
  for (const auto& p : j) out.emplace_back(p.at(0).get<std::string>(), p.at(1).get<std::string>());
  return out;
}

json ChecksumJson(const std::optional<Checksum>& c) {
  if (!c) return nullptr;
  return {{"algorithm", c->algorithm}, {"value", c->value}, {"type", c->type}};
}
std::optional<Checksum> ChecksumFrom(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Checksum{j.at("algorithm"), j.at("value"), j.at("type")};
}

// Bucket names hold no '/', version ids neither: the key part is last.
std::string VersionDocKey(const std::string& bucket, const std::string& version_id, const std::string& key) {
  return bucket + "/" + version_id + "/" + key;
}

}  // namespace

json VersionToJson(const std::string& bucket, const std::string& key, const ObjectVersion& v) {
  json j = {{"bucket", bucket},
            {"key", key},
            {"version_id", v.version_id},
            {"delete_marker", v.delete_marker},
            {"etag", v.etag},
            {"last_modified", Millis(v.last_modified)},
            {"seq", v.seq},
            {"content_headers", PairsJson(v.content_headers)},
            {"metadata", PairsJson(v.metadata)},
            {"storage_class", v.storage_class},
            {"tags", PairsJson(v.tags)},
            {"checksum", ChecksumJson(v.checksum)},
            {"part_sizes", v.part_sizes},
            {"owner", v.owner}};
  if (v.body) j["body"] = v.body->ToJson();
  return j;
}

std::optional<ObjectVersion> VersionFromJson(const json& j, BlobStore& blobs) {
  ObjectVersion v;
  v.version_id = j.at("version_id");
  v.delete_marker = j.at("delete_marker");
  if (j.contains("body")) {
    v.body = ObjectBody::FromJson(j.at("body"), blobs);
    if (!v.body) return std::nullopt;  // its bytes are gone: the version cannot be served
  }
  v.etag = j.at("etag");
  v.last_modified = FromMillis(j.at("last_modified"));
  v.seq = j.at("seq");
  v.content_headers = PairsFrom(j.at("content_headers"));
  v.metadata = PairsFrom(j.at("metadata"));
  v.storage_class = j.at("storage_class");
  v.tags = PairsFrom(j.at("tags"));
  v.checksum = ChecksumFrom(j.at("checksum"));
  v.part_sizes = j.at("part_sizes").get<std::vector<std::uint64_t>>();
  v.owner = j.at("owner");
  return v;
}

namespace {

json UploadJson(const std::string& bucket, const MultipartUpload& u) {
  json parts = json::array();
  for (const auto& [n, p] : u.parts)
    parts.push_back({{"number", p.number}, {"body", p.body->ToJson()}, {"etag", p.etag},
                     {"last_modified", Millis(p.last_modified)}, {"checksum", ChecksumJson(p.checksum)}});
  return {{"bucket", bucket},
          {"id", u.id},
          {"key", u.key},
          {"initiated", Millis(u.initiated)},
          {"content_headers", PairsJson(u.content_headers)},
          {"metadata", PairsJson(u.metadata)},
          {"storage_class", u.storage_class},
          {"tags", PairsJson(u.tags)},
          {"checksum_algorithm", u.checksum_algorithm},
          {"checksum_type", u.checksum_type},
          {"owner", u.owner},
          {"parts", parts}};
}

}  // namespace

void S3Store::Load() {
  for (const auto& doc : documents_.Scan(kBuckets)) {
    json j = json::parse(doc.body);
    Bucket b;
    b.name = j.at("name");
    b.scope = doc.scope;
    b.created = FromMillis(j.at("created"));
    b.versioning = j.at("versioning");
    b.configs = j.at("configs").get<std::map<std::string, std::string>>();
    b.next_seq = j.value("next_seq", std::uint64_t{1});
    buckets_.emplace(b.name, std::move(b));
  }
  for (const auto& doc : documents_.Scan(kObjects)) {
    json j = json::parse(doc.body);
    Bucket* bucket = FindBucket(j.at("bucket").get<std::string>());
    if (!bucket) continue;
    auto loaded = VersionFromJson(j, blobs_);
    if (!loaded) {
      // Its bytes are gone: forget the record rather than keep a version that cannot be served.
      documents_.Erase(kObjects, doc.scope, doc.key);
      continue;
    }
    ObjectVersion v = std::move(*loaded);
    bucket->next_seq = std::max(bucket->next_seq, v.seq + 1);
    bucket->objects[j.at("key").get<std::string>()].versions.push_back(std::move(v));
  }
  for (auto& [name, bucket] : buckets_)
    for (auto& [key, entry] : bucket.objects)
      std::sort(entry.versions.begin(), entry.versions.end(),
                [](const ObjectVersion& a, const ObjectVersion& b) { return a.seq > b.seq; });
  for (const auto& doc : documents_.Scan(kUploads)) {
    json j = json::parse(doc.body);
    Bucket* bucket = FindBucket(j.at("bucket").get<std::string>());
    if (!bucket) continue;
    MultipartUpload u;
    u.id = j.at("id");
    u.key = j.at("key");
    u.initiated = FromMillis(j.at("initiated"));
    u.content_headers = PairsFrom(j.at("content_headers"));
    u.metadata = PairsFrom(j.at("metadata"));
    u.storage_class = j.at("storage_class");
    u.tags = PairsFrom(j.at("tags"));
    u.checksum_algorithm = j.at("checksum_algorithm");
    // Uploads stored before the type was: CRC64NVME was always full-object.
    u.checksum_type = j.value("checksum_type", u.checksum_algorithm.empty()        ? ""
                                               : u.checksum_algorithm == "CRC64NVME" ? "FULL_OBJECT"
                                                                                      : "COMPOSITE");
    u.owner = j.at("owner");
    bool complete = true;
    for (const auto& p : j.at("parts")) {
      UploadPart part;
      part.number = p.at("number");
      part.body = ObjectBody::FromJson(p.at("body"), blobs_);
      if (!part.body) complete = false;
      part.etag = p.at("etag");
      part.last_modified = FromMillis(p.at("last_modified"));
      part.checksum = ChecksumFrom(p.at("checksum"));
      u.parts.emplace(part.number, std::move(part));
    }
    if (complete) bucket->uploads.emplace(u.id, std::move(u));
  }
}

Bucket* S3Store::FindBucket(std::string_view name) {
  auto it = buckets_.find(std::string(name));
  return it == buckets_.end() ? nullptr : &it->second;
}

Bucket& S3Store::AddBucket(Bucket bucket) {
  std::string name = bucket.name;
  Bucket& added = buckets_.insert_or_assign(name, std::move(bucket)).first->second;
  SaveBucket(added);
  return added;
}

void S3Store::RemoveBucket(const std::string& name) {
  Bucket* bucket = FindBucket(name);
  if (!bucket) return;
  for (const auto& [key, entry] : bucket->objects)
    for (const auto& v : entry.versions) documents_.Erase(kObjects, bucket->scope, VersionDocKey(name, v.version_id, key));
  for (const auto& [id, upload] : bucket->uploads) documents_.Erase(kUploads, bucket->scope, name + "/" + id);
  documents_.Erase(kBuckets, bucket->scope, name);
  buckets_.erase(name);
}

void S3Store::SaveBucket(const Bucket& b) {
  json j = {{"name", b.name}, {"created", Millis(b.created)}, {"versioning", b.versioning},
            {"configs", b.configs}, {"next_seq", b.next_seq}};
  documents_.Put(kBuckets, b.scope, b.name, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

void S3Store::SaveVersion(const Bucket& bucket, const std::string& key, const ObjectVersion& version) {
  documents_.Put(kObjects, bucket.scope, VersionDocKey(bucket.name, version.version_id, key),
                 VersionToJson(bucket.name, key, version).dump(-1, ' ', false, json::error_handler_t::replace));
}

void S3Store::EraseVersion(const Bucket& bucket, const std::string& key, const std::string& version_id) {
  documents_.Erase(kObjects, bucket.scope, VersionDocKey(bucket.name, version_id, key));
}

void S3Store::SaveUpload(const Bucket& bucket, const MultipartUpload& upload) {
  documents_.Put(kUploads, bucket.scope, bucket.name + "/" + upload.id,
                 UploadJson(bucket.name, upload).dump(-1, ' ', false, json::error_handler_t::replace));
}

void S3Store::EraseUpload(const Bucket& bucket, const std::string& upload_id) {
  documents_.Erase(kUploads, bucket.scope, bucket.name + "/" + upload_id);
}

}  // namespace sim::s3
