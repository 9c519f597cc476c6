#pragma once
// What the OpenID Connect provider needs to know about a realm: its token
// policy, its clients and its users with their effective roles. The realm
// importer (../realm/) fills it from a Keycloak export; the token service
// only reads it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim::identity {

struct RealmPolicy {
  std::string name;
  int access_token_lifespan = 300;     // seconds (accessTokenLifespan)
  int access_code_lifespan = 60;       // an authorization code's lifetime (accessCodeLifespan)
  int access_code_lifespan_login = 1800;  // how long a login form stays usable
  int sso_session_idle_timeout = 1800;  // refresh token lifetime (ssoSessionIdleTimeout)
  int sso_session_max_lifespan = 36000;
  bool brute_force_protected = false;
  int failure_factor = 30;              // failures before a temporary lockout
  int wait_increment_seconds = 60;
  int max_failure_wait_seconds = 900;
  bool permanent_lockout = false;
  bool revoke_refresh_token = false;  // a refresh token may be used refresh_token_max_reuse + 1 times
  int refresh_token_max_reuse = 0;
};

struct DirectoryClient {
  std::string id;         // internal id (UUID)
  std::string client_id;  // "backend"
  std::optional<std::string> secret;
  bool enabled = true;
  bool public_client = false;
  bool bearer_only = false;
  bool service_accounts_enabled = false;
  bool direct_access_grants_enabled = false;
  bool standard_flow_enabled = true;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;  // attribute post.logout.redirect.uris ("##"-separated)
  std::string pkce_method;  // "S256", "plain" or "" (attribute pkce.code.challenge.method)
  // Keycloak protocolMapper objects that apply to this client's tokens: its
  // own and those of its default client scopes.
  std::vector<nlohmann::json> protocol_mappers;
  std::vector<std::string> default_scopes;   // client scope names
  std::vector<std::string> optional_scopes;
};

struct DirectoryUser {
  std::string id;  // the token's "sub"
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  bool email_verified = false;
  bool enabled = true;
  std::map<std::string, std::vector<std::string>> attributes;
  std::vector<std::string> group_paths;  // "/staff", "/customers/vip"
  // Effective roles: direct, through groups and composites.
  std::vector<std::string> realm_roles;
  std::map<std::string, std::vector<std::string>> client_roles;  // by clientId
  std::string service_account_client;  // clientId, for service-account users
};

class Directory {
 public:
  virtual ~Directory() = default;
  virtual const RealmPolicy& policy() const = 0;
  virtual const DirectoryClient* FindClient(std::string_view client_id) const = 0;
  // By username or, as Keycloak allows, by email; case-insensitive.
  virtual const DirectoryUser* FindUser(std::string_view username_or_email) const = 0;
  virtual const DirectoryUser* FindUserById(std::string_view id) const = 0;
  virtual const DirectoryUser* ServiceAccountOf(const DirectoryClient& client) const = 0;
  virtual bool CheckPassword(const DirectoryUser& user, std::string_view password) const = 0;
};

}  // namespace sim::identity
