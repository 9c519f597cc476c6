#include "emulators/identity/jwt/signing_key.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <climits>

#include "emulators/identity/jwt/rsa_key.h"

namespace sim::identity {
namespace {

// Makes OpenSSL fail on an encrypted key instead of prompting on the terminal
// (its default when no callback is given).
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

}  // namespace

Result<SigningKey> SigningKey::Adopt(EVP_PKEY* pkey) {
  auto key = internal::RsaKey::Adopt(pkey, /*has_private=*/true);
  if (!key) return key.error();
  std::string kid = (*key)->thumbprint();
  return SigningKey(PublicKey(std::move(*key), std::move(kid)));
}

Result<SigningKey> SigningKey::Generate() {
  EVP_PKEY* pkey = EVP_RSA_gen(2048);
  if (pkey == nullptr) {
    ERR_clear_error();
    return MakeError("internal_error", "RSA key generation failed", 500);
  }
  return Adopt(pkey);
}

Result<SigningKey> SigningKey::FromPem(std::string_view pem) {
  if (pem.size() > INT_MAX) return InvalidKey("PEM is too large");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr) : nullptr;
  if (pkey == nullptr) {
    ERR_clear_error();
    return InvalidKey("no unencrypted PEM private key found");
  }
  return Adopt(pkey);
}

std::string SigningKey::ToPem() const { return internal::PrivatePem(public_key_.key_->pkey()); }

std::string SigningKey::SignRs256(std::string_view data) const { return public_key_.key_->Sign(data); }

}  // namespace sim::identity
