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
  nlohmann::json body;  // null: no body
  std::vector<std::pair<std::string, std::string>> headers;
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

 private:
  struct Session {
    std::string id;
    std::string user_id;
    std::string client_id;
    std::string scope;
    TimePoint started;
    TimePoint last_refresh;
    TimePoint auth_time;
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
  // Issues access (+ ID when "openid" is in scope) (+ refresh) tokens.
  OAuthReply IssueTokens(const DirectoryClient& client, const DirectoryUser& user,
                         Session& session, bool with_refresh);
  nlohmann::json UserClaims(const DirectoryClient& client, const DirectoryUser& user,
                            std::string_view token_kind) const;
  // The claims of a token we issued that is signed, unexpired and of `typ`.
  std::optional<nlohmann::json> ValidToken(std::string_view token, std::string_view typ) const;
  bool SessionActive(const std::string& session_id);
  std::string Scope(const DirectoryClient& client, const Form& form) const;
  std::string NewId();
  long long Now() const;

  const Directory* directory_;
  const SigningKey* key_;
  Clock* clock_;
  Rng* rng_;
  std::string issuer_;
  std::map<std::string, Session> sessions_;
  std::set<std::string> revoked_tokens_;      // jti of revoked tokens
  std::map<std::string, Failures> failures_;  // brute force, by user id
};

// Keycloak's error body.
OAuthReply OAuthError(int status, std::string_view error, std::string_view description);

}  // namespace sim::identity
