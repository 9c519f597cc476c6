#pragma once
// A Keycloak realm as the sim holds it: the parts of Keycloak's export format
// that tokens, logins and the admin API need. Pure data; realm_import.h reads
// it from a realm file, effective_roles.h resolves role mappings.
//
// Names follow the export format's fields (accessTokenLifespan ->
// access_token_lifespan); defaults are Keycloak's for a field the file leaves
// out. Lookups are linear: fine for interactive use and the benchmark realm;
// a caller needing more builds its own index.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/identity/realm/credentials.h"

namespace sim::identity {

// User and group attributes: every value is a list in Keycloak's model.
using Attributes = std::map<std::string, std::vector<std::string>>;
// Client role mappings: clientId -> role names.
using ClientRoleNames = std::map<std::string, std::vector<std::string>>;

struct RealmSettings {
  // Tokens and sessions, in seconds.
  int access_token_lifespan = 300;
  int access_token_lifespan_for_implicit_flow = 900;
  int access_code_lifespan = 60;
  int access_code_lifespan_user_action = 300;
  int access_code_lifespan_login = 1800;
  int sso_session_idle_timeout = 1800;
  int sso_session_max_lifespan = 36000;
  int offline_session_idle_timeout = 2592000;
  int client_session_idle_timeout = 0;  // 0 = the SSO session's
  int client_session_max_lifespan = 0;
  bool revoke_refresh_token = false;  // a used refresh token stops working
  int refresh_token_max_reuse = 0;

  // Brute-force detection.
  bool brute_force_protected = false;
  bool permanent_lockout = false;
  int max_temporary_lockouts = 0;
  int failure_factor = 30;  // failures before a lockout
  int wait_increment_seconds = 60;
  int quick_login_check_milli_seconds = 1000;
  int minimum_quick_login_wait_seconds = 60;
  int max_failure_wait_seconds = 900;
  int max_delta_time_seconds = 43200;  // failures older than this are forgotten

  // Login behaviour.
  std::string ssl_required = "external";
  bool registration_allowed = false;
  bool login_with_email_allowed = true;
  bool duplicate_emails_allowed = false;
  bool reset_password_allowed = false;
  bool remember_me = false;
  bool verify_email = false;
  std::string password_policy;
  std::string default_signature_algorithm = "RS256";
  // Scopes a new client gets.
  std::vector<std::string> default_default_client_scopes;
  std::vector<std::string> default_optional_client_scopes;
};

struct Role {
  std::string id;
  std::string name;
  std::string description;
  std::string client_id;  // owning client's clientId; empty for a realm role
  std::vector<std::string> composite_realm_roles;
  ClientRoleNames composite_client_roles;
  Attributes attributes;

  bool composite() const {
    return !composite_realm_roles.empty() || !composite_client_roles.empty();
  }
};

struct ProtocolMapper {
  std::string id;
  std::string name;
  std::string protocol = "openid-connect";
  std::string protocol_mapper;  // "oidc-audience-mapper", "oidc-hardcoded-claim-mapper", ...
  bool consent_required = false;
  std::map<std::string, std::string> config;  // "claim.name", "access.token.claim", ...
};

struct Client {
  std::string id;  // internal UUID
  std::string client_id;
  std::string name;
  std::string description;
  bool enabled = true;
  std::string protocol = "openid-connect";
  std::string client_authenticator_type = "client-secret";
  std::string secret;
  bool public_client = false;
  bool bearer_only = false;
  bool standard_flow_enabled = true;
  bool implicit_flow_enabled = false;
  bool direct_access_grants_enabled = false;
  bool service_accounts_enabled = false;
  bool full_scope_allowed = true;
  std::string root_url;
  std::string base_url;
  std::string admin_url;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> web_origins;
  std::map<std::string, std::string> attributes;  // "pkce.code.challenge.method", ...
  std::vector<ProtocolMapper> protocol_mappers;
  std::vector<std::string> default_client_scopes;
  std::vector<std::string> optional_client_scopes;

  bool confidential() const { return !public_client && !bearer_only; }
  // "S256", "plain" or "" when the client does not require PKCE.
  std::string pkce_method() const;
};

struct ClientScope {
  std::string id;
  std::string name;
  std::string description;
  std::string protocol = "openid-connect";
  std::map<std::string, std::string> attributes;  // "include.in.token.scope", ...
  std::vector<ProtocolMapper> protocol_mappers;
};

struct Group {
  std::string id;
  std::string name;
  std::string path;  // "/customers/premium"
  Attributes attributes;
  std::vector<std::string> realm_roles;
  ClientRoleNames client_roles;
  std::vector<Group> sub_groups;
};

struct User {
  std::string id;
  std::string username;  // lower-cased, as Keycloak stores it
  std::string email;     // lower-cased too
  bool email_verified = false;
  std::string first_name;
  std::string last_name;
  bool enabled = true;
  std::int64_t created_timestamp = 0;  // epoch milliseconds
  Attributes attributes;
  std::vector<std::string> groups;  // group paths, "/staff"
  std::vector<std::string> realm_roles;
  ClientRoleNames client_roles;
  std::vector<Credential> credentials;
  std::vector<std::string> required_actions;
  std::string service_account_client_id;  // set on a client's service-account user

  // The password credential a login checks, or nullptr.
  const Credential* password() const;
};

struct Realm {
  std::string id;
  std::string name;  // the export's "realm"
  std::string display_name;
  bool enabled = true;
  RealmSettings settings;
  std::vector<Role> realm_roles;
  std::map<std::string, std::vector<Role>> client_roles;  // by clientId
  // The composite realm role every user has ("default-roles-<realm>").
  std::string default_role;
  std::vector<Client> clients;
  std::vector<ClientScope> client_scopes;
  std::vector<Group> groups;  // top-level groups; the rest nest in sub_groups
  std::vector<User> users;
  // The realm file as it was read, for writing it back with every field the
  // model above does not hold.
  nlohmann::json raw;

  const Role* FindRealmRole(std::string_view name) const;
  const Role* FindClientRole(std::string_view client_id, std::string_view name) const;
  const Client* FindClient(std::string_view client_id) const;
  const Client* FindClientById(std::string_view id) const;  // by internal id
  const ClientScope* FindClientScope(std::string_view name) const;
  // Case-insensitive, as Keycloak's usernames and emails are.
  const User* FindUser(std::string_view username) const;
  const User* FindUserByEmail(std::string_view email) const;
  const User* FindServiceAccount(std::string_view client_id) const;
  // The groups along `path` ("/customers/premium" or "customers/premium"),
  // outermost first; empty when any step is missing.
  std::vector<const Group*> GroupChain(std::string_view path) const;
  // Any group, nested or not, by id; nullptr when none has it.
  const Group* FindGroupById(std::string_view id) const;
};

// ASCII lower case, as Keycloak folds usernames and emails.
std::string Lowercase(std::string_view text);

}  // namespace sim::identity
