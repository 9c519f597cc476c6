#pragma once
// The token service's view of an imported Keycloak realm: policy from the
// realm settings, clients with the protocol mappers of their default client
// scopes, users with effective roles (groups and composites expanded once,
// at construction) and password checks against their stored credentials.

#include <memory>
#include <string>

#include "emulators/identity/oidc/directory.h"
#include "emulators/identity/realm/realm.h"
#include "sim/core/result.h"

namespace sim::identity {

class RealmDirectory final : public Directory {
 public:
  explicit RealmDirectory(Realm realm);

  const RealmPolicy& policy() const override { return policy_; }
  const DirectoryClient* FindClient(std::string_view client_id) const override;
  const DirectoryUser* FindUser(std::string_view username_or_email) const override;
  const DirectoryUser* FindUserById(std::string_view id) const override;
  const DirectoryUser* ServiceAccountOf(const DirectoryClient& client) const override;
  bool CheckPassword(const DirectoryUser& user, std::string_view password) const override;

  const Realm& realm() const { return realm_; }

 private:
  Realm realm_;
  RealmPolicy policy_;
  std::map<std::string, DirectoryClient, std::less<>> clients_;  // by clientId
  std::map<std::string, DirectoryUser, std::less<>> users_;      // by id
  std::map<std::string, std::string, std::less<>> ids_by_login_; // lower-case username/email -> id
};

// Reads and imports a realm export file. Errors name the file and the JSON path.
Result<std::unique_ptr<RealmDirectory>> LoadRealmDirectory(const std::string& path);

}  // namespace sim::identity
