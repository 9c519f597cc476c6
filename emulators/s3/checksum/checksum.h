#pragma once
// S3's object checksums (x-amz-checksum-*: CRC32, CRC32C, CRC64NVME, SHA1,
// SHA256) and MD5 (ETag, Content-MD5), computed while the body streams in, so
// a PUT never rereads its data. Digests travel as std::string of raw bytes,
// CRCs big-endian, as S3 base64-encodes them in headers and XML.
//
// Multipart uploads: a COMPOSITE checksum is the digest of the parts' raw
// digests concatenated, shown as "<base64>-<part count>"; a FULL_OBJECT CRC
// (the only type CRC64NVME allows) is the CRC of the whole object, built from
// the parts' CRCs with CombineCrc.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/aws/crypto.h"

namespace sim::s3 {

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kCrc64Nvme, kSha1, kSha256 };

// "CRC32", "crc32c", "Crc64Nvme", "SHA1", "sha256", ...; nullopt for others.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);
std::string_view ChecksumName(ChecksumAlgorithm algorithm);        // "CRC64NVME"
std::string_view ChecksumHeader(ChecksumAlgorithm algorithm);      // "x-amz-checksum-crc64nvme"
std::string_view ChecksumXmlElement(ChecksumAlgorithm algorithm);  // "ChecksumCRC64NVME"
// Raw digest length: 4 (CRC32, CRC32C), 8 (CRC64NVME), 20 (SHA1), 32 (SHA256).
std::size_t ChecksumDigestSize(ChecksumAlgorithm algorithm);
bool IsCrc(ChecksumAlgorithm algorithm);

// One checksum over data that arrives in pieces.
class ChecksumHasher {
 public:
  explicit ChecksumHasher(ChecksumAlgorithm algorithm);
  ChecksumHasher(ChecksumHasher&&) noexcept = default;
  ChecksumHasher& operator=(ChecksumHasher&&) noexcept = default;
  ChecksumHasher(const ChecksumHasher&) = delete;
  ChecksumHasher& operator=(const ChecksumHasher&) = delete;

  ChecksumAlgorithm algorithm() const { return algorithm_; }
  void Update(std::string_view data);
  // Raw digest of everything fed since construction or the last Final; resets.
  std::string Final();
  // Final() base64-encoded: the x-amz-checksum-* header value.
  std::string FinalBase64();

 private:
  ChecksumAlgorithm algorithm_;
  std::uint64_t crc_ = 0;            // CRCs
  std::optional<aws::DigestHasher> digest_;  // SHA1, SHA256
};

// Streaming MD5 (16 raw bytes from Final).
class Md5Hasher : public aws::DigestHasher {
 public:
  Md5Hasher() : DigestHasher(aws::DigestAlgorithm::kMd5) {}
};

// Base64 of the algorithm's digest over the parts' raw digests concatenated, in
// part order: a COMPOSITE multipart checksum without its "-N" suffix.
std::string CompositeChecksum(ChecksumAlgorithm algorithm,
                              const std::vector<std::string>& part_digests_raw);
// The same with S3's "-<part count>" appended, as GetObject and
// CompleteMultipartUpload report it.
std::string CompositeChecksumWithPartCount(ChecksumAlgorithm algorithm,
                                           const std::vector<std::string>& part_digests_raw);

// Raw CRC of A || B from the raw CRCs of A and B and B's length. nullopt for
// SHA algorithms or a CRC of the wrong size.
std::optional<std::string> CombineCrc(ChecksumAlgorithm algorithm, std::string_view crc_a_raw,
                                      std::string_view crc_b_raw, std::uint64_t len_b);

}  // namespace sim::s3
