// The admin API's users resource: listing and search, create, read, update,
// delete and reset-password. Role mappings and group membership are in
// admin_user_mappings.cc.

#include <algorithm>
#include <sstream>

#include "emulators/identity/oidc/admin_api.h"
#include "emulators/identity/oidc/admin_representations.h"

namespace sim::identity {

using nlohmann::json;
using namespace admin;

namespace {

constexpr std::string_view kUpdatePassword = "UPDATE_PASSWORD";

bool FieldMatches(const std::string& value, const Form& query, const char* name, bool exact) {
  auto it = query.find(name);
  if (it == query.end()) return true;
  return exact ? Lowercase(value) == Lowercase(it->second) : ContainsFolded(value, it->second);
}

bool FlagMatches(bool value, const Form& query, const char* name) {
  auto it = query.find(name);
  return it == query.end() || value == (Lowercase(it->second) == "true");
}

// q=key:value key2:value2, every attribute matching exactly.
bool AttributesMatch(const User& user, const std::string& q) {
  std::istringstream terms(q);
  for (std::string term; terms >> term;) {
    auto colon = term.find(':');
    if (colon == std::string::npos) continue;
    auto it = user.attributes.find(term.substr(0, colon));
    if (it == user.attributes.end()) return false;
    if (std::find(it->second.begin(), it->second.end(), term.substr(colon + 1)) == it->second.end())
      return false;
  }
  return true;
}

// Keycloak's user query. `search` is a case-insensitive substring of the
// username, email, first or last name ("*" or "" matches everyone; "*" around
// the text is dropped); without it, each given field must match, as a
// substring or, with exact=true, in full. Service accounts are never listed.
bool Matches(const User& user, const Form& query) {
  if (!user.service_account_client_id.empty()) return false;
  if (!FlagMatches(user.enabled, query, "enabled") ||
      !FlagMatches(user.email_verified, query, "emailVerified")) {
    return false;
  }
  if (!AttributesMatch(user, QueryString(query, "q"))) return false;
  if (auto it = query.find("search"); it != query.end()) {
    std::string text = it->second;
    text.erase(0, text.find_first_not_of('*'));
    text.erase(text.find_last_not_of('*') + 1);
    return text.empty() || ContainsFolded(user.username, text) ||
           ContainsFolded(user.email, text) || ContainsFolded(user.first_name, text) ||
           ContainsFolded(user.last_name, text);
  }
  bool exact = QueryBool(query, "exact", false);
  return FieldMatches(user.username, query, "username", exact) &&
         FieldMatches(user.email, query, "email", exact) &&
         FieldMatches(user.first_name, query, "firstName", exact) &&
         FieldMatches(user.last_name, query, "lastName", exact);
}

json CredentialRepresentation(const Credential& c) {
  json out = {{"id", c.id}, {"type", c.type}, {"createdDate", c.created_date}};
  if (!c.user_label.empty()) out["userLabel"] = c.user_label;
  if (!c.credential_data.empty()) out["credentialData"] = c.credential_data;
  return out;
}

void MarkTemporary(User& user, bool temporary) {
  auto& actions = user.required_actions;
  auto it = std::find(actions.begin(), actions.end(), kUpdatePassword);
  if (temporary && it == actions.end()) actions.emplace_back(kUpdatePassword);
  if (!temporary && it != actions.end()) actions.erase(it);
}

}  // namespace

aws::HttpReply AdminApi::Users(RealmDirectory& realm, const Call& call) {
  const auto& path = call.path;
  const std::string& method = call.method;
  if (path.size() == 1) {
    if (method == "POST") return CreateUser(realm, call);
    if (method != "GET") return MethodNotAllowed();
    std::vector<const User*> users;
    for (const User& u : realm.realm().users)
      if (Matches(u, call.query)) users.push_back(&u);
    std::sort(users.begin(), users.end(),
              [](const User* a, const User* b) { return a->username < b->username; });
    bool brief = QueryBool(call.query, "briefRepresentation", false);
    json out = json::array();
    for (const User* u : users) out.push_back(UserRepresentation(*u, brief));
    return Json(200, Page(out, call.query, 100));
  }
  if (path.size() == 2 && path[1] == "count" && method == "GET") {
    std::size_t count = 0;
    for (const User& u : realm.realm().users) count += Matches(u, call.query) ? 1 : 0;
    return Json(200, count);
  }
  const User* user = realm.StoredUser(path[1]);
  if (user == nullptr) return Error(404, "User not found");
  if (path.size() == 2) {
    if (method == "GET") return Json(200, UserRepresentation(*user, false));
    if (method == "PUT") return UpdateUser(realm, *user, call);
    if (method == "DELETE") {
      realm.RemoveUser(std::string(user->id));  // a copy: the user goes away
      return NoContent();
    }
    return MethodNotAllowed();
  }
  const std::string& sub = path[2];
  if (sub == "reset-password" && path.size() == 3) {
    return method == "PUT" ? ResetPassword(realm, *user, call) : MethodNotAllowed();
  }
  if (sub == "credentials" && path.size() == 3 && method == "GET") {
    json out = json::array();
    for (const Credential& c : user->credentials) out.push_back(CredentialRepresentation(c));
    return Json(200, out);
  }
  if (sub == "role-mappings") return RoleMappings(realm, *user, call);
  if (sub == "groups") return UserGroups(realm, *user, call);
  return NotFound();
}

aws::HttpReply AdminApi::CreateUser(RealmDirectory& realm, const Call& call) {
  auto rep = ParseBody(call);
  if (!rep || !rep->is_object()) return BadJson();
  User user;
  user.id = rng_->Uuid();
  user.created_timestamp = NowMillis();
  user.enabled = false;  // Keycloak's default when the representation leaves it out
  if (Status applied = ApplyUserRepresentation(*rep, user); !applied.ok()) {
    return ErrorMessage(400, applied.error().message);
  }
  if (user.username.empty()) return ErrorMessage(400, "User name is missing");
  // Keycloak maps a new user to the realm's default role directly.
  if (!realm.realm().default_role.empty()) user.realm_roles.push_back(realm.realm().default_role);
  if (auto groups = rep->find("groups"); groups != rep->end() && groups->is_array()) {
    for (const json& path : *groups) {
      std::string group = path.is_string() ? path.get<std::string>() : "";
      if (realm.realm().GroupChain(group).empty())
        return ErrorMessage(400, "Group " + group + " not found");
      user.groups.push_back(realm.realm().GroupChain(group).back()->path);
    }
  }
  if (auto credentials = rep->find("credentials"); credentials != rep->end())
    SetPasswords(*credentials, user);
  std::string id = user.id;
  if (Status added = realm.AddUser(std::move(user)); !added.ok()) {
    return ErrorMessage(added.error().http_status, added.error().message);
  }
  return Created(call.realm_url + "/users/" + id);
}

aws::HttpReply AdminApi::UpdateUser(RealmDirectory& realm, const User& user, const Call& call) {
  auto rep = ParseBody(call);
  if (!rep || !rep->is_object()) return BadJson();
  User updated = user;
  if (Status applied = ApplyUserRepresentation(*rep, updated); !applied.ok()) {
    return ErrorMessage(400, applied.error().message);
  }
  if (updated.username.empty()) return ErrorMessage(400, "User name is missing");
  if (auto credentials = rep->find("credentials"); credentials != rep->end())
    SetPasswords(*credentials, updated);
  if (Status stored = realm.UpdateUser(std::move(updated)); !stored.ok()) {
    if (stored.error().http_status == 409)
      return ErrorMessage(409, "User exists with same username or email");
    return Error(stored.error().http_status, stored.error().message);
  }
  return NoContent();
}

aws::HttpReply AdminApi::ResetPassword(RealmDirectory& realm, const User& user, const Call& call) {
  auto rep = ParseBody(call);
  if (!rep || !rep->is_object()) return BadJson();
  std::string type = StringField(*rep, "type");
  if (!type.empty() && type != kPasswordType) return Error(400, "Unsupported credential type");
  if (StringField(*rep, "value").empty()) return Error(400, "No password provided");
  User updated = user;
  SetPasswords(json::array({*rep}), updated);
  if (Status stored = realm.UpdateUser(std::move(updated)); !stored.ok()) {
    return Error(stored.error().http_status, stored.error().message);
  }
  return NoContent();
}

void AdminApi::SetPasswords(const json& credentials, User& user) {
  if (!credentials.is_array()) return;
  for (const json& c : credentials) {
    std::string type = StringField(c, "type");
    std::string value = StringField(c, "value");
    if ((!type.empty() && type != kPasswordType) || value.empty()) continue;
    // Stored hashed, as Keycloak stores a password the admin API sets.
    Credential password = HashPassword(value, *rng_);
    password.created_date = NowMillis();
    std::erase_if(user.credentials,
                  [](const Credential& old) { return old.type == kPasswordType; });
    user.credentials.push_back(std::move(password));
    bool temporary =
        c.contains("temporary") && c["temporary"].is_boolean() && c["temporary"].get<bool>();
    MarkTemporary(user, temporary);
  }
}

}  // namespace sim::identity
