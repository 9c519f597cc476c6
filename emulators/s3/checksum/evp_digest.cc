#include "emulators/s3/checksum/evp_digest.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>
#include <utility>

namespace sim::s3 {
namespace {

// OpenSSL only fails these when out of memory or broken; no request causes it.
void Check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL failure: ") + what);
}

const EVP_MD* Fetch(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw std::runtime_error(std::string("OpenSSL has no ") + name);
  return md;
}

// Fetched once per process: OpenSSL 3's implicit lookups cost more than
// hashing a small object.
const EVP_MD* Md(EvpAlgorithm algorithm) {
  switch (algorithm) {
    case EvpAlgorithm::kMd5: {
      static const EVP_MD* md = Fetch("MD5");
      return md;
    }
    case EvpAlgorithm::kSha1: {
      static const EVP_MD* md = Fetch("SHA1");
      return md;
    }
    case EvpAlgorithm::kSha256: {
      static const EVP_MD* md = Fetch("SHA256");
      return md;
    }
  }
  throw std::logic_error("unknown EvpAlgorithm");
}

}  // namespace

EvpDigest::EvpDigest(EvpAlgorithm algorithm) : md_(Md(algorithm)), ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
  Check(EVP_DigestInit_ex2(ctx_, md_, nullptr), "EVP_DigestInit_ex2");
}

EvpDigest::~EvpDigest() { EVP_MD_CTX_free(ctx_); }

EvpDigest::EvpDigest(EvpDigest&& other) noexcept
    : md_(other.md_), ctx_(std::exchange(other.ctx_, nullptr)) {}

EvpDigest& EvpDigest::operator=(EvpDigest&& other) noexcept {
  if (this != &other) {
    EVP_MD_CTX_free(ctx_);
    md_ = other.md_;
    ctx_ = std::exchange(other.ctx_, nullptr);
  }
  return *this;
}

void EvpDigest::Update(std::string_view data) {
  Check(EVP_DigestUpdate(ctx_, data.data(), data.size()), "EVP_DigestUpdate");
}

std::string EvpDigest::Final() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  Check(EVP_DigestFinal_ex(ctx_, out, &len), "EVP_DigestFinal_ex");
  Check(EVP_DigestInit_ex2(ctx_, md_, nullptr), "EVP_DigestInit_ex2");
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace sim::s3
