#pragma once
// An RSA public key that verifies RS256 signatures: a SigningKey's public
// half, or a key read from a JWK (as a JWKS lists it) or a PEM
// SubjectPublicKeyInfo. Copies share one immutable OpenSSL key.

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/core/result.h"

namespace sim::identity {

namespace internal {
class RsaKey;
}

class PublicKey {
 public:
  // An RSA JWK: "kty":"RSA" with "n" and "e"; "alg", when present, must be
  // RS256 and "use", when present, "sig". The kid is the JWK's own "kid" when
  // it has one, otherwise its RFC 7638 thumbprint.
  static Result<PublicKey> FromJwk(const nlohmann::json& jwk);
  // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo) holding an RSA key.
  static Result<PublicKey> FromPem(std::string_view pem);

  const std::string& kid() const { return kid_; }
  // {"kid","kty":"RSA","alg":"RS256","use":"sig","n","e"}: one JWKS entry.
  nlohmann::json Jwk() const;
  // SubjectPublicKeyInfo PEM, as `openssl dgst -verify` reads it.
  std::string ToPem() const;
  // RSASSA-PKCS1-v1_5 with SHA-256 over `data`; `signature` is raw bytes.
  bool VerifyRs256(std::string_view data, std::string_view signature) const;

 private:
  friend class SigningKey;
  PublicKey(std::shared_ptr<const internal::RsaKey> key, std::string kid)
      : key_(std::move(key)), kid_(std::move(kid)) {}

  std::shared_ptr<const internal::RsaKey> key_;
  std::string kid_;
};

}  // namespace sim::identity
