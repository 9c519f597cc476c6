#pragma once
// Hashes, HMAC and encodings the AWS protocols need (SigV4, Content-MD5,
// ETags, base64 blobs), on OpenSSL 3 EVP. Binary values travel as
// std::string holding raw bytes.

#include <optional>
#include <string>
#include <string_view>

struct evp_md_st;
struct evp_md_ctx_st;

namespace sim::aws {

// Lower-case hex of raw bytes.
std::string Hex(std::string_view bytes);
// Raw bytes of an even-length hex string (either case); nullopt when malformed.
std::optional<std::string> HexDecode(std::string_view hex);

std::string Sha256(std::string_view data);  // 32 raw bytes
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes

std::string Md5(std::string_view data);  // 16 raw bytes
std::string Md5Hex(std::string_view data);
std::string Md5Base64(std::string_view data);

// RFC 4648 base64 with padding.
std::string Base64Encode(std::string_view bytes);
// Strict: length a multiple of 4, alphabet only, '=' only as final padding.
std::optional<std::string> Base64Decode(std::string_view text);

// True when both are equal, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

enum class DigestAlgorithm { kMd5, kSha1, kSha256 };

// A digest over data that arrives in pieces.
class DigestHasher {
 public:
  explicit DigestHasher(DigestAlgorithm algorithm);
  ~DigestHasher();
  DigestHasher(DigestHasher&& other) noexcept;
  DigestHasher& operator=(DigestHasher&& other) noexcept;
  DigestHasher(const DigestHasher&) = delete;
  DigestHasher& operator=(const DigestHasher&) = delete;

  void Update(std::string_view data);
  // Raw digest of everything fed since construction or the last Final; resets.
  std::string Final();
  std::string FinalHex() { return Hex(Final()); }

 private:
  const evp_md_st* md_;
  evp_md_ctx_st* ctx_;
};

// SHA-256 over data that arrives in pieces (32 raw bytes from Final).
class Sha256Hasher : public DigestHasher {
 public:
  Sha256Hasher() : DigestHasher(DigestAlgorithm::kSha256) {}
};

}  // namespace sim::aws
