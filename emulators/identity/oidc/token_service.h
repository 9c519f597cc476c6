#pragma once
// The OpenID Connect token logic of one realm, as Keycloak behaves: grants
// (password, client_credentials, refresh_token), userinfo, introspection,
// logout and revocation. Tokens are RS256 JWTs with Keycloak's claims and
// the realm's protocol mappers; times come from the sim Clock, ids from a
// seeded Rng. Sessions and brute-force counters live in memory. No HTTP
// here: requests come in as decoded form fields, answers go out as a status
// and a JSON body, so oidc_http.cc stays a thin router.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulators/identity/jwt/signing_key.h"
#include "emulators/identity/oidc/directory.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::identity {

using Form = std::map<std::string, std::string>;

// client_secret_basic credentials from an Authorization header.
struct BasicCredentials {
  std::string client_id;
  std::string secret;
};

struct OAuthReply {
  int status = 200;
  nlohmann::json body;  // null: no JSON body
  std::vector<std::pair<std::string, std::string>> headers;
  std::string html;     // a page (login form, error page) instead of JSON
};

class TokenService {
 public:
  // All pointers must outlive the service.
  TokenService(const Directory* directory, const SigningKey* key, Clock* clock, Rng* rng,
               std::string issuer);

  const std::string& issuer() const { return issuer_; }

  OAuthReply Token(const Form& form, const std::optional<BasicCredentials>& basic);
  OAuthReply UserInfo(std::string_view bearer_token);
  OAuthReply Introspect(const Form& form, const std::optional<BasicCredentials>& basic);
  OAuthReply Logout(const Form& form, const std::optional<BasicCredentials>& basic);
  OAuthReply Revoke(const Form& form, const std::optional<BasicCredentials>& basic);

  // The claims of an access token this service issued that is signed,
  // unexpired, not revoked and whose session is still active; what a
  // resource server of this realm (the admin API) accepts.
  std::optional<nlohmann::json> ActiveAccessToken(std::string_view token);

  // The browser login (login_flow.cc). Authorize validates the request and
  // answers the login form; Authenticate takes the form's POST and redirects
  // to the client with a code (or shows the form again with Keycloak's
  // error); EndSession is the RP-initiated logout (GET .../logout).
  OAuthReply Authorize(const Form& query);
  OAuthReply Authenticate(const Form& query, const Form& form);
  OAuthReply EndSession(const Form& query);

 private:
  struct Session {
    std::string id;
    std::string user_id;
    std::string client_id;
    std::string scope;
    TimePoint started;
    TimePoint last_refresh;
    TimePoint auth_time;
    // revokeRefreshToken bookkeeping, as Keycloak's client session keeps it.
    std::string current_refresh_jti;
    int refresh_use_count = 0;
    // A client_credentials session has no refresh token: it only needs to
    // outlive its access token (Keycloak keeps such sessions transient).
    std::optional<TimePoint> ends;
  };
  // A login form shown and not yet submitted.
  struct PendingLogin {
    std::string client_id;
    std::string redirect_uri;
    std::string scope;
    std::string state;
    std::string nonce;
    std::string code_challenge;
    std::string code_challenge_method;
    TimePoint expires;
  };
  // An issued authorization code, usable once.
  struct Code {
    std::string session_id;
    std::string client_id;
    std::string redirect_uri;
    std::string nonce;
    std::string code_challenge;
    std::string code_challenge_method;
    TimePoint expires;
  };
  struct Failures {
    int count = 0;
    TimePoint locked_until{};
    bool locked_permanently = false;
  };

  // A client authenticated the way its type demands, or the error reply.
  std::variant<const DirectoryClient*, OAuthReply> AuthenticateClient(
      const Form& form, const std::optional<BasicCredentials>& basic);
  OAuthReply PasswordGrant(const DirectoryClient& client, const Form& form);
  OAuthReply ClientCredentialsGrant(const DirectoryClient& client, const Form& form);
  OAuthReply RefreshGrant(const DirectoryClient& client, const Form& form);
  OAuthReply AuthorizationCodeGrant(const DirectoryClient& client, const Form& form);
  // Keycloak's TokenManager.validateTokenReuse; an error reply or nullopt.
  std::optional<OAuthReply> CheckRefreshReuse(Session& session, const nlohmann::json& refresh);
  // Checks a password with brute-force accounting; the user when it matches.
  const DirectoryUser* CheckLogin(std::string_view username, std::string_view password);
  OAuthReply LoginPage(const std::string& session_code, const PendingLogin& login,
                       std::string_view error) const;
  // Drops login forms, codes and replay markers past their lifetime, so an
  // abandoned login costs nothing after it expires.
  void PruneExpiredLogins();
  // Issues access (+ ID when "openid" is in scope) (+ refresh) tokens.
  OAuthReply IssueTokens(const DirectoryClient& client, const DirectoryUser& user,
                         Session& session, bool with_refresh, const std::string& nonce = "");
  nlohmann::json UserClaims(const DirectoryClient& client, const DirectoryUser& user,
                            std::string_view token_kind) const;
  // The claims of a token we issued that is signed, unexpired and of `typ`.
  std::optional<nlohmann::json> ValidToken(std::string_view token, std::string_view typ) const;
  bool SessionActive(const std::string& session_id);
  bool Alive(const Session& session, TimePoint now) const;
  // Stores a new session; now and then sweeps out the dead ones, so sessions
  // nobody ends (client_credentials, abandoned logins) cannot pile up.
  Session& AddSession(Session session);
  std::string Scope(const DirectoryClient& client, const Form& form) const;
  std::string NewId();
  long long Now() const;

  const Directory* directory_;
  const SigningKey* key_;
  Clock* clock_;
  Rng* rng_;
  std::string issuer_;
  std::map<std::string, Session> sessions_;
  std::size_t sweep_at_ = 1024;  // sessions_ size that triggers the next sweep
  std::set<std::string> revoked_tokens_;      // jti of revoked tokens
  std::map<std::string, Failures> failures_;  // brute force, by user id
  std::map<std::string, PendingLogin> logins_;  // by session_code
  std::map<std::string, Code> codes_;           // by code
  // Used codes, to catch replays while the code would still be valid.
  struct UsedCode {
    std::string session_id;
    TimePoint expires;
  };
  std::map<std::string, UsedCode> used_codes_;
};

// Keycloak's error body.
OAuthReply OAuthError(int status, std::string_view error, std::string_view description);

// Keycloak's redirect URI rules: exact match, or a pattern ending in "*"
// matching any URI with that prefix ("*" alone matches all). The query of
// the candidate is ignored when the pattern has none, as Keycloak does.
bool RedirectUriMatches(const std::vector<std::string>& patterns, std::string_view uri);

}  // namespace sim::identity
