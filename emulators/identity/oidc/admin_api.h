#pragma once
// The subset of Keycloak's admin REST API that @keycloak/keycloak-admin-client
// uses to manage a realm's users, below /admin/realms/{realm}:
//   users       GET (search, username, email, firstName, lastName, exact, q,
//               enabled, emailVerified, first, max, briefRepresentation), POST,
//               GET count; GET|PUT|DELETE {id}; PUT {id}/reset-password;
//               GET {id}/credentials; GET {id}/role-mappings;
//               GET|POST|DELETE {id}/role-mappings/realm and
//               {id}/role-mappings/clients/{client}, with /composite and
//               /available; GET {id}/groups; PUT|DELETE {id}/groups/{group}
//   clients     GET (clientId, search, first, max); GET {id}; GET {id}/roles,
//               {id}/roles/{name}, {id}/client-secret, {id}/service-account-user
//   roles       GET (search, first, max, briefRepresentation); GET {name};
//               GET {name}/users
//   groups      GET (search, first, max, briefRepresentation; nested
//               subGroups), GET count; GET {id}; GET {id}/children, {id}/members
// Callers present a master realm access token whose user holds the master
// realm role `admin` (master_realm.h); IdentityProvider checks it with
// CheckAdminAccess before handing the call here.
//
// Changes go to the realm's RealmDirectory and are seen by the next login.
// They are kept in memory only (see realm_directory.h).

#include <string>
#include <string_view>

#include "emulators/identity/oidc/admin_http.h"
#include "emulators/identity/oidc/realm_directory.h"
#include "emulators/identity/oidc/token_service.h"
#include "sim/aws/http_message.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::identity {

enum class AdminAccess { kAllowed, kUnauthorized, kForbidden };

// kAllowed for "Authorization: Bearer <token>" with an access token that
// `master_tokens` issued and still honours (signature, expiry on the Clock,
// active session) for an enabled user of `master` holding its realm role
// `admin`; kUnauthorized without a usable token, kForbidden without the role.
AdminAccess CheckAdminAccess(const aws::HttpRequest& request, TokenService& master_tokens,
                             const Directory& master);
// 401 {"error":"HTTP 401 Unauthorized"} or 403 {"error":"HTTP 403 Forbidden"}.
aws::HttpReply AdminAccessDenied(AdminAccess access);

// {"id","realm","displayName","enabled"}, as GET /admin/realms lists a realm.
nlohmann::json RealmSummary(const Realm& realm);

class AdminApi {
 public:
  // Both must outlive the API: the Clock stamps createdTimestamp and
  // credentials, the Rng draws user ids and password salts.
  AdminApi(Clock* clock, Rng* rng) : clock_(clock), rng_(rng) {}

  // A call below /admin/realms/{realm}: `rest` is what follows the realm's
  // name ("" or "/users/<id>/groups"); `realm_url` is
  // <base>/admin/realms/{realm}, for Location headers.
  aws::HttpReply Handle(RealmDirectory& realm, std::string_view rest,
                        const aws::HttpRequest& request, const std::string& realm_url);

 private:
  // admin_users.cc
  aws::HttpReply Users(RealmDirectory& realm, const admin::Call& call);
  aws::HttpReply CreateUser(RealmDirectory& realm, const admin::Call& call);
  aws::HttpReply UpdateUser(RealmDirectory& realm, const User& user, const admin::Call& call);
  aws::HttpReply ResetPassword(RealmDirectory& realm, const User& user, const admin::Call& call);
  // Applies a representation's "credentials" (passwords only) to `user`.
  void SetPasswords(const nlohmann::json& credentials, User& user);
  // admin_user_mappings.cc: {id}/role-mappings... and {id}/groups...
  aws::HttpReply RoleMappings(RealmDirectory& realm, const User& user, const admin::Call& call);
  aws::HttpReply UserGroups(RealmDirectory& realm, const User& user, const admin::Call& call);
  // admin_api.cc
  aws::HttpReply Clients(const RealmDirectory& realm, const admin::Call& call);
  aws::HttpReply Roles(const RealmDirectory& realm, const admin::Call& call);
  aws::HttpReply Groups(const RealmDirectory& realm, const admin::Call& call);

  long long NowMillis() const;

  Clock* clock_;
  Rng* rng_;
};

}  // namespace sim::identity
