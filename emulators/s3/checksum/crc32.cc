// CRC32 is zlib's: its crc32_z is already tuned and shipped everywhere.

#include <zlib.h>

#include "emulators/s3/checksum/crc.h"

namespace sim::s3 {

std::uint32_t Crc32(std::uint32_t crc, std::string_view data) {
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

}  // namespace sim::s3
