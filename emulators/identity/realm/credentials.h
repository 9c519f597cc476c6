#pragma once
// Password credentials as Keycloak stores and exports them, and checking a
// password against one.
//
// A realm file carries a password in one of two forms:
// - plain: {"type":"password","value":"alice-password"}. Keycloak hashes it at
//   import; the sim keeps it as given and compares in constant time. Hashing
//   at import would need 27500 PBKDF2 rounds per user, which alone would break
//   "10,000 users import in under a second". Call HashPassword to get the
//   hashed form when the cost of a real check matters (benchmarks).
// - hashed (Keycloak 12+): secretData and credentialData are JSON *strings*:
//     secretData     {"value":"<base64 hash>","salt":"<base64 salt>","additionalParameters":{}}
//     credentialData {"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}}
//   The derived key length is the decoded hash's length: Keycloak wrote 64
//   bytes for every PBKDF2 variant up to version 19, and 32 for pbkdf2-sha256
//   since.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/rng.h"

namespace sim::identity {

inline constexpr std::string_view kPasswordType = "password";

struct Credential {
  std::string id;
  std::string type{kPasswordType};  // "password", "otp", "webauthn", ...
  std::string user_label;
  std::int64_t created_date = 0;  // epoch milliseconds, as Keycloak writes it
  bool temporary = false;         // the user must change it at next login
  std::optional<std::string> plain_value;

  // The hashed form of a password credential, decoded.
  std::string algorithm;  // "pbkdf2-sha256", "pbkdf2-sha512", "pbkdf2", "argon2", ...
  int hash_iterations = 0;
  std::string salt;  // raw bytes
  std::string hash;  // raw bytes

  // The stored strings as the realm file had them (or HashPassword wrote
  // them); the only representation of non-password credentials such as OTP.
  std::string secret_data;
  std::string credential_data;

  bool hashed() const { return !hash.empty(); }
};

// The algorithms VerifyPassword can check: pbkdf2-sha256, pbkdf2-sha512 and
// pbkdf2 (HMAC-SHA1). Keycloak 24+'s argon2 imports but never verifies.
bool IsSupportedAlgorithm(std::string_view algorithm);

// PBKDF2 with the HMAC named by a Keycloak algorithm id; nullopt when the id is
// not one of the supported ones or the parameters are unusable.
std::optional<std::string> Pbkdf2(std::string_view algorithm, std::string_view password,
                                  std::string_view salt, int iterations, std::size_t key_length);

// True when `password` is the one `credential` holds. False for anything that
// is not a password credential or uses an unsupported algorithm.
bool VerifyPassword(const Credential& credential, std::string_view password);

struct HashOptions {
  std::string algorithm = "pbkdf2-sha256";
  int iterations = 27500;
  std::size_t salt_length = 16;
  std::size_t key_length = 32;  // Keycloak 20+ for pbkdf2-sha256; 64 for the others
};

// A hashed password credential in Keycloak's stored form, salt and id drawn
// from `rng`. created_date is left 0: the caller stamps it from its Clock.
// options.algorithm must be supported (IsSupportedAlgorithm); otherwise the
// credential has no hash and never verifies.
Credential HashPassword(std::string_view password, Rng& rng, const HashOptions& options = {});

// The Keycloak 12+ secretData / credentialData strings for a hashed credential,
// with keys in the order Keycloak writes them.
std::string PasswordSecretData(const Credential& credential);
std::string PasswordCredentialData(const Credential& credential);

}  // namespace sim::identity
