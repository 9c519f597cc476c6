// Realm import: the application's realm file, partial realms, and broken
// files refused with the JSON path of the problem.

#include "emulators/identity/realm/realm_import.h"

#include <gtest/gtest.h>

#include "emulators/identity/realm/effective_roles.h"
#include "tests/emulators/identity/realm/realm_test_support.h"

namespace sim::identity {
namespace {

std::string ImportError(std::string_view text) {
  auto realm = ImportRealm(text);
  if (realm.ok()) return "(imported)";
  EXPECT_EQ(realm.error().code, kInvalidRealm);
  return realm.error().message;
}

TEST(RealmImportTest, NorthwindSettings) {
  const Realm& realm = Northwind();
  EXPECT_EQ(realm.name, "northwind");
  EXPECT_EQ(realm.display_name, "Northwind");
  EXPECT_TRUE(realm.enabled);
  const RealmSettings& s = realm.settings;
  EXPECT_EQ(s.access_token_lifespan, 300);
  EXPECT_EQ(s.sso_session_idle_timeout, 1800);
  EXPECT_EQ(s.sso_session_max_lifespan, 36000);
  EXPECT_TRUE(s.revoke_refresh_token);
  EXPECT_TRUE(s.brute_force_protected);
  EXPECT_FALSE(s.permanent_lockout);
  EXPECT_EQ(s.failure_factor, 5);
  EXPECT_EQ(s.wait_increment_seconds, 60);
  EXPECT_EQ(s.max_failure_wait_seconds, 900);
  EXPECT_EQ(s.default_default_client_scopes,
            (std::vector<std::string>{"profile", "email", "roles", "web-origins"}));
  EXPECT_EQ(realm.default_role, "default-roles-northwind");
  // The raw document keeps what the model does not hold.
  EXPECT_EQ(realm.raw["keycloakVersion"], "24.0.5");
  // Every reference in the file resolves.
  EXPECT_EQ(UnresolvedReferences(realm), std::vector<std::string>{});
}

TEST(RealmImportTest, NorthwindRolesAndClients) {
  const Realm& realm = Northwind();
  const Role* admin = realm.FindRealmRole("admin");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->composite_realm_roles, std::vector<std::string>{"user"});
  EXPECT_TRUE(admin->composite());
  ASSERT_NE(realm.FindRealmRole("support"), nullptr);
  ASSERT_NE(realm.FindClientRole("backend", "read"), nullptr);
  EXPECT_EQ(realm.FindClientRole("backend", "read")->client_id, "backend");
  EXPECT_EQ(realm.FindClientRole("backend", "admin"), nullptr);

  const Client* backend = realm.FindClient("backend");
  ASSERT_NE(backend, nullptr);
  EXPECT_TRUE(backend->confidential());
  EXPECT_EQ(backend->secret, "backend-secret");
  EXPECT_TRUE(backend->service_accounts_enabled);
  EXPECT_TRUE(backend->direct_access_grants_enabled);
  ASSERT_EQ(backend->protocol_mappers.size(), 2u);
  EXPECT_EQ(backend->protocol_mappers[0].protocol_mapper, "oidc-hardcoded-claim-mapper");
  EXPECT_EQ(backend->protocol_mappers[0].config.at("claim.value"), "northwind");

  const Client* frontend = realm.FindClient("frontend");
  ASSERT_NE(frontend, nullptr);
  EXPECT_TRUE(frontend->public_client);
  EXPECT_FALSE(frontend->confidential());
  EXPECT_EQ(frontend->pkce_method(), "S256");
  EXPECT_EQ(frontend->redirect_uris, std::vector<std::string>{"http://localhost:3000/*"});
  EXPECT_EQ(frontend->protocol_mappers.at(0).config.at("included.client.audience"), "backend");

  const Client* mobile = realm.FindClient("mobile");
  ASSERT_NE(mobile, nullptr);
  EXPECT_EQ(mobile->redirect_uris, std::vector<std::string>{"com.northwind.app:/callback"});
  EXPECT_EQ(backend->pkce_method(), "");
}

TEST(RealmImportTest, NorthwindScopesGroupsUsers) {
  const Realm& realm = Northwind();
  for (const char* name : {"profile", "email", "roles", "web-origins", "groups", "northwind"}) {
    EXPECT_NE(realm.FindClientScope(name), nullptr) << name;
  }
  const ClientScope* groups_scope = realm.FindClientScope("groups");
  EXPECT_EQ(groups_scope->protocol_mappers.at(0).protocol_mapper, "oidc-group-membership-mapper");
  EXPECT_EQ(realm.FindClientScope("profile")->protocol_mappers.at(1).protocol_mapper,
            "oidc-usermodel-attribute-mapper");

  auto chain = realm.GroupChain("/customers/premium");
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0]->name, "customers");
  EXPECT_EQ(chain[1]->path, "/customers/premium");
  EXPECT_EQ(chain[1]->attributes.at("tier"), std::vector<std::string>{"premium"});
  EXPECT_EQ(realm.GroupChain("customers/premium").size(), 2u);
  EXPECT_TRUE(realm.GroupChain("/customers/gold").empty());

  const User* alice = realm.FindUser("ALICE");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->email, "alice@northwind.io");
  EXPECT_TRUE(alice->email_verified);
  EXPECT_EQ(alice->first_name, "Alice");
  EXPECT_EQ(alice->attributes.at("department"), std::vector<std::string>{"engineering"});
  EXPECT_EQ(alice->groups, std::vector<std::string>{"/staff"});
  ASSERT_NE(alice->password(), nullptr);
  EXPECT_EQ(alice->password()->plain_value, "alice-password");
  EXPECT_EQ(realm.FindUserByEmail("Alice@Northwind.io"), alice);

  const User* bob = realm.FindUser("bob");
  ASSERT_NE(bob, nullptr);
  const Credential* hashed = bob->password();
  ASSERT_NE(hashed, nullptr);
  EXPECT_EQ(hashed->algorithm, "pbkdf2-sha256");
  EXPECT_EQ(hashed->hash_iterations, 27500);
  EXPECT_EQ(hashed->hash.size(), 64u);
  EXPECT_EQ(hashed->salt.size(), 16u);
  EXPECT_EQ(realm.FindUser("carol")->password()->algorithm, "pbkdf2-sha512");
  EXPECT_EQ(realm.FindUser("dave")->password()->algorithm, "pbkdf2");

  const User* service = realm.FindServiceAccount("backend");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->username, "service-account-backend");
  EXPECT_EQ(service->password(), nullptr);
}

TEST(RealmImportTest, PartialRealmGetsKeycloakDefaults) {
  auto realm = ImportRealm(R"({
    "realm": "Shop",
    "someFutureField": {"anything": [1, 2, 3]},
    "users": [{"username": "Eve", "credentials": [{"type": "password", "value": "pw"}],
               "futureUserField": true}]
  })");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EXPECT_EQ(realm->settings.access_token_lifespan, 300);
  EXPECT_EQ(realm->settings.failure_factor, 30);
  EXPECT_FALSE(realm->settings.brute_force_protected);
  EXPECT_TRUE(realm->clients.empty());
  ASSERT_NE(realm->FindUser("eve"), nullptr);
  EXPECT_TRUE(realm->FindUser("eve")->enabled);
  // Keycloak creates these with every realm.
  EXPECT_EQ(realm->default_role, "default-roles-shop");
  const Role* defaults = realm->FindRealmRole("default-roles-shop");
  ASSERT_NE(defaults, nullptr);
  EXPECT_EQ(defaults->composite_realm_roles,
            (std::vector<std::string>{"offline_access", "uma_authorization"}));
  EXPECT_NE(realm->FindRealmRole("offline_access"), nullptr);
  EXPECT_EQ(realm->raw["someFutureField"]["anything"][2], 3);
}

TEST(RealmImportTest, EmptyObjectAndUsersOnlyFragment) {
  auto empty = ImportRealm("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->default_role.empty());
  EXPECT_TRUE(empty->realm_roles.empty());

  // A directory export's users file refers to roles the realm file defines.
  auto users = ImportRealm(R"({"users": [{"username": "x", "realmRoles": ["user"],
                                          "groups": ["/staff"]}]})");
  ASSERT_TRUE(users.ok()) << users.error().message;
  EXPECT_EQ(UnresolvedReferences(*users),
            (std::vector<std::string>{R"(users[0].realmRoles[0]: no realm role "user")",
                                      R"(users[0].groups[0]: no group "/staff")"}));
}

TEST(RealmImportTest, LegacyDefaultRolesBecomeTheDefaultRole) {
  auto realm = ImportRealm(R"({"realm": "old", "defaultRoles": ["user"],
                               "roles": {"realm": [{"name": "user"}]}})");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EXPECT_EQ(realm->default_role, "default-roles-old");
  EXPECT_EQ(realm->FindRealmRole("default-roles-old")->composite_realm_roles,
            std::vector<std::string>{"user"});
}

TEST(RealmImportTest, OtherCredentialTypesKeepTheirStoredStrings) {
  auto realm = ImportRealm(R"({"users": [{"username": "u", "credentials": [
      {"type": "otp", "secretData": "{\"value\":\"JBSWY3DPEHPK3PXP\"}",
       "credentialData": "{\"subType\":\"totp\",\"digits\":6,\"period\":30}"}]}]})");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  const Credential& otp = realm->users[0].credentials[0];
  EXPECT_EQ(otp.type, "otp");
  EXPECT_EQ(otp.secret_data, R"({"value":"JBSWY3DPEHPK3PXP"})");
  EXPECT_FALSE(otp.hashed());
  EXPECT_EQ(realm->users[0].password(), nullptr);
}

TEST(RealmImportTest, MalformedJsonNamesTheLineAndColumn) {
  std::string message =
      ImportError("{\n  \"realm\": \"x\",\n  \"users\": [\n    {\"username\": }\n]}");
  EXPECT_EQ(message.rfind("$: not valid JSON: parse error at line 4, column 18", 0), 0u) << message;
  EXPECT_EQ(ImportError(""), ImportError("")) << "stable";
  EXPECT_NE(ImportError("").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(ImportError("[1, 2]"), "$: expected an object");
}

TEST(RealmImportTest, WrongTypesNameTheirPath) {
  EXPECT_EQ(ImportError(R"({"accessTokenLifespan": "300"})"),
            "accessTokenLifespan: expected an integer");
  EXPECT_EQ(ImportError(R"({"bruteForceProtected": 1})"),
            "bruteForceProtected: expected true or false");
  EXPECT_EQ(ImportError(R"({"users": {}})"), "users: expected an array");
  EXPECT_EQ(ImportError(R"({"users": [{"username": "a"}, 7]})"), "users[1]: expected an object");
  EXPECT_EQ(ImportError(R"({"users": [{"username": "a"}, {"email": "b@x"}]})"),
            "users[1].username: missing");
  EXPECT_EQ(ImportError(R"({"users": [{"username": "a", "groups": ["/g", 3]}]})"),
            "users[0].groups[1]: expected a string");
  EXPECT_EQ(ImportError(R"({"users": [{"username": "a", "attributes": {"k": [{}]}}]})"),
            "users[0].attributes.k[0]: expected a string");
  EXPECT_EQ(ImportError(R"({"roles": {"client": {"backend": [{"name": "r", "composites": []}]}}})"),
            "roles.client.backend[0].composites: expected an object");
  EXPECT_EQ(ImportError(R"({"clients": [{"clientId": "c", "redirectUris": "http://x/*"}]})"),
            "clients[0].redirectUris: expected an array of strings");
  EXPECT_EQ(ImportError(R"({"clientScopes": [{"name": "s", "protocolMappers": [{"name": "m"}]}]})"),
            "clientScopes[0].protocolMappers[0].protocolMapper: missing");
  EXPECT_EQ(ImportError(
                R"({"groups": [{"name": "a", "subGroups": [{"name": "b", "realmRoles": "x"}]}]})"),
            "groups[0].subGroups[0].realmRoles: expected an array of strings");
  EXPECT_EQ(ImportError(R"({"accessTokenLifespan": 3000000000})"),
            "accessTokenLifespan: integer out of range");
}

TEST(RealmImportTest, ScalarConfigValuesAreTakenAsText) {
  auto realm = ImportRealm(R"({"clients": [{"clientId": "c", "attributes": {"a": true, "n": 5},
      "protocolMappers": [{"name": "m", "protocolMapper": "oidc-hardcoded-claim-mapper",
                           "config": {"access.token.claim": true}}]}]})");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EXPECT_EQ(realm->clients[0].attributes.at("a"), "true");
  EXPECT_EQ(realm->clients[0].attributes.at("n"), "5");
  EXPECT_EQ(realm->clients[0].protocol_mappers[0].config.at("access.token.claim"), "true");
}

std::string CredentialError(std::string_view credential_json) {
  return ImportError(R"({"users": [{"username": "a"}, {"username": "b"}, {"username": "c"},
                                   {"username": "d", "credentials": [)" +
                     std::string(credential_json) + "]}]}");
}

TEST(RealmImportTest, BrokenCredentialsNameTheirPath) {
  EXPECT_EQ(CredentialError(R"({"type": "password", "secretData": "{not json",
                                "credentialData": "{}"})"),
            "users[3].credentials[0].secretData: not valid JSON");
  EXPECT_EQ(
      CredentialError(R"({"type": "password", "secretData": "{\"value\":\"AAAA\",\"salt\":\"AA\"}",
                                "credentialData": "{\"hashIterations\":1,\"algorithm\":\"pbkdf2\"}"})"),
      "users[3].credentials[0].secretData.salt: not valid base64");
  EXPECT_EQ(CredentialError(
                R"({"type": "password", "secretData": "{\"value\":\"AAAA\",\"salt\":\"AAAA\"}",
                                "credentialData": "{\"algorithm\":\"pbkdf2\"}"})"),
            "users[3].credentials[0].credentialData.hashIterations: missing");
  EXPECT_EQ(CredentialError(
                R"({"type": "password", "secretData": "{\"value\":\"AAAA\",\"salt\":\"AAAA\"}"})"),
            "users[3].credentials[0].credentialData: missing");
  EXPECT_EQ(CredentialError(R"({"type": "password", "secretData": 5})"),
            "users[3].credentials[0].secretData: expected a string holding JSON");
  EXPECT_EQ(CredentialError(R"({"type": "password", "value": 5})"),
            "users[3].credentials[0].value: expected a string");
}

TEST(RealmImportTest, PreKeycloak12CredentialForm) {
  auto realm = ImportRealm(R"({"users": [{"username": "old", "credentials": [
      {"type": "password", "hashedSaltedValue": "6mwBTcctb4zNHtkqzh1B8NjeiVc=",
       "salt": "c2FsdA==", "hashIterations": 2, "algorithm": "pbkdf2"}]}]})");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  const Credential& c = realm->users[0].credentials[0];
  EXPECT_EQ(c.salt, "salt");
  EXPECT_EQ(c.hash_iterations, 2);
  EXPECT_TRUE(VerifyPassword(c, "password"));
  EXPECT_EQ(c.credential_data,
            R"({"hashIterations":2,"algorithm":"pbkdf2","additionalParameters":{}})");
}

}  // namespace
}  // namespace sim::identity
