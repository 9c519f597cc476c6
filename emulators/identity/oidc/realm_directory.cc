#include "emulators/identity/oidc/realm_directory.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "emulators/identity/realm/credentials.h"
#include "emulators/identity/realm/effective_roles.h"
#include "emulators/identity/realm/realm_import.h"
#include "sim/aws/crypto.h"

namespace sim::identity {

namespace {

nlohmann::json MapperJson(const ProtocolMapper& mapper) {
  return {{"name", mapper.name}, {"protocolMapper", mapper.protocol_mapper}, {"config", mapper.config}};
}

std::vector<std::string> Sorted(const std::set<std::string>& values) {
  return {values.begin(), values.end()};
}

// Admin API paths and role mappings name objects by id; a hand-written
// realm file may leave ids out. Name-based ids stay the same across restarts.
void AssignGroupIds(const std::string& realm, std::vector<Group>& groups) {
  for (Group& g : groups) {
    if (g.id.empty()) g.id = NameBasedUuid(realm + "/group" + g.path);
    AssignGroupIds(realm, g.sub_groups);
  }
}

void AssignMissingIds(Realm& realm) {
  const std::string& name = realm.name;
  if (realm.id.empty()) realm.id = NameBasedUuid("realm/" + name);
  for (Role& r : realm.realm_roles)
    if (r.id.empty()) r.id = NameBasedUuid(name + "/role/" + r.name);
  for (auto& [client_id, roles] : realm.client_roles)
    for (Role& r : roles)
      if (r.id.empty()) r.id = NameBasedUuid(name + "/client-role/" + client_id + "/" + r.name);
  for (Client& c : realm.clients)
    if (c.id.empty()) c.id = NameBasedUuid(name + "/client/" + c.client_id);
  AssignGroupIds(name, realm.groups);
  for (User& u : realm.users)
    if (u.id.empty()) u.id = NameBasedUuid(name + "/user/" + u.username);
}

}  // namespace

std::string NameBasedUuid(std::string_view name) {
  std::string hex = aws::Hex(aws::Sha256(name)).substr(0, 32);
  hex[12] = '5';  // shaped like an RFC 4122 name-based UUID
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

RealmDirectory::RealmDirectory(Realm realm) : realm_(std::move(realm)) {
  AssignMissingIds(realm_);
  const RealmSettings& s = realm_.settings;
  policy_.name = realm_.name;
  policy_.access_token_lifespan = s.access_token_lifespan;
  policy_.access_code_lifespan = s.access_code_lifespan;
  policy_.access_code_lifespan_login = s.access_code_lifespan_login;
  policy_.sso_session_idle_timeout = s.sso_session_idle_timeout;
  policy_.sso_session_max_lifespan = s.sso_session_max_lifespan;
  policy_.brute_force_protected = s.brute_force_protected;
  policy_.failure_factor = s.failure_factor;
  policy_.wait_increment_seconds = s.wait_increment_seconds;
  policy_.max_failure_wait_seconds = s.max_failure_wait_seconds;
  policy_.permanent_lockout = s.permanent_lockout;
  policy_.revoke_refresh_token = s.revoke_refresh_token;
  policy_.refresh_token_max_reuse = s.refresh_token_max_reuse;

  for (const Client& c : realm_.clients) {
    DirectoryClient d;
    d.id = c.id;
    d.client_id = c.client_id;
    if (c.confidential()) d.secret = c.secret;
    d.enabled = c.enabled;
    d.public_client = c.public_client;
    d.bearer_only = c.bearer_only;
    d.service_accounts_enabled = c.service_accounts_enabled;
    d.direct_access_grants_enabled = c.direct_access_grants_enabled;
    d.standard_flow_enabled = c.standard_flow_enabled;
    d.redirect_uris = c.redirect_uris;
    if (auto it = c.attributes.find("post.logout.redirect.uris"); it != c.attributes.end()) {
      std::string list = it->second;
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = list.find("##", start);
        std::string uri = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (uri == "+") {  // "+": the same as the redirect URIs
          d.post_logout_redirect_uris.insert(d.post_logout_redirect_uris.end(), c.redirect_uris.begin(),
                                             c.redirect_uris.end());
        } else if (!uri.empty()) {
          d.post_logout_redirect_uris.push_back(uri);
        }
        if (end == std::string::npos) break;
        start = end + 2;
      }
    }
    d.pkce_method = c.pkce_method();
    d.default_scopes = c.default_client_scopes;
    d.optional_scopes = c.optional_client_scopes;
    for (const ProtocolMapper& m : c.protocol_mappers) d.protocol_mappers.push_back(MapperJson(m));
    // The mappers of the client's default scopes apply to its tokens too.
    for (const std::string& scope_name : c.default_client_scopes) {
      if (const ClientScope* scope = realm_.FindClientScope(scope_name))
        for (const ProtocolMapper& m : scope->protocol_mappers) d.protocol_mappers.push_back(MapperJson(m));
    }
    clients_[c.client_id] = std::move(d);
  }

  for (const User& u : realm_.users) Index(u);
}

void RealmDirectory::Index(const User& u) {
  DirectoryUser d;
  d.id = u.id;
  d.username = u.username;
  d.email = u.email;
  d.first_name = u.first_name;
  d.last_name = u.last_name;
  d.email_verified = u.email_verified;
  d.enabled = u.enabled;
  d.attributes = u.attributes;
  d.group_paths = u.groups;
  d.service_account_client = u.service_account_client_id;
  EffectiveRoles roles = ComputeEffectiveRoles(realm_, u);
  d.realm_roles = Sorted(roles.realm_roles);
  for (const auto& [client_id, names] : roles.client_roles) d.client_roles[client_id] = Sorted(names);
  ids_by_login_[Lowercase(u.username)] = u.id;
  if (!u.email.empty() && realm_.settings.login_with_email_allowed) {
    ids_by_login_.emplace(Lowercase(u.email), u.id);
  }
  users_[u.id] = std::move(d);
}

void RealmDirectory::Unindex(std::string_view id) {
  auto it = users_.find(id);
  if (it == users_.end()) return;
  for (const std::string& login : {Lowercase(it->second.username), Lowercase(it->second.email)}) {
    auto entry = ids_by_login_.find(login);
    if (entry != ids_by_login_.end() && entry->second == id) ids_by_login_.erase(entry);
  }
  users_.erase(it);
}

const User* RealmDirectory::StoredUser(std::string_view id) const {
  for (const User& u : realm_.users)
    if (u.id == id) return &u;
  return nullptr;
}

Status RealmDirectory::CheckUnique(const User& user) const {
  const User* same_name = realm_.FindUser(user.username);
  if (same_name != nullptr && same_name->id != user.id) {
    return MakeError("Conflict", "User exists with same username", 409);
  }
  if (realm_.settings.duplicate_emails_allowed) return Ok();
  const User* same_email = realm_.FindUserByEmail(user.email);
  if (same_email != nullptr && same_email->id != user.id) {
    return MakeError("Conflict", "User exists with same email", 409);
  }
  return Ok();
}

Status RealmDirectory::AddUser(User user) {
  if (StoredUser(user.id) != nullptr) return MakeError("Conflict", "User exists with same id", 409);
  if (Status unique = CheckUnique(user); !unique.ok()) return unique;
  realm_.users.push_back(std::move(user));
  Index(realm_.users.back());
  return Ok();
}

Status RealmDirectory::UpdateUser(User user) {
  auto it = std::find_if(realm_.users.begin(), realm_.users.end(),
                         [&](const User& u) { return u.id == user.id; });
  if (it == realm_.users.end()) return MakeError("NotFound", "User not found", 404);
  if (Status unique = CheckUnique(user); !unique.ok()) return unique;
  Unindex(user.id);
  *it = std::move(user);
  Index(*it);
  return Ok();
}

bool RealmDirectory::RemoveUser(std::string_view id) {
  auto it = std::find_if(realm_.users.begin(), realm_.users.end(),
                         [&](const User& u) { return u.id == id; });
  if (it == realm_.users.end()) return false;
  Unindex(id);
  realm_.users.erase(it);
  return true;
}

const DirectoryClient* RealmDirectory::FindClient(std::string_view client_id) const {
  auto it = clients_.find(client_id);
  return it == clients_.end() ? nullptr : &it->second;
}

const DirectoryUser* RealmDirectory::FindUser(std::string_view username_or_email) const {
  auto it = ids_by_login_.find(Lowercase(username_or_email));
  return it == ids_by_login_.end() ? nullptr : FindUserById(it->second);
}

const DirectoryUser* RealmDirectory::FindUserById(std::string_view id) const {
  auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

const DirectoryUser* RealmDirectory::ServiceAccountOf(const DirectoryClient& client) const {
  const User* user = realm_.FindServiceAccount(client.client_id);
  return user ? FindUserById(user->id) : nullptr;
}

bool RealmDirectory::CheckPassword(const DirectoryUser& user, std::string_view password) const {
  const User* stored = realm_.FindUser(user.username);
  if (stored == nullptr) return false;
  for (const Credential& credential : stored->credentials)
    if (VerifyPassword(credential, password)) return true;
  return false;
}

namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError("RealmImportFailed", path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<std::unique_ptr<RealmDirectory>> LoadRealmDirectory(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.error();
  Result<Realm> realm = ImportRealm(*text);
  if (!realm.ok()) return MakeError("RealmImportFailed", path + ": " + realm.error().message);
  return std::make_unique<RealmDirectory>(std::move(*realm));
}

Result<std::vector<std::unique_ptr<RealmDirectory>>> LoadRealmDirectories(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.error();
  std::vector<std::unique_ptr<RealmDirectory>> out;
  nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) {
    auto one = LoadRealmDirectory(path);
    if (!one.ok()) return one.error();
    out.push_back(std::move(*one));
    return out;
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    Result<Realm> realm = ImportRealm(parsed[i].dump());
    if (!realm.ok()) {
      // Put the element in front of the error's JSON path: "$: ..." or "users[3]...: ...".
      const std::string& message = realm.error().message;
      std::string element = "[" + std::to_string(i) + "]";
      std::string located = message.rfind("$", 0) == 0 ? element + message.substr(1) : element + "." + message;
      return MakeError("RealmImportFailed", path + ": " + located);
    }
    out.push_back(std::make_unique<RealmDirectory>(std::move(*realm)));
  }
  return out;
}

}  // namespace sim::identity
