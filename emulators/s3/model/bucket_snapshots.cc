#include "emulators/s3/model/bucket_snapshots.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sim::s3 {
namespace {

using nlohmann::json;
constexpr const char* kSnapshots = "s3-snapshots";

std::int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

void BucketSnapshots::Load() {
  for (const auto& doc : documents_.Scan(kSnapshots)) {
    json j = json::parse(doc.body);
    std::vector<BodyRef> bodies;
    for (const auto& v : j.at("versions"))
      if (auto version = VersionFromJson(v, store_.blobs()); version && version->body) bodies.push_back(version->body);
    pinned_[doc.key] = Pinned{doc.scope, std::move(bodies)};
  }
}

Result<Snapshot> BucketSnapshots::Take(const Scope& scope, std::string_view name, TimePoint now,
                                       std::string snapshot_id) {
  Bucket* bucket = store_.FindBucket(name);
  if (!bucket || !(bucket->scope == scope))
    return MakeError("NoSuchBucket", "The specified bucket does not exist: " + std::string(name), 404);
  json versions = json::array();
  std::vector<BodyRef> bodies;
  for (const auto& [key, entry] : bucket->objects)
    for (const auto& v : entry.versions) {
      versions.push_back(VersionToJson(bucket->name, key, v));
      if (v.body) bodies.push_back(v.body);
    }
  json body = {{"snapshot_id", snapshot_id},
               {"bucket", bucket->name},
               {"taken_at", Millis(now)},
               {"versioning", bucket->versioning},
               {"configs", bucket->configs},
               {"versions", std::move(versions)}};
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  documents_.Put(kSnapshots, scope, snapshot_id, text);
  pinned_[snapshot_id] = Pinned{scope, std::move(bodies)};
  return Snapshot{"s3", bucket->name, std::move(text)};
}

Status BucketSnapshots::Restore(const Scope& scope, const Snapshot& snapshot, std::string_view target) {
  json j = json::parse(snapshot.body, nullptr, false);
  if (j.is_discarded() || !j.contains("snapshot_id")) return MakeError("InvalidSnapshot", "not an S3 bucket snapshot", 400);
  std::string id = j.at("snapshot_id");
  if (!pinned_.count(id))
    return MakeError("InvalidSnapshot", "snapshot " + id + " was released: its object bodies are gone", 404);
  std::string name = target.empty() ? j.at("bucket").get<std::string>() : std::string(target);
  // Every version must still resolve before anything is replaced.
  std::vector<std::pair<std::string, ObjectVersion>> versions;
  for (const auto& v : j.at("versions")) {
    auto version = VersionFromJson(v, store_.blobs());
    if (!version) return MakeError("InvalidSnapshot", "snapshot " + id + " names a body that is gone", 500);
    versions.emplace_back(v.at("key").get<std::string>(), std::move(*version));
  }
  Bucket* bucket = store_.FindBucket(name);
  if (bucket && !(bucket->scope == scope))
    return MakeError("BucketAlreadyExists", "bucket " + name + " belongs to another account", 409);
  TimePoint created = bucket ? bucket->created : TimePoint(Duration(j.at("taken_at").get<std::int64_t>()));
  if (bucket) store_.RemoveBucket(name);
  Bucket restored;
  restored.name = name;
  restored.scope = scope;
  restored.created = created;
  restored.versioning = j.at("versioning");
  restored.configs = j.at("configs").get<std::map<std::string, std::string>>();
  Bucket& added = store_.AddBucket(std::move(restored));
  for (auto& [key, version] : versions) {
    added.next_seq = std::max(added.next_seq, version.seq + 1);
    store_.SaveVersion(added, key, version);
    added.objects[key].versions.push_back(std::move(version));
  }
  for (auto& [key, entry] : added.objects)
    std::sort(entry.versions.begin(), entry.versions.end(),
              [](const ObjectVersion& a, const ObjectVersion& b) { return a.seq > b.seq; });
  return Ok();
}

Status BucketSnapshots::Release(std::string_view snapshot_id) {
  auto it = pinned_.find(snapshot_id);
  if (it == pinned_.end()) return MakeError("InvalidSnapshot", "no snapshot " + std::string(snapshot_id), 404);
  documents_.Erase(kSnapshots, it->second.scope, it->first);
  pinned_.erase(it);
  return Ok();
}

std::vector<std::string> BucketSnapshots::Ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, _] : pinned_) ids.push_back(id);
  return ids;
}

}  // namespace sim::s3
