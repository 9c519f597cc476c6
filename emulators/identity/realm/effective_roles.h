#pragma once
// The roles a user holds, as Keycloak computes them for realm_access and
// resource_access: direct mappings, the mappings of each of the user's groups
// and of their parent groups, and the realm's default role, with composite
// roles expanded transitively. A name no role has grants nothing.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "emulators/identity/realm/realm.h"

namespace sim::identity {

struct EffectiveRoles {
  std::set<std::string> realm_roles;
  std::map<std::string, std::set<std::string>> client_roles;  // clientId -> role names

  bool HasRealmRole(const std::string& name) const { return realm_roles.count(name) > 0; }
  bool HasClientRole(const std::string& client_id, const std::string& name) const;
};

EffectiveRoles ComputeEffectiveRoles(const Realm& realm, const User& user);

// Adds the named roles and everything their composites include to `roles`.
void ExpandRoles(const Realm& realm, const std::vector<std::string>& realm_roles,
                 const ClientRoleNames& client_roles, EffectiveRoles& roles);

// References in the realm that name no role, group, client or client scope,
// one line each with its JSON path: `users[2].realmRoles[0]: no realm role "admn"`.
// Not import errors (see realm_import.h), but worth showing to whoever wrote the file.
std::vector<std::string> UnresolvedReferences(const Realm& realm);

}  // namespace sim::identity
