// CRC combination (zlib's crc32_combine, for any reflected CRC up to 64 bits)
// so a multipart upload's full-object CRC comes from its parts' CRCs.
//
// For a CRC whose initial value equals its final xor (all three here):
//   crc(A || B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)
// with polynomials held reflected: the top bit of the width is x^0.

#include "emulators/s3/checksum/crc.h"

namespace sim::s3 {
namespace {

struct CrcSpec {
  std::uint64_t reflected_poly;
  int width;
  std::uint64_t One() const { return std::uint64_t{1} << (width - 1); }
};

constexpr CrcSpec kCrc32{0xedb88320u, 32};
constexpr CrcSpec kCrc32c{0x82f63b78u, 32};
constexpr CrcSpec kCrc64Nvme{0x9a6c9329ac4bc9b5ull, 64};

// a * b mod P; a must be non-zero.
std::uint64_t MultModP(const CrcSpec& spec, std::uint64_t a, std::uint64_t b) {
  std::uint64_t m = spec.One();
  std::uint64_t product = 0;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) == 0) break;
    }
    m >>= 1;
    b = (b & 1) ? (b >> 1) ^ spec.reflected_poly : b >> 1;
  }
  return product;
}

// x^(8 n) mod P by square-and-multiply: never zero, since x is invertible mod P.
std::uint64_t X8nModP(const CrcSpec& spec, std::uint64_t n) {
  std::uint64_t power = spec.One() >> 1;                             // x^1
  for (int i = 0; i < 3; ++i) power = MultModP(spec, power, power);  // x^8
  std::uint64_t result = spec.One();
  while (n != 0) {
    if (n & 1) result = MultModP(spec, power, result);
    n >>= 1;
    if (n != 0) power = MultModP(spec, power, power);
  }
  return result;
}

std::uint64_t Combine(const CrcSpec& spec, std::uint64_t crc_a, std::uint64_t crc_b,
                      std::uint64_t len_b) {
  return MultModP(spec, X8nModP(spec, len_b), crc_a) ^ crc_b;
}

}  // namespace

std::uint32_t Crc32Combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b) {
  return static_cast<std::uint32_t>(Combine(kCrc32, crc_a, crc_b, len_b));
}

std::uint32_t Crc32cCombine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b) {
  return static_cast<std::uint32_t>(Combine(kCrc32c, crc_a, crc_b, len_b));
}

std::uint64_t Crc64NvmeCombine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t len_b) {
  return Combine(kCrc64Nvme, crc_a, crc_b, len_b);
}

}  // namespace sim::s3
