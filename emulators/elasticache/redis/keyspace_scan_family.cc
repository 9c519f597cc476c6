// SCAN over the keyspace and OBJECT (Redis 7.0 db.c scanGenericCommand,
// object.c objectCommand).

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/encoding.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/redis/scan_args.h"

namespace sim::elasticache::redis {
namespace {

Status Scan(CommandArgs args, CommandContext& ctx) {
  Result<ScanArgs> scan = ParseScanArgs(args, 1, /*allow_type=*/true);
  if (!scan.ok()) return scan.error();
  struct Found {
    std::string key;
    ValueType type;
  };
  // Like Redis: visit buckets until COUNT keys were collected (or ten times
  // COUNT buckets were empty), then filter by MATCH and TYPE.
  std::vector<Found> found;
  std::uint64_t cursor = scan->cursor;
  std::int64_t budget = scan->count * 10;
  auto count = static_cast<std::size_t>(scan->count);
  do {
    cursor = ctx.db().Scan(cursor, [&](const std::string& key, const Value& value) {
      found.push_back({key, value.type()});
    });
  } while (cursor != 0 && budget-- > 0 && found.size() < count);
  std::vector<std::string> keys;
  for (Found& f : found) {
    if (!ScanMatches(*scan, f.key)) continue;
    if (scan->type && !EqualsIgnoreCase(*scan->type, TypeName(f.type))) continue;
    keys.push_back(std::move(f.key));
  }
  WriteScanReply(*ctx.writer, cursor, keys);
  return Ok();
}

Status Object(CommandArgs args, CommandContext& ctx) {
  std::string sub = ToLowerAscii(args[1]);
  if (sub == "help" && args.size() == 2) {
    static const char* kHelp[] = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Print this help."};
    ctx.writer->ArrayHeader(std::size(kHelp));
    for (const char* line : kHelp) ctx.writer->SimpleString(line);
    return Ok();
  }
  bool known = sub == "encoding" || sub == "refcount" || sub == "idletime" || sub == "freq";
  if (!known || args.size() != 3) {
    return RedisError("unknown subcommand or wrong number of arguments for '" + args[1] +
                      "'. Try OBJECT HELP.");
  }
  const Value* value = ctx.db().Find(args[2]);
  if (value == nullptr) {
    ctx.writer->Null();
    return Ok();
  }
  if (sub == "encoding") {
    ctx.writer->Bulk(EncodingName(*value));
  } else if (sub == "refcount") {
    ctx.writer->Integer(1);
  } else if (sub == "idletime") {
    // Access times are not tracked; every key reads as just used.
    ctx.writer->Integer(0);
  } else {
    return RedisError(
        "An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
        "that when switching between policies at runtime LRU and LFU data will take some time "
        "to adjust.");
  }
  return Ok();
}

}  // namespace

void RegisterKeyspaceScanFamily(CommandRegistry& r) {
  r.Register({"scan", Scan, -2, kReadOnly, 0, 0, 0});
  r.Register({"object", Object, -2, kReadOnly, 2, 2, 1});
}

}  // namespace sim::elasticache::redis
