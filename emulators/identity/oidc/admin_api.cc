#include "emulators/identity/oidc/admin_api.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "emulators/identity/oidc/admin_representations.h"
#include "emulators/identity/oidc/master_realm.h"

namespace sim::identity {

using nlohmann::json;
using namespace admin;

namespace {

std::string BearerToken(const aws::HttpRequest& request) {
  const std::string* header = request.Header("Authorization");
  if (header == nullptr || header->size() <= 7 || Lowercase(header->substr(0, 7)) != "bearer ")
    return "";
  return header->substr(7);
}

std::vector<std::string> Segments(std::string_view rest) {
  std::vector<std::string> out;
  while (!rest.empty()) {
    if (rest.front() == '/') {
      rest.remove_prefix(1);
      continue;
    }
    std::string_view segment = rest.substr(0, rest.find('/'));
    out.push_back(aws::UrlDecode(segment, false));
    rest.remove_prefix(segment.size());
  }
  return out;
}

json RealmRepresentation(const Realm& realm) {
  json out = RealmSummary(realm);
  const RealmSettings& s = realm.settings;
  out["accessTokenLifespan"] = s.access_token_lifespan;
  out["accessCodeLifespan"] = s.access_code_lifespan;
  out["ssoSessionIdleTimeout"] = s.sso_session_idle_timeout;
  out["ssoSessionMaxLifespan"] = s.sso_session_max_lifespan;
  out["sslRequired"] = s.ssl_required;
  out["registrationAllowed"] = s.registration_allowed;
  out["loginWithEmailAllowed"] = s.login_with_email_allowed;
  out["duplicateEmailsAllowed"] = s.duplicate_emails_allowed;
  out["resetPasswordAllowed"] = s.reset_password_allowed;
  out["bruteForceProtected"] = s.brute_force_protected;
  out["failureFactor"] = s.failure_factor;
  out["defaultSignatureAlgorithm"] = s.default_signature_algorithm;
  return out;
}

json RoleList(const std::vector<Role>& roles, const std::string& container_id, const Form& query,
              bool brief_default) {
  std::string search = QueryString(query, "search");
  bool brief = QueryBool(query, "briefRepresentation", brief_default);
  json out = json::array();
  for (const Role& role : roles) {
    if (search.empty() || ContainsFolded(role.name, search))
      out.push_back(RoleRepresentation(role, container_id, brief));
  }
  return Page(out, query, 100);
}

const std::vector<Role>& ClientRoles(const Realm& realm, const Client& client) {
  static const std::vector<Role> kNone;
  auto it = realm.client_roles.find(client.client_id);
  return it == realm.client_roles.end() ? kNone : it->second;
}

// Groups whose name, or a descendant's, contains `search`, pruned to those paths.
std::optional<Group> MatchingGroup(const Group& group, const std::string& search) {
  if (ContainsFolded(group.name, search)) return group;
  Group pruned = group;
  pruned.sub_groups.clear();
  for (const Group& sub : group.sub_groups)
    if (auto kept = MatchingGroup(sub, search)) pruned.sub_groups.push_back(std::move(*kept));
  if (pruned.sub_groups.empty()) return std::nullopt;
  return pruned;
}

bool IsMember(const User& user, const Realm& realm, const Group& group) {
  for (const std::string& path : user.groups) {
    auto chain = realm.GroupChain(path);
    if (!chain.empty() && chain.back()->id == group.id) return true;
  }
  return false;
}

json UserList(const Realm& realm, const Form& query, const std::function<bool(const User&)>& keep) {
  std::vector<const User*> users;
  for (const User& u : realm.users)
    if (keep(u)) users.push_back(&u);
  std::sort(users.begin(), users.end(),
            [](const User* a, const User* b) { return a->username < b->username; });
  bool brief = QueryBool(query, "briefRepresentation", false);
  json out = json::array();
  for (const User* u : users) out.push_back(UserRepresentation(*u, brief));
  return Page(out, query, 100);
}

}  // namespace

AdminAccess CheckAdminAccess(const aws::HttpRequest& request, TokenService& master_tokens,
                             const Directory& master) {
  std::string token = BearerToken(request);
  if (token.empty()) return AdminAccess::kUnauthorized;
  auto claims = master_tokens.ActiveAccessToken(token);
  if (!claims) return AdminAccess::kUnauthorized;
  const DirectoryUser* user = master.FindUserById(claims->value("sub", ""));
  if (user == nullptr || !user->enabled) return AdminAccess::kUnauthorized;
  // The user's roles now, not the token's: revoking `admin` takes effect at once, as in Keycloak.
  const auto& roles = user->realm_roles;
  bool admin = std::find(roles.begin(), roles.end(), kAdminRole) != roles.end();
  return admin ? AdminAccess::kAllowed : AdminAccess::kForbidden;
}

aws::HttpReply AdminAccessDenied(AdminAccess access) {
  return access == AdminAccess::kForbidden ? Error(403, "HTTP 403 Forbidden")
                                           : Error(401, "HTTP 401 Unauthorized");
}

json RealmSummary(const Realm& realm) {
  json out = {{"id", realm.id}, {"realm", realm.name}};
  if (!realm.display_name.empty()) out["displayName"] = realm.display_name;
  out["enabled"] = realm.enabled;
  return out;
}

long long AdminApi::NowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_->Now().time_since_epoch())
      .count();
}

aws::HttpReply AdminApi::Handle(RealmDirectory& realm, std::string_view rest,
                                const aws::HttpRequest& request, const std::string& realm_url) {
  Call call;
  call.method = request.method;
  call.path = Segments(rest);
  for (auto& [k, v] : aws::ParseQueryString(request.RawQuery()))
    call.query.emplace(std::move(k), std::move(v));
  call.body = request.body;
  call.realm_url = realm_url;

  if (call.path.empty()) {
    return call.method == "GET" ? Json(200, RealmRepresentation(realm.realm()))
                                : MethodNotAllowed();
  }
  const std::string& resource = call.path[0];
  if (resource == "users") return Users(realm, call);
  if (call.method != "GET") return MethodNotAllowed();  // the rest is read-only here
  if (resource == "clients") return Clients(realm, call);
  if (resource == "roles") return Roles(realm, call);
  if (resource == "groups") return Groups(realm, call);
  return NotFound();
}

aws::HttpReply AdminApi::Clients(const RealmDirectory& directory, const Call& call) {
  const Realm& realm = directory.realm();
  const auto& path = call.path;
  if (path.size() == 1) {
    std::string client_id = QueryString(call.query, "clientId");
    bool search = QueryBool(call.query, "search", false);
    json out = json::array();
    for (const Client& c : realm.clients) {
      bool match = client_id.empty() ||
                   (search ? ContainsFolded(c.client_id, client_id) : c.client_id == client_id);
      if (match) out.push_back(ClientRepresentation(c));
    }
    return Json(200, Page(out, call.query, 100));
  }
  const Client* client = realm.FindClientById(path[1]);
  if (client == nullptr) return Error(404, "Could not find client");
  if (path.size() == 2) return Json(200, ClientRepresentation(*client));
  const std::string& sub = path[2];
  if (sub == "roles" && path.size() == 3)
    return Json(200, RoleList(ClientRoles(realm, *client), client->id, call.query, true));
  if (sub == "roles" && path.size() == 4) {
    const Role* role = realm.FindClientRole(client->client_id, path[3]);
    if (role == nullptr) return Error(404, "Could not find role");
    return Json(200, RoleRepresentation(*role, client->id, false));
  }
  if (sub == "client-secret" && path.size() == 3) {
    if (!client->confidential()) return Error(400, "unknown_error");
    return Json(200, {{"type", "secret"}, {"value", client->secret}});
  }
  if (sub == "service-account-user" && path.size() == 3) {
    const User* user = realm.FindServiceAccount(client->client_id);
    if (user == nullptr)
      return Error(400, "Service account not enabled for the client '" + client->client_id + "'");
    return Json(200, UserRepresentation(*user, false));
  }
  return NotFound();
}

aws::HttpReply AdminApi::Roles(const RealmDirectory& directory, const Call& call) {
  const Realm& realm = directory.realm();
  const auto& path = call.path;
  if (path.size() == 1) return Json(200, RoleList(realm.realm_roles, realm.id, call.query, true));
  const Role* role = realm.FindRealmRole(path[1]);
  if (role == nullptr) return Error(404, "Could not find role");
  if (path.size() == 2) return Json(200, RoleRepresentation(*role, realm.id, false));
  if (path.size() == 3 && path[2] == "users") {
    // Direct holders only, as Keycloak lists them.
    return Json(200, UserList(realm, call.query, [&](const User& u) {
                  return std::find(u.realm_roles.begin(), u.realm_roles.end(), role->name) !=
                         u.realm_roles.end();
                }));
  }
  return NotFound();
}

aws::HttpReply AdminApi::Groups(const RealmDirectory& directory, const Call& call) {
  const Realm& realm = directory.realm();
  const auto& path = call.path;
  std::string search = QueryString(call.query, "search");
  bool brief = QueryBool(call.query, "briefRepresentation", true);
  if (path.size() == 1) {
    json out = json::array();
    for (const Group& g : realm.groups) {
      if (search.empty()) {
        out.push_back(GroupRepresentation(g, brief));
      } else if (auto kept = MatchingGroup(g, search)) {
        out.push_back(GroupRepresentation(*kept, brief));
      }
    }
    return Json(200, Page(out, call.query, 100));
  }
  if (path.size() == 2 && path[1] == "count") {
    std::size_t count = 0;
    for (const Group& g : realm.groups) count += search.empty() || MatchingGroup(g, search) ? 1 : 0;
    return Json(200, {{"count", count}});
  }
  const Group* group = realm.FindGroupById(path[1]);
  if (group == nullptr) return Error(404, "Could not find group by id");
  if (path.size() == 2) return Json(200, GroupRepresentation(*group, false));
  if (path.size() == 3 && path[2] == "children") {
    json out = json::array();
    for (const Group& sub : group->sub_groups)
      out.push_back(GroupRepresentation(sub, brief, group->id));
    return Json(200, Page(out, call.query, 100));
  }
  if (path.size() == 3 && path[2] == "members") {
    return Json(200, UserList(realm, call.query,
                              [&](const User& u) { return IsMember(u, realm, *group); }));
  }
  return NotFound();
}

}  // namespace sim::identity
