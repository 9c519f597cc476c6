// Set commands (Redis 7.0 t_set.c, plus SSCAN from db.c's scanGenericCommand).
//
// Member order: Redis keeps a set of at most 512 integers as an intset, which
// iterates in ascending numeric order, and clients see that order (SMEMBERS of
// {3 1 2} is 1 2 3). Replies that list a whole set follow it for such sets;
// other sets come in the Dict's table order, as Redis lists a hashtable set in
// its dict's order.

#include <algorithm>
#include <climits>
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

// `existing` (a LookupTyped<SetValue> result) or a new set stored under `key`. Callers
// add a member before replying, so no empty set is left behind.
SetValue& SetOrCreate(Database& db, std::string_view key, SetValue* existing) {
  return existing != nullptr ? *existing : *db.Set(key, Value::NewSet()).AsSet();
}

// The members of a set Value in the order Redis iterates it: ascending
// integers for an intset, table order otherwise.
std::vector<const std::string*> MembersInOrder(const Value& value) {
  const SetValue& set = *value.AsSet();
  std::vector<const std::string*> members;
  members.reserve(set.size());
  set.ForEach([&](const std::string& member, const NoValue&) { members.push_back(&member); });
  if (HasCompactEncoding(value)) {
    std::vector<std::pair<std::int64_t, const std::string*>> numbered;
    numbered.reserve(members.size());
    for (const std::string* m : members) numbered.emplace_back(*ParseRedisInteger(*m), m);
    std::sort(numbered.begin(), numbered.end());
    for (std::size_t i = 0; i < numbered.size(); ++i) members[i] = numbered[i].second;
  }
  return members;
}

// A whole set as a reply: RESP3 set type, RESP2 array.
void WriteSet(RespWriter& w, const Value& value) {
  std::vector<const std::string*> members = MembersInOrder(value);
  w.SetHeader(members.size());
  for (const std::string* m : members) w.Bulk(*m);
}

// getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): the count of
// SRANDMEMBER (its negation must fit).
Result<std::int64_t> ParseSignedCount(std::string_view text) {
  Result<std::int64_t> count = ParseInt64(text);
  if (!count.ok()) return count.error();
  if (*count == LLONG_MIN) {
    return RedisError(
        "value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807");
  }
  if (*count < -kMaxRepeatedPicks) return TooManyPicksError();
  return count;
}

// A copy of one random member's name (the node goes away if it is removed).
std::string RandomMember(const SetValue& set, Rng& rng) { return set.Random(rng)->key; }

Status SAdd(CommandArgs args, CommandContext& ctx) {
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  SetValue& target = SetOrCreate(ctx.db(), args[1], *set);
  std::int64_t added = 0;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (target.TryEmplace(args[i]).second) ++added;
  }
  ctx.writer->Integer(added);
  return Ok();
}

// SMEMBERS is SINTER of one key: a missing key is an empty set.
Status SMembers(CommandArgs args, CommandContext& ctx) {
  Result<Value*> value = LookupOfType(ctx.db(), args[1], ValueType::kSet);
  if (!value.ok()) return value.error();
  if (*value == nullptr) {
    ctx.writer->SetHeader(0);
  } else {
    WriteSet(*ctx.writer, **value);
  }
  return Ok();
}

Status SIsMember(CommandArgs args, CommandContext& ctx) {
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  ctx.writer->Integer(*set != nullptr && (*set)->Contains(args[2]) ? 1 : 0);
  return Ok();
}

Status SMIsMember(CommandArgs args, CommandContext& ctx) {
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  ctx.writer->ArrayHeader(args.size() - 2);
  for (std::size_t i = 2; i < args.size(); ++i) {
    ctx.writer->Integer(*set != nullptr && (*set)->Contains(args[i]) ? 1 : 0);
  }
  return Ok();
}

Status SCard(CommandArgs args, CommandContext& ctx) {
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  ctx.writer->Integer(*set == nullptr ? 0 : static_cast<std::int64_t>((*set)->size()));
  return Ok();
}

// spopWithCountCommand. Replies are RESP3 sets.
Status SPopWithCount(CommandArgs args, CommandContext& ctx) {
  // getPositiveLongFromObjectOrReply: a non-number gets the same text.
  Result<std::int64_t> count_arg = ParseInt64(args[2]);
  if (!count_arg.ok() || *count_arg < 0) {
    return RedisError("value is out of range, must be positive");
  }
  Database& db = ctx.db();
  Result<Value*> value = LookupOfType(db, args[1], ValueType::kSet);
  if (!value.ok()) return value.error();
  RespWriter& w = *ctx.writer;
  if (*value == nullptr || *count_arg == 0) {
    w.SetHeader(0);
    return Ok();
  }
  SetValue& set = *(*value)->AsSet();
  auto count = static_cast<std::uint64_t>(*count_arg);
  std::uint64_t size = set.size();
  Rng& rng = *ctx.rng;

  if (count >= size) {
    // CASE 1: the whole set goes.
    WriteSet(w, **value);
    db.Erase(args[1]);
    return Ok();
  }
  std::uint64_t remaining = size - count;
  // SPOP_MOVE_STRATEGY_MUL: which side is cheaper to draw at random.
  if (remaining * 5 > count) {
    // CASE 2: pop `count` members one at a time, replying in draw order.
    w.SetHeader(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      std::string member = RandomMember(set, rng);
      set.Erase(member);
      w.Bulk(member);
    }
  } else {
    // CASE 3: draw the few members that stay into a new set; what is left
    // in the old one is the reply. The key keeps its TTL (dbOverwrite).
    Value kept = Value::NewSet();
    for (std::uint64_t i = 0; i < remaining; ++i) {
      std::string member = RandomMember(set, rng);
      set.Erase(member);
      kept.AsSet()->TryEmplace(member);
    }
    WriteSet(w, **value);
    set = std::move(*kept.AsSet());
  }
  return Ok();
}

Status SPop(CommandArgs args, CommandContext& ctx) {
  if (args.size() == 3) return SPopWithCount(args, ctx);
  if (args.size() > 3) return SyntaxError();
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  if (*set == nullptr) {
    ctx.writer->Null();
    return Ok();
  }
  std::string member = RandomMember(**set, *ctx.rng);
  (*set)->Erase(member);
  ctx.writer->Bulk(member);
  if ((*set)->empty()) ctx.db().Erase(args[1]);
  return Ok();
}

// srandmemberWithCountCommand. A negative count draws with repetition; a
// positive one returns distinct members (the whole set if count >= size).
// Replies are arrays in both protocols.
Status SRandMemberWithCount(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> count_arg = ParseSignedCount(args[2]);
  if (!count_arg.ok()) return count_arg.error();
  Result<Value*> value = LookupOfType(ctx.db(), args[1], ValueType::kSet);
  if (!value.ok()) return value.error();
  RespWriter& w = *ctx.writer;
  if (*value == nullptr || *count_arg == 0) {
    w.ArrayHeader(0);
    return Ok();
  }
  const SetValue& set = *(*value)->AsSet();
  bool unique = *count_arg > 0;
  auto count = static_cast<std::uint64_t>(unique ? *count_arg : -*count_arg);
  std::uint64_t size = set.size();
  Rng& rng = *ctx.rng;

  // CASE 1: repeats allowed (or a single pick): written as drawn, since the
  // count may be far larger than the set.
  if (!unique || count == 1) {
    w.ArrayHeader(count);
    while (count-- > 0) w.Bulk(set.Random(rng)->key);
    return Ok();
  }
  // CASE 2: the whole set, in its own order.
  if (count >= size) {
    std::vector<const std::string*> members = MembersInOrder(**value);
    w.ArrayHeader(members.size());
    for (const std::string* m : members) w.Bulk(*m);
    return Ok();
  }
  SetValue picked;
  if (count * 3 > size) {
    // CASE 3: most of the set: copy it and drop random members until
    // `count` remain (cheaper than drawing distinct ones).
    picked = set;
    while (picked.size() > count) picked.Erase(RandomMember(picked, rng));
  } else {
    // CASE 4: few members: draw until `count` distinct ones were seen.
    while (picked.size() < count) picked.TryEmplace(set.Random(rng)->key);
  }
  w.ArrayHeader(picked.size());
  picked.ForEach([&](const std::string& member, const NoValue&) { w.Bulk(member); });
  return Ok();
}

Status SRandMember(CommandArgs args, CommandContext& ctx) {
  if (args.size() == 3) return SRandMemberWithCount(args, ctx);
  if (args.size() > 3) return SyntaxError();
  Result<SetValue*> set = LookupTyped<SetValue>(ctx.db(), args[1]);
  if (!set.ok()) return set.error();
  if (*set == nullptr) {
    ctx.writer->Null();
  } else {
    ctx.writer->Bulk((*set)->Random(*ctx.rng)->key);
  }
  return Ok();
}

Status SMove(CommandArgs args, CommandContext& ctx) {
  Database& db = ctx.db();
  const std::string& member = args[3];
  Value* src_value = db.Find(args[1]);
  // A missing source answers 0 before any type check.
  if (src_value == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  Result<SetValue*> src = LookupTyped<SetValue>(db, args[1]);
  if (!src.ok()) return src.error();
  Result<SetValue*> dst = LookupTyped<SetValue>(db, args[2]);
  if (!dst.ok()) return dst.error();
  if (*src == *dst) {
    ctx.writer->Integer((*src)->Contains(member) ? 1 : 0);
    return Ok();
  }
  if (!(*src)->Erase(member)) {
    ctx.writer->Integer(0);
    return Ok();
  }
  if ((*src)->empty()) db.Erase(args[1]);
  SetOrCreate(db, args[2], *dst).TryEmplace(member);
  ctx.writer->Integer(1);
  return Ok();
}

// Every key as a set, nullptr for a missing one. Redis type-checks all the
// keys first, so WRONGTYPE wins even after a missing key.
Result<std::vector<const SetValue*>> LookupSets(Database& db, CommandArgs keys) {
  std::vector<const SetValue*> sets;
  sets.reserve(keys.size());
  for (const std::string& key : keys) {
    Result<SetValue*> set = LookupTyped<SetValue>(db, key);
    if (!set.ok()) return set.error();
    sets.push_back(*set);
  }
  return sets;
}

enum class SetOp { kInter, kUnion, kDiff };

// The members every set holds (a missing set is empty), stopping after
// `limit` of them (0: no limit; SINTERCARD LIMIT). Walks the smallest set.
Value Intersect(std::vector<const SetValue*> sets, std::uint64_t limit) {
  Value result = Value::NewSet();
  SetValue& out = *result.AsSet();
  if (std::find(sets.begin(), sets.end(), nullptr) != sets.end()) return result;
  std::stable_sort(sets.begin(), sets.end(),
                   [](const SetValue* a, const SetValue* b) { return a->size() < b->size(); });
  sets[0]->ForEach([&](const std::string& member, const NoValue&) {
    if (limit != 0 && out.size() >= limit) return;
    for (std::size_t j = 1; j < sets.size(); ++j) {
      if (!sets[j]->Contains(member)) return;
    }
    out.TryEmplace(member);
  });
  return result;
}

Value Compute(SetOp op, const std::vector<const SetValue*>& sets) {
  if (op == SetOp::kInter) return Intersect(sets, 0);
  Value result = Value::NewSet();
  SetValue& out = *result.AsSet();
  if (op == SetOp::kUnion) {
    for (const SetValue* set : sets) {
      if (set == nullptr) continue;
      set->ForEach([&](const std::string& member, const NoValue&) { out.TryEmplace(member); });
    }
    return result;
  }
  // Diff: members of the first set found in none of the others.
  if (sets[0] == nullptr) return result;
  sets[0]->ForEach([&](const std::string& member, const NoValue&) {
    for (std::size_t j = 1; j < sets.size(); ++j) {
      if (sets[j] != nullptr && sets[j]->Contains(member)) return;
    }
    out.TryEmplace(member);
  });
  return result;
}

// SINTER / SUNION / SDIFF: the result as a RESP3 set.
Status SetOpCommand(CommandArgs args, CommandContext& ctx, SetOp op) {
  Result<std::vector<const SetValue*>> sets = LookupSets(ctx.db(), args.subspan(1));
  if (!sets.ok()) return sets.error();
  WriteSet(*ctx.writer, Compute(op, *sets));
  return Ok();
}

// The *STORE variants: the result replaces the destination (whatever its type
// or TTL), or deletes it when empty; the reply is the cardinality.
Status SetOpStoreCommand(CommandArgs args, CommandContext& ctx, SetOp op) {
  Database& db = ctx.db();
  Result<std::vector<const SetValue*>> sets = LookupSets(db, args.subspan(2));
  if (!sets.ok()) return sets.error();
  Value result = Compute(op, *sets);
  std::size_t size = result.AsSet()->size();
  if (size == 0) {
    db.Erase(args[1]);
  } else {
    db.Set(args[1], std::move(result));
  }
  ctx.writer->Integer(static_cast<std::int64_t>(size));
  return Ok();
}

Status SInter(CommandArgs args, CommandContext& ctx) {
  return SetOpCommand(args, ctx, SetOp::kInter);
}
Status SUnion(CommandArgs args, CommandContext& ctx) {
  return SetOpCommand(args, ctx, SetOp::kUnion);
}
Status SDiff(CommandArgs args, CommandContext& ctx) {
  return SetOpCommand(args, ctx, SetOp::kDiff);
}
Status SInterStore(CommandArgs args, CommandContext& ctx) {
  return SetOpStoreCommand(args, ctx, SetOp::kInter);
}
Status SUnionStore(CommandArgs args, CommandContext& ctx) {
  return SetOpStoreCommand(args, ctx, SetOp::kUnion);
}
Status SDiffStore(CommandArgs args, CommandContext& ctx) {
  return SetOpStoreCommand(args, ctx, SetOp::kDiff);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
Status SInterCard(CommandArgs args, CommandContext& ctx) {
  // A non-number numkeys / limit gets the range message too.
  Result<std::int64_t> numkeys = ParseInt64(args[1]);
  if (!numkeys.ok() || *numkeys < 1) return RedisError("numkeys should be greater than 0");
  if (*numkeys > static_cast<std::int64_t>(args.size()) - 2) {
    return RedisError("Number of keys can't be greater than number of args");
  }
  std::uint64_t limit = 0;
  for (std::size_t j = 2 + static_cast<std::size_t>(*numkeys); j < args.size(); ++j) {
    if (EqualsIgnoreCase(args[j], "limit") && j + 1 < args.size()) {
      Result<std::int64_t> parsed = ParseInt64(args[++j]);
      if (!parsed.ok() || *parsed < 0) return RedisError("LIMIT can't be negative");
      limit = static_cast<std::uint64_t>(*parsed);
    } else {
      return SyntaxError();
    }
  }
  Result<std::vector<const SetValue*>> sets =
      LookupSets(ctx.db(), args.subspan(2, static_cast<std::size_t>(*numkeys)));
  if (!sets.ok()) return sets.error();
  Value result = Intersect(*sets, limit);
  ctx.writer->Integer(static_cast<std::int64_t>(result.AsSet()->size()));
  return Ok();
}

// scanGenericCommand for a set: the cursor is checked before the key, the
// options after it (so a missing key ignores bad options). An intset comes
// back whole (in order) with cursor 0; a larger set is walked one bucket at a
// time until COUNT members or COUNT*10 buckets; MATCH filters afterwards.
Status SScan(CommandArgs args, CommandContext& ctx) {
  Result<ScanArgs> cursor_only = ParseScanArgs(args.first(3), 2, false);
  if (!cursor_only.ok()) return cursor_only.error();
  Result<Value*> value = LookupOfType(ctx.db(), args[1], ValueType::kSet);
  if (!value.ok()) return value.error();
  if (*value == nullptr) {
    WriteScanReply(*ctx.writer, 0, {});
    return Ok();
  }
  Result<ScanArgs> scan = ParseScanArgs(args, 2, false);
  if (!scan.ok()) return scan.error();

  std::vector<std::string> found;
  std::uint64_t cursor = scan->cursor;
  if (HasCompactEncoding(**value)) {
    for (const std::string* m : MembersInOrder(**value)) found.push_back(*m);
    cursor = 0;
  } else {
    const SetValue& set = *(*value)->AsSet();
    auto count = static_cast<std::uint64_t>(scan->count);
    std::int64_t max_iterations = scan->count * 10;
    do {
      cursor = set.Scan(cursor, [&](const std::string& m, const NoValue&) { found.push_back(m); });
    } while (cursor != 0 && max_iterations-- > 0 && found.size() < count);
  }
  std::erase_if(found, [&](const std::string& m) { return !ScanMatches(*scan, m); });
  WriteScanReply(*ctx.writer, cursor, found);
  return Ok();
}

}  // namespace

void RegisterSetFamily(CommandRegistry& r) {
  constexpr std::uint32_t kReadFast = kReadOnly | kFast;
  constexpr std::uint32_t kWriteFast = kWrite | kFast;
  constexpr std::uint32_t kWriteOom = kWrite | kDenyOom;
  r.Register({"sadd", SAdd, -3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"srem", RemoveMembers<SetValue>, -3, kWriteFast, 1, 1, 1});
  r.Register({"smembers", SMembers, 2, kReadOnly, 1, 1, 1});
  r.Register({"sismember", SIsMember, 3, kReadFast, 1, 1, 1});
  r.Register({"smismember", SMIsMember, -3, kReadFast, 1, 1, 1});
  r.Register({"scard", SCard, 2, kReadFast, 1, 1, 1});
  r.Register({"spop", SPop, -2, kWriteFast, 1, 1, 1});
  r.Register({"srandmember", SRandMember, -2, kReadOnly, 1, 1, 1});
  r.Register({"smove", SMove, 4, kWriteFast, 1, 2, 1});
  r.Register({"sinter", SInter, -2, kReadOnly, 1, -1, 1});
  r.Register({"sinterstore", SInterStore, -3, kWriteOom, 1, -1, 1});
  // Keys follow numkeys (movablekeys): no fixed key range, as COMMAND INFO shows.
  r.Register({"sintercard", SInterCard, -3, kReadOnly, 0, 0, 0});
  r.Register({"sunion", SUnion, -2, kReadOnly, 1, -1, 1});
  r.Register({"sunionstore", SUnionStore, -3, kWriteOom, 1, -1, 1});
  r.Register({"sdiff", SDiff, -2, kReadOnly, 1, -1, 1});
  r.Register({"sdiffstore", SDiffStore, -3, kWriteOom, 1, -1, 1});
  r.Register({"sscan", SScan, -3, kReadOnly, 1, 1, 1});
}

}  // namespace sim::elasticache::redis
