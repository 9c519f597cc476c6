// CRC32C two ways: the SSE4.2 crc32 instruction (8 bytes per instruction),
// chosen at run time so the build needs no -msse4.2, and slicing-by-8 tables
// for CPUs without it.

#include <cstring>

#include "emulators/s3/checksum/crc.h"
#include "emulators/s3/checksum/crc_slicing.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace sim::s3 {
namespace {

constexpr auto kTables = MakeSlicingTables<std::uint32_t>(0x82f63b78u);

}  // namespace

std::uint32_t Crc32cPortable(std::uint32_t crc, std::string_view data) {
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  return ~SlicingBy8(kTables, ~crc, p, data.size());
}

#if defined(__x86_64__)

bool Crc32cHasSse42() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") != 0;
  }();
  return has;
}

__attribute__((target("sse4.2"))) std::uint32_t Crc32cSse42(std::uint32_t crc,
                                                            std::string_view data) {
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  std::uint64_t reg = ~crc;
  for (; n > 0 && reinterpret_cast<std::uintptr_t>(p) % 8 != 0; ++p, --n)
    reg = _mm_crc32_u8(static_cast<std::uint32_t>(reg), *p);
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    reg = _mm_crc32_u64(reg, v);
  }
  for (; n > 0; ++p, --n) reg = _mm_crc32_u8(static_cast<std::uint32_t>(reg), *p);
  return ~static_cast<std::uint32_t>(reg);
}

#else

bool Crc32cHasSse42() { return false; }
std::uint32_t Crc32cSse42(std::uint32_t crc, std::string_view data) {
  return Crc32cPortable(crc, data);
}

#endif

std::uint32_t Crc32c(std::uint32_t crc, std::string_view data) {
  static const auto impl = Crc32cHasSse42() ? &Crc32cSse42 : &Crc32cPortable;
  return impl(crc, data);
}

}  // namespace sim::s3
