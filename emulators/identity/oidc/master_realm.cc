#include "emulators/identity/oidc/master_realm.h"

#include "emulators/identity/oidc/realm_directory.h"

namespace sim::identity {
namespace {

Role MasterRole(std::string name, std::string description,
                std::vector<std::string> composites = {}) {
  Role role;
  role.id = NameBasedUuid("master/role/" + name);
  role.name = std::move(name);
  role.description = std::move(description);
  role.composite_realm_roles = std::move(composites);
  return role;
}

}  // namespace

Realm MasterRealm(std::string_view admin_username, std::string_view admin_password) {
  Realm realm;
  realm.name = std::string(kMasterRealm);
  realm.id = NameBasedUuid("realm/master");
  realm.display_name = "Keycloak";
  // Keycloak gives master one-minute access tokens; the admin client refreshes.
  realm.settings.access_token_lifespan = 60;
  realm.default_role = "default-roles-master";
  realm.realm_roles = {
      MasterRole(std::string(kAdminRole), "${role_admin}", {"create-realm"}),
      MasterRole("create-realm", "${role_create-realm}"),
      MasterRole("offline_access", "${role_offline-access}"),
      MasterRole("uma_authorization", "${role_uma_authorization}"),
      MasterRole(realm.default_role, "${role_default-roles}",
                 {"offline_access", "uma_authorization"}),
  };

  Client cli;
  cli.client_id = std::string(kAdminCli);
  cli.id = NameBasedUuid("master/client/admin-cli");
  cli.name = "${client_admin-cli}";
  cli.public_client = true;
  cli.standard_flow_enabled = false;
  cli.direct_access_grants_enabled = true;
  realm.clients.push_back(cli);

  User admin;
  admin.username = Lowercase(admin_username);
  admin.id = NameBasedUuid("master/user/" + admin.username);
  admin.enabled = true;
  admin.realm_roles = {std::string(kAdminRole), realm.default_role};
  Credential password;
  password.id = NameBasedUuid("master/credential/" + admin.username);
  password.plain_value = std::string(admin_password);
  admin.credentials.push_back(std::move(password));
  realm.users.push_back(std::move(admin));
  return realm;
}

}  // namespace sim::identity
