#include "emulators/identity/jwt/public_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <climits>

#include "emulators/identity/jwt/base64url.h"
#include "emulators/identity/jwt/rsa_key.h"

namespace sim::identity {
namespace {

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

Result<BnPtr> JwkNumber(const nlohmann::json& jwk, const char* member) {
  auto it = jwk.find(member);
  if (it == jwk.end() || !it->is_string()) {
    return InvalidKey(std::string("JWK has no string \"") + member + "\"");
  }
  std::optional<std::string> bytes = Base64UrlDecode(it->get_ref<const std::string&>());
  if (!bytes || bytes->empty()) {
    return InvalidKey(std::string("JWK \"") + member + "\" is not base64url");
  }
  BnPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                     static_cast<int>(bytes->size()), nullptr));
  if (bn == nullptr) return InvalidKey(std::string("JWK \"") + member + "\" is too large");
  return bn;
}

// Refuses the JWK when `member` is present with another value than `expected`.
Status ExpectOptional(const nlohmann::json& jwk, const char* member, const char* expected) {
  auto it = jwk.find(member);
  if (it == jwk.end() || (it->is_string() && *it == expected)) return Ok();
  return InvalidKey(std::string("JWK \"") + member + "\" must be \"" + expected + "\"");
}

}  // namespace

Result<PublicKey> PublicKey::FromJwk(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return InvalidKey("JWK is not a JSON object");
  auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string() || *kty != "RSA") {
    return InvalidKey("JWK \"kty\" must be \"RSA\"");
  }
  if (Status s = ExpectOptional(jwk, "alg", "RS256"); !s) return s.error();
  if (Status s = ExpectOptional(jwk, "use", "sig"); !s) return s.error();
  auto kid = jwk.find("kid");
  if (kid != jwk.end() && !kid->is_string()) return InvalidKey("JWK \"kid\" is not a string");

  Result<BnPtr> n = JwkNumber(jwk, "n");
  if (!n) return n.error();
  Result<BnPtr> e = JwkNumber(jwk, "e");
  if (!e) return e.error();

  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(),
                                                                          &OSSL_PARAM_BLD_free);
  if (builder == nullptr || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n->get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e->get()) != 1) {
    ERR_clear_error();
    return InvalidKey("JWK numbers cannot be loaded");
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(builder.get()), &OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return InvalidKey("JWK is not a usable RSA public key");
  }
  auto key = internal::RsaKey::Adopt(pkey, /*has_private=*/false);
  if (!key) return key.error();
  std::string id = kid != jwk.end() ? kid->get<std::string>() : (*key)->thumbprint();
  return PublicKey(std::move(*key), std::move(id));
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  if (pem.size() > INT_MAX) return InvalidKey("PEM is too large");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  EVP_PKEY* pkey = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (pkey == nullptr) {
    ERR_clear_error();
    return InvalidKey("no PEM public key (\"BEGIN PUBLIC KEY\") found");
  }
  auto key = internal::RsaKey::Adopt(pkey, /*has_private=*/false);
  if (!key) return key.error();
  std::string kid = (*key)->thumbprint();
  return PublicKey(std::move(*key), std::move(kid));
}

nlohmann::json PublicKey::Jwk() const {
  return {{"kid", kid_}, {"kty", "RSA"}, {"alg", "RS256"},
          {"use", "sig"}, {"n", key_->n()},  {"e", key_->e()}};
}

std::string PublicKey::ToPem() const { return internal::PublicPem(key_->pkey()); }

bool PublicKey::VerifyRs256(std::string_view data, std::string_view signature) const {
  return key_->Verify(data, signature);
}

}  // namespace sim::identity
