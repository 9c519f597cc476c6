// The token service against an in-memory directory on a simulated clock:
// grants, Keycloak's error bodies, claims and mappers, refresh, userinfo,
// introspection, logout, revocation and brute-force lockout.

#include "emulators/identity/oidc/token_service.h"

#include <gtest/gtest.h>

#include <map>

#include "emulators/identity/jwt/jwt.h"

namespace sim::identity {
namespace {

using nlohmann::json;

class FakeDirectory : public Directory {
 public:
  RealmPolicy policy_;
  std::map<std::string, DirectoryClient> clients;
  std::vector<DirectoryUser> users;
  std::map<std::string, std::string> passwords;  // by user id

  const RealmPolicy& policy() const override { return policy_; }
  const DirectoryClient* FindClient(std::string_view id) const override {
    auto it = clients.find(std::string(id));
    return it == clients.end() ? nullptr : &it->second;
  }
  const DirectoryUser* FindUser(std::string_view name) const override {
    for (const auto& u : users)
      if (u.username == name || (!u.email.empty() && u.email == name)) return &u;
    return nullptr;
  }
  const DirectoryUser* FindUserById(std::string_view id) const override {
    for (const auto& u : users)
      if (u.id == id) return &u;
    return nullptr;
  }
  const DirectoryUser* ServiceAccountOf(const DirectoryClient& client) const override {
    for (const auto& u : users)
      if (u.service_account_client == client.client_id) return &u;
    return nullptr;
  }
  bool CheckPassword(const DirectoryUser& user, std::string_view password) const override {
    auto it = passwords.find(user.id);
    return it != passwords.end() && it->second == password;
  }
};

class TokenServiceTest : public ::testing::Test {
 protected:
  TokenServiceTest()
      : clock_(TimePoint(std::chrono::seconds(1'800'000'000))),
        rng_(7),
        key_(*SigningKey::Generate()),
        service_(&directory_, &key_, &clock_, &rng_, "http://127.0.0.1:8080/realms/northwind") {
    directory_.policy_.name = "northwind";
    DirectoryClient backend;
    backend.id = "c-1";
    backend.client_id = "backend";
    backend.secret = "backend-secret";
    backend.service_accounts_enabled = true;
    backend.direct_access_grants_enabled = true;
    backend.protocol_mappers = {
        {{"protocolMapper", "oidc-audience-mapper"},
         {"config", {{"included.client.audience", "api"}, {"access.token.claim", "true"}}}},
        {{"protocolMapper", "oidc-usermodel-attribute-mapper"},
         {"config", {{"user.attribute", "department"}, {"claim.name", "org.department"},
                     {"jsonType.label", "String"}}}},
        {{"protocolMapper", "oidc-group-membership-mapper"},
         {"config", {{"claim.name", "groups"}, {"full.path", "true"}}}},
        {{"protocolMapper", "oidc-hardcoded-claim-mapper"},
         {"config", {{"claim.name", "tenant"}, {"claim.value", "42"}, {"jsonType.label", "long"}}}}};
    directory_.clients["backend"] = backend;
    DirectoryClient frontend;
    frontend.id = "c-2";
    frontend.client_id = "frontend";
    frontend.public_client = true;
    frontend.direct_access_grants_enabled = true;
    frontend.redirect_uris = {"http://localhost:3000/*"};
    frontend.post_logout_redirect_uris = {"http://localhost:3000/*"};
    frontend.pkce_method = "S256";
    directory_.clients["frontend"] = frontend;

    DirectoryUser alice;
    alice.id = "u-alice";
    alice.username = "alice";
    alice.email = "alice@northwind.io";
    alice.email_verified = true;
    alice.first_name = "Alice";
    alice.last_name = "Liddell";
    alice.attributes["department"] = {"engineering"};
    alice.group_paths = {"/staff"};
    alice.realm_roles = {"admin", "user"};
    alice.client_roles["backend"] = {"write"};
    alice.client_roles["reports"] = {"read"};
    directory_.users.push_back(alice);
    directory_.passwords["u-alice"] = "alice-password";
    DirectoryUser service;
    service.id = "u-svc";
    service.username = "service-account-backend";
    service.service_account_client = "backend";
    directory_.users.push_back(service);
  }

  OAuthReply Password(const std::string& password, const std::string& client = "backend") {
    Form form{{"grant_type", "password"}, {"username", "alice"}, {"password", password},
              {"scope", "openid"}, {"client_id", client}};
    if (client == "backend") form["client_secret"] = "backend-secret";
    return service_.Token(form, std::nullopt);
  }
  json Claims(const std::string& token) {
    auto claims = VerifyJwt(token, std::span<const SigningKey>(&key_, 1));
    EXPECT_TRUE(claims.ok());
    return claims.ok() ? *claims : json();
  }

  SimClock clock_;
  Rng rng_;
  FakeDirectory directory_;
  SigningKey key_;
  TokenService service_;
};

TEST_F(TokenServiceTest, PasswordGrantIssuesKeycloakShapedTokens) {
  OAuthReply reply = Password("alice-password");
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["token_type"], "Bearer");
  EXPECT_EQ(reply.body["expires_in"], 300);
  EXPECT_EQ(reply.body["refresh_expires_in"], 1800);
  EXPECT_EQ(reply.body["scope"], "openid profile email");
  json access = Claims(reply.body["access_token"]);
  EXPECT_EQ(access["typ"], "Bearer");
  EXPECT_EQ(access["iss"], "http://127.0.0.1:8080/realms/northwind");
  EXPECT_EQ(access["sub"], "u-alice");
  EXPECT_EQ(access["azp"], "backend");
  EXPECT_EQ(access["iat"], 1'800'000'000);
  EXPECT_EQ(access["exp"], 1'800'000'300);
  EXPECT_EQ(access["auth_time"], 1'800'000'000);
  EXPECT_EQ(access["aud"], json({"api", "reports"}));
  EXPECT_EQ(access["realm_access"]["roles"], json({"admin", "user"}));
  EXPECT_EQ(access["resource_access"]["backend"]["roles"], json({"write"}));
  EXPECT_EQ(access["preferred_username"], "alice");
  EXPECT_EQ(access["name"], "Alice Liddell");
  EXPECT_EQ(access["email_verified"], true);
  EXPECT_EQ(access["org"]["department"], "engineering");
  EXPECT_EQ(access["groups"], json({"/staff"}));
  EXPECT_EQ(access["tenant"], 42);
  EXPECT_EQ(access["sid"], reply.body["session_state"]);
  json id = Claims(reply.body["id_token"]);
  EXPECT_EQ(id["typ"], "ID");
  EXPECT_EQ(id["aud"], "backend");
  EXPECT_TRUE(id.contains("at_hash"));
  json refresh = Claims(reply.body["refresh_token"]);
  EXPECT_EQ(refresh["typ"], "Refresh");
  EXPECT_EQ(refresh["aud"], "http://127.0.0.1:8080/realms/northwind");
}

TEST_F(TokenServiceTest, ErrorsAreKeycloaks) {
  OAuthReply wrong = Password("nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, json({{"error", "invalid_grant"}, {"error_description", "Invalid user credentials"}}));
  OAuthReply bad_secret = service_.Token({{"grant_type", "client_credentials"}, {"client_id", "backend"},
                                          {"client_secret", "x"}}, std::nullopt);
  EXPECT_EQ(bad_secret.status, 401);
  EXPECT_EQ(bad_secret.body["error"], "unauthorized_client");
  OAuthReply unknown = service_.Token({{"grant_type", "password"}, {"client_id", "ghost"}}, std::nullopt);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body["error"], "invalid_client");
  OAuthReply public_cc = service_.Token({{"grant_type", "client_credentials"}, {"client_id", "frontend"}},
                                        std::nullopt);
  EXPECT_EQ(public_cc.status, 401);
  EXPECT_EQ(public_cc.body["error_description"], "Public client not allowed to retrieve service account");
  OAuthReply no_grant = service_.Token({{"client_id", "frontend"}}, std::nullopt);
  EXPECT_EQ(no_grant.status, 400);
  EXPECT_EQ(no_grant.body["error_description"], "Missing form parameter: grant_type");
  OAuthReply odd_grant = service_.Token({{"grant_type", "magic"}, {"client_id", "frontend"}}, std::nullopt);
  EXPECT_EQ(odd_grant.body["error"], "unsupported_grant_type");
}

TEST_F(TokenServiceTest, ClientCredentialsWithBasicAuthHasNoRefreshToken) {
  OAuthReply reply = service_.Token({{"grant_type", "client_credentials"}},
                                    BasicCredentials{"backend", "backend-secret"});
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_FALSE(reply.body.contains("refresh_token"));
  EXPECT_EQ(reply.body["refresh_expires_in"], 0);
  json access = Claims(reply.body["access_token"]);
  EXPECT_EQ(access["sub"], "u-svc");
  EXPECT_EQ(access["preferred_username"], "service-account-backend");
}

TEST_F(TokenServiceTest, RefreshRotatesAndExpiresWithTheSession) {
  OAuthReply first = Password("alice-password");
  clock_.Advance(std::chrono::seconds(600));
  Form refresh{{"grant_type", "refresh_token"}, {"refresh_token", first.body["refresh_token"]},
               {"client_id", "backend"}, {"client_secret", "backend-secret"}};
  OAuthReply second = service_.Token(refresh, std::nullopt);
  ASSERT_EQ(second.status, 200) << second.body.dump();
  EXPECT_NE(second.body["refresh_token"], first.body["refresh_token"]);
  EXPECT_EQ(Claims(second.body["access_token"])["iat"], 1'800'000'600);
  // Idle past ssoSessionIdleTimeout: the refresh token has expired.
  clock_.Advance(std::chrono::seconds(1801));
  refresh["refresh_token"] = second.body["refresh_token"];
  OAuthReply late = service_.Token(refresh, std::nullopt);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(late.body["error"], "invalid_grant");
  OAuthReply garbage = service_.Token({{"grant_type", "refresh_token"}, {"refresh_token", "x.y.z"},
                                       {"client_id", "frontend"}}, std::nullopt);
  EXPECT_EQ(garbage.body["error_description"], "Invalid refresh token");
}

TEST_F(TokenServiceTest, UserInfoIntrospectLogoutRevoke) {
  OAuthReply tokens = Password("alice-password");
  std::string access = tokens.body["access_token"];
  OAuthReply info = service_.UserInfo(access);
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.body["sub"], "u-alice");
  EXPECT_EQ(info.body["email"], "alice@northwind.io");
  OAuthReply bad = service_.UserInfo(access + "x");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.body["error"], "invalid_token");
  ASSERT_EQ(bad.headers.size(), 1u);

  BasicCredentials backend{"backend", "backend-secret"};
  OAuthReply active = service_.Introspect({{"token", access}}, backend);
  EXPECT_EQ(active.body["active"], true);
  EXPECT_EQ(active.body["username"], "alice");
  OAuthReply logout = service_.Logout({{"refresh_token", tokens.body["refresh_token"]}}, backend);
  EXPECT_EQ(logout.status, 204);
  EXPECT_EQ(service_.Introspect({{"token", access}}, backend).body, json({{"active", false}}));
  EXPECT_EQ(service_.UserInfo(access).status, 401);

  OAuthReply again = Password("alice-password");
  std::string second_access = again.body["access_token"];
  EXPECT_EQ(service_.Revoke({{"token", second_access}}, backend).status, 200);
  EXPECT_EQ(service_.Introspect({{"token", second_access}}, backend).body["active"], false);
}

TEST_F(TokenServiceTest, AccessTokensExpireOnTheSimulatedClock) {
  std::string access = Password("alice-password").body["access_token"];
  clock_.Advance(std::chrono::seconds(301));
  EXPECT_EQ(service_.UserInfo(access).status, 401);
}

TEST_F(TokenServiceTest, BruteForceLocksTheAccountTemporarily) {
  directory_.policy_.brute_force_protected = true;
  directory_.policy_.failure_factor = 3;
  directory_.policy_.wait_increment_seconds = 60;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Password("wrong").status, 401);
  // Locked: even the right password is refused, the same way.
  OAuthReply locked = Password("alice-password");
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.body["error_description"], "Invalid user credentials");
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Password("alice-password").status, 200);
}

// The value of `name` in a redirect's query.
std::string QueryParam(const std::string& location, const std::string& name) {
  auto at = location.find(name + "=");
  if (at == std::string::npos) return "";
  auto end = location.find('&', at);
  return location.substr(at + name.size() + 1, end == std::string::npos ? std::string::npos : end - at - name.size() - 1);
}

std::string Location(const OAuthReply& reply) {
  for (const auto& [name, value] : reply.headers)
    if (name == "Location") return value;
  return "";
}

// RFC 7636 appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST_F(TokenServiceTest, CodeFlowWithPkceThroughTheLoginForm) {
  Form authorize{{"client_id", "frontend"}, {"redirect_uri", "http://localhost:3000/callback"},
                 {"response_type", "code"}, {"scope", "openid"}, {"state", "st"}, {"nonce", "n-1"},
                 {"code_challenge", kChallenge}, {"code_challenge_method", "S256"}};
  OAuthReply form = service_.Authorize(authorize);
  ASSERT_EQ(form.status, 200);
  auto at = form.html.find("session_code=");
  ASSERT_NE(at, std::string::npos);
  std::string session_code = form.html.substr(at + 13, form.html.find('&', at) - at - 13);

  OAuthReply wrong = service_.Authenticate({{"session_code", session_code}},
                                           {{"username", "alice"}, {"password", "nope"}});
  EXPECT_EQ(wrong.status, 200);
  EXPECT_NE(wrong.html.find("Invalid username or password."), std::string::npos);
  OAuthReply signed_in = service_.Authenticate({{"session_code", session_code}},
                                               {{"username", "alice"}, {"password", "alice-password"}});
  ASSERT_EQ(signed_in.status, 302);
  std::string location = Location(signed_in);
  EXPECT_EQ(location.rfind("http://localhost:3000/callback?state=st&session_state=", 0), 0u) << location;
  std::string code = QueryParam(location, "code");
  ASSERT_FALSE(code.empty());

  Form exchange{{"grant_type", "authorization_code"}, {"client_id", "frontend"}, {"code", code},
                {"redirect_uri", "http://localhost:3000/callback"}, {"code_verifier", "wrong-verifier"}};
  EXPECT_EQ(service_.Token(exchange, std::nullopt).body["error_description"],
            "PKCE verification failed: Code mismatch");
  // The failed attempt used the code up; log in again for a fresh one.
  form = service_.Authorize(authorize);
  at = form.html.find("session_code=");
  session_code = form.html.substr(at + 13, form.html.find('&', at) - at - 13);
  code = QueryParam(Location(service_.Authenticate({{"session_code", session_code}},
                                                   {{"username", "alice"}, {"password", "alice-password"}})),
                    "code");
  exchange["code"] = code;
  exchange["code_verifier"] = kVerifier;
  OAuthReply tokens = service_.Token(exchange, std::nullopt);
  ASSERT_EQ(tokens.status, 200) << tokens.body.dump();
  EXPECT_EQ(Claims(tokens.body["id_token"])["nonce"], "n-1");
  // A replayed code is refused and ends the session it came from.
  OAuthReply replay = service_.Token(exchange, std::nullopt);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.body["error_description"], "Code not valid");
  EXPECT_EQ(service_.UserInfo(tokens.body["access_token"].get<std::string>()).status, 401);
}

TEST_F(TokenServiceTest, AuthorizeRefusesWhatKeycloakRefuses) {
  Form base{{"client_id", "frontend"}, {"redirect_uri", "http://localhost:3000/cb"},
            {"response_type", "code"}, {"code_challenge", kChallenge}, {"code_challenge_method", "S256"}};
  Form unknown = base;
  unknown["client_id"] = "ghost";
  EXPECT_NE(service_.Authorize(unknown).html.find("Client not found."), std::string::npos);
  Form evil = base;
  evil["redirect_uri"] = "https://evil.example/cb";
  OAuthReply refused = service_.Authorize(evil);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.html.find("Invalid parameter: redirect_uri"), std::string::npos);
  Form no_pkce = base;
  no_pkce.erase("code_challenge");
  no_pkce.erase("code_challenge_method");
  OAuthReply missing = service_.Authorize(no_pkce);
  EXPECT_EQ(missing.status, 302);
  EXPECT_NE(Location(missing).find("error=invalid_request"), std::string::npos);
}

TEST(RedirectUris, KeycloakWildcardRules) {
  std::vector<std::string> patterns = {"http://localhost:3000/*", "com.northwind.app:/callback"};
  EXPECT_TRUE(RedirectUriMatches(patterns, "http://localhost:3000/"));
  EXPECT_TRUE(RedirectUriMatches(patterns, "http://localhost:3000"));
  EXPECT_TRUE(RedirectUriMatches(patterns, "http://localhost:3000/a/b?x=1"));
  EXPECT_TRUE(RedirectUriMatches(patterns, "com.northwind.app:/callback"));
  EXPECT_TRUE(RedirectUriMatches(patterns, "com.northwind.app:/callback?x=1"));
  EXPECT_FALSE(RedirectUriMatches(patterns, "http://localhost:3001/"));
  EXPECT_FALSE(RedirectUriMatches(patterns, "com.northwind.app:/callback/more"));
  EXPECT_TRUE(RedirectUriMatches({"*"}, "anything"));
}

TEST_F(TokenServiceTest, RpInitiatedLogoutEndsTheSessionAndRedirects) {
  OAuthReply tokens = Password("alice-password");
  OAuthReply out = service_.EndSession({{"id_token_hint", tokens.body["id_token"]},
                                        {"post_logout_redirect_uri", "http://localhost:3000/bye"},
                                        {"client_id", "frontend"}, {"state", "s"}});
  // alice's tokens came from `backend`, whose post-logout URIs are empty: the
  // logout is refused and the session stays.
  EXPECT_EQ(out.status, 400);
  EXPECT_EQ(service_.UserInfo(tokens.body["access_token"].get<std::string>()).status, 200);
  OAuthReply done = service_.EndSession({{"id_token_hint", tokens.body["id_token"]}});
  EXPECT_NE(done.html.find("You are logged out"), std::string::npos);
  EXPECT_EQ(service_.UserInfo(tokens.body["access_token"].get<std::string>()).status, 401);
  OAuthReply plain = service_.EndSession({});
  EXPECT_NE(plain.html.find("You are logged out"), std::string::npos);
}

}  // namespace
}  // namespace sim::identity
