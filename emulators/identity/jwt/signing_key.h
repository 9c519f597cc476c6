#pragma once
// An RSA key that signs RS256 JWTs, with its kid and its JWKS entry.
//
// Key material is not derived from the sim seed: Generate() uses OpenSSL's
// RNG. Replays stay deterministic because a realm's key is generated once and
// persisted as PEM (ToPem / FromPem), and RS256 signatures themselves are
// deterministic (PKCS#1 v1.5 has no salt).
//
// Copies share one immutable OpenSSL key; a key may sign on several threads
// at once.

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulators/identity/jwt/public_key.h"
#include "sim/core/result.h"

struct evp_pkey_st;

namespace sim::identity {

class SigningKey {
 public:
  // A fresh RSA 2048 key.
  static Result<SigningKey> Generate();
  // An unencrypted RSA private key of at least 2048 bits, PKCS#8
  // ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY"). Encrypted keys
  // are refused (never a passphrase prompt).
  static Result<SigningKey> FromPem(std::string_view pem);

  // Unencrypted PKCS#8 PEM; FromPem(ToPem()) is the same key with the same kid.
  std::string ToPem() const;
  // RFC 7638 JWK thumbprint: stable for the key, whatever process loads it.
  const std::string& kid() const { return public_key_.kid(); }
  // This key's JWKS entry (public members only).
  nlohmann::json PublicJwk() const { return public_key_.Jwk(); }
  const PublicKey& public_key() const { return public_key_; }

  // RSASSA-PKCS1-v1_5 with SHA-256 over `data`: 256 raw bytes for RSA 2048.
  std::string SignRs256(std::string_view data) const;

 private:
  explicit SigningKey(PublicKey public_key) : public_key_(std::move(public_key)) {}
  static Result<SigningKey> Adopt(evp_pkey_st* pkey);

  // Shares the RsaKey, which holds the private half too.
  PublicKey public_key_;
};

}  // namespace sim::identity
