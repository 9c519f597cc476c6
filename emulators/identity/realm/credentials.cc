#include "emulators/identity/realm/credentials.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <climits>
#include <nlohmann/json.hpp>

#include "sim/aws/crypto.h"

namespace sim::identity {
namespace {

// Keycloak's algorithm ids and the HMAC digest each runs PBKDF2 with.
const EVP_MD* DigestFor(std::string_view algorithm) {
  if (algorithm == "pbkdf2-sha256") return EVP_sha256();
  if (algorithm == "pbkdf2-sha512") return EVP_sha512();
  if (algorithm == "pbkdf2") return EVP_sha1();
  return nullptr;
}

std::string RandomBytes(Rng& rng, std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>(rng.Below(256));
  return out;
}

}  // namespace

bool IsSupportedAlgorithm(std::string_view algorithm) { return DigestFor(algorithm) != nullptr; }

std::optional<std::string> Pbkdf2(std::string_view algorithm, std::string_view password,
                                  std::string_view salt, int iterations, std::size_t key_length) {
  const EVP_MD* md = DigestFor(algorithm);
  if (md == nullptr || iterations <= 0 || key_length == 0 || password.size() > INT_MAX ||
      salt.size() > INT_MAX || key_length > INT_MAX) {
    return std::nullopt;
  }
  std::string key(key_length, '\0');
  int ok = PKCS5_PBKDF2_HMAC(
      password.data(), static_cast<int>(password.size()),
      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
      iterations, md, static_cast<int>(key_length), reinterpret_cast<unsigned char*>(key.data()));
  if (ok != 1) return std::nullopt;
  return key;
}

bool VerifyPassword(const Credential& credential, std::string_view password) {
  if (credential.type != kPasswordType) return false;
  if (credential.plain_value) return aws::ConstantTimeEquals(*credential.plain_value, password);
  if (!credential.hashed()) return false;
  auto derived = Pbkdf2(credential.algorithm, password, credential.salt, credential.hash_iterations,
                        credential.hash.size());
  // Same length by construction, so CRYPTO_memcmp's fixed-length compare is exact.
  return derived && CRYPTO_memcmp(derived->data(), credential.hash.data(), derived->size()) == 0;
}

Credential HashPassword(std::string_view password, Rng& rng, const HashOptions& options) {
  Credential credential;
  credential.id = rng.Uuid();
  credential.algorithm = options.algorithm;
  credential.hash_iterations = options.iterations;
  credential.salt = RandomBytes(rng, options.salt_length);
  credential.hash =
      Pbkdf2(options.algorithm, password, credential.salt, options.iterations, options.key_length)
          .value_or("");
  credential.secret_data = PasswordSecretData(credential);
  credential.credential_data = PasswordCredentialData(credential);
  return credential;
}

std::string PasswordSecretData(const Credential& credential) {
  nlohmann::ordered_json j;
  j["value"] = aws::Base64Encode(credential.hash);
  j["salt"] = aws::Base64Encode(credential.salt);
  j["additionalParameters"] = nlohmann::ordered_json::object();
  return j.dump();
}

std::string PasswordCredentialData(const Credential& credential) {
  nlohmann::ordered_json j;
  j["hashIterations"] = credential.hash_iterations;
  j["algorithm"] = credential.algorithm;
  j["additionalParameters"] = nlohmann::ordered_json::object();
  return j.dump();
}

}  // namespace sim::identity
