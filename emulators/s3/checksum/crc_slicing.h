#pragma once
// Table-driven slicing-by-8 for reflected CRCs, shared by the portable
// CRC32C and CRC64NVME: eight bytes per step through eight 256-entry tables
// built at compile time.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sim::s3 {

template <typename T>
using SlicingTables = std::array<std::array<T, 256>, 8>;

// tables[k][b] is the CRC register after byte b followed by k zero bytes.
template <typename T>
constexpr SlicingTables<T> MakeSlicingTables(T reflected_poly) {
  SlicingTables<T> tables{};
  for (unsigned b = 0; b < 256; ++b) {
    T reg = b;
    for (int bit = 0; bit < 8; ++bit) reg = (reg & 1) ? (reg >> 1) ^ reflected_poly : reg >> 1;
    tables[0][b] = reg;
  }
  for (int k = 1; k < 8; ++k)
    for (unsigned b = 0; b < 256; ++b)
      tables[k][b] = (tables[k - 1][b] >> 8) ^ tables[0][tables[k - 1][b] & 0xff];
  return tables;
}

// Advances the raw register (no inversions) over n bytes.
template <typename T>
T SlicingBy8(const SlicingTables<T>& t, T reg, const unsigned char* p, std::size_t n) {
  static_assert(std::endian::native == std::endian::little,
                "slicing-by-8 loads little-endian words");
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    v ^= reg;
    reg = t[7][v & 0xff] ^ t[6][(v >> 8) & 0xff] ^ t[5][(v >> 16) & 0xff] ^ t[4][(v >> 24) & 0xff] ^
          t[3][(v >> 32) & 0xff] ^ t[2][(v >> 40) & 0xff] ^ t[1][(v >> 48) & 0xff] ^ t[0][v >> 56];
  }
  for (; n > 0; ++p, --n) reg = (reg >> 8) ^ t[0][(reg ^ *p) & 0xff];
  return reg;
}

}  // namespace sim::s3
