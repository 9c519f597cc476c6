// Keyspace and connection commands (Redis 7.0 db.c, expire.c, server.c).

#include <malloc.h>

#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/glob_match.h"
#include "emulators/elasticache/redis/redis_errors.h"

namespace sim::elasticache::redis {
namespace {

Status Del(CommandArgs args, CommandContext& ctx) {
  std::int64_t deleted = 0;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (ctx.db().Erase(args[i])) ++deleted;
  }
  ctx.writer->Integer(deleted);
  return Ok();
}

Status Exists(CommandArgs args, CommandContext& ctx) {
  std::int64_t count = 0;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (ctx.db().Exists(args[i])) ++count;
  }
  ctx.writer->Integer(count);
  return Ok();
}

Status Type(CommandArgs args, CommandContext& ctx) {
  Value* value = ctx.db().Find(args[1]);
  ctx.writer->SimpleString(value == nullptr ? "none" : TypeName(value->type()));
  return Ok();
}

Status RenameGeneric(CommandArgs args, CommandContext& ctx, bool nx) {
  Database& db = ctx.db();
  Value* source = db.Find(args[1]);
  if (source == nullptr) return NoSuchKeyError();
  if (args[1] == args[2]) {
    if (nx) {
      ctx.writer->Integer(0);
    } else {
      ctx.writer->Ok();
    }
    return Ok();
  }
  if (nx && db.Exists(args[2])) {
    ctx.writer->Integer(0);
    return Ok();
  }
  Value moved = std::move(*source);
  std::optional<std::int64_t> expire = db.GetExpire(args[1]);
  db.Erase(args[1]);
  db.Set(args[2], std::move(moved));
  if (expire) db.SetExpire(args[2], *expire);
  if (nx) {
    ctx.writer->Integer(1);
  } else {
    ctx.writer->Ok();
  }
  return Ok();
}
Status Rename(CommandArgs args, CommandContext& ctx) { return RenameGeneric(args, ctx, false); }
Status RenameNx(CommandArgs args, CommandContext& ctx) { return RenameGeneric(args, ctx, true); }

// SELECT / COPY DB: an int (getLongFromObject) naming one of the databases.
Result<int> ParseDbIndex(std::string_view text, const CommandContext& ctx) {
  Result<std::int64_t> id = ParseInt64(text);
  if (!id.ok()) return id.error();
  if (*id < 0 || *id >= ctx.keyspace->database_count()) return DbIndexOutOfRangeError();
  return static_cast<int>(*id);
}

Status Copy(CommandArgs args, CommandContext& ctx) {
  int dst_index = ctx.db_index;
  bool replace = false;
  for (std::size_t j = 3; j < args.size(); ++j) {
    bool has_next = j + 1 < args.size();
    if (EqualsIgnoreCase(args[j], "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(args[j], "db") && has_next) {
      Result<int> db = ParseDbIndex(args[j + 1], ctx);
      if (!db.ok()) return db.error();
      dst_index = *db;
      ++j;
    } else {
      return SyntaxError();
    }
  }
  if (dst_index == ctx.db_index && args[1] == args[2]) {
    return RedisError("source and destination objects are the same");
  }
  Database& src = ctx.db();
  Value* value = src.Find(args[1]);
  if (value == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  Value copy = value->Clone();
  std::optional<std::int64_t> expire = src.GetExpire(args[1]);
  Database& dst = ctx.keyspace->db(dst_index);
  if (dst.Exists(args[2]) && !replace) {
    ctx.writer->Integer(0);
    return Ok();
  }
  dst.Set(args[2], std::move(copy));
  if (expire) dst.SetExpire(args[2], *expire);
  ctx.writer->Integer(1);
  return Ok();
}

Status Keys(CommandArgs args, CommandContext& ctx) {
  const std::string& pattern = args[1];
  bool all = pattern == "*";
  std::vector<std::string> keys;
  ctx.db().ForEachLive([&](const std::string& key, const Value&) {
    if (all || GlobMatch(pattern, key)) keys.push_back(key);
  });
  ctx.writer->ArrayHeader(keys.size());
  for (const std::string& key : keys) ctx.writer->Bulk(key);
  return Ok();
}

Status RandomKey(CommandArgs, CommandContext& ctx) {
  std::optional<std::string> key = ctx.db().RandomKey(*ctx.rng);
  if (key) {
    ctx.writer->Bulk(*key);
  } else {
    ctx.writer->Null();
  }
  return Ok();
}

enum ExpireFlag : unsigned { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };

// parseExtendedExpireArgumentsOrReply.
Result<unsigned> ParseExpireFlags(CommandArgs args) {
  unsigned flags = 0;
  for (std::size_t j = 3; j < args.size(); ++j) {
    if (EqualsIgnoreCase(args[j], "nx")) {
      flags |= kNx;
    } else if (EqualsIgnoreCase(args[j], "xx")) {
      flags |= kXx;
    } else if (EqualsIgnoreCase(args[j], "gt")) {
      flags |= kGt;
    } else if (EqualsIgnoreCase(args[j], "lt")) {
      flags |= kLt;
    } else {
      return RedisError("Unsupported option " + args[j]);
    }
  }
  if ((flags & kNx) && (flags & (kXx | kGt | kLt))) {
    return RedisError("NX and XX, GT or LT options at the same time are not compatible");
  }
  if ((flags & kGt) && (flags & kLt)) {
    return RedisError("GT and LT options at the same time are not compatible");
  }
  return flags;
}

// expireGenericCommand: `relative` adds now, `seconds` scales by 1000. A time
// already past deletes the key (and still replies 1).
Status ExpireGeneric(CommandArgs args, CommandContext& ctx, bool relative, bool seconds) {
  Result<std::int64_t> when_arg = ParseInt64(args[2]);
  if (!when_arg.ok()) return when_arg.error();
  Result<unsigned> flags = ParseExpireFlags(args);
  if (!flags.ok()) return flags.error();
  std::string command = ToLowerAscii(args[0]);
  std::int64_t when = *when_arg;
  std::int64_t now = ctx.NowMs();
  if (seconds) {
    if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
      return InvalidExpireTimeError(command);
    }
    when *= 1000;
  }
  std::int64_t base = relative ? now : 0;
  if (when > LLONG_MAX - base) return InvalidExpireTimeError(command);
  when += base;
  Database& db = ctx.db();
  if (!db.Exists(args[1])) {
    ctx.writer->Integer(0);
    return Ok();
  }
  if (*flags) {
    std::optional<std::int64_t> current = db.GetExpire(args[1]);
    bool refuse = ((*flags & kNx) && current) || ((*flags & kXx) && !current) ||
                  // GT: a key without a TTL counts as expiring never.
                  ((*flags & kGt) && (!current || when <= *current)) ||
                  ((*flags & kLt) && current && when >= *current);
    if (refuse) {
      ctx.writer->Integer(0);
      return Ok();
    }
  }
  if (when <= now) {
    db.Erase(args[1]);
  } else {
    db.SetExpire(args[1], when);
  }
  ctx.writer->Integer(1);
  return Ok();
}
Status Expire(CommandArgs args, CommandContext& ctx) {
  return ExpireGeneric(args, ctx, true, true);
}
Status PExpire(CommandArgs args, CommandContext& ctx) {
  return ExpireGeneric(args, ctx, true, false);
}
Status ExpireAt(CommandArgs args, CommandContext& ctx) {
  return ExpireGeneric(args, ctx, false, true);
}
Status PExpireAt(CommandArgs args, CommandContext& ctx) {
  return ExpireGeneric(args, ctx, false, false);
}

// ttlGenericCommand: -2 missing, -1 no TTL; TTL rounds to the nearest second.
Status TtlGeneric(CommandArgs args, CommandContext& ctx, bool ms) {
  Database& db = ctx.db();
  if (!db.Exists(args[1])) {
    ctx.writer->Integer(-2);
    return Ok();
  }
  std::optional<std::int64_t> expire = db.GetExpire(args[1]);
  if (!expire) {
    ctx.writer->Integer(-1);
    return Ok();
  }
  std::int64_t ttl = *expire - ctx.NowMs();
  if (ttl < 0) ttl = 0;
  ctx.writer->Integer(ms ? ttl : (ttl + 500) / 1000);
  return Ok();
}
Status Ttl(CommandArgs args, CommandContext& ctx) { return TtlGeneric(args, ctx, false); }
Status PTtl(CommandArgs args, CommandContext& ctx) { return TtlGeneric(args, ctx, true); }

Status ExpireTimeGeneric(CommandArgs args, CommandContext& ctx, bool ms) {
  Database& db = ctx.db();
  if (!db.Exists(args[1])) {
    ctx.writer->Integer(-2);
    return Ok();
  }
  std::optional<std::int64_t> expire = db.GetExpire(args[1]);
  if (!expire) {
    ctx.writer->Integer(-1);
    return Ok();
  }
  ctx.writer->Integer(ms ? *expire : *expire / 1000);
  return Ok();
}
Status ExpireTime(CommandArgs args, CommandContext& ctx) {
  return ExpireTimeGeneric(args, ctx, false);
}
Status PExpireTime(CommandArgs args, CommandContext& ctx) {
  return ExpireTimeGeneric(args, ctx, true);
}

Status Persist(CommandArgs args, CommandContext& ctx) {
  Database& db = ctx.db();
  ctx.writer->Integer(db.Exists(args[1]) && db.Persist(args[1]) ? 1 : 0);
  return Ok();
}

Status DbSize(CommandArgs, CommandContext& ctx) {
  ctx.writer->Integer(static_cast<std::int64_t>(ctx.db().size()));
  return Ok();
}

// getFlushCommandFlags: optional SYNC or ASYNC (both flush at once here).
Status CheckFlushArgs(CommandArgs args) {
  if (args.size() > 2) return SyntaxError();
  if (args.size() == 2 && !EqualsIgnoreCase(args[1], "sync") &&
      !EqualsIgnoreCase(args[1], "async")) {
    return SyntaxError();
  }
  return Ok();
}
// Hands the pages a flush freed back to the OS (Redis's jemalloc does that by
// itself; glibc keeps them), so the process's RSS follows the dataset.
void ReleaseFreedMemory() { malloc_trim(0); }

Status FlushDb(CommandArgs args, CommandContext& ctx) {
  Status valid = CheckFlushArgs(args);
  if (!valid.ok()) return valid;
  ctx.db().Clear();
  ReleaseFreedMemory();
  ctx.writer->Ok();
  return Ok();
}
Status FlushAll(CommandArgs args, CommandContext& ctx) {
  Status valid = CheckFlushArgs(args);
  if (!valid.ok()) return valid;
  ctx.keyspace->FlushAll();
  ReleaseFreedMemory();
  ctx.writer->Ok();
  return Ok();
}

Status Select(CommandArgs args, CommandContext& ctx) {
  // getIntFromObjectOrReply: outside int range is "not an integer".
  Result<std::int64_t> id = ParseInt64(args[1]);
  if (!id.ok() || *id < INT_MIN || *id > INT_MAX) return NotIntegerError();
  Result<int> index = ParseDbIndex(args[1], ctx);
  if (!index.ok()) return index.error();
  ctx.db_index = *index;
  ctx.writer->Ok();
  return Ok();
}

Status Ping(CommandArgs args, CommandContext& ctx) {
  if (args.size() > 2) return WrongArityError("ping");
  if (args.size() == 2) {
    ctx.writer->Bulk(args[1]);
  } else {
    ctx.writer->SimpleString("PONG");
  }
  return Ok();
}

Status Echo(CommandArgs args, CommandContext& ctx) {
  ctx.writer->Bulk(args[1]);
  return Ok();
}

Status Time(CommandArgs, CommandContext& ctx) {
  std::int64_t ms = ctx.NowMs();
  ctx.writer->ArrayHeader(2);
  ctx.writer->Bulk(std::to_string(ms / 1000));
  ctx.writer->Bulk(std::to_string((ms % 1000) * 1000));
  return Ok();
}

}  // namespace

void RegisterGenericFamily(CommandRegistry& r) {
  constexpr std::uint32_t kReadFast = kReadOnly | kFast;
  constexpr std::uint32_t kWriteFast = kWrite | kFast;
  constexpr std::uint32_t kAnytime = kFast | kLoading | kStale;
  r.Register({"del", Del, -2, kWrite, 1, -1, 1});
  r.Register({"unlink", Del, -2, kWriteFast, 1, -1, 1});
  r.Register({"exists", Exists, -2, kReadFast, 1, -1, 1});
  r.Register({"type", Type, 2, kReadFast, 1, 1, 1});
  r.Register({"rename", Rename, 3, kWrite, 1, 2, 1});
  r.Register({"renamenx", RenameNx, 3, kWriteFast, 1, 2, 1});
  r.Register({"copy", Copy, -3, kWrite | kDenyOom, 1, 2, 1});
  r.Register({"keys", Keys, 2, kReadOnly, 0, 0, 0});
  r.Register({"randomkey", RandomKey, 1, kReadOnly, 0, 0, 0});
  r.Register({"expire", Expire, -3, kWriteFast, 1, 1, 1});
  r.Register({"pexpire", PExpire, -3, kWriteFast, 1, 1, 1});
  r.Register({"expireat", ExpireAt, -3, kWriteFast, 1, 1, 1});
  r.Register({"pexpireat", PExpireAt, -3, kWriteFast, 1, 1, 1});
  r.Register({"ttl", Ttl, 2, kReadFast, 1, 1, 1});
  r.Register({"pttl", PTtl, 2, kReadFast, 1, 1, 1});
  r.Register({"expiretime", ExpireTime, 2, kReadFast, 1, 1, 1});
  r.Register({"pexpiretime", PExpireTime, 2, kReadFast, 1, 1, 1});
  r.Register({"persist", Persist, 2, kWriteFast, 1, 1, 1});
  r.Register({"dbsize", DbSize, 1, kReadFast, 0, 0, 0});
  r.Register({"flushdb", FlushDb, -1, kWrite, 0, 0, 0});
  r.Register({"flushall", FlushAll, -1, kWrite, 0, 0, 0});
  r.Register({"select", Select, 2, kAnytime, 0, 0, 0});
  r.Register({"ping", Ping, -1, kAnytime, 0, 0, 0});
  r.Register({"echo", Echo, 2, kAnytime, 0, 0, 0});
  r.Register({"time", Time, 1, kAnytime, 0, 0, 0});
}

}  // namespace sim::elasticache::redis
