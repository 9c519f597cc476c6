#include "emulators/elasticache/redis/scan_args.h"

#include <cerrno>
#include <cstdlib>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/glob_match.h"
#include "emulators/elasticache/redis/redis_errors.h"

namespace sim::elasticache::redis {

Result<ScanArgs> ParseScanArgs(CommandArgs args, std::size_t cursor_index, bool allow_type) {
  ScanArgs scan;
  // parseScanCursorOrReply uses strtoul: leading space, a sign ("-1" wraps
  // around) and an empty string are all accepted; trailing junk is not.
  const std::string& text = args[cursor_index];
  char* end = nullptr;
  errno = 0;
  scan.cursor = std::strtoull(text.c_str(), &end, 10);
  if (errno == ERANGE || end != text.c_str() + text.size()) return RedisError("invalid cursor");
  for (std::size_t i = cursor_index + 1; i < args.size(); i += 2) {
    bool has_value = i + 1 < args.size();
    if (EqualsIgnoreCase(args[i], "count") && has_value) {
      Result<std::int64_t> count = ParseInt64(args[i + 1]);
      if (!count.ok()) return count.error();
      if (*count < 1) return SyntaxError();
      scan.count = *count;
    } else if (EqualsIgnoreCase(args[i], "match") && has_value) {
      // "*" matches everything; skip the matcher as Redis does.
      if (args[i + 1] == "*") {
        scan.match.reset();
      } else {
        scan.match = args[i + 1];
      }
    } else if (EqualsIgnoreCase(args[i], "type") && allow_type && has_value) {
      scan.type = args[i + 1];
    } else {
      return SyntaxError();
    }
  }
  return scan;
}

bool ScanMatches(const ScanArgs& scan, const std::string& item) {
  return !scan.match || GlobMatch(*scan.match, item);
}

void WriteScanReply(RespWriter& writer, std::uint64_t next_cursor,
                    const std::vector<std::string>& items) {
  writer.ArrayHeader(2);
  writer.Bulk(std::to_string(next_cursor));
  writer.ArrayHeader(items.size());
  for (const std::string& item : items) writer.Bulk(item);
}

}  // namespace sim::elasticache::redis
