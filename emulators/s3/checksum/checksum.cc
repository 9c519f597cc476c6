#include "emulators/s3/checksum/checksum.h"

#include "emulators/s3/checksum/crc.h"
#include "sim/aws/crypto.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

struct AlgorithmNames {
  ChecksumAlgorithm algorithm;
  std::string_view name;
  std::string_view header;
  std::string_view xml_element;
  std::size_t digest_size;
};

// Indexed by the enum's value.
constexpr AlgorithmNames kAlgorithms[] = {
    {ChecksumAlgorithm::kCrc32, "CRC32", "x-amz-checksum-crc32", "ChecksumCRC32", 4},
    {ChecksumAlgorithm::kCrc32c, "CRC32C", "x-amz-checksum-crc32c", "ChecksumCRC32C", 4},
    {ChecksumAlgorithm::kCrc64Nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", "ChecksumCRC64NVME",
     8},
    {ChecksumAlgorithm::kSha1, "SHA1", "x-amz-checksum-sha1", "ChecksumSHA1", 20},
    {ChecksumAlgorithm::kSha256, "SHA256", "x-amz-checksum-sha256", "ChecksumSHA256", 32},
};

const AlgorithmNames& Names(ChecksumAlgorithm algorithm) {
  return kAlgorithms[static_cast<std::size_t>(algorithm)];
}

std::string BigEndian(std::uint64_t value, std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    out[size - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

std::uint64_t FromBigEndian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (unsigned char b : bytes) value = (value << 8) | b;
  return value;
}

}  // namespace

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  for (const auto& entry : kAlgorithms)
    if (aws::EqualsIgnoreCase(name, entry.name)) return entry.algorithm;
  return std::nullopt;
}

std::string_view ChecksumName(ChecksumAlgorithm algorithm) { return Names(algorithm).name; }
std::string_view ChecksumHeader(ChecksumAlgorithm algorithm) { return Names(algorithm).header; }
std::string_view ChecksumXmlElement(ChecksumAlgorithm algorithm) {
  return Names(algorithm).xml_element;
}
std::size_t ChecksumDigestSize(ChecksumAlgorithm algorithm) { return Names(algorithm).digest_size; }

bool IsCrc(ChecksumAlgorithm algorithm) {
  return algorithm == ChecksumAlgorithm::kCrc32 || algorithm == ChecksumAlgorithm::kCrc32c ||
         algorithm == ChecksumAlgorithm::kCrc64Nvme;
}

ChecksumHasher::ChecksumHasher(ChecksumAlgorithm algorithm) : algorithm_(algorithm) {
  if (algorithm == ChecksumAlgorithm::kSha1) digest_.emplace(aws::DigestAlgorithm::kSha1);
  if (algorithm == ChecksumAlgorithm::kSha256) digest_.emplace(aws::DigestAlgorithm::kSha256);
}

void ChecksumHasher::Update(std::string_view data) {
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
      crc_ = Crc32(static_cast<std::uint32_t>(crc_), data);
      break;
    case ChecksumAlgorithm::kCrc32c:
      crc_ = Crc32c(static_cast<std::uint32_t>(crc_), data);
      break;
    case ChecksumAlgorithm::kCrc64Nvme:
      crc_ = Crc64Nvme(crc_, data);
      break;
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256:
      digest_->Update(data);
      break;
  }
}

std::string ChecksumHasher::Final() {
  if (digest_) return digest_->Final();
  std::string out = BigEndian(crc_, ChecksumDigestSize(algorithm_));
  crc_ = 0;
  return out;
}

std::string ChecksumHasher::FinalBase64() { return aws::Base64Encode(Final()); }

std::string CompositeChecksum(ChecksumAlgorithm algorithm,
                              const std::vector<std::string>& part_digests_raw) {
  ChecksumHasher hasher(algorithm);
  for (const auto& digest : part_digests_raw) hasher.Update(digest);
  return hasher.FinalBase64();
}

std::string CompositeChecksumWithPartCount(ChecksumAlgorithm algorithm,
                                           const std::vector<std::string>& part_digests_raw) {
  return CompositeChecksum(algorithm, part_digests_raw) + "-" +
         std::to_string(part_digests_raw.size());
}

std::optional<std::string> CombineCrc(ChecksumAlgorithm algorithm, std::string_view crc_a_raw,
                                      std::string_view crc_b_raw, std::uint64_t len_b) {
  if (!IsCrc(algorithm)) return std::nullopt;
  std::size_t size = ChecksumDigestSize(algorithm);
  if (crc_a_raw.size() != size || crc_b_raw.size() != size) return std::nullopt;
  std::uint64_t a = FromBigEndian(crc_a_raw);
  std::uint64_t b = FromBigEndian(crc_b_raw);
  std::uint64_t combined = 0;
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32:
      combined = Crc32Combine(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), len_b);
      break;
    case ChecksumAlgorithm::kCrc32c:
      combined = Crc32cCombine(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), len_b);
      break;
    default:
      combined = Crc64NvmeCombine(a, b, len_b);
      break;
  }
  return BigEndian(combined, size);
}

}  // namespace sim::s3
