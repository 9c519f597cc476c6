#pragma once
// Reads a realm file in Keycloak's export format (full or partial: a
// directory export's users file, a hand-written fragment). Fields the model
// does not hold are ignored here and kept in Realm::raw; missing sections are
// empty. A broken file fails with the JSON path of the first problem:
//   InvalidRealm "users[3].credentials[0].secretData: not valid JSON"
//
// Like Keycloak creating a realm, an import without "default-roles-<realm>"
// gets it (with offline_access and uma_authorization, or the legacy
// "defaultRoles" list as its composites).
//
// Role and group references that name nothing are not errors, since a
// fragment may refer to what another file or Keycloak's built-in clients
// define; UnresolvedReferences (effective_roles.h) lists them.

#include <string_view>

#include "emulators/identity/realm/realm.h"
#include "sim/core/result.h"

namespace sim::identity {

inline constexpr std::string_view kInvalidRealm = "InvalidRealm";

Result<Realm> ImportRealm(std::string_view json_text);

}  // namespace sim::identity
