#include "emulators/identity/oidc/protocol_mappers.h"

#include <cstdlib>

namespace sim::identity {

using nlohmann::json;

namespace {

std::string ConfigValue(const json& config, const char* key, const char* fallback = "") {
  if (!config.is_object() || !config.contains(key)) return fallback;
  const json& v = config[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

bool Enabled(const json& config, const char* key, bool fallback) {
  std::string v = ConfigValue(config, key, fallback ? "true" : "false");
  return v == "true";
}

// A value in the mapper's declared JSON type (jsonType.label).
json Typed(const std::string& value, const std::string& type) {
  if (type == "long" || type == "int") {
    char* end = nullptr;
    long long n = std::strtoll(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0') return n;
    return value;
  }
  if (type == "boolean") return value == "true";
  if (type == "JSON") {
    json parsed = json::parse(value, nullptr, false);
    return parsed.is_discarded() ? json(value) : parsed;
  }
  return value;
}

// "address.street" writes claims["address"]["street"] (a "\." stays a dot).
void SetClaim(json& claims, const std::string& name, json value) {
  json* target = &claims;
  std::string part;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 1 < name.size() && name[i + 1] == '.') {
      part += '.';
      ++i;
    } else if (name[i] == '.') {
      if (!target->contains(part) || !(*target)[part].is_object()) (*target)[part] = json::object();
      target = &(*target)[part];
      part.clear();
    } else {
      part += name[i];
    }
  }
  (*target)[part] = std::move(value);
}

std::string UserProperty(const DirectoryUser& user, const std::string& property) {
  if (property == "username") return user.username;
  if (property == "email") return user.email;
  if (property == "firstName") return user.first_name;
  if (property == "lastName") return user.last_name;
  if (property == "id") return user.id;
  return "";
}

}  // namespace

void ApplyProtocolMappers(const DirectoryClient& client, const DirectoryUser& user,
                          std::string_view token_kind, json& claims) {
  const char* switch_key = token_kind == "access" ? "access.token.claim"
                           : token_kind == "id"   ? "id.token.claim"
                                                  : "userinfo.token.claim";
  for (const json& mapper : client.protocol_mappers) {
    std::string type = mapper.value("protocolMapper", "");
    const json config = mapper.value("config", json::object());
    std::string claim = ConfigValue(config, "claim.name");
    std::string json_type = ConfigValue(config, "jsonType.label", "String");
    if (type == "oidc-audience-mapper") {
      if (!Enabled(config, switch_key, token_kind == "access")) continue;
      if (!claims.contains("aud")) claims["aud"] = json::array();
      std::string audience = ConfigValue(config, "included.client.audience");
      if (audience.empty()) audience = ConfigValue(config, "included.custom.audience");
      if (!audience.empty()) claims["aud"].push_back(audience);
      continue;
    }
    if (!Enabled(config, switch_key, true) || claim.empty()) continue;
    if (type == "oidc-usermodel-attribute-mapper") {
      auto found = user.attributes.find(ConfigValue(config, "user.attribute"));
      if (found == user.attributes.end() || found->second.empty()) continue;
      if (Enabled(config, "multivalued", false)) {
        json values = json::array();
        for (const auto& v : found->second) values.push_back(Typed(v, json_type));
        SetClaim(claims, claim, values);
      } else {
        SetClaim(claims, claim, Typed(found->second.front(), json_type));
      }
    } else if (type == "oidc-usermodel-property-mapper") {
      std::string value = UserProperty(user, ConfigValue(config, "user.attribute"));
      if (!value.empty()) SetClaim(claims, claim, Typed(value, json_type));
    } else if (type == "oidc-group-membership-mapper") {
      bool full_path = Enabled(config, "full.path", true);
      json groups = json::array();
      for (const auto& path : user.group_paths)
        groups.push_back(full_path ? path : path.substr(path.rfind('/') + 1));
      SetClaim(claims, claim, groups);
    } else if (type == "oidc-hardcoded-claim-mapper") {
      SetClaim(claims, claim, Typed(ConfigValue(config, "claim.value"), json_type));
    }
  }
}

}  // namespace sim::identity
