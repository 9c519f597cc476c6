// The admin REST subset through IdentityProvider::Handle, as
// @keycloak/keycloak-admin-client drives it: an admin token from the built-in
// master realm, 401/403 refusals, and user management on the application's
// realm (app/keycloak/realm-export.json) whose effects the next password
// grant sees.

#include "emulators/identity/oidc/admin_api.h"

#include <gtest/gtest.h>

#include "emulators/identity/jwt/jwt.h"
#include "emulators/identity/oidc/identity_provider.h"
#include "emulators/identity/oidc/realm_directory.h"

namespace sim::identity {
namespace {

using nlohmann::json;

constexpr char kAlice[] = "dc4ff0b8-047e-55b0-a916-1e403fbedbe5";
constexpr char kStaffGroup[] = "2f2e4a54-97ee-58fb-9821-2283b24bd9cd";
constexpr char kBackend[] = "b14b2ec0-b54d-5d18-becc-a7e5a4b85ce6";

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    out += (out.empty() ? "" : "&") + name + "=";
    for (unsigned char c : value) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        out += hex;
      }
    }
  }
  return out;
}

json Body(const aws::HttpReply& reply) {
  return reply.response.body.empty() ? json() : json::parse(reply.response.body, nullptr, false);
}

std::string Location(const aws::HttpReply& reply) {
  for (const auto& [name, value] : reply.response.headers)
    if (name == "Location") return value;
  return "";
}

json Claims(const std::string& token) {
  auto decoded = DecodeJwtUnverified(token);
  return decoded.ok() ? decoded->claims : json();
}

std::vector<std::string> Strings(const json& list, const char* key) {
  std::vector<std::string> out;
  for (const json& item : list) out.push_back(item.value(key, ""));
  return out;
}

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : clock_(TimePoint(std::chrono::seconds(1'800'000'000))),
        rng_(11),
        store_(StateStore::OpenInMemory()),
        provider_(&clock_, &rng_, store_.get(), Scope{"000000000000", "us-east-1"}) {
    auto realm = LoadRealmDirectory(SIM_SOURCE_DIR "/app/keycloak/realm-export.json");
    EXPECT_TRUE(realm.ok()) << (realm.ok() ? "" : realm.error().message);
    if (realm.ok()) {
      EXPECT_TRUE(provider_.AddRealm(std::move(*realm)).ok());
    }
  }

  aws::HttpReply Send(const std::string& method, const std::string& target,
                      const std::string& body = "", const std::string& bearer = "",
                      const std::string& content_type = "application/json") {
    aws::HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    if (!body.empty()) request.headers.emplace_back("Content-Type", content_type);
    if (!bearer.empty()) request.headers.emplace_back("Authorization", "Bearer " + bearer);
    return provider_.Handle(request);
  }

  // The token endpoint's reply to a password grant.
  aws::HttpReply Login(const std::string& realm, const std::string& username,
                       const std::string& password) {
    std::vector<std::pair<std::string, std::string>> form = {
        {"grant_type", "password"}, {"username", username}, {"password", password}};
    if (realm == "master") {
      form.emplace_back("client_id", "admin-cli");
    } else {
      form.emplace_back("client_id", "backend");
      form.emplace_back("client_secret", "backend-secret");
    }
    return Send("POST", "/realms/" + realm + "/protocol/openid-connect/token", FormBody(form), "",
                "application/x-www-form-urlencoded");
  }

  std::string AccessToken(const std::string& realm, const std::string& username,
                          const std::string& password) {
    aws::HttpReply reply = Login(realm, username, password);
    EXPECT_EQ(reply.response.status, 200) << reply.response.body;
    return Body(reply).value("access_token", "");
  }

  aws::HttpReply Admin(const std::string& method, const std::string& path,
                       const json& body = nullptr) {
    if (admin_token_.empty()) admin_token_ = AccessToken("master", "admin", "admin");
    return Send(method, "/admin/realms" + path, body.is_null() ? "" : body.dump(), admin_token_);
  }

  // Creates a northwind user with a password; its id.
  std::string CreateUser(const json& rep) {
    aws::HttpReply reply = Admin("POST", "/northwind/users", rep);
    EXPECT_EQ(reply.response.status, 201) << reply.response.body;
    std::string location = Location(reply);
    return location.substr(location.rfind('/') + 1);
  }

  SimClock clock_;
  Rng rng_;
  std::unique_ptr<StateStore> store_;
  IdentityProvider provider_;
  std::string admin_token_;
};

json Erin() {
  return {{"username", "Erin"},
          {"email", "erin@northwind.io"},
          {"firstName", "Erin"},
          {"lastName", "Example"},
          {"enabled", true},
          {"attributes", {{"department", {"ops"}}}},
          {"credentials", {{{"type", "password"}, {"value", "erin-pw"}, {"temporary", false}}}}};
}

TEST_F(AdminApiTest, MasterRealmIssuesAdminTokensToAdminCli) {
  EXPECT_TRUE(provider_.HasRealm("master"));
  aws::HttpReply reply = Login("master", "admin", "admin");
  ASSERT_EQ(reply.response.status, 200) << reply.response.body;
  json claims = Claims(Body(reply)["access_token"]);
  EXPECT_EQ(claims["iss"], "http://127.0.0.1:8080/realms/master");
  EXPECT_EQ(claims["azp"], "admin-cli");
  EXPECT_EQ(claims["preferred_username"], "admin");
  EXPECT_EQ(claims["exp"].get<long long>() - claims["iat"].get<long long>(), 60);
  auto roles = claims["realm_access"]["roles"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(roles.begin(), roles.end(), "admin"), roles.end());
  EXPECT_EQ(Login("master", "admin", "wrong").response.status, 401);
}

TEST_F(AdminApiTest, AdminCredentialsAreConfigurable) {
  provider_.set_admin_credentials("root", "s3cret");
  EXPECT_EQ(Login("master", "admin", "admin").response.status, 401);
  std::string token = AccessToken("master", "root", "s3cret");
  EXPECT_EQ(Send("GET", "/admin/realms/northwind/users", "", token).response.status, 200);
}

TEST_F(AdminApiTest, RefusesMissingInvalidForeignAndExpiredTokens) {
  aws::HttpReply none = Send("GET", "/admin/realms/northwind/users");
  EXPECT_EQ(none.response.status, 401);
  EXPECT_EQ(Body(none), json({{"error", "HTTP 401 Unauthorized"}}));
  EXPECT_EQ(Send("GET", "/admin/realms/northwind/users", "", "not.a.token").response.status, 401);
  // A northwind admin's token is signed with northwind's key, not master's.
  std::string alice = AccessToken("northwind", "alice", "alice-password");
  EXPECT_EQ(Send("GET", "/admin/realms/northwind/users", "", alice).response.status, 401);

  std::string token = AccessToken("master", "admin", "admin");
  EXPECT_EQ(Send("GET", "/admin/realms/northwind/users", "", token).response.status, 200);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Send("GET", "/admin/realms/northwind/users", "", token).response.status, 401);
}

TEST_F(AdminApiTest, RefusesTokensOfEndedSessions) {
  json tokens = Body(Login("master", "admin", "admin"));
  std::string access = tokens["access_token"];
  aws::HttpReply logout =
      Send("POST", "/realms/master/protocol/openid-connect/logout",
           FormBody({{"client_id", "admin-cli"}, {"refresh_token", tokens["refresh_token"]}}), "",
           "application/x-www-form-urlencoded");
  ASSERT_EQ(logout.response.status, 204) << logout.response.body;
  EXPECT_EQ(Send("GET", "/admin/realms", "", access).response.status, 401);
}

TEST_F(AdminApiTest, MasterUserWithoutAdminRoleIsForbidden) {
  aws::HttpReply created =
      Admin("POST", "/master/users",
            {{"username", "viewer"},
             {"enabled", true},
             {"credentials", {{{"type", "password"}, {"value", "viewer-pw"}}}}});
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  std::string token = AccessToken("master", "viewer", "viewer-pw");
  aws::HttpReply reply = Send("GET", "/admin/realms/northwind/users", "", token);
  EXPECT_EQ(reply.response.status, 403);
  EXPECT_EQ(Body(reply), json({{"error", "HTTP 403 Forbidden"}}));
}

TEST_F(AdminApiTest, ListsRealms) {
  aws::HttpReply reply = Admin("GET", "");
  ASSERT_EQ(reply.response.status, 200);
  EXPECT_EQ(Strings(Body(reply), "realm"), (std::vector<std::string>{"master", "northwind"}));
  EXPECT_EQ(Body(Admin("GET", "/northwind"))["realm"], "northwind");
  aws::HttpReply missing = Admin("GET", "/nowhere/users");
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_EQ(Body(missing), json({{"error", "Realm not found."}}));
}

TEST_F(AdminApiTest, CreatedUserLogsInAndGetsRolesAddedLater) {
  std::string id = CreateUser(Erin());
  ASSERT_FALSE(id.empty());
  aws::HttpReply created = Admin("POST", "/northwind/users", {{"username", "frank"}});
  EXPECT_EQ(Location(created).rfind("http://127.0.0.1:8080/admin/realms/northwind/users/", 0), 0u);
  EXPECT_TRUE(created.response.body.empty());

  json user = Body(Admin("GET", "/northwind/users/" + id));
  EXPECT_EQ(user["username"], "erin");  // Keycloak stores usernames lower-cased
  EXPECT_EQ(user["email"], "erin@northwind.io");
  EXPECT_EQ(user["enabled"], true);
  EXPECT_EQ(user["createdTimestamp"], 1'800'000'000'000LL);
  EXPECT_EQ(user["attributes"]["department"], json({"ops"}));

  json claims = Claims(AccessToken("northwind", "erin", "erin-pw"));
  EXPECT_EQ(claims["sub"], id);
  EXPECT_EQ(claims["realm_access"]["roles"],
            json({"default-roles-northwind", "offline_access", "uma_authorization"}));

  json admin_role = Body(Admin("GET", "/northwind/roles/admin"));
  aws::HttpReply mapped = Admin("POST", "/northwind/users/" + id + "/role-mappings/realm",
                                json::array({{{"id", admin_role["id"]}, {"name", "admin"}}}));
  EXPECT_EQ(mapped.response.status, 204) << mapped.response.body;
  claims = Claims(AccessToken("northwind", "erin", "erin-pw"));
  EXPECT_EQ(claims["realm_access"]["roles"], json({"admin", "default-roles-northwind",
                                                   "offline_access", "uma_authorization", "user"}));
  EXPECT_EQ(claims["resource_access"]["backend"]["roles"],
            json({"read", "write"}));  // write includes read

  EXPECT_EQ(Strings(Body(Admin("GET", "/northwind/users/" + id + "/role-mappings/realm")), "name"),
            (std::vector<std::string>{"default-roles-northwind", "admin"}));
  json all = Body(Admin("GET", "/northwind/users/" + id + "/role-mappings"));
  EXPECT_EQ(all["realmMappings"].size(), 2u);
  auto composite = Strings(
      Body(Admin("GET", "/northwind/users/" + id + "/role-mappings/realm/composite")), "name");
  EXPECT_NE(std::find(composite.begin(), composite.end(), "user"), composite.end());

  EXPECT_EQ(Admin("DELETE", "/northwind/users/" + id + "/role-mappings/realm",
                  json::array({{{"name", "admin"}}}))
                .response.status,
            204);
  claims = Claims(AccessToken("northwind", "erin", "erin-pw"));
  EXPECT_EQ(claims["realm_access"]["roles"],
            json({"default-roles-northwind", "offline_access", "uma_authorization"}));
}

TEST_F(AdminApiTest, RoleMappingsRefuseUnknownRolesAndMismatchedIds) {
  aws::HttpReply unknown =
      Admin("POST", "/northwind/users/" + std::string(kAlice) + "/role-mappings/realm",
            json::array({{{"name", "emperor"}}}));
  EXPECT_EQ(unknown.response.status, 404);
  EXPECT_EQ(Body(unknown), json({{"error", "Role not found"}}));
  EXPECT_EQ(Admin("POST", "/northwind/users/" + std::string(kAlice) + "/role-mappings/realm",
                  json::array({{{"name", "admin"}, {"id", "not-its-id"}}}))
                .response.status,
            404);
}

TEST_F(AdminApiTest, ClientRoleMappingsReachTokens) {
  std::string id = CreateUser(Erin());
  std::string base = "/northwind/users/" + id + "/role-mappings/clients/" + kBackend;
  auto available = Strings(Body(Admin("GET", base + "/available")), "name");
  EXPECT_EQ(available, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(Admin("POST", base, json::array({{{"name", "read"}}})).response.status, 204);
  EXPECT_EQ(Strings(Body(Admin("GET", base)), "name"), std::vector<std::string>{"read"});
  json claims = Claims(AccessToken("northwind", "erin", "erin-pw"));
  EXPECT_EQ(claims["resource_access"]["backend"]["roles"], json({"read"}));
  json all = Body(Admin("GET", "/northwind/users/" + id + "/role-mappings"));
  EXPECT_EQ(all["clientMappings"]["backend"]["id"], kBackend);
}

TEST_F(AdminApiTest, DuplicatesConflict) {
  aws::HttpReply same_name = Admin("POST", "/northwind/users", {{"username", "ALICE"}});
  EXPECT_EQ(same_name.response.status, 409);
  EXPECT_EQ(Body(same_name), json({{"errorMessage", "User exists with same username"}}));
  aws::HttpReply same_email =
      Admin("POST", "/northwind/users", {{"username", "alice2"}, {"email", "Alice@Northwind.io"}});
  EXPECT_EQ(same_email.response.status, 409);
  EXPECT_EQ(Body(same_email), json({{"errorMessage", "User exists with same email"}}));
  EXPECT_EQ(Admin("POST", "/northwind/users", {{"email", "x@y.z"}}).response.status, 400);
  EXPECT_EQ(Admin("POST", "/northwind/users", "{not json").response.status, 400);
  aws::HttpReply rename =
      Admin("PUT", "/northwind/users/" + std::string(kAlice), {{"username", "bob"}});
  EXPECT_EQ(rename.response.status, 409);
}

TEST_F(AdminApiTest, SearchesCountsAndPages) {
  auto find = [&](const std::string& query) {
    return Strings(Body(Admin("GET", "/northwind/users" + query)), "username");
  };
  // The service account is never listed.
  EXPECT_EQ(find(""), (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  EXPECT_EQ(find("?search=NORTHWIND.IO"), (std::vector<std::string>{"alice", "carol"}));
  EXPECT_EQ(find("?search=*"), find(""));
  EXPECT_EQ(find("?username=ali"), std::vector<std::string>{"alice"});
  EXPECT_EQ(find("?username=ali&exact=true"), std::vector<std::string>{});
  EXPECT_EQ(find("?email=bob%40example.com&exact=true"), std::vector<std::string>{"bob"});
  EXPECT_EQ(find("?first=1&max=2"), (std::vector<std::string>{"bob", "carol"}));
  EXPECT_EQ(Body(Admin("GET", "/northwind/users/count")), 4);
  EXPECT_EQ(Body(Admin("GET", "/northwind/users/count?search=example.com")), 2);
  json brief = Body(Admin("GET", "/northwind/users?username=alice&briefRepresentation=true"));
  ASSERT_EQ(brief.size(), 1u);
  EXPECT_FALSE(brief[0].contains("access"));
  EXPECT_TRUE(brief[0].contains("createdTimestamp"));
}

TEST_F(AdminApiTest, UpdatesUsers) {
  std::string alice = std::string("/northwind/users/") + kAlice;
  EXPECT_EQ(Admin("PUT", alice, {{"firstName", "Alicia"}, {"email", "alicia@northwind.io"}})
                .response.status,
            204);
  json user = Body(Admin("GET", alice));
  EXPECT_EQ(user["firstName"], "Alicia");
  EXPECT_EQ(user["username"], "alice");
  // Logins by email follow the change.
  EXPECT_EQ(Login("northwind", "alice@northwind.io", "alice-password").response.status, 401);
  json claims = Claims(AccessToken("northwind", "alicia@northwind.io", "alice-password"));
  EXPECT_EQ(claims["given_name"], "Alicia");

  EXPECT_EQ(Admin("PUT", alice, {{"enabled", false}}).response.status, 204);
  EXPECT_EQ(Body(Login("northwind", "alice", "alice-password"))["error_description"],
            "Account disabled");
}

TEST_F(AdminApiTest, ResetPasswordStoresAHashAndTakesEffect) {
  std::string alice = std::string("/northwind/users/") + kAlice;
  aws::HttpReply reset = Admin("PUT", alice + "/reset-password",
                               {{"type", "password"}, {"value", "new-pw"}, {"temporary", false}});
  EXPECT_EQ(reset.response.status, 204) << reset.response.body;
  EXPECT_EQ(Login("northwind", "alice", "alice-password").response.status, 401);
  EXPECT_EQ(Login("northwind", "alice", "new-pw").response.status, 200);
  json credentials = Body(Admin("GET", alice + "/credentials"));
  ASSERT_EQ(credentials.size(), 1u);
  json data = json::parse(credentials[0]["credentialData"].get<std::string>());
  EXPECT_EQ(data["algorithm"], "pbkdf2-sha256");
  EXPECT_EQ(data["hashIterations"], 27500);
  EXPECT_EQ(credentials[0]["createdDate"], 1'800'000'000'000LL);
  EXPECT_EQ(Admin("PUT", alice + "/reset-password", {{"type", "password"}}).response.status, 400);
}

TEST_F(AdminApiTest, DeletesUsers) {
  std::string id = CreateUser(Erin());
  EXPECT_EQ(Admin("DELETE", "/northwind/users/" + id).response.status, 204);
  aws::HttpReply gone = Admin("GET", "/northwind/users/" + id);
  EXPECT_EQ(gone.response.status, 404);
  EXPECT_EQ(Body(gone), json({{"error", "User not found"}}));
  EXPECT_EQ(Admin("DELETE", "/northwind/users/" + id).response.status, 404);
  EXPECT_EQ(Body(Login("northwind", "erin", "erin-pw"))["error"], "invalid_grant");
}

TEST_F(AdminApiTest, GroupMembershipGrantsGroupRoles) {
  std::string id = CreateUser(Erin());
  std::string groups = "/northwind/users/" + id + "/groups";
  EXPECT_EQ(Admin("PUT", groups + "/" + kStaffGroup).response.status, 204);
  EXPECT_EQ(Strings(Body(Admin("GET", groups)), "path"), std::vector<std::string>{"/staff"});
  json claims = Claims(AccessToken("northwind", "erin", "erin-pw"));
  auto roles = claims["realm_access"]["roles"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(roles.begin(), roles.end(), "admin"), roles.end());
  EXPECT_EQ(
      Strings(Body(Admin("GET", std::string("/northwind/groups/") + kStaffGroup + "/members")),
              "username"),
      (std::vector<std::string>{"alice", "erin"}));

  EXPECT_EQ(Admin("DELETE", groups + "/" + kStaffGroup).response.status, 204);
  EXPECT_TRUE(Body(Admin("GET", groups)).empty());
  EXPECT_EQ(Admin("PUT", groups + "/no-such-group").response.status, 404);
}

TEST_F(AdminApiTest, ListsGroupsNested) {
  json groups = Body(Admin("GET", "/northwind/groups"));
  EXPECT_EQ(Strings(groups, "name"), (std::vector<std::string>{"staff", "customers"}));
  EXPECT_EQ(groups[1]["subGroups"][0]["path"], "/customers/premium");
  json searched = Body(Admin("GET", "/northwind/groups?search=prem"));
  ASSERT_EQ(searched.size(), 1u);
  EXPECT_EQ(searched[0]["subGroups"][0]["name"], "premium");
  json staff = Body(Admin("GET", std::string("/northwind/groups/") + kStaffGroup));
  EXPECT_EQ(staff["realmRoles"], json({"admin"}));
  EXPECT_EQ(Admin("GET", "/northwind/groups/nope").response.status, 404);
}

TEST_F(AdminApiTest, ListsClientsAndTheirRoles) {
  json found = Body(Admin("GET", "/northwind/clients?clientId=backend"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["id"], kBackend);
  EXPECT_EQ(found[0]["secret"], "backend-secret");
  EXPECT_EQ(Body(Admin("GET", "/northwind/clients")).size(), 3u);
  EXPECT_EQ(Body(Admin("GET", std::string("/northwind/clients/") + kBackend))["clientId"],
            "backend");
  json roles = Body(Admin("GET", std::string("/northwind/clients/") + kBackend + "/roles"));
  EXPECT_EQ(Strings(roles, "name"), (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(roles[0]["clientRole"], true);
  EXPECT_EQ(roles[0]["containerId"], kBackend);
  EXPECT_EQ(Admin("GET", "/northwind/clients/nope").response.status, 404);
}

TEST_F(AdminApiTest, ListsRealmRoles) {
  auto names = Strings(Body(Admin("GET", "/northwind/roles")), "name");
  EXPECT_EQ(names.size(), 6u);
  json admin = Body(Admin("GET", "/northwind/roles/admin"));
  EXPECT_EQ(admin["composite"], true);
  EXPECT_EQ(admin["clientRole"], false);
  aws::HttpReply missing = Admin("GET", "/northwind/roles/emperor");
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_EQ(Body(missing), json({{"error", "Could not find role"}}));
}

TEST_F(AdminApiTest, NewUsersAreDisabledUnlessSaidOtherwise) {
  std::string id = CreateUser(
      {{"username", "gina"}, {"credentials", {{{"type", "password"}, {"value", "pw"}}}}});
  EXPECT_EQ(Body(Admin("GET", "/northwind/users/" + id))["enabled"], false);
  EXPECT_EQ(Body(Login("northwind", "gina", "pw"))["error_description"], "Account disabled");
}

}  // namespace
}  // namespace sim::identity
