// Hash commands (Redis 7.0 t_hash.c, plus HSCAN from db.c's scanGenericCommand).
//
// Field order: Redis keeps a small hash as a listpack in insertion order and
// a large one as a dict. The emulator's HashValue is a Dict that remembers
// insertion order (dict.h), so HKEYS, HGETALL, a compact hash's HSCAN, ...
// list fields as Redis lists a small hash's.

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/encoding.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/redis/scan_args.h"
#include "emulators/elasticache/resp/resp_parser.h"

namespace sim::elasticache::redis {
namespace {

// `existing` (a LookupTyped<HashValue> result) or a new hash stored under `key`. Callers
// store a field before replying, so no empty hash is left behind.
HashValue& HashOrCreate(Database& db, std::string_view key, HashValue* existing) {
  return existing != nullptr ? *existing : *db.Set(key, Value::NewHash()).AsHash();
}

// hashTypeLookupWriteOrCreate.
Result<HashValue*> LookupOrCreateHash(Database& db, std::string_view key) {
  Result<HashValue*> hash = LookupTyped<HashValue>(db, key);
  if (!hash.ok()) return hash;
  return &HashOrCreate(db, key, *hash);
}

void SetField(HashValue& hash, const std::string& field, std::string value) {
  *hash.TryEmplace(field).first = std::move(value);
}

// HSET and HMSET: same work, different reply (new fields vs +OK).
Status SetFields(CommandArgs args, CommandContext& ctx, std::string_view name, bool reply_ok) {
  // Field/value pairs must come whole; checked before the key, as Redis does.
  if (args.size() % 2 == 1) return WrongArityError(name);
  Result<HashValue*> hash = LookupOrCreateHash(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  std::int64_t created = 0;
  for (std::size_t i = 2; i < args.size(); i += 2) {
    auto [value, inserted] = (*hash)->TryEmplace(args[i]);
    *value = args[i + 1];
    if (inserted) ++created;
  }
  if (reply_ok) {
    ctx.writer->Ok();
  } else {
    ctx.writer->Integer(created);
  }
  return Ok();
}
Status HSet(CommandArgs args, CommandContext& ctx) { return SetFields(args, ctx, "hset", false); }
Status HMSet(CommandArgs args, CommandContext& ctx) { return SetFields(args, ctx, "hmset", true); }

Status HSetNx(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupOrCreateHash(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  bool inserted = (*hash)->TryEmplace(args[2], args[3]).second;
  ctx.writer->Integer(inserted ? 1 : 0);
  return Ok();
}

void WriteFieldOrNull(RespWriter& writer, const HashValue* hash, std::string_view field) {
  const std::string* value = hash == nullptr ? nullptr : hash->Find(field);
  if (value == nullptr) {
    writer.Null();
  } else {
    writer.Bulk(*value);
  }
}

Status HGet(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  WriteFieldOrNull(*ctx.writer, *hash, args[2]);
  return Ok();
}

// A missing key is an empty hash: one null per field.
Status HMGet(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  ctx.writer->ArrayHeader(args.size() - 2);
  for (std::size_t i = 2; i < args.size(); ++i) WriteFieldOrNull(*ctx.writer, *hash, args[i]);
  return Ok();
}

Status HLen(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  ctx.writer->Integer(*hash == nullptr ? 0 : static_cast<std::int64_t>((*hash)->size()));
  return Ok();
}

Status HStrLen(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  const std::string* value = *hash == nullptr ? nullptr : (*hash)->Find(args[2]);
  ctx.writer->Integer(value == nullptr ? 0 : static_cast<std::int64_t>(value->size()));
  return Ok();
}

Status HExists(CommandArgs args, CommandContext& ctx) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  ctx.writer->Integer(*hash != nullptr && (*hash)->Contains(args[2]) ? 1 : 0);
  return Ok();
}

// genericHgetallCommand: HGETALL is a map (empty map for a missing key),
// HKEYS / HVALS flat arrays.
Status GetAllGeneric(CommandArgs args, CommandContext& ctx, bool keys, bool values) {
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  RespWriter& w = *ctx.writer;
  std::size_t length = *hash == nullptr ? 0 : (*hash)->size();
  if (keys && values) {
    w.MapHeader(length);
  } else {
    w.ArrayHeader(length);
  }
  if (*hash == nullptr) return Ok();
  (*hash)->ForEach([&](const std::string& field, const std::string& value) {
    if (keys) w.Bulk(field);
    if (values) w.Bulk(value);
  });
  return Ok();
}
Status HGetAll(CommandArgs args, CommandContext& ctx) { return GetAllGeneric(args, ctx, true, true); }
Status HKeys(CommandArgs args, CommandContext& ctx) { return GetAllGeneric(args, ctx, true, false); }
Status HVals(CommandArgs args, CommandContext& ctx) { return GetAllGeneric(args, ctx, false, true); }

Status HIncrBy(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> incr = ParseInt64(args[3]);
  if (!incr.ok()) return incr.error();
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  std::int64_t value = 0;
  if (const std::string* current = *hash == nullptr ? nullptr : (*hash)->Find(args[2])) {
    std::optional<std::int64_t> parsed = ParseRedisInteger(*current);
    if (!parsed) return RedisError("hash value is not an integer");
    value = *parsed;
  }
  if ((*incr < 0 && value < 0 && *incr < LLONG_MIN - value) ||
      (*incr > 0 && value > 0 && *incr > LLONG_MAX - value)) {
    return OverflowError();
  }
  value += *incr;
  SetField(HashOrCreate(ctx.db(), args[1], *hash), args[2], std::to_string(value));
  ctx.writer->Integer(value);
  return Ok();
}

Status HIncrByFloat(CommandArgs args, CommandContext& ctx) {
  Result<long double> incr = ParseLongDouble(args[3]);
  if (!incr.ok()) return incr.error();
  // string2ld accepts "inf"; an infinite increment is refused up front.
  if (std::isinf(*incr)) return RedisError("value is NaN or Infinity");
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  long double value = 0;
  if (const std::string* current = *hash == nullptr ? nullptr : (*hash)->Find(args[2])) {
    Result<long double> parsed = ParseLongDouble(*current);
    if (!parsed.ok()) return RedisError("hash value is not a float");
    value = *parsed;
  }
  value += *incr;
  if (std::isnan(value) || std::isinf(value)) {
    return RedisError("increment would produce NaN or Infinity");
  }
  std::string text = FormatLongDoubleHuman(value);
  ctx.writer->Bulk(text);
  SetField(HashOrCreate(ctx.db(), args[1], *hash), args[2], std::move(text));
  return Ok();
}

using FieldList = std::vector<std::pair<std::string, std::string>>;

// HRANDFIELD's reply with a count: fields, or with WITHVALUES a flat
// field/value array in RESP2 and an array of [field, value] pairs in RESP3.
void WriteRandomFields(RespWriter& w, const FieldList& fields, bool with_values) {
  bool resp3 = w.protocol() == RespProtocol::kResp3;
  w.ArrayHeader(with_values && !resp3 ? fields.size() * 2 : fields.size());
  for (const auto& [field, value] : fields) {
    if (with_values && resp3) w.ArrayHeader(2);
    w.Bulk(field);
    if (with_values) w.Bulk(value);
  }
}

// hrandfieldWithCountCommand. A negative count draws with repetition; a
// positive one returns distinct fields (the whole hash if count >= size).
Status HRandFieldWithCount(CommandArgs args, CommandContext& ctx, std::int64_t count_arg,
                           bool with_values) {
  Result<HashValue*> lookup = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!lookup.ok()) return lookup.error();
  const HashValue* hash = *lookup;
  // Missing key or zero count: an empty array (never a RESP3 map/null).
  if (hash == nullptr || count_arg == 0) {
    ctx.writer->ArrayHeader(0);
    return Ok();
  }
  bool unique = count_arg > 0;
  auto count = static_cast<std::uint64_t>(unique ? count_arg : -count_arg);
  std::uint64_t size = hash->size();
  Rng& rng = *ctx.rng;
  RespWriter& w = *ctx.writer;
  bool resp3 = w.protocol() == RespProtocol::kResp3;

  // CASE 1: repeats allowed (or a single pick): sample the whole hash each
  // time. Written as drawn, since the count may be far larger than the hash.
  if (!unique || count == 1) {
    w.ArrayHeader(with_values && !resp3 ? count * 2 : count);
    while (count-- > 0) {
      const HashValue::Node* pick = hash->Random(rng);
      if (with_values && resp3) w.ArrayHeader(2);
      w.Bulk(pick->key);
      if (with_values) w.Bulk(pick->value);
    }
    return Ok();
  }

  FieldList fields;
  if (count >= size) {
    // CASE 2: the whole hash.
    hash->ForEach([&](const std::string& f, const std::string& v) { fields.emplace_back(f, v); });
  } else if (count * 3 > size) {
    // CASE 3: most of the hash: copy it and drop random fields until
    // `count` remain (cheaper than drawing distinct ones).
    HashValue copy = *hash;
    while (copy.size() > count) {
      std::string drop = copy.Random(rng)->key;
      copy.Erase(drop);
    }
    copy.ForEach([&](const std::string& f, const std::string& v) { fields.emplace_back(f, v); });
  } else {
    // CASE 4: few fields: draw until `count` distinct ones were seen.
    HashValue picked;
    while (picked.size() < count) {
      const HashValue::Node* pick = hash->Random(rng);
      picked.TryEmplace(pick->key, pick->value);
    }
    picked.ForEach([&](const std::string& f, const std::string& v) { fields.emplace_back(f, v); });
  }
  WriteRandomFields(w, fields, with_values);
  return Ok();
}

Status HRandField(CommandArgs args, CommandContext& ctx) {
  if (args.size() >= 3) {
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX).
    Result<std::int64_t> count = ParseInt64(args[2]);
    if (!count.ok()) return count.error();
    if (*count == LLONG_MIN) {
      return RedisError(
          "value is out of range, value must between -9223372036854775807 and "
          "9223372036854775807");
    }
    bool with_values = args.size() == 4;
    if (args.size() > 4 || (with_values && !EqualsIgnoreCase(args[3], "withvalues"))) {
      return SyntaxError();
    }
    // The reply would hold twice `count` items.
    if (with_values && (*count < -LLONG_MAX / 2 || *count > LLONG_MAX / 2)) {
      return RedisError("value is out of range");
    }
    if (*count < -kMaxRepeatedPicks) return TooManyPicksError();
    return HRandFieldWithCount(args, ctx, *count, with_values);
  }
  Result<HashValue*> hash = LookupTyped<HashValue>(ctx.db(), args[1]);
  if (!hash.ok()) return hash.error();
  if (*hash == nullptr) {
    ctx.writer->Null();
  } else {
    ctx.writer->Bulk((*hash)->Random(*ctx.rng)->key);
  }
  return Ok();
}

// scanGenericCommand for a hash: the cursor is checked before the key, the
// options after it (so a missing key ignores bad options). A listpack-sized
// hash comes back whole with cursor 0; a larger one is walked one bucket at
// a time until COUNT items (fields and values both count) or COUNT*10
// buckets. MATCH filters fields afterwards, dropping their values too.
Status HScan(CommandArgs args, CommandContext& ctx) {
  Result<ScanArgs> cursor_only = ParseScanArgs(args.first(3), 2, false);
  if (!cursor_only.ok()) return cursor_only.error();
  Result<Value*> value = LookupOfType(ctx.db(), args[1], ValueType::kHash);
  if (!value.ok()) return value.error();
  if (*value == nullptr) {
    WriteScanReply(*ctx.writer, 0, {});
    return Ok();
  }
  Result<ScanArgs> scan = ParseScanArgs(args, 2, false);
  if (!scan.ok()) return scan.error();
  const HashValue& hash = *(*value)->AsHash();

  FieldList found;
  auto collect = [&](const std::string& f, const std::string& v) { found.emplace_back(f, v); };
  std::uint64_t cursor = scan->cursor;
  if (HasCompactEncoding(**value)) {
    hash.ForEach(collect);
    cursor = 0;
  } else {
    auto count = static_cast<std::uint64_t>(scan->count);
    std::int64_t max_iterations = scan->count * 10;
    do {
      cursor = hash.Scan(cursor, collect);
    } while (cursor != 0 && max_iterations-- > 0 && found.size() * 2 < count);
  }
  std::vector<std::string> items;
  for (auto& [field, v] : found) {
    if (!ScanMatches(*scan, field)) continue;
    items.push_back(std::move(field));
    items.push_back(std::move(v));
  }
  WriteScanReply(*ctx.writer, cursor, items);
  return Ok();
}

}  // namespace

void RegisterHashFamily(CommandRegistry& r) {
  constexpr std::uint32_t kWriteOomFast = kWrite | kDenyOom | kFast;
  constexpr std::uint32_t kReadFast = kReadOnly | kFast;
  r.Register({"hset", HSet, -4, kWriteOomFast, 1, 1, 1});
  r.Register({"hsetnx", HSetNx, 4, kWriteOomFast, 1, 1, 1});
  r.Register({"hmset", HMSet, -4, kWriteOomFast, 1, 1, 1});
  r.Register({"hget", HGet, 3, kReadFast, 1, 1, 1});
  r.Register({"hmget", HMGet, -3, kReadFast, 1, 1, 1});
  r.Register({"hgetall", HGetAll, 2, kReadOnly, 1, 1, 1});
  r.Register({"hdel", RemoveMembers<HashValue>, -3, kWrite | kFast, 1, 1, 1});
  r.Register({"hlen", HLen, 2, kReadFast, 1, 1, 1});
  r.Register({"hstrlen", HStrLen, 3, kReadFast, 1, 1, 1});
  r.Register({"hexists", HExists, 3, kReadFast, 1, 1, 1});
  r.Register({"hkeys", HKeys, 2, kReadOnly, 1, 1, 1});
  r.Register({"hvals", HVals, 2, kReadOnly, 1, 1, 1});
  r.Register({"hincrby", HIncrBy, 4, kWriteOomFast, 1, 1, 1});
  r.Register({"hincrbyfloat", HIncrByFloat, 4, kWriteOomFast, 1, 1, 1});
  r.Register({"hrandfield", HRandField, -2, kReadOnly, 1, 1, 1});
  r.Register({"hscan", HScan, -3, kReadOnly, 1, 1, 1});
}

}  // namespace sim::elasticache::redis
