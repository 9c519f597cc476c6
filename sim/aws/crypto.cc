#include "sim/aws/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

#include "sim/aws/text.h"

namespace sim::aws {
namespace {

// OpenSSL only fails these calls when it is out of memory or broken; neither
// is something a request can cause or recover from.
void Check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL failure: ") + what);
}

// Fetched once: OpenSSL 3 looks an algorithm up on every implicit use
// (EVP_sha256(), EVP_Q_mac), which costs more than hashing a small request.
const EVP_MD* FetchedMd(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw std::runtime_error(std::string("OpenSSL has no ") + name);
  return md;
}
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = FetchedMd("SHA256");
  return md;
}
const EVP_MD* Md5Md() {
  static const EVP_MD* md = FetchedMd("MD5");
  return md;
}

// Hashes the concatenation of `parts` with one reusable context per thread.
template <std::size_t N>
std::string Digest(const EVP_MD* md, const std::array<std::string_view, N>& parts) {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  Check(EVP_DigestInit_ex2(ctx.get(), md, nullptr), "EVP_DigestInit_ex2");
  for (auto part : parts) Check(EVP_DigestUpdate(ctx.get(), part.data(), part.size()), "EVP_DigestUpdate");
  Check(EVP_DigestFinal_ex(ctx.get(), out, &len), "EVP_DigestFinal_ex");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  return Digest(md, std::array<std::string_view, 1>{data});
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> MakeBase64Table() {
  std::array<signed char, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kBase64Alphabet[i])] = i;
  return table;
}
constexpr auto kBase64Table = MakeBase64Table();

}  // namespace

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string Sha256(std::string_view data) { return Digest(Sha256Md(), data); }
std::string Sha256Hex(std::string_view data) { return Hex(Sha256(data)); }

// HMAC (RFC 2104) over the fetched SHA-256: two hashes, no per-call lookups.
std::string HmacSha256(std::string_view key, std::string_view data) {
  constexpr std::size_t kBlock = 64;
  std::string hashed_key;
  if (key.size() > kBlock) key = hashed_key = Sha256(key);
  char inner_pad[kBlock], outer_pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) {
    char k = i < key.size() ? key[i] : 0;
    inner_pad[i] = static_cast<char>(k ^ 0x36);
    outer_pad[i] = static_cast<char>(k ^ 0x5c);
  }
  std::string inner =
      Digest(Sha256Md(), std::array<std::string_view, 2>{std::string_view(inner_pad, kBlock), data});
  return Digest(Sha256Md(), std::array<std::string_view, 2>{std::string_view(outer_pad, kBlock), inner});
}

std::string Md5(std::string_view data) { return Digest(Md5Md(), data); }
std::string Md5Hex(std::string_view data) { return Hex(Md5(data)); }
std::string Md5Base64(std::string_view data) { return Base64Encode(Md5(data)); }

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(kBase64Alphabet[(v >> 6) & 63]);
    out.push_back(kBase64Alphabet[v & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    unsigned v = at(i) << 16;
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.append("==");
  } else if (rest == 2) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8);
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(kBase64Alphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = text[i + k];
      int d;
      if (c == '=' && last && k >= 4 - padding) {
        d = 0;
      } else {
        d = kBase64Table[static_cast<unsigned char>(c)];
        if (d < 0) return std::nullopt;
      }
      v = (v << 6) | static_cast<unsigned>(d);
    }
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    if (!last || padding < 2) out.push_back(static_cast<char>((v >> 8) & 0xff));
    if (!last || padding < 1) out.push_back(static_cast<char>(v & 0xff));
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
const EVP_MD* MdOf(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kMd5:
      return Md5Md();
    case DigestAlgorithm::kSha1: {
      static const EVP_MD* md = FetchedMd("SHA1");
      return md;
    }
    case DigestAlgorithm::kSha256:
      return Sha256Md();
  }
  throw std::logic_error("unknown DigestAlgorithm");
}
}  // namespace

DigestHasher::DigestHasher(DigestAlgorithm algorithm) : md_(MdOf(algorithm)), ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
  Check(EVP_DigestInit_ex2(ctx_, md_, nullptr), "EVP_DigestInit_ex2");
}

DigestHasher::~DigestHasher() { EVP_MD_CTX_free(ctx_); }

DigestHasher::DigestHasher(DigestHasher&& other) noexcept
    : md_(other.md_), ctx_(std::exchange(other.ctx_, nullptr)) {}

DigestHasher& DigestHasher::operator=(DigestHasher&& other) noexcept {
  if (this != &other) {
    EVP_MD_CTX_free(ctx_);
    md_ = other.md_;
    ctx_ = std::exchange(other.ctx_, nullptr);
  }
  return *this;
}

void DigestHasher::Update(std::string_view data) {
  Check(EVP_DigestUpdate(ctx_, data.data(), data.size()), "EVP_DigestUpdate");
}

std::string DigestHasher::Final() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  Check(EVP_DigestFinal_ex(ctx_, out, &len), "EVP_DigestFinal_ex");
  Check(EVP_DigestInit_ex2(ctx_, md_, nullptr), "EVP_DigestInit_ex2");
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace sim::aws
