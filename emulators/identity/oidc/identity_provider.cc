#include "emulators/identity/oidc/identity_provider.h"

#include <sstream>

#include "emulators/identity/oidc/master_realm.h"
#include "emulators/identity/oidc/realm_directory.h"
#include "sim/aws/crypto.h"

namespace sim::identity {

using nlohmann::json;

namespace {

aws::HttpReply JsonReply(int status, const json& body) {
  aws::HttpReply reply;
  reply.response.status = status;
  if (!body.is_null()) {
    reply.response.SetHeader("Content-Type", "application/json");
    reply.response.body = body.dump();
  }
  return reply;
}

aws::HttpReply FromOAuth(const OAuthReply& oauth) {
  aws::HttpReply reply = JsonReply(oauth.status, oauth.body);
  if (!oauth.html.empty()) {
    reply.response.SetHeader("Content-Type", "text/html;charset=utf-8");
    reply.response.body = oauth.html;
  }
  for (const auto& [name, value] : oauth.headers) reply.response.SetHeader(name, value);
  // Token responses must not be cached (RFC 6749 5.1).
  reply.response.SetHeader("Cache-Control", "no-store");
  return reply;
}

aws::HttpReply NotFound() {
  return JsonReply(404, {{"error", "Unable to find matching target resource method"}});
}

Form ParseForm(const aws::HttpRequest& request) {
  Form form;
  for (auto& [k, v] : aws::ParseQueryString(request.body)) form.emplace(std::move(k), std::move(v));
  return form;
}

Form QueryForm(const aws::HttpRequest& request) {
  Form form;
  for (auto& [k, v] : aws::ParseQueryString(request.RawQuery())) form.emplace(std::move(k), std::move(v));
  return form;
}

// client_secret_basic: "Basic base64(urlencode(id):urlencode(secret))".
std::optional<BasicCredentials> BasicAuth(const aws::HttpRequest& request) {
  const std::string* header = request.Header("Authorization");
  if (header == nullptr || header->size() < 6 || header->compare(0, 6, "Basic ") != 0) return std::nullopt;
  auto decoded = aws::Base64Decode(header->substr(6));
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{aws::UrlDecode(decoded->substr(0, colon), true),
                          aws::UrlDecode(decoded->substr(colon + 1), true)};
}

std::string BearerToken(const aws::HttpRequest& request, const Form& form) {
  const std::string* header = request.Header("Authorization");
  if (header != nullptr && header->size() > 7 && header->compare(0, 7, "Bearer ") == 0) return header->substr(7);
  auto it = form.find("access_token");
  return it == form.end() ? "" : it->second;
}

}  // namespace

IdentityProvider::IdentityProvider(Clock* clock, Rng* rng, StateStore* store, Scope scope)
    : clock_(clock), rng_(rng), store_(store), scope_(std::move(scope)), admin_(clock, rng) {
  InstallBuiltInMaster();
}

void IdentityProvider::InstallBuiltInMaster() {
  // Fails only on a broken stored key; master is then left out and the admin API answers 401.
  builtin_master_ = AddRealm(std::make_unique<RealmDirectory>(MasterRealm(admin_username_, admin_password_))).ok();
}

void IdentityProvider::set_admin_credentials(std::string username, std::string password) {
  admin_username_ = std::move(username);
  admin_password_ = std::move(password);
  if (builtin_master_) InstallBuiltInMaster();
}

Status IdentityProvider::AddRealm(std::unique_ptr<Directory> directory) {
  std::string name = directory->policy().name;
  if (name == kMasterRealm) builtin_master_ = false;
  RealmState state;
  state.editable = dynamic_cast<RealmDirectory*>(directory.get());
  state.directory = std::move(directory);
  for (const auto& stored : store_->Scan(kKeyTable)) {
    if (stored.scope == scope_ && stored.key == name) {
      auto loaded = SigningKey::FromPem(stored.body);
      if (!loaded.ok()) return loaded.error();
      state.key = std::make_unique<SigningKey>(std::move(*loaded));
    }
  }
  if (state.key) {
    state.tokens = std::make_unique<TokenService>(state.directory.get(), state.key.get(), clock_,
                                                  rng_, Issuer(name));
  }
  realms_[name] = std::move(state);
  return Ok();
}

Status IdentityProvider::EnsureKey(const std::string& realm, RealmState& state) {
  if (state.key) return Ok();
  auto generated = SigningKey::Generate();
  if (!generated.ok()) return generated.error();
  state.key = std::make_unique<SigningKey>(std::move(*generated));
  store_->Put(kKeyTable, scope_, realm, state.key->ToPem());
  state.tokens = std::make_unique<TokenService>(state.directory.get(), state.key.get(), clock_, rng_,
                                                Issuer(realm));
  return Ok();
}

// GET /realms/<realm>: what older adapters read the realm's public key from.
json IdentityProvider::RealmInfo(const std::string& realm, const RealmState& state) const {
  // The PEM's base64 body is the DER SubjectPublicKeyInfo Keycloak publishes.
  std::string pem = state.key->public_key().ToPem();
  std::string der_base64;
  std::istringstream lines(pem);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line.rfind("-----", 0) != 0) der_base64 += line;
  std::string issuer = Issuer(realm);
  return {{"realm", realm},
          {"public_key", der_base64},
          {"token-service", issuer + "/protocol/openid-connect"},
          {"account-service", issuer + "/account"},
          {"tokens-not-before", 0}};
}

json IdentityProvider::Discovery(const std::string& realm) const {
  std::string issuer = Issuer(realm);
  std::string oidc = issuer + "/protocol/openid-connect";
  return {{"issuer", issuer},
          {"authorization_endpoint", oidc + "/auth"},
          {"token_endpoint", oidc + "/token"},
          {"introspection_endpoint", oidc + "/token/introspect"},
          {"userinfo_endpoint", oidc + "/userinfo"},
          {"end_session_endpoint", oidc + "/logout"},
          {"jwks_uri", oidc + "/certs"},
          {"revocation_endpoint", oidc + "/revoke"},
          {"grant_types_supported", {"authorization_code", "password", "client_credentials", "refresh_token"}},
          {"authorization_response_iss_parameter_supported", true},
          {"response_types_supported", {"code"}},
          {"subject_types_supported", {"public"}},
          {"id_token_signing_alg_values_supported", {"RS256"}},
          {"userinfo_signing_alg_values_supported", {"RS256"}},
          {"response_modes_supported", {"query", "fragment", "form_post"}},
          {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
          {"introspection_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
          {"revocation_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
          {"code_challenge_methods_supported", {"plain", "S256"}},
          {"scopes_supported", {"openid", "profile", "email", "roles", "web-origins", "acr"}},
          {"claims_supported", {"aud", "sub", "iss", "auth_time", "name", "given_name", "family_name",
                                "preferred_username", "email", "email_verified", "acr"}},
          {"claims_parameter_supported", true},
          {"request_parameter_supported", false},
          {"backchannel_logout_supported", false}};
}

aws::HttpReply IdentityProvider::HandleAdmin(std::string_view rest, const aws::HttpRequest& request) {
  auto master = realms_.find(kMasterRealm);
  if (master == realms_.end()) return JsonReply(401, {{"error", "HTTP 401 Unauthorized"}});
  if (Status ready = EnsureKey(master->first, master->second); !ready.ok()) {
    return JsonReply(500, {{"error", ready.error().message}});
  }
  AdminAccess access = CheckAdminAccess(request, *master->second.tokens, *master->second.directory);
  if (access != AdminAccess::kAllowed) return AdminAccessDenied(access);

  if (rest.empty() || rest == "/") {
    if (request.method != "GET") return JsonReply(405, {{"error", "HTTP 405 Method Not Allowed"}});
    json list = json::array();
    for (const auto& [name, state] : realms_) {
      if (state.editable != nullptr) {
        list.push_back(RealmSummary(state.editable->realm()));
      } else {
        list.push_back({{"id", name}, {"realm", name}, {"enabled", true}});
      }
    }
    return JsonReply(200, list);
  }
  rest.remove_prefix(1);
  std::string realm = aws::UrlDecode(rest.substr(0, rest.find('/')), false);
  auto found = realms_.find(realm);
  if (found == realms_.end() || found->second.editable == nullptr) {
    return JsonReply(404, {{"error", "Realm not found."}});
  }
  std::string_view below = rest.substr(std::min(rest.size(), rest.find('/')));
  return admin_.Handle(*found->second.editable, below, request, base_url_ + "/admin/realms/" + realm);
}

aws::HttpReply IdentityProvider::Handle(const aws::HttpRequest& request) {
  std::string_view path = request.Path();
  constexpr std::string_view kAdmin = "/admin/realms";
  if (path.substr(0, kAdmin.size()) == kAdmin && (path.size() == kAdmin.size() || path[kAdmin.size()] == '/')) {
    return HandleAdmin(path.substr(kAdmin.size()), request);
  }
  constexpr std::string_view kPrefix = "/realms/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return NotFound();
  path.remove_prefix(kPrefix.size());
  std::string realm(path.substr(0, path.find('/')));
  std::string_view rest = path.substr(realm.size());
  auto found = realms_.find(realm);
  if (found == realms_.end()) return JsonReply(404, {{"error", "Realm does not exist"}});
  RealmState& state = found->second;
  const std::string& method = request.method;
  if (Status ready = EnsureKey(realm, state); !ready.ok()) {
    return JsonReply(500, {{"error", "server_error"}, {"error_description", ready.error().message}});
  }

  if (rest == "/.well-known/openid-configuration" && method == "GET") return JsonReply(200, Discovery(realm));
  if ((rest.empty() || rest == "/") && method == "GET") return JsonReply(200, RealmInfo(realm, state));
  if (rest == "/login-actions/authenticate" && method == "POST") {
    return FromOAuth(state.tokens->Authenticate(QueryForm(request), ParseForm(request)));
  }
  constexpr std::string_view kOidc = "/protocol/openid-connect";
  if (rest.substr(0, kOidc.size()) != kOidc) return NotFound();
  std::string_view endpoint = rest.substr(kOidc.size());
  if (endpoint == "/certs" && method == "GET") {
    return JsonReply(200, {{"keys", json::array({state.key->PublicJwk()})}});
  }
  Form form = method == "POST" ? ParseForm(request) : Form{};
  auto basic = BasicAuth(request);
  if (endpoint == "/token" && method == "POST") return FromOAuth(state.tokens->Token(form, basic));
  if (endpoint == "/userinfo" && (method == "GET" || method == "POST")) {
    return FromOAuth(state.tokens->UserInfo(BearerToken(request, form)));
  }
  if (endpoint == "/token/introspect" && method == "POST") return FromOAuth(state.tokens->Introspect(form, basic));
  if (endpoint == "/logout" && method == "POST") return FromOAuth(state.tokens->Logout(form, basic));
  if (endpoint == "/revoke" && method == "POST") return FromOAuth(state.tokens->Revoke(form, basic));
  if (endpoint == "/auth" && method == "GET") return FromOAuth(state.tokens->Authorize(QueryForm(request)));
  if (endpoint == "/logout" && method == "GET") return FromOAuth(state.tokens->EndSession(QueryForm(request)));
  if (endpoint == "/token" || endpoint == "/certs" || endpoint == "/logout" || endpoint == "/revoke" ||
      endpoint == "/token/introspect") {
    return JsonReply(405, {{"error", "HTTP 405 Method Not Allowed"}});
  }
  return NotFound();
}

}  // namespace sim::identity
