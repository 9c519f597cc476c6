#pragma once
// The CRC arithmetic behind S3's CRC32, CRC32C and CRC64NVME checksums, on
// integers. Kept apart from checksum.h so tests and benchmarks can reach each
// implementation (the SSE4.2 and portable CRC32C must agree).
//
// Every update function works like zlib's crc32(): it takes the CRC of the
// bytes so far (0 for none) and returns the CRC with `data` appended; the
// initial all-ones value and final inversion happen inside.

#include <cstdint>
#include <string_view>

namespace sim::s3 {

// CRC-32 (ISO-HDLC, reflected poly 0xedb88320), via zlib.
std::uint32_t Crc32(std::uint32_t crc, std::string_view data);

// CRC-32C (Castagnoli, reflected poly 0x82f63b78): SSE4.2 when the CPU has it.
std::uint32_t Crc32c(std::uint32_t crc, std::string_view data);
bool Crc32cHasSse42();
// The two paths Crc32c picks from. Crc32cSse42 only when Crc32cHasSse42().
std::uint32_t Crc32cSse42(std::uint32_t crc, std::string_view data);
std::uint32_t Crc32cPortable(std::uint32_t crc, std::string_view data);

// CRC-64/NVME (reflected poly 0x9a6c9329ac4bc9b5), slicing-by-8.
std::uint64_t Crc64Nvme(std::uint64_t crc, std::string_view data);

// crc(A || B) from crc(A), crc(B) and the length of B, without B's bytes.
std::uint32_t Crc32Combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b);
std::uint32_t Crc32cCombine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b);
std::uint64_t Crc64NvmeCombine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t len_b);

}  // namespace sim::s3
