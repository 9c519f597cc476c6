#pragma once
// The SCAN family's shared pieces (SCAN, HSCAN, SSCAN, ZSCAN): parsing
// "cursor [MATCH pattern] [COUNT count] [TYPE type]" with Redis 7.0's errors,
// and writing the two-element reply (next cursor as a bulk string, then the
// items).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"

namespace sim::elasticache::redis {

struct ScanArgs {
  std::uint64_t cursor = 0;
  std::optional<std::string> match;  // glob pattern; none matches everything
  std::int64_t count = 10;
  std::optional<std::string> type;   // SCAN only: a TYPE name ("string", "zset", ...)
};

// Parses the cursor at args[cursor_index] and the options after it. TYPE is
// accepted only when `allow_type`. Errors: "ERR invalid cursor", syntax error
// (COUNT < 1, unknown option), not an integer.
Result<ScanArgs> ParseScanArgs(CommandArgs args, std::size_t cursor_index, bool allow_type);

// Whether `item` passes the MATCH pattern (always true without one).
bool ScanMatches(const ScanArgs& scan, const std::string& item);

// *2 $<cursor> *N items...
void WriteScanReply(RespWriter& writer, std::uint64_t next_cursor,
                    const std::vector<std::string>& items);

}  // namespace sim::elasticache::redis
