#include "emulators/elasticache/server/watch_rules.h"

#include <algorithm>
#include <array>

#include "emulators/elasticache/redis/arg_parse.h"

namespace sim::elasticache::redis {
namespace {

// Integer replies that count what changed; 0 (and LINSERT's -1) means nothing.
constexpr std::array<std::string_view, 24> kCountsChanges = {
    "del",     "unlink",   "sadd",      "srem",    "smove",   "hdel",
    "hsetnx",  "setnx",    "msetnx",    "expire",  "pexpire", "expireat",
    "pexpireat", "persist", "lrem",     "lpushx",  "rpushx",  "linsert",
    "zrem",    "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "renamenx", "copy"};

// Null (or empty) when there was nothing to take or the condition failed.
constexpr std::array<std::string_view, 9> kNullWhenNothing = {
    "set", "getdel", "lpop", "rpop", "spop", "zpopmin", "zpopmax", "rpoplpush", "lmove"};

bool Contains(const auto& names, std::string_view command) {
  return std::find(names.begin(), names.end(), command) != names.end();
}

bool IsNull(std::string_view reply) {
  return reply == "$-1\r\n" || reply == "*-1\r\n" || reply == "_\r\n" || reply == "*0\r\n";
}

}  // namespace

bool WriteChangedNothing(std::string_view command, const std::vector<std::string>& argv, std::string_view reply) {
  if (Contains(kCountsChanges, command)) return reply == ":0\r\n" || (command == "linsert" && reply == ":-1\r\n");
  if (!Contains(kNullWhenNothing, command)) return false;
  // SET ... GET answers the old value, null when there was none, and sets anyway.
  if (command == "set")
    for (std::size_t i = 3; i < argv.size(); ++i)
      if (EqualsIgnoreCase(argv[i], "get")) return false;
  return IsNull(reply);
}

}  // namespace sim::elasticache::redis
