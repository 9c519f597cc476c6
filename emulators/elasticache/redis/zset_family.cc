// Sorted set commands (Redis 7.0 t_zset.c semantics): ZADD and friends,
// rank / score / lex ranges, the union / intersection / difference family,
// pops (blocking ones included), ZRANDMEMBER and ZSCAN.

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/encoding.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/redis/scan_args.h"

namespace sim::elasticache::redis {
namespace {

using Element = SortedSet::Element;
using Elements = std::vector<Element>;
using KeyList = std::span<const std::string>;

Error MinMaxNotFloatError() { return RedisError("min or max is not a float"); }
Error NotStringRangeError() { return RedisError("min or max not valid string range item"); }

// ---------------------------------------------------------------------------
// Parsing

// getDoubleFromObject: strtod of the whole text, no leading space, no
// overflow or underflow to zero, no NaN ("inf" and "-inf" are fine).
Result<double> ParseDouble(std::string_view text, const Error& error) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return error;
  std::string buf(text);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return error;
  if (errno == ERANGE && (value == HUGE_VAL || value == -HUGE_VAL || value == 0)) return error;
  if (std::isnan(value)) return error;
  return value;
}
Result<double> ParseScore(std::string_view text) { return ParseDouble(text, NotFloatError()); }

// A score interval (zrangespec); `(` makes an end exclusive.
struct ScoreRange {
  double min = 0;
  double max = 0;
  bool minex = false;
  bool maxex = false;

  // zslIsInRange's test for ranges that can hold nothing.
  bool Empty() const { return min > max || (min == max && (minex || maxex)); }
};

// zslParseRange: plain strtod on the C string, so an empty bound reads as 0,
// leading spaces pass and 1e400 is inf; only trailing junk and NaN fail.
bool ParseScoreBound(const std::string& text, double* value, bool* exclusive) {
  const char* p = text.c_str();
  *exclusive = *p == '(';
  if (*exclusive) ++p;
  char* end = nullptr;
  *value = std::strtod(p, &end);
  return *end == '\0' && !std::isnan(*value);
}
Result<ScoreRange> ParseScoreRange(const std::string& min, const std::string& max) {
  ScoreRange range;
  if (!ParseScoreBound(min, &range.min, &range.minex) ||
      !ParseScoreBound(max, &range.max, &range.maxex)) {
    return MinMaxNotFloatError();
  }
  return range;
}

// One end of a lex range: `-` and `+` are below and above every member.
struct LexBound {
  enum Kind { kMinusInf, kValue, kPlusInf };
  Kind kind = kValue;
  std::string value;
  bool exclusive = false;
};

// sdscmplex: `member` against a bound.
int CompareLex(const std::string& member, const LexBound& bound) {
  if (bound.kind == LexBound::kMinusInf) return 1;
  if (bound.kind == LexBound::kPlusInf) return -1;
  int c = member.compare(bound.value);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct LexRange {
  LexBound min;
  LexBound max;

  bool Empty() const {
    int c;
    if (min.kind == max.kind && min.kind != LexBound::kValue) {
      c = 0;
    } else if (min.kind == LexBound::kMinusInf || max.kind == LexBound::kPlusInf) {
      c = -1;
    } else if (min.kind == LexBound::kPlusInf || max.kind == LexBound::kMinusInf) {
      c = 1;
    } else {
      c = min.value.compare(max.value);
    }
    return c > 0 || (c == 0 && (min.exclusive || max.exclusive));
  }
  bool AboveMin(const std::string& m) const {
    int c = CompareLex(m, min);
    return min.exclusive ? c > 0 : c >= 0;
  }
  bool BelowMax(const std::string& m) const {
    int c = CompareLex(m, max);
    return max.exclusive ? c < 0 : c <= 0;
  }
};

// zslParseLexRangeItem: "-", "+", "(value" or "[value".
bool ParseLexBound(const std::string& text, LexBound* bound) {
  if (text.empty()) return false;
  // Redis reads the C string, so "+" followed by a NUL byte still counts as "+".
  bool alone = text.size() == 1 || text[1] == '\0';
  switch (text[0]) {
    case '+':
    case '-':
      if (!alone) return false;
      bound->kind = text[0] == '+' ? LexBound::kPlusInf : LexBound::kMinusInf;
      bound->exclusive = true;
      return true;
    case '(':
    case '[':
      bound->kind = LexBound::kValue;
      bound->value = text.substr(1);
      bound->exclusive = text[0] == '(';
      return true;
    default:
      return false;
  }
}
Result<LexRange> ParseLexRange(const std::string& min, const std::string& max) {
  LexRange range;
  if (!ParseLexBound(min, &range.min) || !ParseLexBound(max, &range.max)) {
    return NotStringRangeError();
  }
  return range;
}

// ---------------------------------------------------------------------------
// Storage and lookups

// Keyed sorted sets store -0 as 0: small sets are listpacks in Redis, which
// keep integral scores as integers (zzlInsertAt's double2ll). Replies computed
// without storing (ZUNION, ZADD INCR's reply) still show -0.
double StoredScore(double score) { return score == 0 ? 0.0 : score; }

// Replaces `key` with `result` (deleting it when empty, as the STORE commands
// do) and replies with the stored size.
void StoreResult(CommandContext& ctx, const std::string& key, SortedSet result) {
  if (result.empty()) {
    ctx.db().Erase(key);
    ctx.writer->Integer(0);
    return;
  }
  std::int64_t size = static_cast<std::int64_t>(result.size());
  Value value = Value::NewZSet();
  *value.AsZSet() = std::move(result);
  ctx.db().Set(key, std::move(value));
  ctx.writer->Integer(size);
}

// ---------------------------------------------------------------------------
// Replies

// Members, optionally with scores: RESP2 one flat array, RESP3 an array of
// [member, score] pairs (Redis avoids a map so the order is kept).
template <class Range>
void WriteElements(CommandContext& ctx, const Range& elements, bool withscores) {
  RespWriter& w = *ctx.writer;
  bool nested = withscores && ctx.protocol() == RespProtocol::kResp3;
  std::size_t n = elements.size();
  w.ArrayHeader(withscores && !nested ? n * 2 : n);
  for (const Element& e : elements) {
    if (nested) w.ArrayHeader(2);
    w.Bulk(e.member);
    if (withscores) w.Double(e.score);
  }
}

// The text a listpack-encoded sorted set holds for a score (ZSCAN reads it
// back): integral scores within ±LLONG_MAX/2 as integers, others "%.17g".
std::string ListpackScoreText(double score) {
  constexpr double kLimit = static_cast<double>(LLONG_MAX / 2);
  if (score >= -kLimit && score <= kLimit) {
    auto integral = static_cast<long long>(score);
    if (static_cast<double>(integral) == score) return std::to_string(integral);
  }
  return FormatRedisDouble(score);
}

// ---------------------------------------------------------------------------
// Ranges. Each returns the elements in reply order.

// Rank range with Redis's index sanitizing (negative counts from the end).
Elements RankRange(const SortedSet& zset, std::int64_t start, std::int64_t end, bool reverse) {
  auto llen = static_cast<std::int64_t>(zset.size());
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return {};
  if (end >= llen) end = llen - 1;
  Elements out;
  out.reserve(static_cast<std::size_t>(end - start + 1));
  if (!reverse) {
    auto it = std::next(zset.ordered().begin(), start);
    for (std::int64_t i = start; i <= end; ++i, ++it) out.push_back(*it);
  } else {
    auto it = std::next(zset.ordered().rbegin(), start);
    for (std::int64_t i = start; i <= end; ++i, ++it) out.push_back(*it);
  }
  return out;
}

// Walks from `it` as Redis's range loops do: skips `offset` elements without
// looking at them (a negative offset skips everything), then takes elements
// while `in_range` holds, at most `limit` of them (negative: no limit).
template <class It, class InRange>
Elements Collect(It it, It end, const InRange& in_range, std::int64_t offset,
                 std::int64_t limit) {
  Elements out;
  if (offset < 0) return out;
  for (; it != end && offset > 0; ++it) --offset;
  for (; it != end && limit != 0 && in_range(*it); ++it) {
    out.push_back(*it);
    if (limit > 0) --limit;
  }
  return out;
}

// Score range; ascending, or descending when `reverse`. No LIMIT by default.
Elements ScoreRangeElements(const SortedSet& zset, const ScoreRange& range, bool reverse,
                            std::int64_t offset = 0, std::int64_t limit = -1) {
  if (range.Empty()) return {};
  auto first = zset.ScoreLowerBound(range.min, range.minex);
  auto last = zset.ScoreLowerBound(range.max, !range.maxex);
  auto any = [](const Element&) { return true; };
  if (!reverse) return Collect(first, last, any, offset, limit);
  return Collect(std::make_reverse_iterator(last), std::make_reverse_iterator(first), any, offset,
                 limit);
}

// Lex range, walked linearly as Redis does for listpacks: from the first
// member at or above min until one is past max (mirrored when `reverse`).
// Members are only meaningfully ordered by bytes when all scores are equal.
Elements LexRangeElements(const SortedSet& zset, const LexRange& range, bool reverse,
                          std::int64_t offset = 0, std::int64_t limit = -1) {
  const auto& ordered = zset.ordered();
  if (range.Empty() || ordered.empty()) return {};
  // zzlIsInLexRange: the last member must reach min and the first stay below max.
  if (!range.AboveMin(ordered.rbegin()->member) || !range.BelowMax(ordered.begin()->member)) {
    return {};
  }
  auto above_min = [&](const Element& e) { return range.AboveMin(e.member); };
  auto below_max = [&](const Element& e) { return range.BelowMax(e.member); };
  if (!reverse) {
    auto it = std::find_if(ordered.begin(), ordered.end(), above_min);
    if (it == ordered.end() || !below_max(*it)) return {};
    return Collect(it, ordered.end(), below_max, offset, limit);
  }
  auto it = std::find_if(ordered.rbegin(), ordered.rend(), below_max);
  if (it == ordered.rend() || !above_min(*it)) return {};
  return Collect(it, ordered.rend(), above_min, offset, limit);
}

// ---------------------------------------------------------------------------
// ZADD / ZINCRBY

Status ZAddGeneric(CommandArgs args, CommandContext& ctx, bool incr) {
  bool nx = false, xx = false, gt = false, lt = false, ch = false;
  std::size_t idx = 2;
  for (; idx < args.size(); ++idx) {
    const std::string& opt = args[idx];
    if (EqualsIgnoreCase(opt, "nx")) {
      nx = true;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      xx = true;
    } else if (EqualsIgnoreCase(opt, "ch")) {
      ch = true;
    } else if (EqualsIgnoreCase(opt, "incr")) {
      incr = true;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      gt = true;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      lt = true;
    } else {
      break;
    }
  }
  std::size_t remaining = args.size() - idx;
  if (remaining == 0 || remaining % 2 != 0) return SyntaxError();
  std::size_t pairs = remaining / 2;
  if (nx && xx) return RedisError("XX and NX options at the same time are not compatible");
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return RedisError("GT, LT, and/or NX options at the same time are not compatible");
  }
  if (incr && pairs > 1) return RedisError("INCR option supports a single increment-element pair");

  // All scores are parsed first: the command applies fully or not at all.
  std::vector<double> scores;
  for (std::size_t j = 0; j < pairs; ++j) {
    Result<double> score = ParseScore(args[idx + j * 2]);
    if (!score.ok()) return score.error();
    scores.push_back(*score);
  }

  Database& db = ctx.db();
  const std::string& key = args[1];
  Result<SortedSet*> found = LookupTyped<SortedSet>(db, key);
  if (!found.ok()) return found.error();
  std::optional<Value> fresh;
  SortedSet* zset = *found;
  if (zset == nullptr) {
    if (xx) {
      if (incr) {
        ctx.writer->Null();
      } else {
        ctx.writer->Integer(0);
      }
      return Ok();
    }
    // Filled before it is stored, so clients blocked on the key find it ready.
    fresh = Value::NewZSet();
    zset = fresh->AsZSet();
  }

  std::int64_t added = 0, updated = 0, processed = 0;
  double last_score = 0;
  for (std::size_t j = 0; j < pairs; ++j) {
    const std::string& member = args[idx + j * 2 + 1];
    double score = scores[j];
    std::optional<double> current = zset->Score(member);
    if (current) {
      if (nx) continue;
      if (incr) {
        score += *current;
        if (std::isnan(score)) return RedisError("resulting score is not a number (NaN)");
      }
      if ((lt && score >= *current) || (gt && score <= *current)) continue;
      if (score != *current) {
        zset->Set(member, StoredScore(score));
        ++updated;
      }
    } else if (!xx) {
      zset->Set(member, StoredScore(score));
      ++added;
    } else {
      continue;
    }
    ++processed;
    last_score = score;
  }
  if (fresh) db.Set(key, std::move(*fresh));

  if (incr) {
    if (processed > 0) {
      ctx.writer->Double(last_score);
    } else {
      ctx.writer->Null();
    }
  } else {
    ctx.writer->Integer(ch ? added + updated : added);
  }
  return Ok();
}
Status ZAdd(CommandArgs args, CommandContext& ctx) { return ZAddGeneric(args, ctx, false); }
Status ZIncrBy(CommandArgs args, CommandContext& ctx) { return ZAddGeneric(args, ctx, true); }

// ---------------------------------------------------------------------------
// Point lookups

// `member`'s score, or a null when the set or the member is missing.
void WriteScoreOrNull(RespWriter& w, const SortedSet* zset, const std::string& member) {
  std::optional<double> score = zset ? zset->Score(member) : std::nullopt;
  if (score) {
    w.Double(*score);
  } else {
    w.Null();
  }
}

Status ZScore(CommandArgs args, CommandContext& ctx) {
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  WriteScoreOrNull(*ctx.writer, *zset, args[2]);
  return Ok();
}

Status ZMScore(CommandArgs args, CommandContext& ctx) {
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  ctx.writer->ArrayHeader(args.size() - 2);
  for (std::size_t i = 2; i < args.size(); ++i) WriteScoreOrNull(*ctx.writer, *zset, args[i]);
  return Ok();
}

Status ZCard(CommandArgs args, CommandContext& ctx) {
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  ctx.writer->Integer(*zset ? static_cast<std::int64_t>((*zset)->size()) : 0);
  return Ok();
}

Status ZCount(CommandArgs args, CommandContext& ctx) {
  Result<ScoreRange> range = ParseScoreRange(args[2], args[3]);
  if (!range.ok()) return range.error();
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  std::int64_t count = 0;
  if (*zset != nullptr && !range->Empty()) {
    count = std::distance((*zset)->ScoreLowerBound(range->min, range->minex),
                          (*zset)->ScoreLowerBound(range->max, !range->maxex));
  }
  ctx.writer->Integer(count);
  return Ok();
}

Status ZLexCount(CommandArgs args, CommandContext& ctx) {
  Result<LexRange> range = ParseLexRange(args[2], args[3]);
  if (!range.ok()) return range.error();
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  std::size_t count = *zset ? LexRangeElements(**zset, *range, false).size() : 0;
  ctx.writer->Integer(static_cast<std::int64_t>(count));
  return Ok();
}

Status ZRankGeneric(CommandArgs args, CommandContext& ctx, bool reverse) {
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  std::optional<std::size_t> rank = *zset ? (*zset)->Rank(args[2]) : std::nullopt;
  if (!rank) {
    ctx.writer->Null();
    return Ok();
  }
  std::size_t r = reverse ? (*zset)->size() - 1 - *rank : *rank;
  ctx.writer->Integer(static_cast<std::int64_t>(r));
  return Ok();
}
Status ZRank(CommandArgs args, CommandContext& ctx) { return ZRankGeneric(args, ctx, false); }
Status ZRevRank(CommandArgs args, CommandContext& ctx) { return ZRankGeneric(args, ctx, true); }

// ---------------------------------------------------------------------------
// ZRANGE and its legacy forms (zrangeGenericCommand)

enum class RangeKind { kAuto, kRank, kScore, kLex };
enum class Direction { kAuto, kForward, kReverse };

// `src_index` is the source key's position (1, or 2 for ZRANGESTORE whose
// destination is args[1]); the two bounds follow it.
Status RangeGeneric(CommandArgs args, CommandContext& ctx, std::size_t src_index, bool store,
                    RangeKind kind, Direction direction) {
  std::size_t min_index = src_index + 1;
  std::size_t max_index = src_index + 2;
  bool withscores = false;
  std::int64_t offset = 0;
  std::int64_t limit = -1;
  for (std::size_t j = src_index + 3; j < args.size(); ++j) {
    std::size_t left = args.size() - j - 1;
    const std::string& opt = args[j];
    if (!store && EqualsIgnoreCase(opt, "withscores")) {
      withscores = true;
    } else if (EqualsIgnoreCase(opt, "limit") && left >= 2) {
      Result<std::int64_t> o = ParseInt64(args[j + 1]);
      if (!o.ok()) return o.error();
      Result<std::int64_t> l = ParseInt64(args[j + 2]);
      if (!l.ok()) return l.error();
      offset = *o;
      limit = *l;
      j += 2;
    } else if (direction == Direction::kAuto && EqualsIgnoreCase(opt, "rev")) {
      direction = Direction::kReverse;
    } else if (kind == RangeKind::kAuto && EqualsIgnoreCase(opt, "bylex")) {
      kind = RangeKind::kLex;
    } else if (kind == RangeKind::kAuto && EqualsIgnoreCase(opt, "byscore")) {
      kind = RangeKind::kScore;
    } else {
      return SyntaxError();
    }
  }
  if (kind == RangeKind::kAuto) kind = RangeKind::kRank;
  bool reverse = direction == Direction::kReverse;
  // Redis tests the parsed count against its default, so "LIMIT 5 -1" passes.
  if (limit != -1 && kind == RangeKind::kRank) {
    return RedisError(
        "syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (withscores && kind == RangeKind::kLex) {
    return RedisError("syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  // Reversed score and lex ranges are given as max, min.
  if (reverse && kind != RangeKind::kRank) std::swap(min_index, max_index);

  std::int64_t start = 0, end = 0;
  ScoreRange score_range;
  LexRange lex_range;
  if (kind == RangeKind::kRank) {
    Result<std::int64_t> s = ParseInt64(args[min_index]);
    if (!s.ok()) return s.error();
    Result<std::int64_t> e = ParseInt64(args[max_index]);
    if (!e.ok()) return e.error();
    start = *s;
    end = *e;
  } else if (kind == RangeKind::kScore) {
    Result<ScoreRange> r = ParseScoreRange(args[min_index], args[max_index]);
    if (!r.ok()) return r.error();
    score_range = *r;
  } else {
    Result<LexRange> r = ParseLexRange(args[min_index], args[max_index]);
    if (!r.ok()) return r.error();
    lex_range = std::move(*r);
  }

  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[src_index]);
  if (!zset.ok()) return zset.error();
  Elements elements;
  if (*zset != nullptr) {
    if (kind == RangeKind::kRank) {
      elements = RankRange(**zset, start, end, reverse);
    } else if (kind == RangeKind::kScore) {
      elements = ScoreRangeElements(**zset, score_range, reverse, offset, limit);
    } else {
      elements = LexRangeElements(**zset, lex_range, reverse, offset, limit);
    }
  }
  if (store) {
    SortedSet result;
    for (const Element& e : elements) result.Set(e.member, StoredScore(e.score));
    StoreResult(ctx, args[1], std::move(result));
  } else {
    WriteElements(ctx, elements, withscores);
  }
  return Ok();
}

Status ZRange(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kAuto, Direction::kAuto);
}
Status ZRangeStore(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 2, true, RangeKind::kAuto, Direction::kAuto);
}
Status ZRevRange(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kRank, Direction::kReverse);
}
Status ZRangeByScore(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kScore, Direction::kForward);
}
Status ZRevRangeByScore(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kScore, Direction::kReverse);
}
Status ZRangeByLex(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kLex, Direction::kForward);
}
Status ZRevRangeByLex(CommandArgs args, CommandContext& ctx) {
  return RangeGeneric(args, ctx, 1, false, RangeKind::kLex, Direction::kReverse);
}

// ---------------------------------------------------------------------------
// ZREMRANGEBY*

Status ZRemRangeGeneric(CommandArgs args, CommandContext& ctx, RangeKind kind) {
  std::int64_t start = 0, end = 0;
  ScoreRange score_range;
  LexRange lex_range;
  if (kind == RangeKind::kRank) {
    Result<std::int64_t> s = ParseInt64(args[2]);
    if (!s.ok()) return s.error();
    Result<std::int64_t> e = ParseInt64(args[3]);
    if (!e.ok()) return e.error();
    start = *s;
    end = *e;
  } else if (kind == RangeKind::kScore) {
    Result<ScoreRange> r = ParseScoreRange(args[2], args[3]);
    if (!r.ok()) return r.error();
    score_range = *r;
  } else {
    Result<LexRange> r = ParseLexRange(args[2], args[3]);
    if (!r.ok()) return r.error();
    lex_range = std::move(*r);
  }
  Result<SortedSet*> zset = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!zset.ok()) return zset.error();
  if (*zset == nullptr) {
    ctx.writer->Integer(0);
    return Ok();
  }
  Elements doomed;
  if (kind == RangeKind::kRank) {
    doomed = RankRange(**zset, start, end, false);
  } else if (kind == RangeKind::kScore) {
    doomed = ScoreRangeElements(**zset, score_range, false);
  } else {
    doomed = LexRangeElements(**zset, lex_range, false);
  }
  for (const Element& e : doomed) (*zset)->Erase(e.member);
  if ((*zset)->empty()) ctx.db().Erase(args[1]);
  ctx.writer->Integer(static_cast<std::int64_t>(doomed.size()));
  return Ok();
}
Status ZRemRangeByRank(CommandArgs args, CommandContext& ctx) {
  return ZRemRangeGeneric(args, ctx, RangeKind::kRank);
}
Status ZRemRangeByScore(CommandArgs args, CommandContext& ctx) {
  return ZRemRangeGeneric(args, ctx, RangeKind::kScore);
}
Status ZRemRangeByLex(CommandArgs args, CommandContext& ctx) {
  return ZRemRangeGeneric(args, ctx, RangeKind::kLex);
}

// ---------------------------------------------------------------------------
// ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD (zunionInterDiffGenericCommand)

// One input: a sorted set, or a plain set whose members all score 1.
struct Source {
  const SortedSet* zset = nullptr;
  const SetValue* set = nullptr;
  double weight = 1.0;

  std::size_t size() const { return zset ? zset->size() : (set ? set->size() : 0); }
  std::optional<double> Find(const std::string& member) const {
    if (zset) return zset->Score(member);
    if (set && set->Contains(member)) return 1.0;
    return std::nullopt;
  }
  // visit(member, score); stops early when visit returns false.
  template <class F>
  void ForEach(F&& visit) const {
    if (zset) {
      for (const Element& e : zset->ordered())
        if (!visit(e.member, e.score)) return;
    } else if (set) {
      bool going = true;
      set->ForEach([&](const std::string& member, const NoValue&) {
        if (going) going = visit(member, 1.0);
      });
    }
  }
};

enum class SetOp { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };

// zunionInterAggregate; an inf + -inf sum is taken as 0.
void AggregateInto(double* target, double value, Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kSum:
      *target += value;
      if (std::isnan(*target)) *target = 0.0;
      break;
    case Aggregate::kMin:
      *target = value < *target ? value : *target;
      break;
    case Aggregate::kMax:
      *target = value > *target ? value : *target;
      break;
  }
}

// `dst` is the destination key for the STORE forms (nullptr otherwise);
// the key count is at args[numkeys_index].
Status SetOpGeneric(CommandArgs args, CommandContext& ctx, const std::string* dst,
                    std::size_t numkeys_index, SetOp op, bool cardinality_only,
                    std::string_view name) {
  Result<std::int64_t> numkeys = ParseInt64(args[numkeys_index]);
  if (!numkeys.ok()) return numkeys.error();
  if (*numkeys < 1) {
    return RedisError("at least 1 input key is needed for '" + std::string(name) + "' command");
  }
  if (*numkeys > static_cast<std::int64_t>(args.size() - numkeys_index - 1)) return SyntaxError();
  auto setnum = static_cast<std::size_t>(*numkeys);

  // Inputs are looked up (and type-checked) before the options are read.
  std::vector<Source> sources(setnum);
  std::size_t j = numkeys_index + 1;
  for (std::size_t i = 0; i < setnum; ++i, ++j) {
    Value* value = ctx.db().Find(args[j]);
    if (value == nullptr) continue;
    if (value->type() == ValueType::kZSet) {
      sources[i].zset = value->AsZSet();
    } else if (value->type() == ValueType::kSet) {
      sources[i].set = value->AsSet();
    } else {
      return WrongTypeError();
    }
  }

  Aggregate aggregate = Aggregate::kSum;
  bool withscores = false;
  std::int64_t limit = 0;  // ZINTERCARD: 0 is unlimited
  bool weighted = op != SetOp::kDiff && !cardinality_only;
  while (j < args.size()) {
    std::size_t remaining = args.size() - j;
    const std::string& opt = args[j];
    if (weighted && remaining >= setnum + 1 && EqualsIgnoreCase(opt, "weights")) {
      ++j;
      for (std::size_t i = 0; i < setnum; ++i, ++j) {
        Result<double> w = ParseDouble(args[j], RedisError("weight value is not a float"));
        if (!w.ok()) return w.error();
        sources[i].weight = *w;
      }
    } else if (weighted && remaining >= 2 && EqualsIgnoreCase(opt, "aggregate")) {
      const std::string& how = args[j + 1];
      if (EqualsIgnoreCase(how, "sum")) {
        aggregate = Aggregate::kSum;
      } else if (EqualsIgnoreCase(how, "min")) {
        aggregate = Aggregate::kMin;
      } else if (EqualsIgnoreCase(how, "max")) {
        aggregate = Aggregate::kMax;
      } else {
        return SyntaxError();
      }
      j += 2;
    } else if (dst == nullptr && !cardinality_only && EqualsIgnoreCase(opt, "withscores")) {
      withscores = true;
      ++j;
    } else if (cardinality_only && remaining >= 2 && EqualsIgnoreCase(opt, "limit")) {
      Result<std::int64_t> l = ParseInt64(args[j + 1]);
      if (!l.ok() || *l < 0) return RedisError("LIMIT can't be negative");
      limit = *l;
      j += 2;
    } else {
      return SyntaxError();
    }
  }

  // Smallest inputs first (Redis sorts them so; the order of a sum matters
  // for floating point).
  if (op != SetOp::kDiff) {
    std::stable_sort(sources.begin(), sources.end(),
                     [](const Source& a, const Source& b) { return a.size() < b.size(); });
  }

  // Stored results drop -0 like every keyed set; replies keep it.
  auto score_of = [&](double score) { return dst ? StoredScore(score) : score; };
  SortedSet result;
  std::int64_t cardinality = 0;
  if (op == SetOp::kInter) {
    if (sources[0].size() > 0) {
      sources[0].ForEach([&](const std::string& member, double first) {
        double score = sources[0].weight * first;
        if (std::isnan(score)) score = 0;
        for (std::size_t i = 1; i < setnum; ++i) {
          std::optional<double> other = sources[i].Find(member);
          if (!other) return true;
          AggregateInto(&score, *other * sources[i].weight, aggregate);
        }
        if (cardinality_only) {
          ++cardinality;
          return !(limit > 0 && cardinality >= limit);
        }
        result.Set(member, score_of(score));
        return true;
      });
    }
  } else if (op == SetOp::kUnion) {
    std::unordered_map<std::string, double> accumulated;
    for (const Source& source : sources) {
      source.ForEach([&](const std::string& member, double raw) {
        double score = source.weight * raw;
        if (std::isnan(score)) score = 0;
        auto [slot, added] = accumulated.try_emplace(member, score);
        if (!added) AggregateInto(&slot->second, score, aggregate);
        return true;
      });
    }
    for (const auto& [member, score] : accumulated) result.Set(member, score_of(score));
  } else {
    sources[0].ForEach([&](const std::string& member, double score) {
      for (std::size_t i = 1; i < setnum; ++i)
        if (sources[i].Find(member)) return true;
      result.Set(member, score_of(score));
      return true;
    });
  }

  if (dst != nullptr) {
    StoreResult(ctx, *dst, std::move(result));
  } else if (cardinality_only) {
    ctx.writer->Integer(cardinality);
  } else {
    WriteElements(ctx, result.ordered(), withscores);
  }
  return Ok();
}

Status ZUnion(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, nullptr, 1, SetOp::kUnion, false, "zunion");
}
Status ZInter(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, nullptr, 1, SetOp::kInter, false, "zinter");
}
Status ZDiff(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, nullptr, 1, SetOp::kDiff, false, "zdiff");
}
Status ZInterCard(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, nullptr, 1, SetOp::kInter, true, "zintercard");
}
Status ZUnionStore(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, &args[1], 2, SetOp::kUnion, false, "zunionstore");
}
Status ZInterStore(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, &args[1], 2, SetOp::kInter, false, "zinterstore");
}
Status ZDiffStore(CommandArgs args, CommandContext& ctx) {
  return SetOpGeneric(args, ctx, &args[1], 2, SetOp::kDiff, false, "zdiffstore");
}

// ---------------------------------------------------------------------------
// Pops (genericZpopCommand and its blocking wrapper)

// Reply shapes: `emit_key` prefixes the key (BZPOP*, ZMPOP); `nested` puts
// each member and score in its own pair (RESP3 ZPOP with a count, ZMPOP).
struct PopShape {
  bool max = false;
  bool emit_key = false;
  bool nested = false;
  bool null_when_empty = false;  // ZMPOP: null instead of an empty array
};

// Pops up to `count` elements (-1: a plain single pop) from the first of
// `keys` that exists; WRONGTYPE if that key holds something else.
Status PopFirstExisting(CommandContext& ctx, KeyList keys, std::int64_t count,
                        const PopShape& shape) {
  Database& db = ctx.db();
  SortedSet* zset = nullptr;
  const std::string* key = nullptr;
  for (const std::string& k : keys) {
    Result<SortedSet*> found = LookupTyped<SortedSet>(db, k);
    if (!found.ok()) return found.error();
    if (*found != nullptr) {
      zset = *found;
      key = &k;
      break;
    }
  }
  RespWriter& w = *ctx.writer;
  if (zset == nullptr) {
    if (shape.null_when_empty) {
      w.NullArray();
    } else {
      w.ArrayHeader(0);
    }
    return Ok();
  }
  if (count == 0) {
    w.ArrayHeader(0);
    return Ok();
  }
  if (count == -1) count = 1;
  std::size_t n = std::min(static_cast<std::size_t>(count), zset->size());
  if (!shape.emit_key) {
    w.ArrayHeader(shape.nested ? n : n * 2);
  } else if (!shape.nested) {
    w.ArrayHeader(n * 2 + 1);
    w.Bulk(*key);
  } else {
    w.ArrayHeader(2);
    w.Bulk(*key);
    w.ArrayHeader(n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& ordered = zset->ordered();
    Element e = shape.max ? *ordered.rbegin() : *ordered.begin();
    zset->Erase(e.member);
    if (shape.nested) w.ArrayHeader(2);
    w.Bulk(e.member);
    w.Double(e.score);
  }
  if (zset->empty()) db.Erase(*key);
  return Ok();
}

// blockingGenericZpopCommand: serve from the first non-empty key, or ask
// the server to park the client (a null array when it may not block).
Status BlockingPop(CommandContext& ctx, KeyList keys, const std::string& timeout,
                   std::int64_t count, const PopShape& shape) {
  Result<std::int64_t> deadline = ParseBlockTimeout(timeout, ctx.NowMs());
  if (!deadline.ok()) return deadline.error();
  for (const std::string& key : keys) {
    Result<SortedSet*> found = LookupTyped<SortedSet>(ctx.db(), key);
    if (!found.ok()) return found.error();
    if (*found != nullptr && !(*found)->empty()) {
      return PopFirstExisting(ctx, KeyList(&key, 1), count, shape);
    }
  }
  if (!ctx.may_block) {
    ctx.writer->NullArray();
    return Ok();
  }
  ctx.block = BlockRequest{std::vector<std::string>(keys.begin(), keys.end()), *deadline};
  return Ok();
}

Status ZPopGeneric(CommandArgs args, CommandContext& ctx, bool max) {
  if (args.size() > 3) return SyntaxError();
  std::int64_t count = -1;
  if (args.size() == 3) {
    Result<std::int64_t> parsed = ParseInt64(args[2]);
    if (!parsed.ok() || *parsed < 0) return RedisError("value is out of range, must be positive");
    count = *parsed;
  }
  PopShape shape;
  shape.max = max;
  // A count gives RESP3 clients [member, score] pairs; a plain pop stays flat.
  shape.nested = ctx.protocol() == RespProtocol::kResp3 && count != -1;
  return PopFirstExisting(ctx, args.subspan(1, 1), count, shape);
}
Status ZPopMin(CommandArgs args, CommandContext& ctx) { return ZPopGeneric(args, ctx, false); }
Status ZPopMax(CommandArgs args, CommandContext& ctx) { return ZPopGeneric(args, ctx, true); }

// BZPOPMIN / BZPOPMAX key [key ...] timeout: [key, member, score].
Status BZPopGeneric(CommandArgs args, CommandContext& ctx, bool max) {
  PopShape shape;
  shape.max = max;
  shape.emit_key = true;
  return BlockingPop(ctx, args.subspan(1, args.size() - 2), args.back(), -1, shape);
}
Status BZPopMin(CommandArgs args, CommandContext& ctx) { return BZPopGeneric(args, ctx, false); }
Status BZPopMax(CommandArgs args, CommandContext& ctx) { return BZPopGeneric(args, ctx, true); }

// ZMPOP numkeys key... MIN|MAX [COUNT n]; BZMPOP has the timeout first.
Status MPopGeneric(CommandArgs args, CommandContext& ctx, std::size_t numkeys_index,
                   bool blocking) {
  Result<std::int64_t> numkeys = ParseInt64(args[numkeys_index]);
  if (!numkeys.ok() || *numkeys < 1) return RedisError("numkeys should be greater than 0");
  if (*numkeys >= static_cast<std::int64_t>(args.size() - numkeys_index - 1)) {
    return SyntaxError();
  }
  std::size_t where_index = numkeys_index + static_cast<std::size_t>(*numkeys) + 1;
  PopShape shape;
  shape.emit_key = true;
  shape.nested = true;
  shape.null_when_empty = true;
  if (EqualsIgnoreCase(args[where_index], "min")) {
    shape.max = false;
  } else if (EqualsIgnoreCase(args[where_index], "max")) {
    shape.max = true;
  } else {
    return SyntaxError();
  }
  std::int64_t count = -1;
  for (std::size_t j = where_index + 1; j < args.size(); ++j) {
    bool more = j + 1 < args.size();
    if (count == -1 && EqualsIgnoreCase(args[j], "count") && more) {
      Result<std::int64_t> parsed = ParseInt64(args[++j]);
      if (!parsed.ok() || *parsed < 1) return RedisError("count should be greater than 0");
      count = *parsed;
    } else {
      return SyntaxError();
    }
  }
  if (count == -1) count = 1;
  KeyList keys = args.subspan(numkeys_index + 1, static_cast<std::size_t>(*numkeys));
  if (blocking) return BlockingPop(ctx, keys, args[1], count, shape);
  return PopFirstExisting(ctx, keys, count, shape);
}
Status ZMPop(CommandArgs args, CommandContext& ctx) { return MPopGeneric(args, ctx, 1, false); }
Status BZMPop(CommandArgs args, CommandContext& ctx) { return MPopGeneric(args, ctx, 2, true); }

// ---------------------------------------------------------------------------
// ZRANDMEMBER

Status ZRandMemberWithCount(CommandArgs args, CommandContext& ctx) {
  Result<std::int64_t> parsed = ParseInt64(args[2]);
  if (!parsed.ok()) return parsed.error();
  std::int64_t l = *parsed;
  if (l == LLONG_MIN) {
    return RedisError(
        "value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807");
  }
  bool withscores = false;
  if (args.size() > 4 || (args.size() == 4 && !EqualsIgnoreCase(args[3], "withscores"))) {
    return SyntaxError();
  }
  if (args.size() == 4) {
    withscores = true;
    // The reply would hold 2 * count entries.
    if (l < -LLONG_MAX / 2 || l > LLONG_MAX / 2) return RedisError("value is out of range");
  }
  if (l < -kMaxRepeatedPicks) return TooManyPicksError();
  Result<SortedSet*> found = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  RespWriter& w = *ctx.writer;
  if (*found == nullptr || l == 0) {
    w.ArrayHeader(0);
    return Ok();
  }
  const SortedSet& zset = **found;
  std::vector<const Element*> all;
  all.reserve(zset.size());
  for (const Element& e : zset.ordered()) all.push_back(&e);

  if (l < 0 || l == 1) {
    // Negative: independent draws, repeats allowed, in draw order.
    std::uint64_t count = l < 0 ? static_cast<std::uint64_t>(-l) : 1;
    bool nested = withscores && ctx.protocol() == RespProtocol::kResp3;
    w.ArrayHeader(withscores && !nested ? count * 2 : count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const Element& e = *all[ctx.rng->Below(all.size())];
      if (nested) w.ArrayHeader(2);
      w.Bulk(e.member);
      if (withscores) w.Double(e.score);
    }
    return Ok();
  }
  auto count = static_cast<std::uint64_t>(l);
  if (count >= all.size()) {
    // The whole set, highest first: Redis's set iterator starts at the tail.
    Elements everything(zset.ordered().rbegin(), zset.ordered().rend());
    WriteElements(ctx, everything, withscores);
    return Ok();
  }
  // Distinct picks (a partial Fisher-Yates shuffle of positions), replied in
  // set order; Redis replies in the order of a scratch hash table, which is
  // arbitrary anyway.
  std::vector<std::size_t> positions(all.size());
  for (std::size_t i = 0; i < positions.size(); ++i) positions[i] = i;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t j = i + ctx.rng->Below(positions.size() - i);
    std::swap(positions[i], positions[j]);
  }
  positions.resize(count);
  std::sort(positions.begin(), positions.end());
  Elements picked;
  for (std::size_t p : positions) picked.push_back(*all[p]);
  WriteElements(ctx, picked, withscores);
  return Ok();
}

Status ZRandMember(CommandArgs args, CommandContext& ctx) {
  if (args.size() >= 3) return ZRandMemberWithCount(args, ctx);
  Result<SortedSet*> found = LookupTyped<SortedSet>(ctx.db(), args[1]);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    ctx.writer->Null();
    return Ok();
  }
  const auto& ordered = (*found)->ordered();
  auto it = std::next(ordered.begin(), ctx.rng->Below(ordered.size()));
  ctx.writer->Bulk(it->member);
  return Ok();
}

// ---------------------------------------------------------------------------
// ZSCAN key cursor [MATCH pattern] [COUNT count]

Status ZScan(CommandArgs args, CommandContext& ctx) {
  // Redis reads the cursor, then the key, and the options only after that.
  Result<ScanArgs> cursor_only = ParseScanArgs(args.first(3), 2, false);
  if (!cursor_only.ok()) return cursor_only.error();
  Result<Value*> found = LookupOfType(ctx.db(), args[1], ValueType::kZSet);
  if (!found.ok()) return found.error();
  if (*found == nullptr) {
    WriteScanReply(*ctx.writer, 0, {});
    return Ok();
  }
  Result<ScanArgs> scan = ParseScanArgs(args, 2, false);
  if (!scan.ok()) return scan.error();
  const SortedSet& zset = *(*found)->AsZSet();
  std::vector<std::string> items;
  std::uint64_t next = 0;
  if (HasCompactEncoding(**found)) {
    // A listpack is returned whole, in set order, with the scores as stored.
    for (const Element& e : zset.ordered()) {
      if (!ScanMatches(*scan, e.member)) continue;
      items.push_back(e.member);
      items.push_back(ListpackScoreText(e.score));
    }
  } else {
    // scanGenericCommand: up to 10 * COUNT buckets until COUNT items (members
    // and scores both count) are gathered; MATCH filters afterwards.
    std::vector<std::pair<std::string, double>> gathered;
    std::int64_t budget = scan->count > LLONG_MAX / 10 ? LLONG_MAX : scan->count * 10;
    next = scan->cursor;
    do {
      next = zset.scores().Scan(next, [&](const std::string& member, double score) {
        gathered.emplace_back(member, score);
      });
    } while (next != 0 && budget-- != 0 &&
             static_cast<std::int64_t>(gathered.size() * 2) < scan->count);
    for (const auto& [member, score] : gathered) {
      if (!ScanMatches(*scan, member)) continue;
      items.push_back(member);
      items.push_back(FormatRedisDouble(score));
    }
  }
  WriteScanReply(*ctx.writer, next, items);
  return Ok();
}

}  // namespace

void RegisterZSetFamily(CommandRegistry& r) {
  constexpr std::uint32_t kReadFast = kReadOnly | kFast;
  constexpr std::uint32_t kWriteFast = kWrite | kFast;
  constexpr std::uint32_t kWriteGrow = kWrite | kDenyOom;
  r.Register({"zadd", ZAdd, -4, kWriteGrow | kFast, 1, 1, 1});
  r.Register({"zincrby", ZIncrBy, 4, kWriteGrow | kFast, 1, 1, 1});
  r.Register({"zrem", RemoveMembers<SortedSet>, -3, kWriteFast, 1, 1, 1});
  r.Register({"zscore", ZScore, 3, kReadFast, 1, 1, 1});
  r.Register({"zmscore", ZMScore, -3, kReadFast, 1, 1, 1});
  r.Register({"zcard", ZCard, 2, kReadFast, 1, 1, 1});
  r.Register({"zcount", ZCount, 4, kReadFast, 1, 1, 1});
  r.Register({"zlexcount", ZLexCount, 4, kReadFast, 1, 1, 1});
  r.Register({"zrank", ZRank, 3, kReadFast, 1, 1, 1});
  r.Register({"zrevrank", ZRevRank, 3, kReadFast, 1, 1, 1});
  r.Register({"zrange", ZRange, -4, kReadOnly, 1, 1, 1});
  r.Register({"zrangestore", ZRangeStore, -5, kWriteGrow, 1, 2, 1});
  r.Register({"zrevrange", ZRevRange, -4, kReadOnly, 1, 1, 1});
  r.Register({"zrangebyscore", ZRangeByScore, -4, kReadOnly, 1, 1, 1});
  r.Register({"zrevrangebyscore", ZRevRangeByScore, -4, kReadOnly, 1, 1, 1});
  r.Register({"zrangebylex", ZRangeByLex, -4, kReadOnly, 1, 1, 1});
  r.Register({"zrevrangebylex", ZRevRangeByLex, -4, kReadOnly, 1, 1, 1});
  r.Register({"zremrangebyrank", ZRemRangeByRank, 4, kWrite, 1, 1, 1});
  r.Register({"zremrangebyscore", ZRemRangeByScore, 4, kWrite, 1, 1, 1});
  r.Register({"zremrangebylex", ZRemRangeByLex, 4, kWrite, 1, 1, 1});
  // Key counts are arguments (movable keys): Redis reports 0 0 0, or the
  // destination alone for the STORE forms.
  r.Register({"zunion", ZUnion, -3, kReadOnly, 0, 0, 0});
  r.Register({"zinter", ZInter, -3, kReadOnly, 0, 0, 0});
  r.Register({"zdiff", ZDiff, -3, kReadOnly, 0, 0, 0});
  r.Register({"zintercard", ZInterCard, -3, kReadOnly, 0, 0, 0});
  r.Register({"zunionstore", ZUnionStore, -4, kWriteGrow, 1, 1, 1});
  r.Register({"zinterstore", ZInterStore, -4, kWriteGrow, 1, 1, 1});
  r.Register({"zdiffstore", ZDiffStore, -4, kWriteGrow, 1, 1, 1});
  r.Register({"zpopmin", ZPopMin, -2, kWriteFast, 1, 1, 1});
  r.Register({"zpopmax", ZPopMax, -2, kWriteFast, 1, 1, 1});
  r.Register({"bzpopmin", BZPopMin, -3, kWriteFast | kBlocking, 1, -2, 1});
  r.Register({"bzpopmax", BZPopMax, -3, kWriteFast | kBlocking, 1, -2, 1});
  r.Register({"zmpop", ZMPop, -4, kWrite, 0, 0, 0});
  r.Register({"bzmpop", BZMPop, -5, kWrite | kBlocking, 0, 0, 0});
  r.Register({"zrandmember", ZRandMember, -2, kReadOnly, 1, 1, 1});
  r.Register({"zscan", ZScan, -3, kReadOnly, 1, 1, 1});
}

}  // namespace sim::elasticache::redis
