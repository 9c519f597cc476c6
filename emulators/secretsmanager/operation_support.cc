#include "emulators/secretsmanager/operation_support.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sim/aws/text.h"

namespace sim::secretsmanager::support {
namespace {

constexpr std::string_view kTokenPrefix = "sm-page-";

}  // namespace

Error MissingMember(std::string_view key) {
  return MakeError("ValidationException",
                   "1 validation error detected: Value null at '" + aws::LowerCamel(key) +
                       "' failed to satisfy constraint: Member must not be null");
}

namespace {

Error WrongType(std::string_view key, std::string_view expected) {
  return InvalidParameter("Invalid type for parameter " + std::string(key) + ", expected " +
                          std::string(expected) + ".");
}

}  // namespace

Error InvalidParameter(std::string message) {
  return MakeError("InvalidParameterException", std::move(message));
}

Error InvalidRequest(std::string message) {
  return MakeError("InvalidRequestException", std::move(message));
}

Error SecretNotFound() {
  return MakeError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
}

Error MarkedForDeletion() {
  return InvalidRequest(
      "You can't perform this operation on the secret because it was marked for deletion.");
}

Scope ScopeOf(const Ctx& ctx) { return Scope{ctx.account_id, ctx.region}; }

const Json* InputReader::Raw(std::string_view key) const {
  if (!input_.is_object()) return nullptr;
  auto it = input_.find(key);
  if (it == input_.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json* InputReader::Member(std::string_view key, bool required) {
  const Json* v = Raw(key);
  if (!v && required) Fail(MissingMember(key));
  return v;
}

void InputReader::Fail(Error e) {
  if (!error_) error_ = std::move(e);
}

std::optional<std::string> InputReader::String(std::string_view key, bool required) {
  const Json* v = Member(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(WrongType(key, "string"));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> InputReader::Bool(std::string_view key) {
  const Json* v = Member(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(WrongType(key, "boolean"));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> InputReader::Int(std::string_view key) {
  const Json* v = Member(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(WrongType(key, "integer"));
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<std::vector<std::string>> InputReader::Strings(std::string_view key, bool required) {
  const Json* v = Member(key, required);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  if (!v->is_array()) {
    Fail(WrongType(key, "list"));
    return std::nullopt;
  }
  for (const auto& item : *v) {
    if (!item.is_string()) {
      Fail(WrongType(key, "list of strings"));
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::vector<Tag>> InputReader::Tags(std::string_view key, bool required) {
  const Json* v = Member(key, required);
  if (!v) return std::nullopt;
  std::vector<Tag> out;
  if (!v->is_array()) {
    Fail(WrongType(key, "list"));
    return std::nullopt;
  }
  for (const auto& item : *v) {
    auto k = item.is_object() ? item.find("Key") : item.end();
    auto val = item.is_object() ? item.find("Value") : item.end();
    if (!item.is_object() || k == item.end() || !k->is_string() ||
        (val != item.end() && !val->is_string())) {
      Fail(InvalidParameter("Each tag needs a string Key and Value."));
      return std::nullopt;
    }
    out.push_back({k->get<std::string>(), val == item.end() ? "" : val->get<std::string>()});
  }
  return out;
}

Result<const Secret*> FindSecret(const OperationHost& host, const Ctx& ctx,
                                 const std::string& secret_id, bool allow_deleted) {
  const Secret* secret = host.state().Find(ScopeOf(ctx), secret_id);
  if (!secret) return SecretNotFound();
  if (secret->IsDeleted() && !allow_deleted) return MarkedForDeletion();
  return secret;
}

Result<const Secret*> FindInputSecret(const OperationHost& host, const Ctx& ctx, const Json& input,
                                      bool allow_deleted) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  if (in.error()) return *in.error();
  return FindSecret(host, ctx, *secret_id, allow_deleted);
}

Result<std::optional<SecretValue>> ReadValue(InputReader& in) {
  auto text = in.String("SecretString");
  auto binary = in.String("SecretBinary");
  if (text && binary)
    return InvalidParameter(
        "You can't specify both a binary secret value and a string secret value in the same "
        "secret.");
  if (!text && !binary) return std::optional<SecretValue>();
  if (text && aws::Utf8Length(*text) > 65536)
    return InvalidParameter("SecretString must be at most 65536 characters.");
  return std::optional<SecretValue>(SecretValue{text, binary});
}

std::optional<Error> CheckSecretName(const std::string& name) {
  bool valid =
      !name.empty() && name.size() <= 512 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("/_+=.@-").find(c) != std::string_view::npos;
      });
  if (valid) return std::nullopt;
  return InvalidParameter(
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
      "following: -/_+=.@!");
}

std::string NewSecretArn(OperationHost& host, const Scope& scope, const std::string& name) {
  constexpr std::string_view kSuffixAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return SecretArnPrefix(scope) + name + "-" + host.rng().Draw(6, kSuffixAlphabet);
}

std::optional<Error> CheckClientRequestToken(const std::optional<std::string>& token) {
  if (token && (token->size() < 32 || token->size() > 64))
    return InvalidParameter("ClientRequestToken must be 32-64 characters long.");
  return std::nullopt;
}

std::string NewVersionId(OperationHost& host, const std::optional<std::string>& token) {
  return token ? *token : host.rng().Uuid();
}

std::optional<Error> CheckTags(const std::vector<Tag>& existing, const std::vector<Tag>& added) {
  std::vector<std::string> keys;
  for (const auto& t : existing) keys.push_back(t.key);
  for (const auto& t : added) {
    if (t.key.empty() || aws::Utf8Length(t.key) > 128)
      return InvalidParameter("Tag keys must be between 1 and 128 characters.");
    if (aws::Utf8Length(t.value) > 256)
      return InvalidParameter("Tag values must be at most 256 characters.");
    if (t.key.rfind("aws:", 0) == 0)
      return InvalidParameter("Tag keys beginning with aws: are reserved for AWS use.");
    if (std::find(keys.begin(), keys.end(), t.key) == keys.end()) keys.push_back(t.key);
  }
  if (keys.size() > kMaxTags)
    return MakeError("LimitExceededException",
                     "The request failed because it would exceed one of the Secrets Manager "
                     "quotas: a secret can have at most 50 tags.");
  return std::nullopt;
}

std::optional<std::string> NormalizeKmsKeyId(const std::optional<std::string>& kms_key_id) {
  if (!kms_key_id || kms_key_id->empty() || *kms_key_id == kDefaultKmsAlias) return std::nullopt;
  return kms_key_id;
}

Result<const SecretVersion*> SelectVersion(const Secret& secret,
                                           const std::optional<std::string>& version_id,
                                           const std::optional<std::string>& version_stage) {
  if (version_id) {
    const SecretVersion* v = secret.FindVersion(*version_id);
    if (!v)
      return MakeError(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret value for VersionId: " + *version_id);
    if (version_stage && !v->HasStage(*version_stage))
      return InvalidRequest(
          "You provided a VersionStage that is not associated to the provided VersionId.");
    return v;
  }
  std::string stage = version_stage ? *version_stage : std::string(kCurrent);
  const SecretVersion* v = secret.VersionWithStage(stage);
  if (!v)
    return MakeError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: " + stage);
  return v;
}

double Seconds(TimePoint t) { return ToEpochSeconds(t); }

Json ArnAndName(const Secret& secret) { return Json{{"ARN", secret.arn}, {"Name", secret.name}}; }

Json ReplicationStatusJson(const Secret& secret) {
  Json out = Json::array();
  for (const auto& r : secret.replicas) {
    Json entry = {{"Region", r.region},
                  {"KmsKeyId", r.kms_key_id.value_or(std::string(kDefaultKmsAlias))},
                  {"Status", r.status},
                  {"StatusMessage", r.status_message}};
    out.push_back(std::move(entry));
  }
  return out;
}

Json DescribeJson(const Secret& s, bool list_entry) {
  Json out = ArnAndName(s);
  if (s.description) out["Description"] = *s.description;
  if (s.kms_key_id) out["KmsKeyId"] = *s.kms_key_id;
  // Rotation fields appear once rotation was ever configured.
  if (s.rotation.has_rules() || s.rotation.lambda_arn || s.rotation.last_rotated) {
    out["RotationEnabled"] = s.rotation.enabled;
    if (s.rotation.lambda_arn) out["RotationLambdaARN"] = *s.rotation.lambda_arn;
    if (s.rotation.has_rules()) {
      Json rules = Json::object();
      if (s.rotation.automatically_after_days)
        rules["AutomaticallyAfterDays"] = *s.rotation.automatically_after_days;
      if (s.rotation.schedule_expression)
        rules["ScheduleExpression"] = *s.rotation.schedule_expression;
      if (s.rotation.duration) rules["Duration"] = *s.rotation.duration;
      out["RotationRules"] = std::move(rules);
    }
    if (s.rotation.last_rotated) out["LastRotatedDate"] = Seconds(*s.rotation.last_rotated);
    if (s.rotation.enabled && s.rotation.next_rotation)
      out["NextRotationDate"] = Seconds(*s.rotation.next_rotation);
  }
  out["LastChangedDate"] = Seconds(s.last_changed);
  if (s.last_accessed) out["LastAccessedDate"] = Seconds(*s.last_accessed);
  if (s.deleted) out["DeletedDate"] = Seconds(*s.deleted);
  if (!s.tags.empty()) {
    Json tags = Json::array();
    for (const auto& t : s.tags) tags.push_back({{"Key", t.key}, {"Value", t.value}});
    out["Tags"] = std::move(tags);
  }
  Json stages = Json::object();
  for (const auto& v : s.versions)
    if (!v.deprecated()) stages[v.id] = v.stages;
  if (!stages.empty()) out[list_entry ? "SecretVersionsToStages" : "VersionIdsToStages"] = stages;
  out["CreatedDate"] = Seconds(s.created);
  if (!s.replicas.empty()) {
    out["PrimaryRegion"] = s.scope.region;
    if (!list_entry) out["ReplicationStatus"] = ReplicationStatusJson(s);
  }
  return out;
}

Json ValueJson(const Secret& secret, const SecretVersion& version) {
  Json out = ArnAndName(secret);
  out["VersionId"] = version.id;
  if (version.value.string) out["SecretString"] = *version.value.string;
  if (version.value.binary) out["SecretBinary"] = *version.value.binary;
  out["VersionStages"] = version.stages;
  out["CreatedDate"] = Seconds(version.created);
  return out;
}

std::string EncodePageToken(std::size_t offset) {
  return std::string(kTokenPrefix) + std::to_string(offset);
}

Result<std::size_t> DecodePageToken(const std::optional<std::string>& token) {
  if (!token) return std::size_t{0};
  std::string_view text = *token;
  std::size_t offset = 0;
  if (text.substr(0, kTokenPrefix.size()) == kTokenPrefix) {
    text.remove_prefix(kTokenPrefix.size());
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return offset;
  }
  return MakeError("InvalidNextTokenException", "The NextToken value is invalid.");
}

std::vector<ReplicaRegion> ReadReplicaRegions(InputReader& in, const Scope& scope, bool required) {
  std::vector<ReplicaRegion> out;
  const Json* list = in.Raw("AddReplicaRegions");
  if (!list) {
    if (required) in.Fail(MissingMember("AddReplicaRegions"));
    return out;
  }
  if (!list->is_array() || list->empty()) {
    in.Fail(InvalidParameter("AddReplicaRegions must list at least one Region."));
    return out;
  }
  for (const auto& item : *list) {
    auto region = item.is_object() ? item.find("Region") : item.end();
    if (!item.is_object() || region == item.end() || !region->is_string()) {
      in.Fail(InvalidParameter("Each replica needs a Region."));
      return out;
    }
    ReplicaRegion replica;
    replica.region = region->get<std::string>();
    bool well_formed = !replica.region.empty() &&
                       std::isdigit(static_cast<unsigned char>(replica.region.back())) &&
                       replica.region.find('-') != std::string::npos;
    if (!well_formed || replica.region == scope.region) {
      in.Fail(InvalidParameter("Invalid replica region."));
      return out;
    }
    if (auto kms = item.find("KmsKeyId"); kms != item.end() && kms->is_string())
      replica.kms_key_id = NormalizeKmsKeyId(kms->get<std::string>());
    out.push_back(std::move(replica));
  }
  return out;
}

}  // namespace sim::secretsmanager::support
