// The authorization code flow as Keycloak runs it: /auth validates the
// request and shows a plain login form; the form posts to
// /login-actions/authenticate, which redirects back to the client with
// ?state&session_state&iss&code; the token endpoint exchanges the code once,
// checking redirect_uri and PKCE. Also RP-initiated logout (GET /logout).

#include <algorithm>
#include <cctype>

#include "emulators/identity/jwt/base64url.h"
#include "emulators/identity/jwt/jwt.h"
#include "emulators/identity/oidc/token_service.h"
#include "sim/aws/crypto.h"

namespace sim::identity {

using nlohmann::json;

namespace {

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Param(const Form& form, const char* name) {
  auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

// `uri` with `params` appended to its query.
std::string WithQuery(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = uri;
  char separator = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += separator;
    out += name + "=" + PercentEncode(value);
    separator = '&';
  }
  return out;
}

OAuthReply Redirect(const std::string& location) {
  OAuthReply reply;
  reply.status = 302;
  reply.body = nullptr;
  reply.headers.emplace_back("Location", location);
  return reply;
}

// Keycloak's error page ("We are sorry..."), for requests it cannot send back.
OAuthReply ErrorPage(int status, std::string_view message) {
  OAuthReply reply;
  reply.status = status;
  reply.body = nullptr;
  reply.html = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
               "<h1 id=\"kc-page-title\">We are sorry...</h1>"
               "<p id=\"kc-error-message\" class=\"instruction\">" + HtmlEscape(message) +
               "</p></body></html>";
  return reply;
}

}  // namespace

bool RedirectUriMatches(const std::vector<std::string>& patterns, std::string_view uri) {
  std::string_view without_query = uri.substr(0, uri.find('?'));
  for (const std::string& pattern : patterns) {
    if (pattern == "*") return true;
    if (!pattern.empty() && pattern.back() == '*') {
      std::string_view prefix(pattern.data(), pattern.size() - 1);
      if (uri.substr(0, prefix.size()) == prefix) return true;
      // Keycloak's RedirectUtils: "https://host/*" also matches "https://host".
      if (prefix.size() > 1 && prefix.back() == '/' && without_query == prefix.substr(0, prefix.size() - 1))
        return true;
      continue;
    }
    bool pattern_has_query = pattern.find('?') != std::string::npos;
    if (uri == pattern || (!pattern_has_query && without_query == pattern)) return true;
  }
  return false;
}

OAuthReply TokenService::LoginPage(const std::string& session_code, const PendingLogin& login,
                                   std::string_view error) const {
  std::string action = issuer_ + "/login-actions/authenticate?session_code=" + session_code +
                       "&execution=auth-username-password-form&client_id=" +
                       PercentEncode(login.client_id) + "&tab_id=" + session_code.substr(0, 11);
  OAuthReply reply;
  reply.status = 200;
  reply.body = nullptr;
  reply.html = "<!DOCTYPE html><html><head><title>Sign in to " + HtmlEscape(directory_->policy().name) +
               "</title></head><body><h1 id=\"kc-page-title\">Sign in to your account</h1>";
  if (!error.empty()) {
    reply.html += "<span id=\"input-error\" class=\"kc-feedback-text\" aria-live=\"polite\">" +
                  HtmlEscape(error) + "</span>";
  }
  reply.html += "<form id=\"kc-form-login\" action=\"" + HtmlEscape(action) + "\" method=\"post\">"
                "<label for=\"username\">Username or email</label>"
                "<input tabindex=\"1\" id=\"username\" name=\"username\" type=\"text\" autofocus autocomplete=\"off\"/>"
                "<label for=\"password\">Password</label>"
                "<input tabindex=\"2\" id=\"password\" name=\"password\" type=\"password\" autocomplete=\"off\"/>"
                "<input tabindex=\"4\" name=\"login\" id=\"kc-login\" type=\"submit\" value=\"Sign In\"/>"
                "</form></body></html>";
  return reply;
}

void TokenService::PruneExpiredLogins() {
  TimePoint now = clock_->Now();
  std::erase_if(logins_, [&](const auto& entry) { return now >= entry.second.expires; });
  std::erase_if(codes_, [&](const auto& entry) { return now >= entry.second.expires; });
  std::erase_if(used_codes_, [&](const auto& entry) { return now >= entry.second.expires; });
}

OAuthReply TokenService::Authorize(const Form& query) {
  PruneExpiredLogins();
  const DirectoryClient* client = directory_->FindClient(Param(query, "client_id"));
  if (client == nullptr || !client->enabled) return ErrorPage(400, "Client not found.");
  std::string redirect_uri = Param(query, "redirect_uri");
  if (redirect_uri.empty() || !RedirectUriMatches(client->redirect_uris, redirect_uri)) {
    return ErrorPage(400, "Invalid parameter: redirect_uri");
  }
  std::string state = Param(query, "state");
  auto fail = [&](std::string_view error, std::string_view description) {
    std::vector<std::pair<std::string, std::string>> params = {{"error", std::string(error)},
                                                               {"error_description", std::string(description)}};
    if (!state.empty()) params.emplace_back("state", state);
    params.emplace_back("iss", issuer_);
    return Redirect(WithQuery(redirect_uri, params));
  };
  if (Param(query, "response_type") != "code") {
    return fail("unsupported_response_type", "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.");
  }
  if (!client->standard_flow_enabled) {
    return fail("unauthorized_client", "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.");
  }
  std::string challenge = Param(query, "code_challenge");
  std::string method = Param(query, "code_challenge_method");
  if (!challenge.empty() && method.empty()) method = "plain";
  if (!method.empty() && method != "S256" && method != "plain") {
    return fail("invalid_request", "Invalid parameter: code_challenge_method");
  }
  if (!client->pkce_method.empty()) {
    if (challenge.empty()) return fail("invalid_request", "Missing parameter: code_challenge");
    if (method != client->pkce_method) return fail("invalid_request", "Invalid parameter: code challenge method is not configured one");
  }
  Form scope_form{{"scope", Param(query, "scope")}};
  PendingLogin login{client->client_id, redirect_uri, Scope(*client, scope_form), state,
                     Param(query, "nonce"), challenge, method,
                     clock_->Now() + std::chrono::seconds(directory_->policy().access_code_lifespan_login)};
  std::string session_code = Base64UrlEncode(rng_->Hex(16));
  logins_[session_code] = login;
  return LoginPage(session_code, login, "");
}

OAuthReply TokenService::Authenticate(const Form& query, const Form& form) {
  std::string session_code = Param(query, "session_code");
  auto pending = logins_.find(session_code);
  if (pending == logins_.end() || clock_->Now() >= pending->second.expires) {
    if (pending != logins_.end()) logins_.erase(pending);
    return ErrorPage(400, "Your login attempt timed out. Login will start from the beginning.");
  }
  PendingLogin login = pending->second;
  const DirectoryUser* user = CheckLogin(Param(form, "username"), Param(form, "password"));
  if (user == nullptr) {
    OAuthReply again = LoginPage(session_code, login, "Invalid username or password.");
    again.status = 200;
    return again;
  }
  if (!user->enabled) return LoginPage(session_code, login, "Account is disabled, contact your administrator.");
  logins_.erase(pending);
  TimePoint now = clock_->Now();
  Session& session = AddSession({NewId(), user->id, login.client_id, login.scope, now, now, now, {}, 0, {}});
  std::string code = rng_->Uuid() + "." + session.id + "." + rng_->Uuid();
  codes_[code] = Code{session.id, login.client_id, login.redirect_uri, login.nonce, login.code_challenge,
                      login.code_challenge_method,
                      now + std::chrono::seconds(directory_->policy().access_code_lifespan)};
  std::vector<std::pair<std::string, std::string>> params;
  if (!login.state.empty()) params.emplace_back("state", login.state);
  params.emplace_back("session_state", session.id);
  params.emplace_back("iss", issuer_);
  params.emplace_back("code", code);
  return Redirect(WithQuery(login.redirect_uri, params));
}

OAuthReply TokenService::AuthorizationCodeGrant(const DirectoryClient& client, const Form& form) {
  std::string code_text = Param(form, "code");
  if (code_text.empty()) return OAuthError(400, "invalid_request", "Missing parameter: code");
  auto found = codes_.find(code_text);
  if (found == codes_.end()) {
    if (auto used = used_codes_.find(code_text); used != used_codes_.end()) sessions_.erase(used->second.session_id);
    return OAuthError(400, "invalid_grant", "Code not valid");
  }
  Code code = found->second;
  // A code works once; Keycloak also ends the session when a code is replayed,
  // so a stolen code cannot be used after the legitimate client used it.
  codes_.erase(found);
  used_codes_[code_text] = UsedCode{code.session_id, code.expires};
  if (clock_->Now() >= code.expires || code.client_id != client.client_id) {
    return OAuthError(400, "invalid_grant", "Code not valid");
  }
  if (Param(form, "redirect_uri") != code.redirect_uri) {
    return OAuthError(400, "invalid_grant", "Incorrect redirect_uri");
  }
  if (!code.code_challenge.empty()) {
    std::string verifier = Param(form, "code_verifier");
    if (verifier.empty()) return OAuthError(400, "invalid_grant", "PKCE code verifier not specified");
    std::string expected = code.code_challenge_method == "S256" ? Base64UrlEncode(aws::Sha256(verifier)) : verifier;
    if (!aws::ConstantTimeEquals(expected, code.code_challenge)) {
      return OAuthError(400, "invalid_grant", "PKCE verification failed: Code mismatch");
    }
  }
  if (!SessionActive(code.session_id)) return OAuthError(400, "invalid_grant", "Session not active");
  Session& session = sessions_[code.session_id];
  const DirectoryUser* user = directory_->FindUserById(session.user_id);
  if (user == nullptr || !user->enabled) return OAuthError(400, "invalid_grant", "User disabled");
  return IssueTokens(client, *user, session, /*with_refresh=*/true, code.nonce);
}

OAuthReply TokenService::EndSession(const Form& query) {
  std::string hint = Param(query, "id_token_hint");
  std::string client_id = Param(query, "client_id");
  std::string session_id;
  if (!hint.empty()) {
    // An expired ID token still names the session to end.
    auto claims = VerifyJwt(hint, std::span<const SigningKey>(key_, 1));
    if (!claims.ok() || claims->value("iss", "") != issuer_) {
      return ErrorPage(400, "Invalid parameter: id_token_hint");
    }
    session_id = claims->value("sid", "");
    client_id = claims->value("azp", client_id);
  }
  // The redirect is checked before anything ends, as Keycloak does: a refused
  // logout leaves the session alone.
  std::string post_logout = Param(query, "post_logout_redirect_uri");
  if (!post_logout.empty()) {
    const DirectoryClient* client = directory_->FindClient(client_id);
    if (client == nullptr || !RedirectUriMatches(client->post_logout_redirect_uris, post_logout)) {
      return ErrorPage(400, "Invalid redirect uri");
    }
  }
  sessions_.erase(session_id);
  if (post_logout.empty()) {
    OAuthReply reply;
    reply.body = nullptr;
    reply.html = "<!DOCTYPE html><html><body><h1 id=\"kc-page-title\">You are logged out</h1></body></html>";
    return reply;
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (std::string state = Param(query, "state"); !state.empty()) params.emplace_back("state", state);
  return Redirect(WithQuery(post_logout, params));
}

}  // namespace sim::identity
