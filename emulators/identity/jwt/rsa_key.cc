#include "emulators/identity/jwt/rsa_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <utility>

#include "emulators/identity/jwt/base64url.h"

namespace sim::identity {
namespace {

// OpenSSL fails these calls only when out of memory or broken, which no
// request can cause or recover from (as in sim/aws/crypto.cc).
void Check(int ok, const char* what) {
  if (ok != 1) {
    ERR_clear_error();
    throw std::runtime_error(std::string("OpenSSL failure: ") + what);
  }
}

// Fetched once: an implicit EVP_sha256() is looked up again on every use.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
    return fetched;
  }();
  return md;
}

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  Check(EVP_Digest(data.data(), data.size(), out, &len, Sha256Md(), nullptr), "EVP_Digest");
  return std::string(reinterpret_cast<const char*>(out), len);
}

// Base64url of a key parameter as an unsigned big-endian number without
// leading zeros (RFC 7518 §6.3.1).
std::string BigNumParam(EVP_PKEY* pkey, const char* name) {
  BIGNUM* bn = nullptr;
  Check(EVP_PKEY_get_bn_param(pkey, name, &bn), "EVP_PKEY_get_bn_param");
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return Base64UrlEncode(bytes);
}

EVP_PKEY_CTX* PrepareContext(EVP_PKEY* pkey, bool sign) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
  if (ctx == nullptr) throw std::runtime_error("OpenSSL failure: EVP_PKEY_CTX_new_from_pkey");
  bool ok = (sign ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx)) == 1 &&
            EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
            EVP_PKEY_CTX_set_signature_md(ctx, Sha256Md()) == 1;
  if (!ok) {
    EVP_PKEY_CTX_free(ctx);
    Check(0, sign ? "EVP_PKEY_sign_init" : "EVP_PKEY_verify_init");
  }
  return ctx;
}

struct CtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, CtxFree>;

CtxPtr Duplicate(const EVP_PKEY_CTX* prepared) {
  CtxPtr ctx(EVP_PKEY_CTX_dup(prepared));
  if (ctx == nullptr) throw std::runtime_error("OpenSSL failure: EVP_PKEY_CTX_dup");
  return ctx;
}

std::string ReadBio(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

std::string RsaJwkThumbprint(std::string_view n, std::string_view e) {
  // RFC 7638 §3.2: the required members only, in lexicographic order, no
  // whitespace. Base64url text needs no JSON escaping.
  std::string canonical;
  canonical.reserve(n.size() + e.size() + 32);
  canonical.append(R"({"e":")").append(e).append(R"(","kty":"RSA","n":")").append(n).append(R"("})");
  return Base64UrlEncode(Sha256(canonical));
}

Error InvalidKey(std::string message) { return MakeError("invalid_key", std::move(message)); }

namespace internal {

Result<std::shared_ptr<const RsaKey>> RsaKey::Adopt(EVP_PKEY* pkey, bool has_private) {
  if (pkey == nullptr) return InvalidKey("no key");
  // Built here so the destructor frees `pkey` on every early return.
  std::shared_ptr<RsaKey> key(new RsaKey());
  key->pkey_ = pkey;
  // "RSA" excludes RSA-PSS keys, which cannot make PKCS#1 v1.5 signatures.
  if (!EVP_PKEY_is_a(pkey, "RSA")) return InvalidKey("key is not an RSA key");
  key->bits_ = EVP_PKEY_get_bits(pkey);
  if (key->bits_ < kMinRsaBits) {
    return InvalidKey("RSA key has " + std::to_string(key->bits_) + " bits; at least " +
                      std::to_string(kMinRsaBits) + " are required");
  }
  key->n_ = BigNumParam(pkey, OSSL_PKEY_PARAM_RSA_N);
  key->e_ = BigNumParam(pkey, OSSL_PKEY_PARAM_RSA_E);
  key->thumbprint_ = RsaJwkThumbprint(key->n_, key->e_);
  key->verify_template_ = PrepareContext(pkey, /*sign=*/false);
  if (has_private) key->sign_template_ = PrepareContext(pkey, /*sign=*/true);
  return std::shared_ptr<const RsaKey>(std::move(key));
}

RsaKey::~RsaKey() {
  EVP_PKEY_CTX_free(sign_template_);
  EVP_PKEY_CTX_free(verify_template_);
  EVP_PKEY_free(pkey_);
}

std::string RsaKey::Sign(std::string_view data) const {
  if (sign_template_ == nullptr) throw std::logic_error("RsaKey::Sign on a public key");
  std::string digest = Sha256(data);
  CtxPtr ctx = Duplicate(sign_template_);
  std::string signature(static_cast<std::size_t>(EVP_PKEY_get_size(pkey_)), '\0');
  std::size_t len = signature.size();
  Check(EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                      reinterpret_cast<const unsigned char*>(digest.data()), digest.size()),
        "EVP_PKEY_sign");
  signature.resize(len);
  return signature;
}

bool RsaKey::Verify(std::string_view data, std::string_view signature) const {
  // PKCS#1 v1.5 signatures are exactly the modulus length (RFC 8017 §8.2.2).
  if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey_))) return false;
  std::string digest = Sha256(data);
  CtxPtr ctx = Duplicate(verify_template_);
  int ok = EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                           signature.size(), reinterpret_cast<const unsigned char*>(digest.data()),
                           digest.size());
  // A bad signature leaves reasons on OpenSSL's thread error queue.
  if (ok != 1) ERR_clear_error();
  return ok == 1;
}

std::string PublicPem(EVP_PKEY* pkey) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  Check(bio != nullptr, "BIO_new");
  Check(PEM_write_bio_PUBKEY(bio.get(), pkey), "PEM_write_bio_PUBKEY");
  return ReadBio(bio.get());
}

std::string PrivatePem(EVP_PKEY* pkey) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  Check(bio != nullptr, "BIO_new");
  // PKCS#8 ("BEGIN PRIVATE KEY"), the traditional form's successor.
  Check(PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PKCS8PrivateKey");
  return ReadBio(bio.get());
}

}  // namespace internal
}  // namespace sim::identity
