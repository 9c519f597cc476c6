#pragma once
// Keycloak's admin REST representations (UserRepresentation,
// RoleRepresentation, ClientRepresentation, GroupRepresentation) of the realm
// model, in the camelCase JSON @keycloak/keycloak-admin-client reads. Like
// Keycloak, fields without a value are left out rather than sent as null.

#include <nlohmann/json.hpp>
#include <string>

#include "emulators/identity/realm/realm.h"
#include "sim/core/result.h"

namespace sim::identity {

// brief: what list endpoints send with briefRepresentation=true (no
// attributes, required actions or access).
nlohmann::json UserRepresentation(const User& user, bool brief);
// container_id: the realm's id for a realm role, the owning client's id for a client role.
nlohmann::json RoleRepresentation(const Role& role, const std::string& container_id, bool brief);
nlohmann::json ClientRepresentation(const Client& client);
// With its subGroups, nested.
nlohmann::json GroupRepresentation(const Group& group, bool brief,
                                   const std::string& parent_id = "");

// Applies the profile fields a UserRepresentation carries (username, email,
// firstName, lastName, enabled, emailVerified, attributes, requiredActions)
// to `user`; absent fields keep their value. Usernames and emails are
// lower-cased as Keycloak stores them. A field of the wrong JSON type is an
// error (400) naming it. Credentials, groups and roles are the caller's.
Status ApplyUserRepresentation(const nlohmann::json& rep, User& user);

}  // namespace sim::identity
