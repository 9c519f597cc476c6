// String commands (Redis 7.0 t_string.c and bitops.c semantics).

#include <bit>
#include <climits>
#include <cmath>
#include <optional>
#include <string>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/resp/resp_parser.h"

namespace sim::elasticache::redis {
namespace {

// proto-max-bulk-len: the largest string a command may build.
constexpr std::int64_t kMaxStringLength = 512LL * 1024 * 1024;

// Looks up a key that must hold a string: nullptr if missing, WRONGTYPE if not a string.
Result<std::string*> LookupString(Database& db, std::string_view key) {
  Value* value = db.Find(key);
  if (value == nullptr) return static_cast<std::string*>(nullptr);
  std::string* s = value->AsString();
  if (s == nullptr) return WrongTypeError();
  return s;
}

// The options SET and GETEX share (parseExtendedStringArgumentsOrReply).
enum ExtFlag : unsigned {
  kNx = 1u << 0,
  kXx = 1u << 1,
  kGet = 1u << 2,
  kKeepTtl = 1u << 3,
  kPersist = 1u << 4,
  kEx = 1u << 5,
  kPx = 1u << 6,
  kExAt = 1u << 7,
  kPxAt = 1u << 8,
};
constexpr unsigned kAnyExpire = kEx | kPx | kExAt | kPxAt;

struct ExtendedArgs {
  unsigned flags = 0;
  const std::string* expire = nullptr;
};

Result<ExtendedArgs> ParseExtendedArgs(CommandArgs args, std::size_t first, bool is_set) {
  ExtendedArgs out;
  for (std::size_t j = first; j < args.size(); ++j) {
    const std::string& opt = args[j];
    bool has_next = j + 1 < args.size();
    unsigned& f = out.flags;
    auto expire_option = [&](unsigned flag) {
      // Allowed when no other kind of expiry (or KEEPTTL/PERSIST) was given.
      if (!(f & (kKeepTtl | kPersist | (kAnyExpire & ~flag))) && has_next) {
        f |= flag;
        out.expire = &args[++j];
        return true;
      }
      return false;
    };
    if (EqualsIgnoreCase(opt, "nx") && !(f & kXx) && is_set) {
      f |= kNx;
    } else if (EqualsIgnoreCase(opt, "xx") && !(f & kNx) && is_set) {
      f |= kXx;
    } else if (EqualsIgnoreCase(opt, "get") && is_set) {
      f |= kGet;
    } else if (EqualsIgnoreCase(opt, "keepttl") && !(f & (kPersist | kAnyExpire)) && is_set) {
      f |= kKeepTtl;
    } else if (EqualsIgnoreCase(opt, "persist") && !is_set && !(f & (kAnyExpire | kKeepTtl))) {
      f |= kPersist;
    } else if (EqualsIgnoreCase(opt, "ex") && expire_option(kEx)) {
    } else if (EqualsIgnoreCase(opt, "px") && expire_option(kPx)) {
    } else if (EqualsIgnoreCase(opt, "exat") && expire_option(kExAt)) {
    } else if (EqualsIgnoreCase(opt, "pxat") && expire_option(kPxAt)) {
    } else {
      return SyntaxError();
    }
  }
  return out;
}

// getExpireMillisecondsOrReply: the absolute expiry in ms for an EX/PX/EXAT/PXAT argument.
Result<std::int64_t> ExpireMillis(std::string_view text, bool seconds, bool relative,
                                  std::int64_t now_ms, std::string_view command) {
  Result<std::int64_t> parsed = ParseInt64(text);
  if (!parsed.ok()) return parsed.error();
  std::int64_t ms = *parsed;
  if (ms <= 0 || (seconds && ms > LLONG_MAX / 1000)) return InvalidExpireTimeError(command);
  if (seconds) ms *= 1000;
  if (relative) {
    if (ms > LLONG_MAX - now_ms) return InvalidExpireTimeError(command);
    ms += now_ms;
  }
  return ms;
}

Result<std::optional<std::int64_t>> ExtendedExpire(const ExtendedArgs& ext, std::int64_t now_ms,
                                                   std::string_view command) {
  if (!(ext.flags & kAnyExpire)) return std::optional<std::int64_t>();
  bool seconds = ext.flags & (kEx | kExAt);
  bool relative = ext.flags & (kEx | kPx);
  Result<std::int64_t> ms = ExpireMillis(*ext.expire, seconds, relative, now_ms, command);
  if (!ms.ok()) return ms.error();
  return std::optional<std::int64_t>(*ms);
}

void ReplyStringOrNull(RespWriter& w, const std::string* s) {
  if (s == nullptr) {
    w.Null();
  } else {
    w.Bulk(*s);
  }
}

Status Get(CommandArgs args, CommandContext& ctx) {
  Result<std::string*> s = LookupString(ctx.db(), args[1]);
  if (!s.ok()) return s.error();
  ReplyStringOrNull(*ctx.writer, *s);
  return Ok();
}

Status Set(CommandArgs args, CommandContext& ctx) {
  Result<ExtendedArgs> ext = ParseExtendedArgs(args, 3, true);
  if (!ext.ok()) return ext.error();
  Result<std::optional<std::int64_t>> expire = ExtendedExpire(*ext, ctx.NowMs(), "set");
  if (!expire.ok()) return expire.error();
  Database& db = ctx.db();
  const std::string& key = args[1];
  bool want_old = ext->flags & kGet;
  if (want_old) {
    Result<std::string*> old = LookupString(db, key);
    if (!old.ok()) return old.error();
    ReplyStringOrNull(*ctx.writer, *old);
  }
  bool found = db.Exists(key);
  if (((ext->flags & kNx) && found) || ((ext->flags & kXx) && !found)) {
    if (!want_old) ctx.writer->Null();
    return Ok();
  }
  db.Set(key, Value::String(args[2]), ext->flags & kKeepTtl);
  if (expire->has_value()) db.SetExpire(key, **expire);
  if (!want_old) ctx.writer->Ok();
  return Ok();
}

Status SetNx(CommandArgs args, CommandContext& ctx) {
  Database& db = ctx.db();
  if (db.Exists(args[1])) {
    ctx.writer->Integer(0);
    return Ok();
  }
  db.Set(args[1], Value::String(args[2]));
  ctx.writer->Integer(1);
  return Ok();
}

Status SetWithExpire(CommandArgs args, CommandContext& ctx, bool seconds, std::string_view name) {
  Result<std::int64_t> when = ExpireMillis(args[2], seconds, true, ctx.NowMs(), name);
  if (!when.ok()) return when.error();
  ctx.db().Set(args[1], Value::String(args[3]));
  ctx.db().SetExpire(args[1], *when);
  ctx.writer->Ok();
  return Ok();
}
Status SetEx(CommandArgs args, CommandContext& ctx) {
  return SetWithExpire(args, ctx, true, "setex");
}
Status PSetEx(CommandArgs args, CommandContext& ctx) {
  return SetWithExpire(args, ctx, false, "psetex");
}

Status GetSet(CommandArgs args, CommandContext& ctx) {
  Result<std::string*> old = LookupString(ctx.db(), args[1]);
  if (!old.ok()) return old.error();
  ReplyStringOrNull(*ctx.writer, *old);
  ctx.db().Set(args[1], Value::String(args[2]));
  return Ok();
}

Status GetDel(CommandArgs args, CommandContext& ctx) {
  Result<std::string*> old = LookupString(ctx.db(), args[1]);
  if (!old.ok()) return old.error();
  ReplyStringOrNull(*ctx.writer, *old);
  if (*old != nullptr) ctx.db().Erase(args[1]);
  return Ok();
}

Status GetEx(CommandArgs args, CommandContext& ctx) {
  Result<ExtendedArgs> ext = ParseExtendedArgs(args, 2, false);
  if (!ext.ok()) return ext.error();
  std::int64_t now = ctx.NowMs();
  Result<std::optional<std::int64_t>> expire = ExtendedExpire(*ext, now, "getex");
  if (!expire.ok()) return expire.error();
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, args[1]);
  if (!s.ok()) return s.error();
  ReplyStringOrNull(*ctx.writer, *s);
  if (*s == nullptr) return Ok();
  if (expire->has_value()) {
    if (**expire <= now) {
      db.Erase(args[1]);
    } else {
      db.SetExpire(args[1], **expire);
    }
  } else if (ext->flags & kPersist) {
    db.Persist(args[1]);
  }
  return Ok();
}

Status MGet(CommandArgs args, CommandContext& ctx) {
  ctx.writer->ArrayHeader(args.size() - 1);
  for (std::size_t i = 1; i < args.size(); ++i) {
    Value* value = ctx.db().Find(args[i]);
    ReplyStringOrNull(*ctx.writer, value == nullptr ? nullptr : value->AsString());
  }
  return Ok();
}

Status MSetGeneric(CommandArgs args, CommandContext& ctx, bool nx, std::string_view name) {
  if (args.size() % 2 == 0) return WrongArityError(name);
  Database& db = ctx.db();
  if (nx) {
    for (std::size_t i = 1; i < args.size(); i += 2) {
      if (db.Exists(args[i])) {
        ctx.writer->Integer(0);
        return Ok();
      }
    }
  }
  for (std::size_t i = 1; i < args.size(); i += 2) db.Set(args[i], Value::String(args[i + 1]));
  if (nx) {
    ctx.writer->Integer(1);
  } else {
    ctx.writer->Ok();
  }
  return Ok();
}
Status MSet(CommandArgs args, CommandContext& ctx) { return MSetGeneric(args, ctx, false, "mset"); }
Status MSetNx(CommandArgs args, CommandContext& ctx) {
  return MSetGeneric(args, ctx, true, "msetnx");
}

Status CheckStringLength(std::int64_t size, std::int64_t append) {
  if (size + append > kMaxStringLength) return StringTooLongError();
  return Ok();
}

Status Append(CommandArgs args, CommandContext& ctx) {
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, args[1]);
  if (!s.ok()) return s.error();
  if (*s == nullptr) {
    db.Set(args[1], Value::String(args[2]));
    ctx.writer->Integer(static_cast<std::int64_t>(args[2].size()));
    return Ok();
  }
  std::string& str = **s;
  Status fits = CheckStringLength(static_cast<std::int64_t>(str.size()),
                                  static_cast<std::int64_t>(args[2].size()));
  if (!fits.ok()) return fits;
  str += args[2];
  ctx.writer->Integer(static_cast<std::int64_t>(str.size()));
  return Ok();
}

Status StrLen(CommandArgs args, CommandContext& ctx) {
  Result<std::string*> s = LookupString(ctx.db(), args[1]);
  if (!s.ok()) return s.error();
  ctx.writer->Integer(*s == nullptr ? 0 : static_cast<std::int64_t>((*s)->size()));
  return Ok();
}

// incrDecrCommand: the stored value must be a strict int64; the TTL is kept.
Status IncrBy(CommandContext& ctx, const std::string& key, std::int64_t incr) {
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, key);
  if (!s.ok()) return s.error();
  std::int64_t value = 0;
  if (*s != nullptr) {
    Result<std::int64_t> current = ParseInt64(**s);
    if (!current.ok()) return current.error();
    value = *current;
  }
  if ((incr < 0 && value < 0 && incr < LLONG_MIN - value) ||
      (incr > 0 && value > 0 && incr > LLONG_MAX - value)) {
    return OverflowError();
  }
  value += incr;
  db.Set(key, Value::String(std::to_string(value)), /*keep_ttl=*/true);
  ctx.writer->Integer(value);
  return Ok();
}
Status Incr(CommandArgs args, CommandContext& ctx) { return IncrBy(ctx, args[1], 1); }
Status Decr(CommandArgs args, CommandContext& ctx) { return IncrBy(ctx, args[1], -1); }
Status IncrByCommand(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> incr = ParseInt64(args[2]);
  if (!incr.ok()) return incr.error();
  return IncrBy(ctx, args[1], *incr);
}
Status DecrByCommand(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> decr = ParseInt64(args[2]);
  if (!decr.ok()) return decr.error();
  if (*decr == LLONG_MIN) return RedisError("decrement would overflow");
  return IncrBy(ctx, args[1], -*decr);
}

Status IncrByFloat(CommandArgs args, CommandContext& ctx) {
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, args[1]);
  if (!s.ok()) return s.error();
  long double value = 0;
  if (*s != nullptr) {
    Result<long double> current = ParseLongDouble(**s);
    if (!current.ok()) return current.error();
    value = *current;
  }
  Result<long double> incr = ParseLongDouble(args[2]);
  if (!incr.ok()) return incr.error();
  value += *incr;
  if (std::isnan(value) || std::isinf(value)) {
    return RedisError("increment would produce NaN or Infinity");
  }
  std::string text = FormatLongDoubleHuman(value);
  ctx.writer->Bulk(text);
  db.Set(args[1], Value::String(std::move(text)), /*keep_ttl=*/true);
  return Ok();
}

Status GetRange(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> start_arg = ParseInt64(args[2]);
  if (!start_arg.ok()) return start_arg.error();
  Result<std::int64_t> end_arg = ParseInt64(args[3]);
  if (!end_arg.ok()) return end_arg.error();
  Result<std::string*> s = LookupString(ctx.db(), args[1]);
  if (!s.ok()) return s.error();
  if (*s == nullptr) {
    ctx.writer->Bulk("");
    return Ok();
  }
  const std::string& str = **s;
  std::int64_t len = static_cast<std::int64_t>(str.size());
  std::int64_t start = *start_arg;
  std::int64_t end = *end_arg;
  if (start < 0 && end < 0 && start > end) {
    ctx.writer->Bulk("");
    return Ok();
  }
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) {
    ctx.writer->Bulk("");
  } else {
    ctx.writer->Bulk(std::string_view(str).substr(static_cast<std::size_t>(start),
                                                  static_cast<std::size_t>(end - start + 1)));
  }
  return Ok();
}

Status SetRange(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> offset = ParseInt64(args[2]);
  if (!offset.ok()) return offset.error();
  if (*offset < 0) return RedisError("offset is out of range");
  const std::string& patch = args[3];
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, args[1]);
  if (!s.ok()) return s.error();
  std::int64_t old_len = *s == nullptr ? 0 : static_cast<std::int64_t>((*s)->size());
  if (patch.empty()) {
    ctx.writer->Integer(old_len);
    return Ok();
  }
  Status fits = CheckStringLength(*offset, static_cast<std::int64_t>(patch.size()));
  if (!fits.ok()) return fits;
  if (*s == nullptr) {
    db.Set(args[1], Value::String(""));
    s = db.Find(args[1])->AsString();
  }
  std::string& str = **s;
  auto off = static_cast<std::size_t>(*offset);
  if (str.size() < off + patch.size()) str.resize(off + patch.size(), '\0');
  str.replace(off, patch.size(), patch);
  ctx.writer->Integer(static_cast<std::int64_t>(str.size()));
  return Ok();
}

// getBitOffsetFromArgument: a non-negative bit offset inside a 512 MB string.
Result<std::uint64_t> ParseBitOffset(std::string_view text) {
  std::optional<std::int64_t> v = ParseRedisInteger(text);
  if (!v || *v < 0 || (*v >> 3) >= kMaxStringLength) {
    return RedisError("bit offset is not an integer or out of range");
  }
  return static_cast<std::uint64_t>(*v);
}

Status SetBit(CommandArgs args, CommandContext& ctx) {
  Result<std::uint64_t> offset = ParseBitOffset(args[2]);
  if (!offset.ok()) return offset.error();
  std::optional<std::int64_t> on = ParseRedisInteger(args[3]);
  if (!on || (*on & ~1LL) != 0) return RedisError("bit is not an integer or out of range");
  Database& db = ctx.db();
  Result<std::string*> s = LookupString(db, args[1]);
  if (!s.ok()) return s.error();
  if (*s == nullptr) {
    db.Set(args[1], Value::String(""));
    s = db.Find(args[1])->AsString();
  }
  std::string& str = **s;
  std::size_t byte = *offset >> 3;
  if (str.size() <= byte) str.resize(byte + 1, '\0');
  unsigned bit = 7 - static_cast<unsigned>(*offset & 7);
  auto b = static_cast<unsigned char>(str[byte]);
  int old = (b >> bit) & 1;
  b = static_cast<unsigned char>((b & ~(1u << bit)) | (static_cast<unsigned>(*on) << bit));
  str[byte] = static_cast<char>(b);
  ctx.writer->Integer(old);
  return Ok();
}

Status GetBit(CommandArgs args, CommandContext& ctx) {
  Result<std::uint64_t> offset = ParseBitOffset(args[2]);
  if (!offset.ok()) return offset.error();
  Result<std::string*> s = LookupString(ctx.db(), args[1]);
  if (!s.ok()) return s.error();
  int bit = 0;
  std::size_t byte = *offset >> 3;
  if (*s != nullptr && byte < (*s)->size()) {
    auto b = static_cast<unsigned char>((**s)[byte]);
    bit = (b >> (7 - (*offset & 7))) & 1;
  }
  ctx.writer->Integer(bit);
  return Ok();
}

Status BitCount(CommandArgs args, CommandContext& ctx) {
  // Redis 7.0 looks the key up before parsing the range.
  Result<std::string*> s = LookupString(ctx.db(), args[1]);
  if (!s.ok()) return s.error();
  if (*s == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  const std::string& str = **s;
  auto len = static_cast<std::int64_t>(str.size());
  std::int64_t start = 0;
  std::int64_t end = len - 1;
  unsigned first_mask = 0;
  unsigned last_mask = 0;
  if (args.size() == 4 || args.size() == 5) {
    Result<std::int64_t> start_arg = ParseInt64(args[2]);
    if (!start_arg.ok()) return start_arg.error();
    Result<std::int64_t> end_arg = ParseInt64(args[3]);
    if (!end_arg.ok()) return end_arg.error();
    bool is_bit = false;
    if (args.size() == 5) {
      if (EqualsIgnoreCase(args[4], "bit")) {
        is_bit = true;
      } else if (!EqualsIgnoreCase(args[4], "byte")) {
        return SyntaxError();
      }
    }
    std::int64_t total = is_bit ? len * 8 : len;
    start = *start_arg;
    end = *end_arg;
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (is_bit && start <= end) {
      // Bits outside [start, end] in the first and last bytes are masked off.
      first_mask = ~((1u << (8 - (start & 7))) - 1) & 0xFF;
      last_mask = (1u << (7 - (end & 7))) - 1;
      start >>= 3;
      end >>= 3;
    }
  } else if (args.size() != 2) {
    return SyntaxError();
  }
  if (start > end) {
    ctx.writer->Integer(0);
    return Ok();
  }
  std::int64_t count = 0;
  for (std::int64_t i = start; i <= end; ++i) {
    count += std::popcount(static_cast<unsigned char>(str[static_cast<std::size_t>(i)]));
  }
  auto at = [&](std::int64_t i) {
    return static_cast<unsigned char>(str[static_cast<std::size_t>(i)]);
  };
  if (first_mask) count -= std::popcount(static_cast<unsigned char>(at(start) & first_mask));
  if (last_mask) count -= std::popcount(static_cast<unsigned char>(at(end) & last_mask));
  ctx.writer->Integer(count);
  return Ok();
}

}  // namespace

void RegisterStringFamily(CommandRegistry& r) {
  constexpr std::uint32_t kWriteOom = kWrite | kDenyOom;
  r.Register({"get", Get, 2, kReadOnly | kFast, 1, 1, 1});
  r.Register({"set", Set, -3, kWriteOom, 1, 1, 1});
  r.Register({"setnx", SetNx, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"setex", SetEx, 4, kWriteOom, 1, 1, 1});
  r.Register({"psetex", PSetEx, 4, kWriteOom, 1, 1, 1});
  r.Register({"getset", GetSet, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"getdel", GetDel, 2, kWrite | kFast, 1, 1, 1});
  r.Register({"getex", GetEx, -2, kWrite | kFast, 1, 1, 1});
  r.Register({"mget", MGet, -2, kReadOnly | kFast, 1, -1, 1});
  r.Register({"mset", MSet, -3, kWriteOom, 1, -1, 2});
  r.Register({"msetnx", MSetNx, -3, kWriteOom, 1, -1, 2});
  r.Register({"append", Append, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"strlen", StrLen, 2, kReadOnly | kFast, 1, 1, 1});
  r.Register({"incr", Incr, 2, kWriteOom | kFast, 1, 1, 1});
  r.Register({"decr", Decr, 2, kWriteOom | kFast, 1, 1, 1});
  r.Register({"incrby", IncrByCommand, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"decrby", DecrByCommand, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"incrbyfloat", IncrByFloat, 3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"getrange", GetRange, 4, kReadOnly, 1, 1, 1});
  r.Register({"setrange", SetRange, 4, kWriteOom, 1, 1, 1});
  r.Register({"setbit", SetBit, 4, kWriteOom, 1, 1, 1});
  r.Register({"getbit", GetBit, 3, kReadOnly | kFast, 1, 1, 1});
  r.Register({"bitcount", BitCount, -2, kReadOnly, 1, 1, 1});
}

}  // namespace sim::elasticache::redis
