#pragma once
// Keycloak's OpenID Connect endpoints for every imported realm, on
// Keycloak's paths (issuer http://<host>:<port>/realms/<realm>):
//   GET  /realms/<realm>                  (realm info with its public key)
//   GET  /realms/<realm>/.well-known/openid-configuration
//   GET  /realms/<realm>/protocol/openid-connect/certs
//   POST /realms/<realm>/protocol/openid-connect/token
//   GET|POST /realms/<realm>/protocol/openid-connect/userinfo
//   POST /realms/<realm>/protocol/openid-connect/token/introspect
//   POST /realms/<realm>/protocol/openid-connect/logout
//   POST /realms/<realm>/protocol/openid-connect/revoke
//   GET  /admin/realms, and the admin REST subset below
//        /admin/realms/<realm>/ (admin_api.h)
// A built-in `master` realm (master_realm.h) holds the admin user whose
// tokens the admin API accepts, unless a realm file named master replaces it.
// Each realm signs with its own RS256 key, kept in the StateStore so tokens
// stay valid across restarts of a persistent sim. A realm without a stored
// key gets one on its first request: RSA key generation takes tens of
// milliseconds, which `simctl up` should not wait for.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "emulators/identity/jwt/signing_key.h"
#include "emulators/identity/oidc/admin_api.h"
#include "emulators/identity/oidc/directory.h"
#include "emulators/identity/oidc/token_service.h"
#include "sim/aws/http_message.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"
#include "sim/store/state_store.h"

namespace sim::identity {

class IdentityProvider {
 public:
  static constexpr std::string_view kKeyTable = "identity-keys";

  // `scope` keys the realm signing keys in the store (the environment's account and region).
  IdentityProvider(Clock* clock, Rng* rng, StateStore* store, Scope scope);

  // Where clients reach us ("http://127.0.0.1:8080"); fixes every realm's issuer.
  void set_base_url(std::string base_url) { base_url_ = std::move(base_url); }
  const std::string& base_url() const { return base_url_; }

  // Adds (or replaces) a realm. A stored key is loaded now (a broken one is
  // an error); otherwise one is made and stored on the realm's first request.
  Status AddRealm(std::unique_ptr<Directory> directory);
  bool HasRealm(std::string_view name) const { return realms_.count(std::string(name)) > 0; }

  // The built-in master realm's admin, like KEYCLOAK_ADMIN and
  // KEYCLOAK_ADMIN_PASSWORD (default admin/admin). Rebuilds that realm, ending
  // its sessions; no effect on a master realm imported from a file.
  void set_admin_credentials(std::string username, std::string password);

  aws::HttpReply Handle(const aws::HttpRequest& request);

 private:
  struct RealmState {
    std::unique_ptr<Directory> directory;
    std::unique_ptr<SigningKey> key;
    std::unique_ptr<TokenService> tokens;
    // The same directory when it can be edited (an imported realm); the
    // admin API serves only those.
    RealmDirectory* editable = nullptr;
  };
  std::string Issuer(const std::string& realm) const { return base_url_ + "/realms/" + realm; }
  // Makes the realm's key (and token service) if it has none yet.
  Status EnsureKey(const std::string& realm, RealmState& state);
  nlohmann::json Discovery(const std::string& realm) const;
  nlohmann::json RealmInfo(const std::string& realm, const RealmState& state) const;
  void InstallBuiltInMaster();
  // `rest` follows "/admin/realms".
  aws::HttpReply HandleAdmin(std::string_view rest, const aws::HttpRequest& request);

  Clock* clock_;
  Rng* rng_;
  StateStore* store_;
  Scope scope_;
  std::string base_url_ = "http://127.0.0.1:8080";
  std::map<std::string, RealmState, std::less<>> realms_;
  std::string admin_username_ = "admin";
  std::string admin_password_ = "admin";
  bool builtin_master_ = false;
  AdminApi admin_;
};

}  // namespace sim::identity
