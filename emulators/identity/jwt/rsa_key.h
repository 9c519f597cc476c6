#pragma once
// The OpenSSL side of an RSA key shared by PublicKey and SigningKey: the
// EVP_PKEY, its JWK numbers and thumbprint, and RS256 (RSASSA-PKCS1-v1_5 with
// SHA-256) signing and verifying. Not for use outside emulators/identity/jwt.
//
// An RsaKey is immutable once built, so one key may sign and verify on
// several threads at once: each call duplicates a context prepared at load
// time (key, padding, digest), which skips OpenSSL 3's per-call algorithm
// fetch and costs about as much as reusing one context.

#include <memory>
#include <string>
#include <string_view>

#include "sim/core/result.h"

struct evp_pkey_st;
struct evp_pkey_ctx_st;

namespace sim::identity {

// Smallest modulus accepted from a PEM or JWK: what jose and Keycloak require
// for RS256.
inline constexpr int kMinRsaBits = 2048;

// RFC 7638 thumbprint of an RSA JWK: base64url(SHA-256 of
// {"e":<e>,"kty":"RSA","n":<n>}) with `n` and `e` as their base64url text.
std::string RsaJwkThumbprint(std::string_view n, std::string_view e);

// The error every key loader returns: code "invalid_key".
Error InvalidKey(std::string message);

namespace internal {

class RsaKey {
 public:
  // Takes ownership of `pkey` (freed on failure too). Refuses anything but an
  // RSA key of at least kMinRsaBits. `has_private` says whether the key can sign.
  static Result<std::shared_ptr<const RsaKey>> Adopt(evp_pkey_st* pkey, bool has_private);
  ~RsaKey();
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  const std::string& n() const { return n_; }  // modulus, base64url big-endian
  const std::string& e() const { return e_; }  // public exponent, same encoding
  const std::string& thumbprint() const { return thumbprint_; }
  int bits() const { return bits_; }
  bool has_private() const { return sign_template_ != nullptr; }
  evp_pkey_st* pkey() const { return pkey_; }

  // RS256 signature of `data` (raw bytes, modulus length). Requires has_private().
  std::string Sign(std::string_view data) const;
  bool Verify(std::string_view data, std::string_view signature) const;

 private:
  RsaKey() = default;

  evp_pkey_st* pkey_ = nullptr;
  evp_pkey_ctx_st* sign_template_ = nullptr;
  evp_pkey_ctx_st* verify_template_ = nullptr;
  std::string n_;
  std::string e_;
  std::string thumbprint_;
  int bits_ = 0;
};

// PEM text of `pkey`: the public key as SubjectPublicKeyInfo, or the private
// key as unencrypted PKCS#8.
std::string PublicPem(evp_pkey_st* pkey);
std::string PrivatePem(evp_pkey_st* pkey);

}  // namespace internal
}  // namespace sim::identity
