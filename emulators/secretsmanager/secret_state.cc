#include "emulators/secretsmanager/secret_state.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sim::secretsmanager {
namespace {

using nlohmann::json;

constexpr int kDocumentFormat = 1;
constexpr std::int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

// Splits "arn:<partition>:secretsmanager:<region>:<account>:secret:<rest>".
struct ParsedArn {
  Scope scope;
  std::string rest;  // name, possibly followed by "-XXXXXX"
};

std::optional<ParsedArn> ParseSecretArn(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") return std::nullopt;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  // The name itself may not contain ':', so seven fields suffice.
  for (int i = 0; i < 6; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[2] != "secretsmanager" || parts[5] != "secret") return std::nullopt;
  return ParsedArn{Scope{std::string(parts[4]), std::string(parts[3])},
                   std::string(arn.substr(start))};
}

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMillis(std::int64_t ms) { return TimePoint(Duration(ms)); }

void PutOptional(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}
void PutOptionalTime(json& j, const char* key, const std::optional<TimePoint>& v) {
  if (v) j[key] = Millis(*v);
}
std::optional<std::string> GetOptional(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  return it->get<std::string>();
}
std::optional<TimePoint> GetOptionalTime(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  return FromMillis(it->get<std::int64_t>());
}

json VersionToJson(const SecretVersion& v) {
  json j = {{"VersionId", v.id}, {"Stages", v.stages}, {"CreatedMs", Millis(v.created)}};
  PutOptional(j, "SecretString", v.value.string);
  PutOptional(j, "SecretBinary", v.value.binary);
  PutOptionalTime(j, "LastAccessedMs", v.last_accessed);
  PutOptional(j, "KmsKeyId", v.kms_key_id);
  return j;
}

SecretVersion VersionFromJson(const json& j) {
  SecretVersion v;
  v.id = j.at("VersionId").get<std::string>();
  v.stages = j.at("Stages").get<std::vector<std::string>>();
  v.created = FromMillis(j.at("CreatedMs").get<std::int64_t>());
  v.value.string = GetOptional(j, "SecretString");
  v.value.binary = GetOptional(j, "SecretBinary");
  v.last_accessed = GetOptionalTime(j, "LastAccessedMs");
  v.kms_key_id = GetOptional(j, "KmsKeyId");
  return v;
}

json RotationToJson(const RotationConfig& r) {
  json j = {{"Enabled", r.enabled}};
  PutOptional(j, "LambdaArn", r.lambda_arn);
  if (r.automatically_after_days) j["AutomaticallyAfterDays"] = *r.automatically_after_days;
  PutOptional(j, "ScheduleExpression", r.schedule_expression);
  PutOptional(j, "Duration", r.duration);
  PutOptionalTime(j, "LastRotatedMs", r.last_rotated);
  PutOptionalTime(j, "NextRotationMs", r.next_rotation);
  return j;
}

RotationConfig RotationFromJson(const json& j) {
  RotationConfig r;
  r.enabled = j.at("Enabled").get<bool>();
  r.lambda_arn = GetOptional(j, "LambdaArn");
  if (auto it = j.find("AutomaticallyAfterDays"); it != j.end())
    r.automatically_after_days = it->get<std::int64_t>();
  r.schedule_expression = GetOptional(j, "ScheduleExpression");
  r.duration = GetOptional(j, "Duration");
  r.last_rotated = GetOptionalTime(j, "LastRotatedMs");
  r.next_rotation = GetOptionalTime(j, "NextRotationMs");
  return r;
}

}  // namespace

bool SecretVersion::HasStage(std::string_view stage) const {
  return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

SecretVersion* Secret::FindVersion(std::string_view id) {
  for (auto& v : versions)
    if (v.id == id) return &v;
  return nullptr;
}

const SecretVersion* Secret::FindVersion(std::string_view id) const {
  return const_cast<Secret*>(this)->FindVersion(id);
}

SecretVersion* Secret::VersionWithStage(std::string_view stage) {
  for (auto& v : versions)
    if (v.HasStage(stage)) return &v;
  return nullptr;
}

const SecretVersion* Secret::VersionWithStage(std::string_view stage) const {
  return const_cast<Secret*>(this)->VersionWithStage(stage);
}

void Secret::RemoveStage(std::string_view stage, std::string_view id) {
  if (SecretVersion* v = FindVersion(id))
    v->stages.erase(std::remove(v->stages.begin(), v->stages.end(), stage), v->stages.end());
}

void Secret::MoveStage(std::string_view stage, std::string_view id) {
  SecretVersion* target = FindVersion(id);
  if (!target || target->HasStage(stage)) return;
  SecretVersion* holder = VersionWithStage(stage);
  std::string previous_holder = holder ? holder->id : std::string();
  if (holder) RemoveStage(stage, holder->id);
  target->stages.emplace_back(stage);
  if (stage == kCurrent && !previous_holder.empty()) MoveStage(kPrevious, previous_holder);
}

void Secret::AddVersion(SecretVersion version, const std::vector<std::string>& stages) {
  version.stages.clear();
  std::string id = version.id;
  versions.push_back(std::move(version));
  for (const auto& stage : stages) MoveStage(stage, id);
  PruneDeprecatedVersions();
}

void Secret::PruneDeprecatedVersions() {
  std::size_t excess = versions.size() > kMaxVersions ? versions.size() - kMaxVersions : 0;
  for (auto it = versions.begin(); excess > 0 && it != versions.end();) {
    if (it->deprecated()) {
      it = versions.erase(it);
      --excess;
    } else {
      ++it;
    }
  }
}

void Secret::SetTags(const std::vector<Tag>& new_tags) {
  for (const auto& tag : new_tags) {
    auto it =
        std::find_if(tags.begin(), tags.end(), [&](const Tag& t) { return t.key == tag.key; });
    if (it != tags.end())
      it->value = tag.value;
    else
      tags.push_back(tag);
  }
}

void Secret::RemoveTags(const std::vector<std::string>& keys) {
  tags.erase(std::remove_if(tags.begin(), tags.end(),
                            [&](const Tag& t) {
                              return std::find(keys.begin(), keys.end(), t.key) != keys.end();
                            }),
             tags.end());
}

bool Secret::AccessWouldChange(std::string_view version_id, TimePoint now) const {
  TimePoint day = StartOfUtcDay(now);
  if (last_accessed != day) return true;
  for (const auto& v : versions)
    if (v.id == version_id) return v.last_accessed != day;
  return false;
}

bool Secret::RecordAccess(std::string_view version_id, TimePoint now) {
  TimePoint day = StartOfUtcDay(now);
  bool changed = false;
  if (last_accessed != day) {
    last_accessed = day;
    changed = true;
  }
  if (SecretVersion* v = FindVersion(version_id); v && v->last_accessed != day) {
    v->last_accessed = day;
    changed = true;
  }
  return changed;
}

std::string PartitionFor(std::string_view region) {
  if (region.substr(0, 3) == "cn-") return "aws-cn";
  if (region.substr(0, 7) == "us-gov-") return "aws-us-gov";
  return "aws";
}

std::string SecretArnPrefix(const Scope& scope) {
  return "arn:" + PartitionFor(scope.region) + ":secretsmanager:" + scope.region + ":" +
         scope.account_id + ":secret:";
}

TimePoint StartOfUtcDay(TimePoint t) {
  std::int64_t ms = Millis(t);
  std::int64_t day = ms >= 0 ? ms / kMillisPerDay : (ms - kMillisPerDay + 1) / kMillisPerDay;
  return FromMillis(day * kMillisPerDay);
}

const Secret* SecretState::FindByName(const Scope& scope, std::string_view name) const {
  auto scope_it = secrets_.find(scope);
  if (scope_it == secrets_.end()) return nullptr;
  auto it = scope_it->second.find(name);
  return it == scope_it->second.end() ? nullptr : &it->second;
}

const Secret* SecretState::FindByArn(std::string_view arn) const {
  auto parsed = ParseSecretArn(arn);
  if (!parsed) return nullptr;
  // A full ARN is the name plus "-" and six characters.
  if (parsed->rest.size() > 7) {
    const Secret* s = FindByName(parsed->scope,
                                 std::string_view(parsed->rest).substr(0, parsed->rest.size() - 7));
    if (s && s->arn == arn) return s;
  }
  return nullptr;
}

const Secret* SecretState::Find(const Scope& scope, std::string_view secret_id) const {
  if (const Secret* s = FindByName(scope, secret_id)) return s;
  auto parsed = ParseSecretArn(secret_id);
  if (!parsed || !(parsed->scope == scope)) return nullptr;
  if (const Secret* s = FindByArn(secret_id)) return s;
  // A partial ARN ends with the bare name.
  return FindByName(scope, parsed->rest);
}

void SecretState::Put(Secret secret) {
  auto& by_name = secrets_[secret.scope];
  std::string name = secret.name;
  by_name.insert_or_assign(std::move(name), std::move(secret));
}

bool SecretState::Erase(const Scope& scope, std::string_view name) {
  auto scope_it = secrets_.find(scope);
  if (scope_it == secrets_.end()) return false;
  auto it = scope_it->second.find(name);
  if (it == scope_it->second.end()) return false;
  scope_it->second.erase(it);
  if (scope_it->second.empty()) secrets_.erase(scope_it);
  return true;
}

std::vector<const Secret*> SecretState::List(const Scope& scope) const {
  std::vector<const Secret*> out;
  auto scope_it = secrets_.find(scope);
  if (scope_it == secrets_.end()) return out;
  for (const auto& [name, secret] : scope_it->second) out.push_back(&secret);
  return out;
}

std::vector<const Secret*> SecretState::All() const {
  std::vector<const Secret*> out;
  for (const auto& [scope, by_name] : secrets_)
    for (const auto& [name, secret] : by_name) out.push_back(&secret);
  return out;
}

std::size_t SecretState::size() const {
  std::size_t n = 0;
  for (const auto& [scope, by_name] : secrets_) n += by_name.size();
  return n;
}

json SecretToDocument(const Secret& s) {
  json tags = json::array();
  for (const auto& t : s.tags) tags.push_back({{"Key", t.key}, {"Value", t.value}});
  json versions = json::array();
  for (const auto& v : s.versions) versions.push_back(VersionToJson(v));
  json replicas = json::array();
  for (const auto& r : s.replicas) {
    json j = {{"Region", r.region}, {"Status", r.status}, {"StatusMessage", r.status_message}};
    PutOptional(j, "KmsKeyId", r.kms_key_id);
    replicas.push_back(std::move(j));
  }
  json doc = {{"Format", kDocumentFormat},
              {"ARN", s.arn},
              {"Name", s.name},
              {"Tags", std::move(tags)},
              {"Versions", std::move(versions)},
              {"CreatedMs", Millis(s.created)},
              {"LastChangedMs", Millis(s.last_changed)},
              {"Rotation", RotationToJson(s.rotation)},
              {"Replicas", std::move(replicas)}};
  PutOptional(doc, "Description", s.description);
  PutOptional(doc, "KmsKeyId", s.kms_key_id);
  PutOptional(doc, "ResourcePolicy", s.policy);
  PutOptionalTime(doc, "LastAccessedMs", s.last_accessed);
  PutOptionalTime(doc, "DeletedMs", s.deleted);
  PutOptionalTime(doc, "DeletionMs", s.deletion);
  return doc;
}

Result<Secret> SecretFromDocument(const json& doc, const Scope& scope) {
  try {
    if (doc.at("Format").get<int>() != kDocumentFormat)
      return MakeError("InternalServiceError", "unknown secret document format");
    Secret s;
    s.scope = scope;
    s.arn = doc.at("ARN").get<std::string>();
    s.name = doc.at("Name").get<std::string>();
    for (const auto& t : doc.at("Tags"))
      s.tags.push_back({t.at("Key").get<std::string>(), t.at("Value").get<std::string>()});
    for (const auto& v : doc.at("Versions")) s.versions.push_back(VersionFromJson(v));
    s.created = FromMillis(doc.at("CreatedMs").get<std::int64_t>());
    s.last_changed = FromMillis(doc.at("LastChangedMs").get<std::int64_t>());
    s.rotation = RotationFromJson(doc.at("Rotation"));
    for (const auto& r : doc.at("Replicas")) {
      ReplicaRegion replica;
      replica.region = r.at("Region").get<std::string>();
      replica.status = r.at("Status").get<std::string>();
      replica.status_message = r.at("StatusMessage").get<std::string>();
      replica.kms_key_id = GetOptional(r, "KmsKeyId");
      s.replicas.push_back(std::move(replica));
    }
    s.description = GetOptional(doc, "Description");
    s.kms_key_id = GetOptional(doc, "KmsKeyId");
    s.policy = GetOptional(doc, "ResourcePolicy");
    s.last_accessed = GetOptionalTime(doc, "LastAccessedMs");
    s.deleted = GetOptionalTime(doc, "DeletedMs");
    s.deletion = GetOptionalTime(doc, "DeletionMs");
    return s;
  } catch (const json::exception& e) {
    return MakeError("InternalServiceError", std::string("malformed secret document: ") + e.what());
  }
}

}  // namespace sim::secretsmanager
