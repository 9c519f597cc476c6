// CRC64NVME (S3's default checksum since 2025) with slicing-by-8 tables built
// at compile time; no instruction computes it directly.

#include "emulators/s3/checksum/crc.h"
#include "emulators/s3/checksum/crc_slicing.h"

namespace sim::s3 {
namespace {

constexpr auto kTables = MakeSlicingTables<std::uint64_t>(0x9a6c9329ac4bc9b5ull);

}  // namespace

std::uint64_t Crc64Nvme(std::uint64_t crc, std::string_view data) {
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  return ~SlicingBy8(kTables, ~crc, p, data.size());
}

}  // namespace sim::s3
