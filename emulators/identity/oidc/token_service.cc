#include "emulators/identity/oidc/token_service.h"

#include <algorithm>
#include <sstream>

#include "emulators/identity/jwt/base64url.h"
#include "emulators/identity/jwt/jwt.h"
#include "emulators/identity/oidc/protocol_mappers.h"
#include "sim/aws/crypto.h"

namespace sim::identity {

using nlohmann::json;

namespace {

// Scopes Keycloak applies but leaves out of the token's "scope" string.
bool HiddenScope(std::string_view scope) {
  return scope == "roles" || scope == "web-origins" || scope == "acr" || scope == "basic";
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

bool Contains(const std::string& scope, std::string_view word) {
  auto words = Split(scope);
  return std::find(words.begin(), words.end(), word) != words.end();
}

OAuthReply InvalidUserCredentials() {
  return OAuthError(401, "invalid_grant", "Invalid user credentials");
}

OAuthReply InvalidClientCredentials() {
  return OAuthError(401, "unauthorized_client", "Invalid client or Invalid client credentials");
}

}  // namespace

OAuthReply OAuthError(int status, std::string_view error, std::string_view description) {
  return {status, {{"error", error}, {"error_description", description}}, {}, {}};
}

TokenService::TokenService(const Directory* directory, const SigningKey* key, Clock* clock,
                           Rng* rng, std::string issuer)
    : directory_(directory), key_(key), clock_(clock), rng_(rng), issuer_(std::move(issuer)) {}

long long TokenService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_->Now().time_since_epoch()).count();
}

std::string TokenService::NewId() { return rng_->Uuid(); }

std::variant<const DirectoryClient*, OAuthReply> TokenService::AuthenticateClient(
    const Form& form, const std::optional<BasicCredentials>& basic) {
  std::string client_id;
  std::optional<std::string> secret;
  if (basic) {
    client_id = basic->client_id;
    secret = basic->secret;
  } else {
    auto id = form.find("client_id");
    if (id == form.end()) return OAuthError(400, "invalid_client", "Missing parameter: client_id");
    client_id = id->second;
    if (auto s = form.find("client_secret"); s != form.end()) secret = s->second;
  }
  const DirectoryClient* client = directory_->FindClient(client_id);
  if (client == nullptr || !client->enabled) {
    return OAuthError(401, "invalid_client", "Invalid client or Invalid client credentials");
  }
  if (client->bearer_only) {
    return OAuthError(400, "invalid_client", "Bearer-only not allowed");
  }
  if (!client->public_client) {
    if (!secret || !client->secret || !aws::ConstantTimeEquals(*secret, *client->secret)) {
      return InvalidClientCredentials();
    }
  }
  return client;
}

std::string TokenService::Scope(const DirectoryClient& client, const Form& form) const {
  std::vector<std::string> requested;
  if (auto s = form.find("scope"); s != form.end()) requested = Split(s->second);
  static const std::vector<std::string> kDefaultScopes = {"web-origins", "acr", "profile", "roles",
                                                          "email"};
  const auto& defaults = client.default_scopes.empty() ? kDefaultScopes : client.default_scopes;
  std::vector<std::string> granted;
  if (std::find(requested.begin(), requested.end(), "openid") != requested.end())
    granted.push_back("openid");
  for (const auto& s : defaults)
    if (!HiddenScope(s)) granted.push_back(s);
  for (const auto& s : requested) {
    bool optional = std::find(client.optional_scopes.begin(), client.optional_scopes.end(), s) !=
                    client.optional_scopes.end();
    if (optional && std::find(granted.begin(), granted.end(), s) == granted.end()) granted.push_back(s);
  }
  std::string out;
  for (const auto& s : granted) out += (out.empty() ? "" : " ") + s;
  return out;
}

json TokenService::UserClaims(const DirectoryClient& client, const DirectoryUser& user,
                              std::string_view token_kind) const {
  json claims = json::object();
  claims["sub"] = user.id;
  // The profile and email scopes' standard mappers.
  std::string name = user.first_name;
  if (!user.last_name.empty()) name += (name.empty() ? "" : " ") + user.last_name;
  if (!name.empty()) claims["name"] = name;
  claims["preferred_username"] = user.username;
  if (!user.first_name.empty()) claims["given_name"] = user.first_name;
  if (!user.last_name.empty()) claims["family_name"] = user.last_name;
  if (!user.email.empty()) claims["email"] = user.email;
  claims["email_verified"] = user.email_verified;
  ApplyProtocolMappers(client, user, token_kind, claims);
  return claims;
}

OAuthReply TokenService::IssueTokens(const DirectoryClient& client, const DirectoryUser& user,
                                     Session& session, bool with_refresh, const std::string& nonce) {
  const RealmPolicy& policy = directory_->policy();
  long long now = Now();
  bool profile = Contains(session.scope, "profile");
  bool email = Contains(session.scope, "email");

  json access = UserClaims(client, user, "access");
  if (!profile)
    for (const char* k : {"name", "preferred_username", "given_name", "family_name"}) access.erase(k);
  if (!email)
    for (const char* k : {"email", "email_verified"}) access.erase(k);
  // The roles scope: realm and client roles, and an audience for every client
  // whose roles the token carries (Keycloak's audience resolve mapper).
  json audience = access.contains("aud") ? access["aud"] : json::array();
  access.erase("aud");
  access["realm_access"] = {{"roles", user.realm_roles}};
  json resource_access = json::object();
  for (const auto& [client_id, roles] : user.client_roles) {
    if (roles.empty()) continue;
    resource_access[client_id] = {{"roles", roles}};
    if (client_id != client.client_id) audience.push_back(client_id);
  }
  if (!resource_access.empty()) access["resource_access"] = resource_access;
  std::sort(audience.begin(), audience.end());
  audience.erase(std::unique(audience.begin(), audience.end()), audience.end());
  access["exp"] = now + policy.access_token_lifespan;
  access["iat"] = now;
  access["jti"] = NewId();
  access["iss"] = issuer_;
  if (audience.size() == 1) access["aud"] = audience[0];
  if (audience.size() > 1) access["aud"] = audience;
  access["typ"] = "Bearer";
  access["azp"] = client.client_id;
  access["session_state"] = session.id;
  access["sid"] = session.id;
  access["acr"] = "1";
  access["auth_time"] = std::chrono::duration_cast<std::chrono::seconds>(
                            session.auth_time.time_since_epoch()).count();
  access["scope"] = session.scope;
  std::string access_token = SignJwt(*key_, access);

  json body = {{"access_token", access_token},
               {"expires_in", policy.access_token_lifespan},
               {"token_type", "Bearer"},
               {"not-before-policy", 0},
               {"scope", session.scope}};
  if (with_refresh) {
    long long session_end = std::chrono::duration_cast<std::chrono::seconds>(
                                session.started.time_since_epoch()).count() + policy.sso_session_max_lifespan;
    long long refresh_exp = std::min(now + policy.sso_session_idle_timeout, session_end);
    json refresh = {{"exp", refresh_exp}, {"iat", now},          {"jti", NewId()},
                    {"iss", issuer_},     {"aud", issuer_},      {"sub", user.id},
                    {"typ", "Refresh"},   {"azp", client.client_id}, {"session_state", session.id},
                    {"scope", session.scope}, {"sid", session.id}};
    body["refresh_token"] = SignJwt(*key_, refresh);
    body["refresh_expires_in"] = refresh_exp - now;
    body["session_state"] = session.id;
  } else {
    body["refresh_expires_in"] = 0;
  }
  if (Contains(session.scope, "openid")) {
    json id = UserClaims(client, user, "id");
    id.erase("aud");
    if (!profile)
      for (const char* k : {"name", "preferred_username", "given_name", "family_name"}) id.erase(k);
    if (!email)
      for (const char* k : {"email", "email_verified"}) id.erase(k);
    // at_hash: the left half of SHA-256 of the access token (OIDC Core 3.1.3.6).
    std::string digest = aws::Sha256(access_token);
    id["exp"] = now + policy.access_token_lifespan;
    id["iat"] = now;
    id["auth_time"] = std::chrono::duration_cast<std::chrono::seconds>(
                          session.auth_time.time_since_epoch()).count();
    id["jti"] = NewId();
    id["iss"] = issuer_;
    id["aud"] = client.client_id;
    id["typ"] = "ID";
    if (!nonce.empty()) id["nonce"] = nonce;
    id["azp"] = client.client_id;
    id["session_state"] = session.id;
    id["at_hash"] = Base64UrlEncode(digest.substr(0, digest.size() / 2));
    id["acr"] = "1";
    id["sid"] = session.id;
    body["id_token"] = SignJwt(*key_, id);
  }
  return {200, body, {}, {}};
}

OAuthReply TokenService::Token(const Form& form, const std::optional<BasicCredentials>& basic) {
  auto grant = form.find("grant_type");
  if (grant == form.end()) return OAuthError(400, "invalid_request", "Missing form parameter: grant_type");
  auto authenticated = AuthenticateClient(form, basic);
  if (auto* error = std::get_if<OAuthReply>(&authenticated)) return *error;
  const DirectoryClient& client = *std::get<const DirectoryClient*>(authenticated);
  if (grant->second == "password") return PasswordGrant(client, form);
  if (grant->second == "client_credentials") return ClientCredentialsGrant(client, form);
  if (grant->second == "refresh_token") return RefreshGrant(client, form);
  if (grant->second == "authorization_code") return AuthorizationCodeGrant(client, form);
  return OAuthError(400, "unsupported_grant_type", "Unsupported grant_type");
}

const DirectoryUser* TokenService::CheckLogin(std::string_view username, std::string_view password) {
  const DirectoryUser* user = directory_->FindUser(username);
  if (user == nullptr || !user->service_account_client.empty()) return nullptr;
  const RealmPolicy& policy = directory_->policy();
  Failures& failures = failures_[user->id];
  TimePoint now = clock_->Now();
  bool locked = policy.brute_force_protected &&
                (failures.locked_permanently || now < failures.locked_until);
  if (locked) return nullptr;  // Keycloak does not tell a locked account apart
  if (!directory_->CheckPassword(*user, password)) {
    if (policy.brute_force_protected && ++failures.count >= policy.failure_factor) {
      if (policy.permanent_lockout) {
        failures.locked_permanently = true;
      } else {
        int waits = failures.count / policy.failure_factor;
        int wait = std::min(policy.wait_increment_seconds * waits, policy.max_failure_wait_seconds);
        failures.locked_until = now + std::chrono::seconds(wait);
      }
    }
    return nullptr;
  }
  failures = Failures{};
  return user;
}

OAuthReply TokenService::PasswordGrant(const DirectoryClient& client, const Form& form) {
  if (!client.direct_access_grants_enabled) {
    return OAuthError(400, "unauthorized_client", "Client not allowed for direct access grants");
  }
  auto username = form.find("username");
  auto password = form.find("password");
  if (username == form.end() || password == form.end()) return InvalidUserCredentials();
  const DirectoryUser* user = CheckLogin(username->second, password->second);
  if (user == nullptr) return InvalidUserCredentials();
  if (!user->enabled) return OAuthError(400, "invalid_grant", "Account disabled");
  TimePoint now = clock_->Now();
  Session& stored = AddSession({NewId(), user->id, client.client_id, Scope(client, form), now, now, now, {}, 0, {}});
  return IssueTokens(client, *user, stored, /*with_refresh=*/true);
}

OAuthReply TokenService::ClientCredentialsGrant(const DirectoryClient& client, const Form& form) {
  if (client.public_client) {
    return OAuthError(401, "unauthorized_client", "Public client not allowed to retrieve service account");
  }
  if (!client.service_accounts_enabled) {
    return OAuthError(401, "unauthorized_client", "Client not enabled to retrieve service account");
  }
  const DirectoryUser* user = directory_->ServiceAccountOf(client);
  if (user == nullptr) return OAuthError(400, "invalid_request", "Service account user not found");
  TimePoint now = clock_->Now();
  // Keycloak issues no refresh token here (use.refresh.tokens.for.client.credentials.grant off).
  TimePoint ends = now + std::chrono::seconds(directory_->policy().access_token_lifespan);
  Session& stored = AddSession({NewId(), user->id, client.client_id, Scope(client, form), now, now, now, {}, 0, ends});
  return IssueTokens(client, *user, stored, /*with_refresh=*/false);
}

std::optional<json> TokenService::ValidToken(std::string_view token, std::string_view typ) const {
  auto claims = VerifyJwt(token, std::span<const SigningKey>(key_, 1));
  if (!claims.ok()) return std::nullopt;
  if (!CheckTimeClaims(*claims, clock_->Now()).ok()) return std::nullopt;
  if (claims->value("typ", "") != typ || claims->value("iss", "") != issuer_) return std::nullopt;
  if (revoked_tokens_.count(claims->value("jti", "")) > 0) return std::nullopt;
  return *claims;
}

bool TokenService::Alive(const Session& session, TimePoint now) const {
  const RealmPolicy& policy = directory_->policy();
  if (session.ends && now >= *session.ends) return false;
  return now < session.last_refresh + std::chrono::seconds(policy.sso_session_idle_timeout) &&
         now < session.started + std::chrono::seconds(policy.sso_session_max_lifespan);
}

bool TokenService::SessionActive(const std::string& session_id) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return false;
  bool alive = Alive(it->second, clock_->Now());
  if (!alive) sessions_.erase(it);
  return alive;
}

TokenService::Session& TokenService::AddSession(Session session) {
  if (sessions_.size() >= sweep_at_) {
    TimePoint now = clock_->Now();
    std::erase_if(sessions_, [&](const auto& entry) { return !Alive(entry.second, now); });
    sweep_at_ = std::max<std::size_t>(1024, sessions_.size() * 2);
  }
  std::string id = session.id;
  return sessions_[id] = std::move(session);
}

std::optional<json> TokenService::ActiveAccessToken(std::string_view token) {
  auto claims = ValidToken(token, "Bearer");
  if (!claims || !SessionActive(claims->value("sid", ""))) return std::nullopt;
  return claims;
}

OAuthReply TokenService::RefreshGrant(const DirectoryClient& client, const Form& form) {
  auto token = form.find("refresh_token");
  if (token == form.end()) return OAuthError(400, "invalid_request", "Missing parameter: refresh_token");
  auto signature_ok = VerifyJwt(token->second, std::span<const SigningKey>(key_, 1));
  if (!signature_ok.ok()) return OAuthError(400, "invalid_grant", "Invalid refresh token");
  auto claims = ValidToken(token->second, "Refresh");
  if (!claims) return OAuthError(400, "invalid_grant", "Token is not active");
  if (claims->value("azp", "") != client.client_id) {
    return OAuthError(400, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match");
  }
  std::string sid = claims->value("sid", "");
  if (!SessionActive(sid)) return OAuthError(400, "invalid_grant", "Session not active");
  Session& session = sessions_[sid];
  const DirectoryUser* user = directory_->FindUserById(session.user_id);
  if (user == nullptr || !user->enabled) return OAuthError(400, "invalid_grant", "User disabled");
  if (auto refused = CheckRefreshReuse(session, *claims)) return *refused;
  session.last_refresh = clock_->Now();
  return IssueTokens(client, *user, session, /*with_refresh=*/true);
}

std::optional<OAuthReply> TokenService::CheckRefreshReuse(Session& session, const json& refresh) {
  if (!directory_->policy().revoke_refresh_token) return std::nullopt;
  std::string jti = refresh.value("jti", "");
  long long issued = refresh.value("iat", 0LL);
  long long session_time =
      std::chrono::duration_cast<std::chrono::seconds>(session.last_refresh.time_since_epoch()).count();
  // An older token than the session's latest refresh, other than the one in use: stale.
  if (!session.current_refresh_jti.empty() && jti != session.current_refresh_jti && issued < session_time) {
    return OAuthError(400, "invalid_grant", "Stale token");
  }
  if (jti != session.current_refresh_jti) {
    session.current_refresh_jti = jti;
    session.refresh_use_count = 0;
  }
  if (session.refresh_use_count > directory_->policy().refresh_token_max_reuse) {
    return OAuthError(400, "invalid_grant", "Maximum allowed refresh token reuse exceeded");
  }
  ++session.refresh_use_count;
  return std::nullopt;
}

OAuthReply TokenService::UserInfo(std::string_view bearer_token) {
  auto claims = ValidToken(bearer_token, "Bearer");
  if (claims && !SessionActive(claims->value("sid", ""))) claims.reset();
  const DirectoryUser* user = claims ? directory_->FindUserById(claims->value("sub", "")) : nullptr;
  const DirectoryClient* client = claims ? directory_->FindClient(claims->value("azp", "")) : nullptr;
  if (!claims || user == nullptr || client == nullptr) {
    OAuthReply reply = OAuthError(401, "invalid_token", "Token verification failed");
    reply.headers.emplace_back("WWW-Authenticate",
                               "Bearer realm=\"" + directory_->policy().name +
                                   "\", error=\"invalid_token\", error_description=\"Token verification failed\"");
    return reply;
  }
  std::string scope = claims->value("scope", "");
  if (!Contains(scope, "openid")) {  // Keycloak 22+
    OAuthReply reply = OAuthError(403, "insufficient_scope", "Missing openid scope");
    reply.headers.emplace_back("WWW-Authenticate",
                               "Bearer realm=\"" + directory_->policy().name +
                                   "\", error=\"insufficient_scope\", error_description=\"Missing openid scope\"");
    return reply;
  }
  json info = UserClaims(*client, *user, "userinfo");
  if (!Contains(scope, "profile"))
    for (const char* k : {"name", "preferred_username", "given_name", "family_name"}) info.erase(k);
  if (!Contains(scope, "email"))
    for (const char* k : {"email", "email_verified"}) info.erase(k);
  info.erase("aud");
  return {200, info, {}, {}};
}

OAuthReply TokenService::Introspect(const Form& form, const std::optional<BasicCredentials>& basic) {
  auto authenticated = AuthenticateClient(form, basic);
  if (auto* error = std::get_if<OAuthReply>(&authenticated)) return *error;
  if (std::get<const DirectoryClient*>(authenticated)->public_client) {
    return OAuthError(401, "invalid_request", "Client not allowed.");
  }
  auto token = form.find("token");
  if (token == form.end()) return OAuthError(400, "invalid_request", "Token not provided.");
  for (const char* typ : {"Bearer", "Refresh", "ID"}) {
    auto claims = ValidToken(token->second, typ);
    if (!claims) continue;
    if (!SessionActive(claims->value("sid", ""))) break;
    json body = *claims;
    body["active"] = true;
    body["client_id"] = claims->value("azp", "");
    if (const DirectoryUser* user = directory_->FindUserById(claims->value("sub", "")))
      body["username"] = user->username;
    body["token_type"] = typ;
    return {200, body, {}, {}};
  }
  return {200, {{"active", false}}, {}, {}};
}

OAuthReply TokenService::Logout(const Form& form, const std::optional<BasicCredentials>& basic) {
  auto authenticated = AuthenticateClient(form, basic);
  if (auto* error = std::get_if<OAuthReply>(&authenticated)) return *error;
  auto token = form.find("refresh_token");
  if (token == form.end()) return OAuthError(400, "invalid_request", "refresh_token not provided");
  auto claims = ValidToken(token->second, "Refresh");
  if (!claims) return OAuthError(400, "invalid_grant", "Invalid refresh token");
  sessions_.erase(claims->value("sid", ""));
  return {204, nullptr, {}, {}};
}

OAuthReply TokenService::Revoke(const Form& form, const std::optional<BasicCredentials>& basic) {
  auto authenticated = AuthenticateClient(form, basic);
  if (auto* error = std::get_if<OAuthReply>(&authenticated)) return *error;
  auto token = form.find("token");
  if (token == form.end()) return OAuthError(400, "invalid_request", "Missing token parameter.");
  // RFC 7009: an invalid token is not an error.
  if (auto refresh = ValidToken(token->second, "Refresh")) {
    sessions_.erase(refresh->value("sid", ""));
  } else if (auto access = ValidToken(token->second, "Bearer")) {
    revoked_tokens_.insert(access->value("jti", ""));
  }
  return {200, nullptr, {}, {}};
}

}  // namespace sim::identity
