// A user's role mappings and group membership in the admin API:
//   {id}/role-mappings                     GET  realm and client mappings together
//   {id}/role-mappings/realm               GET|POST|DELETE  direct realm roles
//   {id}/role-mappings/clients/{client}    GET|POST|DELETE  direct roles of one client
//   .../composite  GET  effective roles (groups, composites, default role)
//   .../available  GET  roles the user does not hold yet
//   {id}/groups                            GET
//   {id}/groups/{group}                    PUT|DELETE
// POST and DELETE take a list of role representations, matched by name; an
// id that names another role is refused, as Keycloak does.

#include <algorithm>

#include "emulators/identity/oidc/admin_api.h"
#include "emulators/identity/oidc/admin_representations.h"

namespace sim::identity {

using nlohmann::json;
using namespace admin;

namespace {

// Where a role mapping points: the realm's roles, or one client's.
struct RoleContainer {
  const std::vector<Role>* roles;
  const Client* client;  // nullptr for the realm
  std::string id;        // containerId: the realm's or the client's id

  std::vector<std::string>& Mapped(User& user) const {
    return client == nullptr ? user.realm_roles : user.client_roles[client->client_id];
  }
  std::vector<std::string> Mapped(const User& user) const {
    if (client == nullptr) return user.realm_roles;
    auto it = user.client_roles.find(client->client_id);
    return it == user.client_roles.end() ? std::vector<std::string>{} : it->second;
  }
  std::vector<std::string> Effective(const DirectoryUser& user) const {
    if (client == nullptr) return user.realm_roles;
    auto it = user.client_roles.find(client->client_id);
    return it == user.client_roles.end() ? std::vector<std::string>{} : it->second;
  }
  const Role* Find(const std::string& name) const {
    for (const Role& r : *roles)
      if (r.name == name) return &r;
    return nullptr;
  }
  json Representations(const std::vector<std::string>& names) const {
    json out = json::array();
    for (const std::string& name : names)
      if (const Role* role = Find(name)) out.push_back(RoleRepresentation(*role, id, true));
    return out;
  }
};

RoleContainer RealmContainer(const Realm& realm) { return {&realm.realm_roles, nullptr, realm.id}; }

std::optional<RoleContainer> ClientContainer(const Realm& realm, const std::string& client_uuid) {
  static const std::vector<Role> kNone;
  const Client* client = realm.FindClientById(client_uuid);
  if (client == nullptr) return std::nullopt;
  auto it = realm.client_roles.find(client->client_id);
  return RoleContainer{it == realm.client_roles.end() ? &kNone : &it->second, client, client->id};
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The roles a POST or DELETE body names, or nullopt when one is unknown.
std::optional<std::vector<const Role*>> RequestedRoles(const RoleContainer& container,
                                                       const json& body) {
  std::vector<const Role*> roles;
  for (const json& rep : body) {
    std::string name = StringField(rep, "name");
    std::string id = StringField(rep, "id");
    const Role* role = nullptr;
    for (const Role& r : *container.roles)
      if (name.empty() ? r.id == id : r.name == name) role = &r;
    if (role == nullptr || (!id.empty() && role->id != id)) return std::nullopt;
    roles.push_back(role);
  }
  return roles;
}

json GroupBrief(const Group& group) {
  return {{"id", group.id}, {"name", group.name}, {"path", group.path}};
}

aws::HttpReply Store(RealmDirectory& realm, User user) {
  Status stored = realm.UpdateUser(std::move(user));
  return stored.ok() ? NoContent() : Error(stored.error().http_status, stored.error().message);
}

aws::HttpReply ContainerMappings(RealmDirectory& realm, const User& user,
                                 const RoleContainer& container, const Call& call,
                                 std::size_t rest_at) {
  const auto& path = call.path;
  const DirectoryUser* effective = realm.FindUserById(user.id);
  if (path.size() == rest_at + 1 && call.method == "GET") {
    std::vector<std::string> names =
        effective ? container.Effective(*effective) : std::vector<std::string>{};
    if (path[rest_at] == "composite") return Json(200, container.Representations(names));
    if (path[rest_at] == "available") {
      json out = json::array();
      for (const Role& role : *container.roles)
        if (!Has(names, role.name)) out.push_back(RoleRepresentation(role, container.id, true));
      return Json(200, out);
    }
  }
  if (path.size() != rest_at) return NotFound();
  if (call.method == "GET") return Json(200, container.Representations(container.Mapped(user)));
  if (call.method != "POST" && call.method != "DELETE") return MethodNotAllowed();
  auto body = ParseBody(call);
  if (!body || !body->is_array()) return BadJson();
  auto roles = RequestedRoles(container, *body);
  if (!roles) return Error(404, "Role not found");
  User updated = user;
  std::vector<std::string>& mapped = container.Mapped(updated);
  for (const Role* role : *roles) {
    if (call.method == "POST" && !Has(mapped, role->name)) mapped.push_back(role->name);
    if (call.method == "DELETE") std::erase(mapped, role->name);
  }
  if (container.client != nullptr && mapped.empty())
    updated.client_roles.erase(container.client->client_id);
  return Store(realm, std::move(updated));
}

}  // namespace

aws::HttpReply AdminApi::RoleMappings(RealmDirectory& realm, const User& user, const Call& call) {
  const Realm& model = realm.realm();
  const auto& path = call.path;  // users, {id}, role-mappings, ...
  if (path.size() == 3) {
    if (call.method != "GET") return MethodNotAllowed();
    json out = json::object();
    json realm_mappings = RealmContainer(model).Representations(user.realm_roles);
    if (!realm_mappings.empty()) out["realmMappings"] = realm_mappings;
    json client_mappings = json::object();
    for (const auto& [client_id, names] : user.client_roles) {
      const Client* client = model.FindClient(client_id);
      if (client == nullptr) continue;
      json mappings = ClientContainer(model, client->id)->Representations(names);
      if (mappings.empty()) continue;
      client_mappings[client_id] = {
          {"id", client->id}, {"client", client_id}, {"mappings", mappings}};
    }
    if (!client_mappings.empty()) out["clientMappings"] = client_mappings;
    return Json(200, out);
  }
  if (path[3] == "realm") return ContainerMappings(realm, user, RealmContainer(model), call, 4);
  if (path[3] == "clients" && path.size() >= 5) {
    auto container = ClientContainer(model, path[4]);
    if (!container) return Error(404, "Client not found");
    return ContainerMappings(realm, user, *container, call, 5);
  }
  return NotFound();
}

aws::HttpReply AdminApi::UserGroups(RealmDirectory& realm, const User& user, const Call& call) {
  const Realm& model = realm.realm();
  const auto& path = call.path;  // users, {id}, groups, ...
  if (path.size() == 3) {
    if (call.method != "GET") return MethodNotAllowed();
    json out = json::array();
    for (const std::string& group_path : user.groups) {
      auto chain = model.GroupChain(group_path);
      if (!chain.empty()) out.push_back(GroupBrief(*chain.back()));
    }
    return Json(200, Page(out, call.query, 100));
  }
  if (path.size() != 4) return NotFound();
  if (call.method != "PUT" && call.method != "DELETE") return MethodNotAllowed();
  const Group* group = model.FindGroupById(path[3]);
  if (group == nullptr) return Error(404, "Group not found");
  User updated = user;
  // Paths as the realm file wrote them may lack the leading "/"; compare groups, not strings.
  std::erase_if(updated.groups, [&](const std::string& p) {
    auto chain = model.GroupChain(p);
    return !chain.empty() && chain.back()->id == group->id;
  });
  if (call.method == "PUT") updated.groups.push_back(group->path);
  return Store(realm, std::move(updated));
}

}  // namespace sim::identity
