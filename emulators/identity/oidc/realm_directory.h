#pragma once
// The token service's view of an imported Keycloak realm: policy from the
// realm settings, clients with the protocol mappers of their default client
// scopes, users with effective roles (groups and composites expanded once,
// at construction) and password checks against their stored credentials.
//
// The admin API (admin_api.h) changes users through AddUser, UpdateUser and
// RemoveUser; each recomputes that user's effective roles and login names,
// so the next grant sees the change. The changes live in memory only:
// nothing writes them back to the realm file or the StateStore, so a
// restarted sim starts again from the imported realm.

#include <memory>
#include <string>
#include <vector>

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

  // The stored user (credentials, direct role mappings, group paths) by id.
  const User* StoredUser(std::string_view id) const;
  // Fails with http_status 409 and Keycloak's message ("User exists with
  // same username", "... same email") when the username, or the email
  // without duplicateEmailsAllowed, belongs to another user.
  Status AddUser(User user);
  // Replaces the user with `user.id` (404 when there is none): profile,
  // credentials, role mappings and groups alike, so callers edit a copy of
  // StoredUser.
  Status UpdateUser(User user);
  bool RemoveUser(std::string_view id);

 private:
  Status CheckUnique(const User& user) const;
  // Builds the token service's view of `user` and its login names.
  void Index(const User& user);
  void Unindex(std::string_view id);

  Realm realm_;
  RealmPolicy policy_;
  std::map<std::string, DirectoryClient, std::less<>> clients_;  // by clientId
  std::map<std::string, DirectoryUser, std::less<>> users_;      // by id
  std::map<std::string, std::string, std::less<>> ids_by_login_; // lower-case username/email -> id
};

// A stable UUID-shaped id derived from `name` (SHA-256), for objects a realm
// file leaves without an id and for the built-in master realm.
std::string NameBasedUuid(std::string_view name);

// Reads and imports a realm export file. Errors name the file and the JSON path.
Result<std::unique_ptr<RealmDirectory>> LoadRealmDirectory(const std::string& path);
// The same for a file that may also hold several realms: Keycloak's
// whole-server export is a JSON array of realm representations.
Result<std::vector<std::unique_ptr<RealmDirectory>>> LoadRealmDirectories(const std::string& path);

}  // namespace sim::identity
