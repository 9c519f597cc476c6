// S3 checksums: published check values, digests Python's zlib/hashlib give,
// bit-at-a-time reference CRCs, streaming in arbitrary pieces, the two CRC32C
// paths, and CRC combination against hashing the concatenation.

#include "emulators/s3/checksum/checksum.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "emulators/s3/checksum/crc.h"
#include "sim/aws/crypto.h"

namespace sim::s3 {
namespace {

constexpr ChecksumAlgorithm kAll[] = {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                      ChecksumAlgorithm::kCrc64Nvme, ChecksumAlgorithm::kSha1,
                                      ChecksumAlgorithm::kSha256};
constexpr ChecksumAlgorithm kCrcs[] = {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                       ChecksumAlgorithm::kCrc64Nvme};

// One bit at a time, straight from the definition of a reflected CRC with
// all-ones init and xorout.
std::uint64_t ReferenceCrc(std::uint64_t reflected_poly, int width, std::string_view data) {
  std::uint64_t mask = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  std::uint64_t reg = mask;
  for (unsigned char byte : data) {
    reg ^= byte;
    for (int bit = 0; bit < 8; ++bit) reg = (reg & 1) ? (reg >> 1) ^ reflected_poly : reg >> 1;
  }
  return reg ^ mask;
}
std::uint64_t ReferenceCrc32c(std::string_view data) { return ReferenceCrc(0x82f63b78u, 32, data); }
std::uint64_t ReferenceCrc64Nvme(std::string_view data) {
  return ReferenceCrc(0x9a6c9329ac4bc9b5ull, 64, data);
}

std::string RandomBytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::string Digest(ChecksumAlgorithm algorithm, std::string_view data) {
  ChecksumHasher hasher(algorithm);
  hasher.Update(data);
  return hasher.Final();
}

std::string Base64Digest(ChecksumAlgorithm algorithm, std::string_view data) {
  ChecksumHasher hasher(algorithm);
  hasher.Update(data);
  return hasher.FinalBase64();
}

TEST(ChecksumNames, ParseIsCaseInsensitive) {
  EXPECT_EQ(ParseChecksumAlgorithm("CRC32"), ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(ParseChecksumAlgorithm("crc32c"), ChecksumAlgorithm::kCrc32c);
  EXPECT_EQ(ParseChecksumAlgorithm("Crc64Nvme"), ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_EQ(ParseChecksumAlgorithm("sha1"), ChecksumAlgorithm::kSha1);
  EXPECT_EQ(ParseChecksumAlgorithm("SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_EQ(ParseChecksumAlgorithm(""), std::nullopt);
  EXPECT_EQ(ParseChecksumAlgorithm("MD5"), std::nullopt);
  EXPECT_EQ(ParseChecksumAlgorithm("CRC64"), std::nullopt);
  EXPECT_EQ(ParseChecksumAlgorithm("SHA-256"), std::nullopt);
}

TEST(ChecksumNames, NamesHeadersAndXmlElements) {
  EXPECT_EQ(ChecksumName(ChecksumAlgorithm::kCrc64Nvme), "CRC64NVME");
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kCrc32), "x-amz-checksum-crc32");
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kCrc32c), "x-amz-checksum-crc32c");
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kCrc64Nvme), "x-amz-checksum-crc64nvme");
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kSha1), "x-amz-checksum-sha1");
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kSha256), "x-amz-checksum-sha256");
  EXPECT_EQ(ChecksumXmlElement(ChecksumAlgorithm::kCrc32), "ChecksumCRC32");
  EXPECT_EQ(ChecksumXmlElement(ChecksumAlgorithm::kCrc32c), "ChecksumCRC32C");
  EXPECT_EQ(ChecksumXmlElement(ChecksumAlgorithm::kCrc64Nvme), "ChecksumCRC64NVME");
  EXPECT_EQ(ChecksumXmlElement(ChecksumAlgorithm::kSha1), "ChecksumSHA1");
  EXPECT_EQ(ChecksumXmlElement(ChecksumAlgorithm::kSha256), "ChecksumSHA256");
  for (auto algorithm : kAll) {
    EXPECT_EQ(ParseChecksumAlgorithm(ChecksumName(algorithm)), algorithm);
    EXPECT_EQ(Digest(algorithm, "x").size(), ChecksumDigestSize(algorithm));
  }
}

TEST(ChecksumHasher, CheckValues) {
  EXPECT_EQ(aws::Hex(Digest(ChecksumAlgorithm::kCrc32, "123456789")), "cbf43926");
  EXPECT_EQ(aws::Hex(Digest(ChecksumAlgorithm::kCrc32c, "123456789")), "e3069283");
  EXPECT_EQ(aws::Hex(Digest(ChecksumAlgorithm::kCrc64Nvme, "123456789")), "ae8b14860a799888");
  EXPECT_EQ(ReferenceCrc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(ReferenceCrc64Nvme("123456789"), 0xae8b14860a799888ull);
}

// Expected values from Python: base64(zlib.crc32(s).to_bytes(4, "big")) and
// base64(hashlib.sha1/sha256(s).digest()).
TEST(ChecksumHasher, MatchesPythonZlibAndHashlib) {
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc32, "Hello world"), "i9aeUg==");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc32, "Hello, World!"), "7ErD0A==");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc32, "The quick brown fox jumps over the lazy dog"),
            "QU+jOQ==");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kSha1, "Hello world"), "e1AsOh9IyGCa4hLN+2Od7jlnP14=");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kSha256, "Hello world"),
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=");
}

TEST(ChecksumHasher, EmptyInput) {
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc32, ""), "AAAAAA==");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc32c, ""), "AAAAAA==");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kCrc64Nvme, ""), "AAAAAAAAAAA=");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kSha1, ""), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
  EXPECT_EQ(Base64Digest(ChecksumAlgorithm::kSha256, ""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  Md5Hasher md5;
  EXPECT_EQ(md5.FinalHex(), "d41d8cd98f00b204e9800998ecf8427e");
}

// Every length 0..300 and every starting alignment, against the definition.
TEST(ChecksumHasher, CrcsMatchBitwiseReference) {
  std::string data = RandomBytes(310, 1);
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t n = 0; n <= 300; ++n) {
      std::string_view piece(data.data() + offset, n);
      EXPECT_EQ(Crc32cPortable(0, piece), ReferenceCrc32c(piece)) << offset << " " << n;
      EXPECT_EQ(Crc32c(0, piece), ReferenceCrc32c(piece)) << offset << " " << n;
      EXPECT_EQ(Crc64Nvme(0, piece), ReferenceCrc64Nvme(piece)) << offset << " " << n;
      EXPECT_EQ(Crc32(0, piece), ReferenceCrc(0xedb88320u, 32, piece)) << offset << " " << n;
    }
  }
}

TEST(ChecksumHasher, Sse42AndPortableCrc32cAgree) {
  if (!Crc32cHasSse42()) GTEST_SKIP() << "CPU without SSE4.2";
  std::string data = RandomBytes(1 << 16, 2);
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t n : {0, 1, 7, 8, 9, 63, 64, 65, 4095, 65000}) {
      std::string_view piece(data.data() + offset, n);
      EXPECT_EQ(Crc32cSse42(0, piece), Crc32cPortable(0, piece)) << offset << " " << n;
      EXPECT_EQ(Crc32cSse42(0x12345678, piece), Crc32cPortable(0x12345678, piece));
    }
  }
}

TEST(ChecksumHasher, PiecesGiveTheSameDigestAsOneUpdate) {
  std::string data = RandomBytes(100'000, 3);
  std::mt19937 rng(4);
  for (auto algorithm : kAll) {
    std::string whole = Digest(algorithm, data);
    for (int round = 0; round < 5; ++round) {
      ChecksumHasher hasher(algorithm);
      std::size_t at = 0;
      while (at < data.size()) {
        std::size_t n = std::min<std::size_t>(rng() % 5000, data.size() - at);
        hasher.Update(std::string_view(data).substr(at, n));
        at += n;
      }
      EXPECT_EQ(hasher.Final(), whole) << ChecksumName(algorithm);
    }
  }
  Md5Hasher md5;
  for (std::size_t at = 0; at < data.size(); at += 777)
    md5.Update(std::string_view(data).substr(at, 777));
  EXPECT_EQ(md5.FinalHex(), aws::Md5Hex(data));
}

TEST(ChecksumHasher, FinalResetsAndMovesKeepState) {
  for (auto algorithm : kAll) {
    ChecksumHasher hasher(algorithm);
    hasher.Update("Hello ");
    ChecksumHasher moved = std::move(hasher);
    moved.Update("world");
    EXPECT_EQ(moved.Final(), Digest(algorithm, "Hello world"));
    EXPECT_EQ(moved.Final(), Digest(algorithm, ""));
  }
  Md5Hasher md5;
  md5.Update("Hello world");
  Md5Hasher moved = std::move(md5);
  EXPECT_EQ(moved.FinalHex(), "3e25960a79dbc69b674cd4ec67a72c62");
  EXPECT_EQ(moved.FinalHex(), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(CombineCrc, AgreesWithHashingTheConcatenation) {
  std::string data = RandomBytes(20'000, 5);
  for (auto algorithm : kCrcs) {
    for (std::size_t split : {0, 1, 8, 999, 10'000, 19'999, 20'000}) {
      std::string_view a = std::string_view(data).substr(0, split);
      std::string_view b = std::string_view(data).substr(split);
      auto combined = CombineCrc(algorithm, Digest(algorithm, a), Digest(algorithm, b), b.size());
      ASSERT_TRUE(combined.has_value());
      EXPECT_EQ(*combined, Digest(algorithm, data)) << ChecksumName(algorithm) << " " << split;
    }
  }
}

// A multipart upload's full-object CRC, folded part by part.
TEST(CombineCrc, FoldsManyParts) {
  std::string data = RandomBytes(50'000, 6);
  for (auto algorithm : kCrcs) {
    std::string full = Digest(algorithm, "");
    for (std::size_t at = 0; at < data.size(); at += 7'001) {
      std::string_view part = std::string_view(data).substr(at, 7'001);
      full = *CombineCrc(algorithm, full, Digest(algorithm, part), part.size());
    }
    EXPECT_EQ(full, Digest(algorithm, data)) << ChecksumName(algorithm);
  }
}

// Lengths beyond 4 GiB: CRCs of runs of zeros built by doubling (checked
// against hashing at 4 MiB), then combination must be associative.
TEST(CombineCrc, LargeLengths) {
  for (auto algorithm : kCrcs) {
    std::uint64_t len = 1 << 20;
    std::string zeros = Digest(algorithm, std::string(len, '\0'));
    std::string zeros_1m = zeros;
    for (int i = 0; i < 13; ++i, len *= 2) {  // up to 8 GiB
      if (len == 4 << 20) {
        EXPECT_EQ(zeros, Digest(algorithm, std::string(len, '\0'))) << ChecksumName(algorithm);
      }
      zeros = *CombineCrc(algorithm, zeros, zeros, len);
    }
    std::string a = Digest(algorithm, "prefix");
    std::string left =
        *CombineCrc(algorithm, *CombineCrc(algorithm, a, zeros, len), zeros_1m, 1 << 20);
    std::string right = *CombineCrc(algorithm, a, *CombineCrc(algorithm, zeros, zeros_1m, 1 << 20),
                                    len + (1 << 20));
    EXPECT_EQ(left, right) << ChecksumName(algorithm);
  }
}

TEST(CombineCrc, RejectsShaAndWrongSizes) {
  EXPECT_EQ(CombineCrc(ChecksumAlgorithm::kSha256, std::string(32, 'a'), std::string(32, 'b'), 1),
            std::nullopt);
  EXPECT_EQ(CombineCrc(ChecksumAlgorithm::kCrc32, "abc", "abcd", 1), std::nullopt);
  EXPECT_EQ(CombineCrc(ChecksumAlgorithm::kCrc64Nvme, "abcd", "abcd", 1), std::nullopt);
}

TEST(CompositeChecksum, DigestOfConcatenatedPartDigests) {
  std::vector<std::string> parts = {Digest(ChecksumAlgorithm::kCrc32, "part one"),
                                    Digest(ChecksumAlgorithm::kCrc32, "part two")};
  std::string expected = Base64Digest(ChecksumAlgorithm::kCrc32, parts[0] + parts[1]);
  EXPECT_EQ(CompositeChecksum(ChecksumAlgorithm::kCrc32, parts), expected);
  EXPECT_EQ(CompositeChecksumWithPartCount(ChecksumAlgorithm::kCrc32, parts), expected + "-2");

  std::vector<std::string> sha_parts = {aws::Sha256("a"), aws::Sha256("b"), aws::Sha256("c")};
  EXPECT_EQ(CompositeChecksumWithPartCount(ChecksumAlgorithm::kSha256, sha_parts),
            aws::Base64Encode(aws::Sha256(sha_parts[0] + sha_parts[1] + sha_parts[2])) + "-3");
}

}  // namespace
}  // namespace sim::s3
