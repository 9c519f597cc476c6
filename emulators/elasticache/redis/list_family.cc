// List commands (Redis 7.0 t_list.c semantics) on ListValue, a deque of byte
// strings. A list is never stored empty: the command that removes the last
// element deletes the key.
//
// Blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) serve at once
// when a key has data. Otherwise they set ctx.block and write nothing (the
// server parks the client and re-runs the command when a key gets a list), or,
// when the client may not block (MULTI), reply as if the timeout expired.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/redis_errors.h"

namespace sim::elasticache::redis {
namespace {

// Which end of a list an operation works on (Redis's LIST_HEAD / LIST_TAIL).
enum class End { kHead, kTail };

// The list under `key`, created (and blocked clients told) if missing. The
// caller has checked the key holds no other type.
ListValue& ListForPush(Database& db, std::string_view key, ListValue* existing) {
  if (existing != nullptr) return *existing;
  return *db.Set(key, Value::NewList()).AsList();
}

// getListPositionFromObjectOrReply: LEFT or RIGHT, case-insensitive.
Result<End> ParseEnd(std::string_view text) {
  if (EqualsIgnoreCase(text, "left")) return End::kHead;
  if (EqualsIgnoreCase(text, "right")) return End::kTail;
  return SyntaxError();
}

void Push(ListValue& list, End end, std::string value) {
  if (end == End::kHead) {
    list.push_front(std::move(value));
  } else {
    list.push_back(std::move(value));
  }
}

std::string Pop(ListValue& list, End end) {
  std::string value;
  if (end == End::kHead) {
    value = std::move(list.front());
    list.pop_front();
  } else {
    value = std::move(list.back());
    list.pop_back();
  }
  return value;
}

void EraseIfEmpty(Database& db, std::string_view key, const ListValue& list) {
  if (list.empty()) db.Erase(key);
}

// Pops up to `count` elements in pop order (RPOP's come last-first).
std::vector<std::string> PopMany(ListValue& list, End end, std::int64_t count) {
  auto n = static_cast<std::size_t>(std::min<std::int64_t>(count, static_cast<std::int64_t>(list.size())));
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(Pop(list, end));
  return out;
}

void ReplyBulkArray(RespWriter& w, const std::vector<std::string>& items) {
  w.ArrayHeader(items.size());
  for (const std::string& item : items) w.Bulk(item);
}

// quicklistIndex: a zero-based index, negative counting from the tail; -1 when
// it falls outside the list.
std::int64_t ResolveIndex(const ListValue& list, std::int64_t index) {
  auto len = static_cast<std::int64_t>(list.size());
  if (index < 0) index += len;
  return index < 0 || index >= len ? -1 : index;
}

// LRANGE / LTRIM: normalises [start, end] against `len`; false if the range is empty.
bool ClampRange(std::int64_t len, std::int64_t& start, std::int64_t& end) {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  // start >= 0 here, so this also catches end < 0.
  if (start > end || start >= len) return false;
  if (end >= len) end = len - 1;
  return true;
}

Status PushGeneric(CommandArgs args, CommandContext& ctx, End end, bool only_existing) {
  Database& db = ctx.db();
  Result<ListValue*> found = LookupTyped<ListValue>(db, args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr && only_existing) {
    ctx.writer->Integer(0);
    return Ok();
  }
  ListValue& list = ListForPush(db, args[1], *found);
  for (std::size_t i = 2; i < args.size(); ++i) Push(list, end, args[i]);
  ctx.writer->Integer(static_cast<std::int64_t>(list.size()));
  return Ok();
}
Status LPush(CommandArgs args, CommandContext& ctx) {
  return PushGeneric(args, ctx, End::kHead, false);
}
Status RPush(CommandArgs args, CommandContext& ctx) {
  return PushGeneric(args, ctx, End::kTail, false);
}
Status LPushX(CommandArgs args, CommandContext& ctx) {
  return PushGeneric(args, ctx, End::kHead, true);
}
Status RPushX(CommandArgs args, CommandContext& ctx) {
  return PushGeneric(args, ctx, End::kTail, true);
}

// LPOP / RPOP key [count]. Without a count: one bulk, or a null. With one: an
// array (empty for count 0), or a null array when the key is missing.
Status PopGeneric(CommandArgs args, CommandContext& ctx, End end) {
  if (args.size() > 3) return WrongArityError(ToLowerAscii(args[0]));
  bool has_count = args.size() == 3;
  std::int64_t count = 0;
  if (has_count) {
    // getPositiveLongFromObjectOrReply: one message for non-numbers too.
    Result<std::int64_t> parsed = ParseInt64(args[2]);
    if (!parsed.ok() || *parsed < 0) return RedisError("value is out of range, must be positive");
    count = *parsed;
  }
  Database& db = ctx.db();
  Result<ListValue*> found = LookupTyped<ListValue>(db, args[1]);
  if (!found.ok()) return found.error();
  ListValue* list = *found;
  if (list == nullptr) {
    if (has_count) {
      ctx.writer->NullArray();
    } else {
      ctx.writer->Null();
    }
    return Ok();
  }
  if (!has_count) {
    ctx.writer->Bulk(Pop(*list, end));
  } else {
    ReplyBulkArray(*ctx.writer, PopMany(*list, end, count));
  }
  EraseIfEmpty(db, args[1], *list);
  return Ok();
}
Status LPop(CommandArgs args, CommandContext& ctx) { return PopGeneric(args, ctx, End::kHead); }
Status RPop(CommandArgs args, CommandContext& ctx) { return PopGeneric(args, ctx, End::kTail); }

Status LLen(CommandArgs args, CommandContext& ctx) {
  Result<ListValue*> list = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!list.ok()) return list.error();
  ctx.writer->Integer(*list == nullptr ? 0 : static_cast<std::int64_t>((*list)->size()));
  return Ok();
}

Status LRange(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> start = ParseInt64(args[2]);
  if (!start.ok()) return start.error();
  Result<std::int64_t> end = ParseInt64(args[3]);
  if (!end.ok()) return end.error();
  Result<ListValue*> found = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  const ListValue* list = *found;
  if (list == nullptr || !ClampRange(static_cast<std::int64_t>(list->size()), *start, *end)) {
    ctx.writer->ArrayHeader(0);
    return Ok();
  }
  ctx.writer->ArrayHeader(static_cast<std::size_t>(*end - *start + 1));
  for (std::int64_t i = *start; i <= *end; ++i) ctx.writer->Bulk((*list)[static_cast<std::size_t>(i)]);
  return Ok();
}

// The key is looked up before the index is parsed (a missing key answers null
// whatever the index).
Status LIndex(CommandArgs args, CommandContext& ctx) {
  Result<ListValue*> found = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    ctx.writer->Null();
    return Ok();
  }
  Result<std::int64_t> index = ParseInt64(args[2]);
  if (!index.ok()) return index.error();
  std::int64_t at = ResolveIndex(**found, *index);
  if (at < 0) {
    ctx.writer->Null();
  } else {
    ctx.writer->Bulk((**found)[static_cast<std::size_t>(at)]);
  }
  return Ok();
}

Status LSet(CommandArgs args, CommandContext& ctx) {
  Result<ListValue*> found = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) return NoSuchKeyError();
  Result<std::int64_t> index = ParseInt64(args[2]);
  if (!index.ok()) return index.error();
  std::int64_t at = ResolveIndex(**found, *index);
  if (at < 0) return RedisError("index out of range");
  (**found)[static_cast<std::size_t>(at)] = args[3];
  ctx.writer->Ok();
  return Ok();
}

// LINSERT key BEFORE|AFTER pivot element: the new length, 0 for a missing
// key, -1 when the pivot is not found.
Status LInsert(CommandArgs args, CommandContext& ctx) {
  bool after;
  if (EqualsIgnoreCase(args[2], "after")) {
    after = true;
  } else if (EqualsIgnoreCase(args[2], "before")) {
    after = false;
  } else {
    return SyntaxError();
  }
  Result<ListValue*> found = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  ListValue& list = **found;
  auto pivot = std::find(list.begin(), list.end(), args[3]);
  if (pivot == list.end()) {
    ctx.writer->Integer(-1);
    return Ok();
  }
  list.insert(after ? pivot + 1 : pivot, args[4]);
  ctx.writer->Integer(static_cast<std::int64_t>(list.size()));
  return Ok();
}

// LREM key count element: count > 0 removes the first matches from the head,
// count < 0 from the tail, 0 all of them.
Status LRem(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> parsed = ParseInt64(args[2]);
  if (!parsed.ok()) return parsed.error();
  Database& db = ctx.db();
  Result<ListValue*> found = LookupTyped<ListValue>(db, args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  ListValue& list = **found;
  const std::string& element = args[3];
  bool from_tail = *parsed < 0;
  // |LLONG_MIN| does not fit; any limit that large means "all".
  std::int64_t limit = *parsed == LLONG_MIN ? 0 : (from_tail ? -*parsed : *parsed);
  std::int64_t removed = 0;
  ListValue kept;
  auto visit = [&](std::string& item) {
    if (item == element && (limit == 0 || removed < limit)) {
      ++removed;
    } else if (from_tail) {
      kept.push_front(std::move(item));
    } else {
      kept.push_back(std::move(item));
    }
  };
  if (from_tail) {
    std::for_each(list.rbegin(), list.rend(), visit);
  } else {
    std::for_each(list.begin(), list.end(), visit);
  }
  list.swap(kept);
  EraseIfEmpty(db, args[1], list);
  ctx.writer->Integer(removed);
  return Ok();
}

Status LTrim(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> start = ParseInt64(args[2]);
  if (!start.ok()) return start.error();
  Result<std::int64_t> end = ParseInt64(args[3]);
  if (!end.ok()) return end.error();
  Database& db = ctx.db();
  Result<ListValue*> found = LookupTyped<ListValue>(db, args[1]);
  if (!found.ok()) return found.error();
  if (*found != nullptr) {
    ListValue& list = **found;
    auto len = static_cast<std::int64_t>(list.size());
    if (!ClampRange(len, *start, *end)) {
      list.clear();
    } else {
      list.erase(list.begin() + (*end + 1), list.end());
      list.erase(list.begin(), list.begin() + *start);
    }
    EraseIfEmpty(db, args[1], list);
  }
  ctx.writer->Ok();
  return Ok();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. The options
// are checked before the key is looked up.
Status LPos(CommandArgs args, CommandContext& ctx) {
  std::int64_t rank = 1;
  std::int64_t count = -1;  // -1: no COUNT, reply with one index instead of an array
  std::int64_t maxlen = 0;  // 0: scan the whole list
  for (std::size_t j = 3; j < args.size(); ++j) {
    const std::string& opt = args[j];
    bool more = j + 1 < args.size();
    if (EqualsIgnoreCase(opt, "rank") && more) {
      Result<std::int64_t> parsed = ParseInt64(args[++j]);
      if (!parsed.ok()) return parsed.error();
      if (*parsed == 0) {
        return RedisError(
            "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
            "negative to start from the end of the list");
      }
      rank = *parsed;
    } else if (EqualsIgnoreCase(opt, "count") && more) {
      Result<std::int64_t> parsed = ParseInt64(args[++j]);
      if (!parsed.ok() || *parsed < 0) return RedisError("COUNT can't be negative");
      count = *parsed;
    } else if (EqualsIgnoreCase(opt, "maxlen") && more) {
      Result<std::int64_t> parsed = ParseInt64(args[++j]);
      if (!parsed.ok() || *parsed < 0) return RedisError("MAXLEN can't be negative");
      maxlen = *parsed;
    } else {
      return SyntaxError();
    }
  }
  bool from_tail = rank < 0;
  if (rank == LLONG_MIN) {
    // Redis negates the rank in a long, which overflows and stays negative:
    // the first match from the tail already qualifies and COUNT never stops
    // the scan.
    rank = 1;
    if (count > 0) count = 0;
  } else if (from_tail) {
    rank = -rank;
  }

  Result<ListValue*> found = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    if (count != -1) {
      ctx.writer->ArrayHeader(0);
    } else {
      ctx.writer->Null();
    }
    return Ok();
  }
  const ListValue& list = **found;
  const std::string& element = args[2];
  auto len = static_cast<std::int64_t>(list.size());
  std::int64_t scan = maxlen == 0 ? len : std::min(len, maxlen);
  std::int64_t matches = 0;
  std::vector<std::int64_t> positions;
  for (std::int64_t i = 0; i < scan; ++i) {
    std::int64_t pos = from_tail ? len - 1 - i : i;
    if (list[static_cast<std::size_t>(pos)] != element || ++matches < rank) continue;
    positions.push_back(pos);
    // Without COUNT the first qualifying match is the answer; COUNT 0 means all.
    if (count == -1 || (count > 0 && static_cast<std::int64_t>(positions.size()) >= count)) break;
  }
  if (count != -1) {
    ctx.writer->ArrayHeader(positions.size());
    for (std::int64_t pos : positions) ctx.writer->Integer(pos);
  } else if (positions.empty()) {
    ctx.writer->Null();
  } else {
    ctx.writer->Integer(positions.front());
  }
  return Ok();
}

// lmoveGenericCommand: pops from `src` and pushes onto `dst` (possibly the same
// key), replying with the element; null when `src` is missing. The
// destination's type is only checked when there is something to move.
Status MoveGeneric(CommandContext& ctx, const std::string& src_key, const std::string& dst_key,
                   End from, End to) {
  Database& db = ctx.db();
  Result<ListValue*> src = LookupTyped<ListValue>(db, src_key);
  if (!src.ok()) return src.error();
  if (*src == nullptr) {
    ctx.writer->Null();
    return Ok();
  }
  Result<ListValue*> dst = LookupTyped<ListValue>(db, dst_key);
  if (!dst.ok()) return dst.error();
  std::string value = Pop(**src, from);
  // The source's list object survives a new key being added (values live
  // behind pointers), so it is still valid after the push.
  ListValue& dst_list = ListForPush(db, dst_key, *dst);
  Push(dst_list, to, value);
  EraseIfEmpty(db, src_key, **src);
  ctx.writer->Bulk(value);
  return Ok();
}

Status LMove(CommandArgs args, CommandContext& ctx) {
  Result<End> from = ParseEnd(args[3]);
  if (!from.ok()) return from.error();
  Result<End> to = ParseEnd(args[4]);
  if (!to.ok()) return to.error();
  return MoveGeneric(ctx, args[1], args[2], *from, *to);
}

Status RPopLPush(CommandArgs args, CommandContext& ctx) {
  return MoveGeneric(ctx, args[1], args[2], End::kTail, End::kHead);
}

// LMPOP / BLMPOP arguments: numkeys key... LEFT|RIGHT [COUNT count].
struct MPopArgs {
  CommandArgs keys;
  End end = End::kHead;
  std::int64_t count = 1;
};

Result<MPopArgs> ParseMPop(CommandArgs args, std::size_t numkeys_index) {
  Result<std::int64_t> numkeys = ParseInt64(args[numkeys_index]);
  if (!numkeys.ok() || *numkeys < 1) return RedisError("numkeys should be greater than 0");
  // LEFT|RIGHT must follow the keys (compared without overflowing).
  auto room = static_cast<std::int64_t>(args.size() - numkeys_index - 1);
  if (*numkeys >= room) return SyntaxError();
  std::size_t where_index = numkeys_index + 1 + static_cast<std::size_t>(*numkeys);
  Result<End> end = ParseEnd(args[where_index]);
  if (!end.ok()) return end.error();
  MPopArgs out;
  out.keys = args.subspan(numkeys_index + 1, static_cast<std::size_t>(*numkeys));
  out.end = *end;
  bool has_count = false;
  for (std::size_t j = where_index + 1; j < args.size(); ++j) {
    if (!has_count && EqualsIgnoreCase(args[j], "count") && j + 1 < args.size()) {
      Result<std::int64_t> count = ParseInt64(args[++j]);
      if (!count.ok() || *count < 1) return RedisError("count should be greater than 0");
      out.count = *count;
      has_count = true;
    } else {
      return SyntaxError();
    }
  }
  return out;
}

// Pops up to `count` elements from the first non-empty key and replies
// [key, [elements]]; false (nothing written) if every key is missing. A
// wrong-type key met before that is an error.
Result<bool> ServeMPop(CommandContext& ctx, const MPopArgs& mpop) {
  Database& db = ctx.db();
  for (const std::string& key : mpop.keys) {
    Result<ListValue*> list = LookupTyped<ListValue>(db, key);
    if (!list.ok()) return list.error();
    if (*list == nullptr) continue;
    ctx.writer->ArrayHeader(2);
    ctx.writer->Bulk(key);
    ReplyBulkArray(*ctx.writer, PopMany(**list, mpop.end, mpop.count));
    EraseIfEmpty(db, key, **list);
    return true;
  }
  return false;
}

Status LMPop(CommandArgs args, CommandContext& ctx) {
  Result<MPopArgs> mpop = ParseMPop(args, 1);
  if (!mpop.ok()) return mpop.error();
  Result<bool> served = ServeMPop(ctx, *mpop);
  if (!served.ok()) return served.error();
  if (!*served) ctx.writer->NullArray();
  return Ok();
}

// Nothing to serve: park the client on `keys`, or (inside MULTI) answer with
// the command's immediate null reply.
void BlockOrReplyNull(CommandContext& ctx, CommandArgs keys, std::int64_t deadline_ms,
                      bool null_array) {
  if (ctx.may_block) {
    ctx.block = BlockRequest{std::vector<std::string>(keys.begin(), keys.end()), deadline_ms};
  } else if (null_array) {
    ctx.writer->NullArray();
  } else {
    // BLMOVE / BRPOPLPUSH reply a plain null here (Redis's addReplyNull),
    // though their timeout reply is a null array.
    ctx.writer->Null();
  }
}

// BLPOP / BRPOP key... timeout: [key, element] from the first non-empty key.
Status BlockingPop(CommandArgs args, CommandContext& ctx, End end) {
  Result<std::int64_t> deadline = ParseBlockTimeout(args.back(), ctx.NowMs());
  if (!deadline.ok()) return deadline.error();
  Database& db = ctx.db();
  CommandArgs keys = args.subspan(1, args.size() - 2);
  for (const std::string& key : keys) {
    Result<ListValue*> list = LookupTyped<ListValue>(db, key);
    if (!list.ok()) return list.error();
    if (*list == nullptr) continue;
    ctx.writer->ArrayHeader(2);
    ctx.writer->Bulk(key);
    ctx.writer->Bulk(Pop(**list, end));
    EraseIfEmpty(db, key, **list);
    return Ok();
  }
  BlockOrReplyNull(ctx, keys, *deadline, /*null_array=*/true);
  return Ok();
}
Status BLPop(CommandArgs args, CommandContext& ctx) { return BlockingPop(args, ctx, End::kHead); }
Status BRPop(CommandArgs args, CommandContext& ctx) { return BlockingPop(args, ctx, End::kTail); }

Status BlockingMove(CommandArgs args, CommandContext& ctx, End from, End to,
                    std::string_view timeout) {
  Result<std::int64_t> deadline = ParseBlockTimeout(timeout, ctx.NowMs());
  if (!deadline.ok()) return deadline.error();
  Result<ListValue*> src = LookupTyped<ListValue>(ctx.db(), args[1]);
  if (!src.ok()) return src.error();
  if (*src != nullptr) return MoveGeneric(ctx, args[1], args[2], from, to);
  BlockOrReplyNull(ctx, args.subspan(1, 1), *deadline, /*null_array=*/false);
  return Ok();
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
Status BLMove(CommandArgs args, CommandContext& ctx) {
  Result<End> from = ParseEnd(args[3]);
  if (!from.ok()) return from.error();
  Result<End> to = ParseEnd(args[4]);
  if (!to.ok()) return to.error();
  return BlockingMove(args, ctx, *from, *to, args[5]);
}

Status BRPopLPush(CommandArgs args, CommandContext& ctx) {
  return BlockingMove(args, ctx, End::kTail, End::kHead, args[3]);
}

// BLMPOP timeout numkeys key... LEFT|RIGHT [COUNT count]: the timeout is
// checked after the other arguments.
Status BLMPop(CommandArgs args, CommandContext& ctx) {
  Result<MPopArgs> mpop = ParseMPop(args, 2);
  if (!mpop.ok()) return mpop.error();
  Result<std::int64_t> deadline = ParseBlockTimeout(args[1], ctx.NowMs());
  if (!deadline.ok()) return deadline.error();
  Result<bool> served = ServeMPop(ctx, *mpop);
  if (!served.ok()) return served.error();
  if (!*served) BlockOrReplyNull(ctx, mpop->keys, *deadline, /*null_array=*/true);
  return Ok();
}

}  // namespace

void RegisterListFamily(CommandRegistry& r) {
  constexpr std::uint32_t kWriteOom = kWrite | kDenyOom;
  r.Register({"lpush", LPush, -3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"rpush", RPush, -3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"lpushx", LPushX, -3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"rpushx", RPushX, -3, kWriteOom | kFast, 1, 1, 1});
  r.Register({"lpop", LPop, -2, kWrite | kFast, 1, 1, 1});
  r.Register({"rpop", RPop, -2, kWrite | kFast, 1, 1, 1});
  r.Register({"llen", LLen, 2, kReadOnly | kFast, 1, 1, 1});
  r.Register({"lrange", LRange, 4, kReadOnly, 1, 1, 1});
  r.Register({"lindex", LIndex, 3, kReadOnly, 1, 1, 1});
  r.Register({"lset", LSet, 4, kWriteOom, 1, 1, 1});
  r.Register({"linsert", LInsert, 5, kWriteOom, 1, 1, 1});
  r.Register({"lrem", LRem, 4, kWrite, 1, 1, 1});
  r.Register({"ltrim", LTrim, 4, kWrite, 1, 1, 1});
  r.Register({"lpos", LPos, -3, kReadOnly, 1, 1, 1});
  r.Register({"lmove", LMove, 5, kWriteOom, 1, 2, 1});
  r.Register({"rpoplpush", RPopLPush, 3, kWriteOom, 1, 2, 1});
  // LMPOP and BLMPOP have movable keys (numkeys): Redis reports 0 0 0.
  r.Register({"lmpop", LMPop, -4, kWrite, 0, 0, 0});
  r.Register({"blpop", BLPop, -3, kWrite | kBlocking, 1, -2, 1});
  r.Register({"brpop", BRPop, -3, kWrite | kBlocking, 1, -2, 1});
  r.Register({"blmove", BLMove, 6, kWriteOom | kBlocking, 1, 2, 1});
  r.Register({"brpoplpush", BRPopLPush, 4, kWriteOom | kBlocking, 1, 2, 1});
  r.Register({"blmpop", BLMPop, -5, kWrite | kBlocking, 0, 0, 0});
}

}  // namespace sim::elasticache::redis
