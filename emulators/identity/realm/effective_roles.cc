#include "emulators/identity/realm/effective_roles.h"

namespace sim::identity {
namespace {

// Grants one role and, on first sight, what its composites include. The
// "already granted" check also ends cycles between composites.
void Grant(const Realm& realm, const std::string& client_id, const std::string& name,
           EffectiveRoles& roles) {
  const Role* role =
      client_id.empty() ? realm.FindRealmRole(name) : realm.FindClientRole(client_id, name);
  if (role == nullptr) return;
  auto& granted = client_id.empty() ? roles.realm_roles : roles.client_roles[client_id];
  if (!granted.insert(name).second) return;
  ExpandRoles(realm, role->composite_realm_roles, role->composite_client_roles, roles);
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// Collects unresolved references with their paths.
class ReferenceChecker {
 public:
  explicit ReferenceChecker(const Realm& realm) : realm_(realm) {}
  std::vector<std::string> problems;

  void RoleMappings(const std::string& path, const std::vector<std::string>& realm_roles,
                    const ClientRoleNames& client_roles, const char* realm_key,
                    const char* client_key) {
    for (std::size_t i = 0; i < realm_roles.size(); ++i) {
      if (realm_.FindRealmRole(realm_roles[i]) == nullptr) {
        Report(path + "." + realm_key + Index(i), "no realm role " + Quoted(realm_roles[i]));
      }
    }
    for (const auto& [client_id, names] : client_roles) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (realm_.FindClientRole(client_id, names[i]) == nullptr) {
          Report(path + "." + client_key + "." + client_id + Index(i),
                 "no role " + Quoted(names[i]) + " on client " + Quoted(client_id));
        }
      }
    }
  }

  void Groups(const std::vector<Group>& groups, const std::string& path) {
    for (std::size_t i = 0; i < groups.size(); ++i) {
      std::string at = path + Index(i);
      RoleMappings(at, groups[i].realm_roles, groups[i].client_roles, "realmRoles", "clientRoles");
      Groups(groups[i].sub_groups, at + ".subGroups");
    }
  }

  void Scopes(const std::string& path, const std::vector<std::string>& names) {
    // Without any client scopes in the file, the names refer to the ones
    // Keycloak creates with every realm.
    if (realm_.client_scopes.empty()) return;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (realm_.FindClientScope(names[i]) == nullptr) {
        Report(path + Index(i), "no client scope " + Quoted(names[i]));
      }
    }
  }

  void Report(const std::string& path, const std::string& what) {
    problems.push_back(path + ": " + what);
  }

 private:
  static std::string Index(std::size_t i) { return "[" + std::to_string(i) + "]"; }
  const Realm& realm_;
};

}  // namespace

bool EffectiveRoles::HasClientRole(const std::string& client_id, const std::string& name) const {
  auto it = client_roles.find(client_id);
  return it != client_roles.end() && it->second.count(name) > 0;
}

void ExpandRoles(const Realm& realm, const std::vector<std::string>& realm_roles,
                 const ClientRoleNames& client_roles, EffectiveRoles& roles) {
  for (const auto& name : realm_roles) Grant(realm, "", name, roles);
  for (const auto& [client_id, names] : client_roles) {
    for (const auto& name : names) Grant(realm, client_id, name, roles);
  }
}

EffectiveRoles ComputeEffectiveRoles(const Realm& realm, const User& user) {
  EffectiveRoles roles;
  ExpandRoles(realm, user.realm_roles, user.client_roles, roles);
  // A member of /customers/premium holds what /customers grants as well.
  for (const auto& path : user.groups) {
    for (const Group* group : realm.GroupChain(path)) {
      ExpandRoles(realm, group->realm_roles, group->client_roles, roles);
    }
  }
  if (!realm.default_role.empty()) Grant(realm, "", realm.default_role, roles);
  return roles;
}

std::vector<std::string> UnresolvedReferences(const Realm& realm) {
  ReferenceChecker check(realm);
  for (std::size_t i = 0; i < realm.realm_roles.size(); ++i) {
    const Role& role = realm.realm_roles[i];
    check.RoleMappings("roles.realm[" + std::to_string(i) + "].composites",
                       role.composite_realm_roles, role.composite_client_roles, "realm", "client");
  }
  for (const auto& [client_id, roles] : realm.client_roles) {
    if (realm.FindClient(client_id) == nullptr && !realm.clients.empty()) {
      check.Report("roles.client." + client_id, "no client " + Quoted(client_id));
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
      check.RoleMappings("roles.client." + client_id + "[" + std::to_string(i) + "].composites",
                         roles[i].composite_realm_roles, roles[i].composite_client_roles, "realm",
                         "client");
    }
  }
  for (std::size_t i = 0; i < realm.clients.size(); ++i) {
    std::string at = "clients[" + std::to_string(i) + "]";
    check.Scopes(at + ".defaultClientScopes", realm.clients[i].default_client_scopes);
    check.Scopes(at + ".optionalClientScopes", realm.clients[i].optional_client_scopes);
  }
  check.Groups(realm.groups, "groups");
  for (std::size_t i = 0; i < realm.users.size(); ++i) {
    const User& user = realm.users[i];
    std::string at = "users[" + std::to_string(i) + "]";
    check.RoleMappings(at, user.realm_roles, user.client_roles, "realmRoles", "clientRoles");
    for (std::size_t g = 0; g < user.groups.size(); ++g) {
      if (realm.GroupChain(user.groups[g]).empty()) {
        check.Report(at + ".groups[" + std::to_string(g) + "]",
                     "no group " + Quoted(user.groups[g]));
      }
    }
    const std::string& owner = user.service_account_client_id;
    if (!owner.empty() && realm.FindClient(owner) == nullptr) {
      check.Report(at + ".serviceAccountClientId", "no client " + Quoted(owner));
    }
  }
  return check.problems;
}

}  // namespace sim::identity
