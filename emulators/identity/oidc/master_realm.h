#pragma once
// Keycloak's master realm as a fresh Keycloak creates it when started with
// KEYCLOAK_ADMIN / KEYCLOAK_ADMIN_PASSWORD: the public client `admin-cli`
// (direct access grants only) and one admin user holding the realm role
// `admin`, whose tokens open the admin REST API (admin_api.h).
//
// Ids are name-based, so tokens of a persistent sim keep naming the same
// admin user across restarts. The password stays in plain form (see
// credentials.h): hashing it would cost every admin login 27500 PBKDF2
// rounds for no benefit in a local sim.

#include <string_view>

#include "emulators/identity/realm/realm.h"

namespace sim::identity {

inline constexpr std::string_view kMasterRealm = "master";
inline constexpr std::string_view kAdminCli = "admin-cli";
inline constexpr std::string_view kAdminRole = "admin";

Realm MasterRealm(std::string_view admin_username, std::string_view admin_password);

}  // namespace sim::identity
