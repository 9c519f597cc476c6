#pragma once
// Hashes, HMAC and encodings the AWS protocols need (SigV4, Content-MD5,
// ETags, base64 blobs), on OpenSSL 3 EVP. Binary values travel as
// std::string holding raw bytes.

#include <optional>
#include <string>
#include <string_view>

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

// SHA-256 over data that arrives in pieces.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&& other) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&& other) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  // Digest of everything fed since construction or the last Final; resets.
  std::string Final();  // 32 raw bytes
  std::string FinalHex() { return Hex(Final()); }

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace sim::aws
