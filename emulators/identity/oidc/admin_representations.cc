#include "emulators/identity/oidc/admin_representations.h"

namespace sim::identity {

using nlohmann::json;

namespace {

void PutIfSet(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

json AttributesJson(const Attributes& attributes) {
  json out = json::object();
  for (const auto& [name, values] : attributes) out[name] = values;
  return out;
}

// The admin caller's rights on a user or group: the sim's admins may do everything.
json FullAccess(std::initializer_list<const char*> rights) {
  json access = json::object();
  for (const char* right : rights) access[right] = true;
  return access;
}

Status WrongType(const char* field, const char* type) {
  return MakeError("BadRequest", std::string(field) + ": expected " + type);
}

Status ReadString(const json& rep, const char* field, std::string& out, bool lower = false) {
  auto it = rep.find(field);
  if (it == rep.end() || it->is_null()) return Ok();
  if (!it->is_string()) return WrongType(field, "a string");
  out = lower ? Lowercase(it->get<std::string>()) : it->get<std::string>();
  return Ok();
}

Status ReadBool(const json& rep, const char* field, bool& out) {
  auto it = rep.find(field);
  if (it == rep.end() || it->is_null()) return Ok();
  if (!it->is_boolean()) return WrongType(field, "a boolean");
  out = it->get<bool>();
  return Ok();
}

// Keycloak's attributes are lists; a single string is taken as a list of one.
Status ReadAttributes(const json& rep, Attributes& out) {
  auto it = rep.find("attributes");
  if (it == rep.end() || it->is_null()) return Ok();
  if (!it->is_object()) return WrongType("attributes", "an object");
  Attributes attributes;
  for (const auto& [name, value] : it->items()) {
    if (value.is_string()) {
      attributes[name] = {value.get<std::string>()};
      continue;
    }
    if (!value.is_array()) return WrongType("attributes", "lists of strings");
    for (const json& v : value) {
      if (!v.is_string()) return WrongType("attributes", "lists of strings");
      attributes[name].push_back(v.get<std::string>());
    }
  }
  out = std::move(attributes);
  return Ok();
}

Status ReadStrings(const json& rep, const char* field, std::vector<std::string>& out) {
  auto it = rep.find(field);
  if (it == rep.end() || it->is_null()) return Ok();
  if (!it->is_array()) return WrongType(field, "a list of strings");
  std::vector<std::string> values;
  for (const json& v : *it) {
    if (!v.is_string()) return WrongType(field, "a list of strings");
    values.push_back(v.get<std::string>());
  }
  out = std::move(values);
  return Ok();
}

}  // namespace

json UserRepresentation(const User& user, bool brief) {
  json out = {{"id", user.id}, {"username", user.username}};
  PutIfSet(out, "firstName", user.first_name);
  PutIfSet(out, "lastName", user.last_name);
  PutIfSet(out, "email", user.email);
  out["emailVerified"] = user.email_verified;
  out["createdTimestamp"] = user.created_timestamp;
  out["enabled"] = user.enabled;
  PutIfSet(out, "serviceAccountClientId", user.service_account_client_id);
  if (brief) return out;
  if (!user.attributes.empty()) out["attributes"] = AttributesJson(user.attributes);
  out["totp"] = false;
  out["disableableCredentialTypes"] = json::array();
  out["requiredActions"] = user.required_actions;
  out["notBefore"] = 0;
  out["access"] =
      FullAccess({"manageGroupMembership", "view", "mapRoles", "impersonate", "manage"});
  return out;
}

json RoleRepresentation(const Role& role, const std::string& container_id, bool brief) {
  json out = {{"id", role.id}, {"name", role.name}};
  PutIfSet(out, "description", role.description);
  out["composite"] = role.composite();
  out["clientRole"] = !role.client_id.empty();
  out["containerId"] = container_id;
  if (!brief) out["attributes"] = AttributesJson(role.attributes);
  return out;
}

json ClientRepresentation(const Client& c) {
  json out = {{"id", c.id}, {"clientId", c.client_id}};
  PutIfSet(out, "name", c.name);
  PutIfSet(out, "description", c.description);
  PutIfSet(out, "rootUrl", c.root_url);
  PutIfSet(out, "baseUrl", c.base_url);
  PutIfSet(out, "adminUrl", c.admin_url);
  out["surrogateAuthRequired"] = false;
  out["enabled"] = c.enabled;
  out["alwaysDisplayInConsole"] = false;
  out["clientAuthenticatorType"] = c.client_authenticator_type;
  if (c.confidential() && !c.secret.empty()) out["secret"] = c.secret;
  out["redirectUris"] = c.redirect_uris;
  out["webOrigins"] = c.web_origins;
  out["notBefore"] = 0;
  out["bearerOnly"] = c.bearer_only;
  out["consentRequired"] = false;
  out["standardFlowEnabled"] = c.standard_flow_enabled;
  out["implicitFlowEnabled"] = c.implicit_flow_enabled;
  out["directAccessGrantsEnabled"] = c.direct_access_grants_enabled;
  out["serviceAccountsEnabled"] = c.service_accounts_enabled;
  out["publicClient"] = c.public_client;
  out["frontchannelLogout"] = true;
  out["protocol"] = c.protocol;
  out["attributes"] = c.attributes;
  out["fullScopeAllowed"] = c.full_scope_allowed;
  out["nodeReRegistrationTimeout"] = -1;
  json mappers = json::array();
  for (const ProtocolMapper& m : c.protocol_mappers) {
    mappers.push_back({{"id", m.id},
                       {"name", m.name},
                       {"protocol", m.protocol},
                       {"protocolMapper", m.protocol_mapper},
                       {"consentRequired", m.consent_required},
                       {"config", m.config}});
  }
  if (!mappers.empty()) out["protocolMappers"] = mappers;
  out["defaultClientScopes"] = c.default_client_scopes;
  out["optionalClientScopes"] = c.optional_client_scopes;
  out["access"] = FullAccess({"view", "configure", "manage"});
  return out;
}

json GroupRepresentation(const Group& group, bool brief, const std::string& parent_id) {
  json out = {{"id", group.id}, {"name", group.name}, {"path", group.path}};
  if (!parent_id.empty()) out["parentId"] = parent_id;
  out["subGroupCount"] = group.sub_groups.size();
  json subs = json::array();
  for (const Group& sub : group.sub_groups)
    subs.push_back(GroupRepresentation(sub, brief, group.id));
  out["subGroups"] = std::move(subs);
  if (brief) return out;
  out["attributes"] = AttributesJson(group.attributes);
  out["realmRoles"] = group.realm_roles;
  out["clientRoles"] = group.client_roles;
  out["access"] =
      FullAccess({"view", "viewMembers", "manageMembers", "manage", "manageMembership"});
  return out;
}

Status ApplyUserRepresentation(const json& rep, User& user) {
  if (!rep.is_object()) return MakeError("BadRequest", "expected a UserRepresentation object");
  for (Status s :
       {ReadString(rep, "username", user.username, true),
        ReadString(rep, "email", user.email, true), ReadString(rep, "firstName", user.first_name),
        ReadString(rep, "lastName", user.last_name), ReadBool(rep, "enabled", user.enabled),
        ReadBool(rep, "emailVerified", user.email_verified), ReadAttributes(rep, user.attributes),
        ReadStrings(rep, "requiredActions", user.required_actions)}) {
    if (!s.ok()) return s;
  }
  return Ok();
}

}  // namespace sim::identity
