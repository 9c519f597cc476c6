// Sorted set commands, session style: each Run({...}) is one command and the
// expected bytes are what Redis 7.0.15 sends (checked against redis-server).

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/keyspace.h"
#include "tests/emulators/elasticache/redis/redis_session.h"

namespace sim::elasticache::redis {
namespace {

class ZSetCommandsTest : public RedisSessionTest {
 protected:
  void Resp3() { writer_.set_protocol(RespProtocol::kResp3); }
  static std::string Arr(std::size_t n) { return "*" + std::to_string(n) + "\r\n"; }
  // A flat array of bulk strings.
  static std::string Bulks(const std::vector<std::string>& items) {
    std::string out = Arr(items.size());
    for (const std::string& item : items) out += Bulk(item);
    return out;
  }
  // RESP3 double.
  static std::string D(const std::string& text) { return "," + text + "\r\n"; }
  // RESP3 [member, score] pairs.
  static std::string Pairs3(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out = Arr(pairs.size());
    for (const auto& [member, score] : pairs) out += Arr(2) + Bulk(member) + D(score);
    return out;
  }
  // A plain set, made directly: the set commands live in another family.
  void MakeSet(const std::string& key, const std::vector<std::string>& members) {
    Value value = Value::NewSet();
    for (const std::string& m : members) value.AsSet()->TryEmplace(m);
    keyspace_.db(0).Set(key, std::move(value));
  }
  void Abc() { ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c"}), Int(3)); }

  const std::string kNull3 = "_\r\n";
  const std::string kNullArray = "*-1\r\n";
  const std::string kEmpty = "*0\r\n";
  const std::string kNotFloat = "-ERR value is not a valid float\r\n";
  const std::string kMinMaxFloat = "-ERR min or max is not a float\r\n";
  const std::string kMinMaxLex = "-ERR min or max not valid string range item\r\n";
};

// --- registry -------------------------------------------------------------

TEST_F(ZSetCommandsTest, RegistryHasRedisArityFlagsAndKeys) {
  struct Row {
    const char* name;
    int arity;
    int first, last, step;
  };
  const Row rows[] = {
      {"zadd", -4, 1, 1, 1},          {"zincrby", 4, 1, 1, 1},
      {"zrem", -3, 1, 1, 1},          {"zscore", 3, 1, 1, 1},
      {"zmscore", -3, 1, 1, 1},       {"zcard", 2, 1, 1, 1},
      {"zcount", 4, 1, 1, 1},         {"zlexcount", 4, 1, 1, 1},
      {"zrank", 3, 1, 1, 1},          {"zrevrank", 3, 1, 1, 1},
      {"zrange", -4, 1, 1, 1},        {"zrangestore", -5, 1, 2, 1},
      {"zrevrange", -4, 1, 1, 1},     {"zrangebyscore", -4, 1, 1, 1},
      {"zrevrangebyscore", -4, 1, 1, 1}, {"zrangebylex", -4, 1, 1, 1},
      {"zrevrangebylex", -4, 1, 1, 1}, {"zremrangebyrank", 4, 1, 1, 1},
      {"zremrangebyscore", 4, 1, 1, 1}, {"zremrangebylex", 4, 1, 1, 1},
      {"zunion", -3, 0, 0, 0},        {"zinter", -3, 0, 0, 0},
      {"zdiff", -3, 0, 0, 0},         {"zintercard", -3, 0, 0, 0},
      {"zunionstore", -4, 1, 1, 1},   {"zinterstore", -4, 1, 1, 1},
      {"zdiffstore", -4, 1, 1, 1},    {"zpopmin", -2, 1, 1, 1},
      {"zpopmax", -2, 1, 1, 1},       {"bzpopmin", -3, 1, -2, 1},
      {"bzpopmax", -3, 1, -2, 1},     {"zmpop", -4, 0, 0, 0},
      {"bzmpop", -5, 0, 0, 0},        {"zrandmember", -2, 1, 1, 1},
      {"zscan", -3, 1, 1, 1},
  };
  for (const Row& row : rows) {
    const CommandSpec* spec = registry_.Find(row.name);
    ASSERT_NE(spec, nullptr) << row.name;
    EXPECT_EQ(spec->arity, row.arity) << row.name;
    EXPECT_EQ(spec->first_key, row.first) << row.name;
    EXPECT_EQ(spec->last_key, row.last) << row.name;
    EXPECT_EQ(spec->step, row.step) << row.name;
  }
  EXPECT_EQ(registry_.Find("zadd")->flags, kWrite | kDenyOom | kFast);
  EXPECT_EQ(registry_.Find("zscore")->flags, kReadOnly | kFast);
  EXPECT_EQ(registry_.Find("zrange")->flags, kReadOnly);
  EXPECT_EQ(registry_.Find("zrangestore")->flags, kWrite | kDenyOom);
  EXPECT_EQ(registry_.Find("zremrangebyscore")->flags, kWrite);
  EXPECT_EQ(registry_.Find("zpopmin")->flags, kWrite | kFast);
  EXPECT_EQ(registry_.Find("bzpopmin")->flags, kWrite | kFast | kBlocking);
  EXPECT_EQ(registry_.Find("bzmpop")->flags, kWrite | kBlocking);
  EXPECT_EQ(registry_.Find("zmpop")->flags, kWrite);
  EXPECT_FALSE(registry_.Find("zpopmin")->flags & kBlocking);
}

TEST_F(ZSetCommandsTest, WrongArity) {
  EXPECT_EQ(Run({"zadd", "z", "1"}), Err("ERR wrong number of arguments for 'zadd' command"));
  EXPECT_EQ(Run({"zincrby", "z", "1"}),
            Err("ERR wrong number of arguments for 'zincrby' command"));
  EXPECT_EQ(Run({"zcard"}), Err("ERR wrong number of arguments for 'zcard' command"));
  EXPECT_EQ(Run({"zrange", "z", "0"}), Err("ERR wrong number of arguments for 'zrange' command"));
  EXPECT_EQ(Run({"zrangestore", "d", "z", "0"}),
            Err("ERR wrong number of arguments for 'zrangestore' command"));
  EXPECT_EQ(Run({"bzpopmin", "z"}), Err("ERR wrong number of arguments for 'bzpopmin' command"));
  EXPECT_EQ(Run({"bzmpop", "0", "1", "z"}),
            Err("ERR wrong number of arguments for 'bzmpop' command"));
  EXPECT_EQ(Run({"zscan", "z"}), Err("ERR wrong number of arguments for 'zscan' command"));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "0", "1", "2"}),
            Err("ERR wrong number of arguments for 'zremrangebyrank' command"));
}

// --- ZADD / ZINCRBY -------------------------------------------------------

TEST_F(ZSetCommandsTest, ZAddAddsUpdatesAndCountsChanges) {
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "2", "b"}), Int(2));
  EXPECT_EQ(Run({"type", "z"}), "+zset\r\n");
  EXPECT_EQ(Run({"zadd", "z", "5", "a", "3", "c"}), Int(1));  // only c is new
  EXPECT_EQ(Run({"zadd", "z", "ch", "6", "a", "2", "b", "4", "d"}), Int(2));  // a moved, d new
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}),
            Bulks({"b", "2", "c", "3", "d", "4", "a", "6"}));
  // The same member twice: the last score wins.
  EXPECT_EQ(Run({"zadd", "dup", "1", "a", "2", "a", "3", "a"}), Int(1));
  EXPECT_EQ(Run({"zscore", "dup", "a"}), Bulk("3"));
}

TEST_F(ZSetCommandsTest, ZAddNxXxGtLt) {
  Abc();
  EXPECT_EQ(Run({"zadd", "z", "nx", "9", "a", "4", "d"}), Int(1));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Bulk("1"));
  EXPECT_EQ(Run({"zadd", "z", "xx", "ch", "9", "a", "9", "nope"}), Int(1));
  EXPECT_EQ(Run({"zscore", "z", "nope"}), kNil);
  EXPECT_EQ(Run({"zadd", "z", "gt", "ch", "0", "a", "10", "b"}), Int(1));  // a stays 9
  EXPECT_EQ(Run({"zadd", "z", "LT", "CH", "5", "a", "20", "b", "7", "e"}), Int(2));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}),
            Bulks({"c", "3", "d", "4", "a", "5", "e", "7", "b", "10"}));
  EXPECT_EQ(Run({"zadd", "z", "xx", "gt", "100", "a"}), Int(0));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Bulk("100"));
  // XX on a missing key creates nothing.
  EXPECT_EQ(Run({"zadd", "none", "xx", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "none", "xx", "incr", "1", "a"}), kNil);
  EXPECT_EQ(Run({"exists", "none"}), Int(0));
}

TEST_F(ZSetCommandsTest, ZAddIncr) {
  EXPECT_EQ(Run({"zadd", "z", "incr", "1.5", "a"}), Bulk("1.5"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "1", "a"}), Bulk("2.5"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "nx", "5", "a"}), kNil);
  EXPECT_EQ(Run({"zadd", "z", "incr", "xx", "5", "b"}), kNil);
  EXPECT_EQ(Run({"zadd", "z", "incr", "gt", "-1", "a"}), kNil);  // 1.5 is not greater
  EXPECT_EQ(Run({"zadd", "z", "incr", "gt", "1", "a"}), Bulk("3.5"));
  EXPECT_EQ(Run({"zadd", "z", "ch", "incr", "0.1", "f"}), Bulk("0.10000000000000001"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "0.2", "f"}), Bulk("0.30000000000000004"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "inf", "a"}), Bulk("inf"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "-inf", "a"}),
            Err("ERR resulting score is not a number (NaN)"));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Bulk("inf"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "1", "a", "2", "b"}),
            Err("ERR INCR option supports a single increment-element pair"));
}

TEST_F(ZSetCommandsTest, ZAddOptionErrorsInRedisOrder) {
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zadd", "z", "nx", "xx", "1", "a"}),
            Err("ERR XX and NX options at the same time are not compatible"));
  EXPECT_EQ(Run({"zadd", "z", "nx", "xx", "gt", "1", "a"}),
            Err("ERR XX and NX options at the same time are not compatible"));
  EXPECT_EQ(Run({"zadd", "z", "gt", "lt", "1", "a"}),
            Err("ERR GT, LT, and/or NX options at the same time are not compatible"));
  EXPECT_EQ(Run({"zadd", "z", "nx", "lt", "1", "a"}),
            Err("ERR GT, LT, and/or NX options at the same time are not compatible"));
  // A missing or odd pair list is a syntax error before anything else.
  EXPECT_EQ(Run({"zadd", "z", "nx", "xx", "1"}), kSyntax);
  EXPECT_EQ(Run({"zadd", "z", "nx", "xx"}), kSyntax);
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "2"}), kSyntax);
  // Scores are checked before the key's type, and nothing is applied.
  EXPECT_EQ(Run({"zadd", "s", "x", "a"}), kNotFloat);
  EXPECT_EQ(Run({"zadd", "s", "1", "a"}), kWrongType);
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "x", "b"}), kNotFloat);
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
}

TEST_F(ZSetCommandsTest, ScoresParseLikeStrtod) {
  EXPECT_EQ(Run({"zadd", "z", "inf", "top", "-inf", "bottom", "+inf", "top2"}), Int(3));
  EXPECT_EQ(Run({"zadd", "z", "0x10", "hex", "4.9e-324", "tiny", "1e17", "big"}), Int(3));
  for (const char* bad : {"nan", "1e400", "-1e400", "1e-400", " 1", "1 ", "", "1x", "--1"}) {
    EXPECT_EQ(Run({"zadd", "z", bad, "m"}), kNotFloat) << bad;
  }
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}),
            Bulks({"bottom", "-inf", "tiny", "4.9406564584124654e-324", "hex", "16", "big",
                   "1e+17", "top", "inf", "top2", "inf"}));
}

TEST_F(ZSetCommandsTest, NegativeZeroIsStoredAsZeroButIncrRepliesWithIt) {
  // Redis's listpack keeps integral scores as integers, so -0 comes back 0.
  EXPECT_EQ(Run({"zadd", "z", "incr", "-0", "a"}), Bulk("-0"));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Bulk("0"));
  EXPECT_EQ(Run({"zadd", "z", "ch", "-0", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "z", "1", "b"}), Int(1));
  // ZUNION replies from a scratch set and shows -0; the stored copy does not.
  EXPECT_EQ(Run({"zunion", "1", "z", "weights", "-1", "withscores"}),
            Bulks({"b", "-1", "a", "-0"}));
  EXPECT_EQ(Run({"zunionstore", "d", "1", "z", "weights", "-1"}), Int(2));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Bulks({"b", "-1", "a", "0"}));
}

TEST_F(ZSetCommandsTest, ZIncrBy) {
  EXPECT_EQ(Run({"zincrby", "z", "2", "a"}), Bulk("2"));
  EXPECT_EQ(Run({"zincrby", "z", "-0.5", "a"}), Bulk("1.5"));
  EXPECT_EQ(Run({"zincrby", "z", "x", "a"}), kNotFloat);
  EXPECT_EQ(Run({"zincrby", "z", "inf", "a"}), Bulk("inf"));
  EXPECT_EQ(Run({"zincrby", "z", "-inf", "a"}), Err("ERR resulting score is not a number (NaN)"));
  // ZINCRBY shares ZADD's parser, so an option word where the increment goes
  // leaves an odd argument list.
  EXPECT_EQ(Run({"zincrby", "z", "nx", "a"}), kSyntax);
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zincrby", "s", "1", "a"}), kWrongType);
  Resp3();
  EXPECT_EQ(Run({"zincrby", "z", "1", "b"}), D("1"));
}

// --- point lookups --------------------------------------------------------

TEST_F(ZSetCommandsTest, ZScoreZMScoreZCardZRank) {
  Abc();
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zscore", "z", "b"}), Bulk("2"));
  EXPECT_EQ(Run({"zscore", "z", "x"}), kNil);
  EXPECT_EQ(Run({"zscore", "none", "x"}), kNil);
  EXPECT_EQ(Run({"zscore", "s", "x"}), kWrongType);
  EXPECT_EQ(Run({"zmscore", "z", "a", "x", "c"}), Arr(3) + Bulk("1") + kNil + Bulk("3"));
  EXPECT_EQ(Run({"zmscore", "none", "a"}), Arr(1) + kNil);
  EXPECT_EQ(Run({"zmscore", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"zcard", "z"}), Int(3));
  EXPECT_EQ(Run({"zcard", "none"}), Int(0));
  EXPECT_EQ(Run({"zcard", "s"}), kWrongType);
  EXPECT_EQ(Run({"zrank", "z", "c"}), Int(2));
  EXPECT_EQ(Run({"zrevrank", "z", "c"}), Int(0));
  EXPECT_EQ(Run({"zrevrank", "z", "a"}), Int(2));
  EXPECT_EQ(Run({"zrank", "z", "x"}), kNil);
  EXPECT_EQ(Run({"zrank", "none", "x"}), kNil);
  EXPECT_EQ(Run({"zrank", "s", "x"}), kWrongType);
  EXPECT_EQ(Run({"zrevrank", "s", "x"}), kWrongType);
  Resp3();
  EXPECT_EQ(Run({"zscore", "z", "b"}), D("2"));
  EXPECT_EQ(Run({"zscore", "z", "x"}), kNull3);
  EXPECT_EQ(Run({"zmscore", "z", "a", "x"}), Arr(2) + D("1") + kNull3);
  EXPECT_EQ(Run({"zrank", "z", "x"}), kNull3);
}

TEST_F(ZSetCommandsTest, ZRemDeletesTheKeyWithItsLastMember) {
  Abc();
  EXPECT_EQ(Run({"zrem", "z", "a", "x", "a"}), Int(1));
  EXPECT_EQ(Run({"zrem", "z", "b", "c", "d"}), Int(2));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"zrem", "none", "a"}), Int(0));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zrem", "s", "a"}), kWrongType);
}

// --- ranges ---------------------------------------------------------------

TEST_F(ZSetCommandsTest, ZRangeByRank) {
  Abc();
  ASSERT_EQ(Run({"zadd", "z", "4", "d"}), Int(1));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"a", "b", "c", "d"}));
  EXPECT_EQ(Run({"zrange", "z", "1", "2", "withscores"}), Bulks({"b", "2", "c", "3"}));
  EXPECT_EQ(Run({"zrange", "z", "-100", "100"}), Bulks({"a", "b", "c", "d"}));
  EXPECT_EQ(Run({"zrange", "z", "2", "1"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "z", "10", "20"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "z", "-1", "-100"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "z", "-2", "-1", "rev", "withscores"}), Bulks({"b", "2", "a", "1"}));
  EXPECT_EQ(Run({"zrevrange", "z", "0", "1"}), Bulks({"d", "c"}));
  EXPECT_EQ(Run({"zrevrange", "z", "0", "0", "WITHSCORES"}), Bulks({"d", "4"}));
  EXPECT_EQ(Run({"zrange", "none", "0", "-1"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "z", "x", "1"}), kNotInt);
  // LIMIT needs BYSCORE or BYLEX, unless its count is the default -1.
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "limit", "0", "1"}),
            Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE "
                "or BYLEX"));
  EXPECT_EQ(Run({"zrevrange", "z", "0", "-1", "limit", "0", "1"}),
            Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE "
                "or BYLEX"));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "limit", "5", "-1"}), Bulks({"a", "b", "c", "d"}));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zrange", "s", "0", "-1"}), kWrongType);
  EXPECT_EQ(Run({"zrange", "s", "x", "y"}), kNotInt);  // arguments before the type
}

TEST_F(ZSetCommandsTest, ZRangeOptionSyntax) {
  Abc();
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "byscore", "byscore"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "rev", "rev"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "byscore", "bylex"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "limit", "0"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "bogus"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "byscore", "limit", "x", "1"}), kNotInt);
  EXPECT_EQ(Run({"zrange", "z", "-", "+", "bylex", "withscores"}),
            Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "+", "withscores"}),
            Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
  // The legacy forms fix the range type and direction.
  EXPECT_EQ(Run({"zrangebyscore", "z", "0", "1", "rev"}), kSyntax);
  EXPECT_EQ(Run({"zrangebyscore", "z", "0", "1", "byscore"}), kSyntax);
  EXPECT_EQ(Run({"zrevrange", "z", "0", "1", "bylex"}), kSyntax);
  EXPECT_EQ(Run({"zrevrangebylex", "z", "+", "-", "rev"}), kSyntax);
}

TEST_F(ZSetCommandsTest, ZRangeByScore) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f"}),
            Int(6));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf"}),
            Bulks({"a", "b", "c", "d", "e", "f"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "(1", "(5"}), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "(1", "5", "withscores"}),
            Bulks({"b", "2", "c", "3", "d", "4", "e", "5", "f", "5"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "5", "1"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "z", "(3", "3"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "z", "3", "3"}), Bulks({"c"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "2", "1e400"}), Bulks({"b", "c", "d", "e", "f"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "1", "2"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "-1", "2"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "4", "-1"}), Bulks({"e", "f"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "1", "-5"}),
            Bulks({"b", "c", "d", "e", "f"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "6", "1"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "limit", "0", "0"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "withscores", "limit", "2", "2"}),
            Bulks({"c", "3", "d", "4"}));
  EXPECT_EQ(Run({"zrevrangebyscore", "z", "4", "(2", "withscores"}),
            Bulks({"d", "4", "c", "3"}));
  EXPECT_EQ(Run({"zrevrangebyscore", "z", "(5", "-inf", "limit", "1", "2"}), Bulks({"c", "b"}));
  EXPECT_EQ(Run({"zrevrangebyscore", "z", "1", "5"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "z", "5", "(2", "byscore", "rev", "withscores"}),
            Bulks({"f", "5", "e", "5", "d", "4", "c", "3"}));
  EXPECT_EQ(Run({"zrange", "z", "(2", "5", "BYSCORE", "LIMIT", "1", "2", "WITHSCORES"}),
            Bulks({"d", "4", "e", "5"}));
}

TEST_F(ZSetCommandsTest, ScoreBoundsParseLikeZslParseRange) {
  Abc();
  // Plain strtod on the C string: "" is 0, leading spaces pass, "(" alone is (0.
  EXPECT_EQ(Run({"zrangebyscore", "z", "", "3"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "(", "(3"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"zrangebyscore", "z", " 2", "3"}), Bulks({"b", "c"}));
  for (const char* bad : {"nan", "x", "1x", "((1", "[1"}) {
    EXPECT_EQ(Run({"zrangebyscore", "z", bad, "3"}), kMinMaxFloat) << bad;
    EXPECT_EQ(Run({"zcount", "z", "1", bad}), kMinMaxFloat) << bad;
  }
  EXPECT_EQ(Run({"zrange", "z", "x", "y", "byscore"}), kMinMaxFloat);
  EXPECT_EQ(Run({"zrangebyscore", "none", "x", "1"}), kMinMaxFloat);
}

TEST_F(ZSetCommandsTest, ZRangeByLex) {
  ASSERT_EQ(Run({"zadd", "z", "0", "a", "0", "b", "0", "c", "0", "d"}), Int(4));
  EXPECT_EQ(Run({"zrange", "z", "[a", "[c", "bylex"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"zrange", "z", "[c", "[a", "bylex", "rev"}), Bulks({"c", "b", "a"}));
  EXPECT_EQ(Run({"zrange", "z", "(a", "+", "bylex", "limit", "1", "1"}), Bulks({"c"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "+"}), Bulks({"a", "b", "c", "d"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "[b", "(d"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "[bb", "[c"}), Bulks({"c"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "(a", "(a"}), kEmpty);
  EXPECT_EQ(Run({"zrangebylex", "z", "[a", "[a"}), Bulks({"a"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "+", "-"}), kEmpty);
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "-"}), kEmpty);
  EXPECT_EQ(Run({"zrangebylex", "z", "+", "+"}), kEmpty);
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "+", "limit", "1", "2"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrevrangebylex", "z", "+", "-", "limit", "0", "2"}), Bulks({"d", "c"}));
  EXPECT_EQ(Run({"zrevrangebylex", "z", "-", "+"}), kEmpty);
  EXPECT_EQ(Run({"zrevrangebylex", "z", "(c", "(a"}), Bulks({"b"}));
  for (const char* bad : {"a", "", "+x", "-x", "{a"}) {
    EXPECT_EQ(Run({"zrangebylex", "z", bad, "+"}), kMinMaxLex) << bad;
    EXPECT_EQ(Run({"zlexcount", "z", "-", bad}), kMinMaxLex) << bad;
  }
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "bylex"}), kMinMaxLex);
  // "[" and "(" alone are the empty string.
  ASSERT_EQ(Run({"zadd", "z", "0", ""}), Int(1));
  EXPECT_EQ(Run({"zrangebylex", "z", "[", "(b"}), Arr(2) + Bulk("") + Bulk("a"));
  EXPECT_EQ(Run({"zrangebylex", "z", "(", "(b"}), Bulks({"a"}));
}

TEST_F(ZSetCommandsTest, LexRangesWalkInSetOrderWhenScoresDiffer) {
  // Unspecified in Redis's docs; this is what Redis does for small sets.
  ASSERT_EQ(Run({"zadd", "z", "1", "b", "2", "a", "3", "c"}), Int(3));
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "+"}), Bulks({"b", "a", "c"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "[a", "[b"}), Bulks({"b", "a"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "[b", "[c"}), Bulks({"b", "a", "c"}));
  EXPECT_EQ(Run({"zrevrangebylex", "z", "[c", "[a"}), Bulks({"c", "a", "b"}));
  EXPECT_EQ(Run({"zlexcount", "z", "[a", "[c"}), Int(3));
  EXPECT_EQ(Run({"zremrangebylex", "z", "[a", "[b"}), Int(2));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"c"}));
  // LIMIT's offset is skipped without range checks, so it can hop a gap.
  ASSERT_EQ(Run({"zadd", "m", "1", "b", "2", "d", "3", "a"}), Int(3));
  EXPECT_EQ(Run({"zrangebylex", "m", "[a", "[b", "limit", "0", "5"}), Bulks({"b"}));
  EXPECT_EQ(Run({"zrangebylex", "m", "[a", "[b", "limit", "1", "1"}), kEmpty);
  EXPECT_EQ(Run({"zrangebylex", "m", "[a", "[b", "limit", "2", "1"}), Bulks({"a"}));
}

TEST_F(ZSetCommandsTest, ZCountAndZLexCount) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), Int(5));
  EXPECT_EQ(Run({"zcount", "z", "-inf", "+inf"}), Int(5));
  EXPECT_EQ(Run({"zcount", "z", "(1", "5"}), Int(4));
  EXPECT_EQ(Run({"zcount", "z", "(1", "(5"}), Int(3));
  EXPECT_EQ(Run({"zcount", "z", "5", "1"}), Int(0));
  EXPECT_EQ(Run({"zcount", "z", "", ""}), Int(0));
  EXPECT_EQ(Run({"zcount", "z", "(", "5"}), Int(5));
  EXPECT_EQ(Run({"zcount", "z", "1e400", "inf"}), Int(0));
  EXPECT_EQ(Run({"zcount", "none", "1", "2"}), Int(0));
  EXPECT_EQ(Run({"zcount", "none", "x", "2"}), kMinMaxFloat);
  ASSERT_EQ(Run({"zadd", "lex", "0", "a", "0", "b", "0", "c"}), Int(3));
  EXPECT_EQ(Run({"zlexcount", "lex", "-", "+"}), Int(3));
  EXPECT_EQ(Run({"zlexcount", "lex", "(a", "[c"}), Int(2));
  EXPECT_EQ(Run({"zlexcount", "lex", "[z", "+"}), Int(0));
  EXPECT_EQ(Run({"zlexcount", "none", "-", "+"}), Int(0));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zcount", "s", "1", "2"}), kWrongType);
  EXPECT_EQ(Run({"zlexcount", "s", "-", "+"}), kWrongType);
}

TEST_F(ZSetCommandsTest, RangesInResp3NestScorePairs) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2.5", "b", "inf", "c"}), Int(3));
  Resp3();
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}),
            Pairs3({{"a", "1"}, {"b", "2.5"}, {"c", "inf"}}));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "rev", "withscores"}),
            Pairs3({{"c", "inf"}, {"b", "2.5"}, {"a", "1"}}));
  EXPECT_EQ(Run({"zrevrangebyscore", "z", "+inf", "-inf", "withscores", "limit", "0", "1"}),
            Pairs3({{"c", "inf"}}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "-inf", "+inf", "withscores", "limit", "5", "1"}),
            kEmpty);
  EXPECT_EQ(Run({"zrange", "none", "0", "-1", "withscores"}), kEmpty);
}

TEST_F(ZSetCommandsTest, ZRangeStore) {
  ASSERT_EQ(Run({"zadd", "z", "0", "a", "0", "b", "0", "c", "0", "d"}), Int(4));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zrangestore", "d", "z", "1", "2"}), Int(2));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Bulks({"b", "0", "c", "0"}));
  EXPECT_EQ(Run({"zrangestore", "d", "z", "[b", "+", "bylex", "limit", "0", "2"}), Int(2));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrangestore", "d", "z", "0", "(1", "byscore", "rev"}), Int(0));  // max first
  EXPECT_EQ(Run({"zrangestore", "d", "z", "(1", "0", "byscore", "rev"}), Int(4));
  EXPECT_EQ(Run({"zrangestore", "d", "z", "0", "-1", "withscores"}), kSyntax);
  // An empty result deletes the destination.
  EXPECT_EQ(Run({"zrangestore", "d", "none", "0", "-1"}), Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  // The destination may hold any type (and loses its TTL); the source may not.
  ASSERT_EQ(Run({"set", "d", "x", "ex", "100"}), kOk);
  EXPECT_EQ(Run({"zrangestore", "d", "s", "0", "-1"}), kWrongType);
  EXPECT_EQ(Run({"get", "d"}), Bulk("x"));
  EXPECT_EQ(Run({"zrangestore", "d", "z", "0", "0"}), Int(1));
  EXPECT_EQ(Run({"type", "d"}), "+zset\r\n");
  EXPECT_EQ(Run({"ttl", "d"}), Int(-1));
  // Source and destination may be the same key.
  EXPECT_EQ(Run({"zrangestore", "z", "z", "-2", "-1"}), Int(2));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"c", "d"}));
}

TEST_F(ZSetCommandsTest, ZRemRangeByRankScoreLex) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), Int(5));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "10", "20"}), Int(0));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "-1", "-1"}), Int(1));
  EXPECT_EQ(Run({"zremrangebyscore", "z", "(1", "2"}), Int(1));
  EXPECT_EQ(Run({"zremrangebyscore", "z", "3", "(3"}), Int(0));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"a", "c", "d"}));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "0", "-1"}), Int(3));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  ASSERT_EQ(Run({"zadd", "lex", "0", "a", "0", "b", "0", "c", "0", "d"}), Int(4));
  EXPECT_EQ(Run({"zremrangebylex", "lex", "[b", "(d"}), Int(2));
  EXPECT_EQ(Run({"zrange", "lex", "0", "-1"}), Bulks({"a", "d"}));
  EXPECT_EQ(Run({"zremrangebylex", "lex", "-", "+"}), Int(2));
  EXPECT_EQ(Run({"exists", "lex"}), Int(0));
  // Ranges are parsed before the key is looked up.
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zremrangebyrank", "s", "x", "1"}), kNotInt);
  EXPECT_EQ(Run({"zremrangebyscore", "s", "x", "1"}), kMinMaxFloat);
  EXPECT_EQ(Run({"zremrangebylex", "s", "x", "1"}), kMinMaxLex);
  EXPECT_EQ(Run({"zremrangebyrank", "s", "0", "1"}), kWrongType);
  EXPECT_EQ(Run({"zremrangebyscore", "s", "0", "1"}), kWrongType);
  EXPECT_EQ(Run({"zremrangebylex", "s", "-", "+"}), kWrongType);
  EXPECT_EQ(Run({"zremrangebyrank", "none", "0", "1"}), Int(0));
}

TEST_F(ZSetCommandsTest, LargeSetRanges) {
  // Past the listpack limits (128 entries), where Redis uses a skiplist.
  std::vector<std::string> argv = {"zadd", "big"};
  for (int i = 0; i < 300; ++i) {
    argv.push_back(std::to_string(i % 7));
    argv.push_back("m" + std::to_string(i));
  }
  ASSERT_EQ(Run(argv), Int(300));
  EXPECT_EQ(Run({"zrange", "big", "0", "2", "withscores"}),
            Bulks({"m0", "0", "m105", "0", "m112", "0"}));
  EXPECT_EQ(Run({"zrevrangebyscore", "big", "3", "(2", "limit", "10", "3"}),
            Bulks({"m3", "m297", "m290"}));
  EXPECT_EQ(Run({"zcount", "big", "2", "(4"}), Int(86));
  EXPECT_EQ(Run({"zrank", "big", "m150"}), Int(137));
  EXPECT_EQ(Run({"zrevrank", "big", "m150"}), Int(162));
  EXPECT_EQ(Run({"zremrangebyscore", "big", "(5", "+inf"}), Int(42));
  EXPECT_EQ(Run({"zcard", "big"}), Int(258));
}

// --- union / intersection / difference ------------------------------------

TEST_F(ZSetCommandsTest, ZUnionZInterZDiff) {
  ASSERT_EQ(Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"}), Int(3));
  ASSERT_EQ(Run({"zadd", "z2", "10", "b", "20", "c", "30", "d"}), Int(3));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "withscores"}),
            Bulks({"a", "1", "b", "12", "c", "23", "d", "30"}));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2"}), Bulks({"a", "b", "c", "d"}));
  EXPECT_EQ(Run({"zinter", "2", "z1", "z2", "withscores"}), Bulks({"b", "12", "c", "23"}));
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z2", "withscores"}), Bulks({"a", "1"}));
  EXPECT_EQ(Run({"zdiff", "2", "z2", "z1"}), Bulks({"d"}));
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z1"}), kEmpty);
  EXPECT_EQ(Run({"zinter", "2", "z1", "z1", "withscores"}),
            Bulks({"a", "2", "b", "4", "c", "6"}));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "weights", "1", "0.5", "aggregate", "max",
                 "withscores"}),
            Bulks({"a", "1", "b", "5", "c", "10", "d", "15"}));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "aggregate", "min", "withscores"}),
            Bulks({"a", "1", "b", "2", "c", "3", "d", "30"}));
  EXPECT_EQ(Run({"zinter", "2", "z1", "z2", "weights", "-1", "1", "aggregate", "MIN",
                 "withscores"}),
            Bulks({"c", "-3", "b", "-2"}));
  // Missing keys are empty sets.
  EXPECT_EQ(Run({"zunion", "2", "none", "none2"}), kEmpty);
  EXPECT_EQ(Run({"zinter", "2", "z1", "none"}), kEmpty);
  EXPECT_EQ(Run({"zdiff", "2", "none", "z1"}), kEmpty);
  EXPECT_EQ(Run({"zdiff", "2", "z1", "none", "withscores"}),
            Bulks({"a", "1", "b", "2", "c", "3"}));
  // WITHSCORES may repeat.
  EXPECT_EQ(Run({"zunion", "1", "z1", "withscores", "withscores"}),
            Bulks({"a", "1", "b", "2", "c", "3"}));
  Resp3();
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "withscores"}),
            Pairs3({{"a", "1"}, {"b", "12"}, {"c", "23"}, {"d", "30"}}));
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z2"}), Bulks({"a"}));
}

TEST_F(ZSetCommandsTest, SetOperationsTakePlainSetsWithScoreOne) {
  ASSERT_EQ(Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"}), Int(3));
  MakeSet("s1", {"a", "d", "x"});
  EXPECT_EQ(Run({"zunion", "2", "z1", "s1", "withscores"}),
            Bulks({"d", "1", "x", "1", "a", "2", "b", "2", "c", "3"}));
  EXPECT_EQ(Run({"zinter", "2", "z1", "s1", "weights", "2", "3", "withscores"}),
            Bulks({"a", "5"}));
  EXPECT_EQ(Run({"zdiff", "2", "s1", "z1", "withscores"}), Bulks({"d", "1", "x", "1"}));
  EXPECT_EQ(Run({"zintercard", "1", "s1"}), Int(3));
  EXPECT_EQ(Run({"zinterstore", "d", "2", "s1", "s1"}), Int(3));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}),
            Bulks({"a", "2", "d", "2", "x", "2"}));
  // Other commands still refuse a set.
  EXPECT_EQ(Run({"zcard", "s1"}), kWrongType);
}

TEST_F(ZSetCommandsTest, SetOperationInfinitiesAndNaN) {
  ASSERT_EQ(Run({"zadd", "inf1", "inf", "a"}), Int(1));
  ASSERT_EQ(Run({"zadd", "inf2", "-inf", "a"}), Int(1));
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b"}), Int(2));
  // inf + -inf and 0 * inf count as 0.
  EXPECT_EQ(Run({"zunion", "2", "inf1", "inf2", "withscores"}), Bulks({"a", "0"}));
  EXPECT_EQ(Run({"zinter", "2", "inf1", "inf2", "withscores"}), Bulks({"a", "0"}));
  EXPECT_EQ(Run({"zunion", "2", "inf1", "z", "weights", "0", "1", "withscores"}),
            Bulks({"a", "1", "b", "2"}));
  EXPECT_EQ(Run({"zinter", "2", "inf1", "inf2", "aggregate", "max", "withscores"}),
            Bulks({"a", "inf"}));
}

TEST_F(ZSetCommandsTest, SetOperationErrors) {
  ASSERT_EQ(Run({"zadd", "z1", "1", "a"}), Int(1));
  ASSERT_EQ(Run({"set", "str", "v"}), kOk);
  EXPECT_EQ(Run({"zunion", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zunion' command"));
  EXPECT_EQ(Run({"zinter", "-1", "z1"}),
            Err("ERR at least 1 input key is needed for 'zinter' command"));
  EXPECT_EQ(Run({"zunionstore", "d", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zunionstore' command"));
  EXPECT_EQ(Run({"zdiffstore", "d", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zdiffstore' command"));
  EXPECT_EQ(Run({"zunion", "x", "z1"}), kNotInt);
  EXPECT_EQ(Run({"zunion", "3", "z1", "z1"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "9223372036854775807", "z1"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "2", "z1", "z1", "aggregate", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "1", "z1", "aggregate"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "2", "z1", "z1", "weights", "1"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "2", "z1", "z1", "weights", "1", "x"}),
            Err("ERR weight value is not a float"));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z1", "weights", "1", "nan"}),
            Err("ERR weight value is not a float"));
  // Inputs are type-checked before the options are read.
  EXPECT_EQ(Run({"zunion", "1", "str", "weights", "x"}), kWrongType);
  EXPECT_EQ(Run({"zunion", "2", "z1", "str"}), kWrongType);
  // ZDIFF takes no WEIGHTS / AGGREGATE; the STORE forms take no WITHSCORES.
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z1", "weights", "1", "1"}), kSyntax);
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z1", "aggregate", "sum"}), kSyntax);
  EXPECT_EQ(Run({"zunionstore", "d", "1", "z1", "withscores"}), kSyntax);
  EXPECT_EQ(Run({"zdiffstore", "d", "1", "z1", "withscores"}), kSyntax);
}

TEST_F(ZSetCommandsTest, StoreVariants) {
  ASSERT_EQ(Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"}), Int(3));
  ASSERT_EQ(Run({"zadd", "z2", "10", "b", "20", "c", "30", "d"}), Int(3));
  EXPECT_EQ(Run({"zunionstore", "d", "2", "z1", "z2"}), Int(4));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}),
            Bulks({"a", "1", "b", "12", "c", "23", "d", "30"}));
  EXPECT_EQ(Run({"zinterstore", "d", "2", "z1", "z2", "weights", "2", "3"}), Int(2));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Bulks({"b", "34", "c", "66"}));
  EXPECT_EQ(Run({"zdiffstore", "d", "2", "z1", "z2"}), Int(1));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Bulks({"a", "1"}));
  // An empty result deletes the destination.
  EXPECT_EQ(Run({"zinterstore", "d", "2", "z1", "none"}), Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  // The destination is replaced whatever it held, and may be an input.
  ASSERT_EQ(Run({"set", "d", "x"}), kOk);
  EXPECT_EQ(Run({"zunionstore", "d", "1", "z1"}), Int(3));
  EXPECT_EQ(Run({"type", "d"}), "+zset\r\n");
  EXPECT_EQ(Run({"zunionstore", "z1", "2", "z1", "z2"}), Int(4));
  EXPECT_EQ(Run({"zrange", "z1", "0", "-1", "withscores"}),
            Bulks({"a", "1", "b", "12", "c", "23", "d", "30"}));
}

TEST_F(ZSetCommandsTest, ZInterCard) {
  ASSERT_EQ(Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"}), Int(3));
  ASSERT_EQ(Run({"zadd", "z2", "10", "b", "20", "c", "30", "d"}), Int(3));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2"}), Int(2));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "limit", "1"}), Int(1));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "limit", "0"}), Int(2));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "none"}), Int(0));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "limit", "-1"}),
            Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "limit", "x"}),
            Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "withscores"}), kSyntax);
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "weights", "1", "1"}), kSyntax);
  EXPECT_EQ(Run({"zintercard", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zintercard' command"));
  EXPECT_EQ(Run({"zintercard", "x", "z1"}), kNotInt);
  EXPECT_EQ(Run({"zintercard", "3", "z1", "z2"}), kSyntax);
  ASSERT_EQ(Run({"set", "str", "v"}), kOk);
  EXPECT_EQ(Run({"zintercard", "1", "str"}), kWrongType);
}

// --- pops -----------------------------------------------------------------

TEST_F(ZSetCommandsTest, ZPopMinMax) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d"}), Int(4));
  EXPECT_EQ(Run({"zpopmin", "z"}), Bulks({"a", "1"}));
  EXPECT_EQ(Run({"zpopmax", "z"}), Bulks({"d", "4"}));
  EXPECT_EQ(Run({"zpopmin", "z", "0"}), kEmpty);
  EXPECT_EQ(Run({"zpopmax", "z", "10"}), Bulks({"c", "3", "b", "2"}));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"zpopmin", "z"}), kEmpty);
  EXPECT_EQ(Run({"zpopmin", "z", "2"}), kEmpty);
  EXPECT_EQ(Run({"zpopmin", "z", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"zpopmin", "z", "x"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"zpopmin", "z", "1", "2"}), kSyntax);
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zpopmin", "s"}), kWrongType);
  EXPECT_EQ(Run({"zpopmin", "s", "x"}), Err("ERR value is out of range, must be positive"));
}

TEST_F(ZSetCommandsTest, ZPopInResp3) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d"}), Int(4));
  Resp3();
  // A plain pop stays flat; with a count every element is a pair.
  EXPECT_EQ(Run({"zpopmin", "z"}), Arr(2) + Bulk("a") + D("1"));
  EXPECT_EQ(Run({"zpopmin", "z", "1"}), Pairs3({{"b", "2"}}));
  EXPECT_EQ(Run({"zpopmax", "z", "5"}), Pairs3({{"d", "4"}, {"c", "3"}}));
  EXPECT_EQ(Run({"zpopmin", "z"}), kEmpty);
}

TEST_F(ZSetCommandsTest, ZMPop) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), Int(5));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min"}),
            Arr(2) + Bulk("z") + Arr(1) + Arr(2) + Bulk("a") + Bulk("1"));
  EXPECT_EQ(Run({"zmpop", "1", "z", "MAX", "COUNT", "2"}),
            Arr(2) + Bulk("z") + Arr(2) + Arr(2) + Bulk("e") + Bulk("5") + Arr(2) + Bulk("d") +
                Bulk("4"));
  EXPECT_EQ(Run({"zmpop", "2", "none", "z", "min", "count", "10"}),
            Arr(2) + Bulk("z") + Arr(2) + Arr(2) + Bulk("b") + Bulk("2") + Arr(2) + Bulk("c") +
                Bulk("3"));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"zmpop", "1", "none", "min"}), kNullArray);
  // The first existing key is the one used (and type-checked).
  EXPECT_EQ(Run({"zmpop", "2", "none", "s", "min"}), kWrongType);
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"zmpop", "2", "z", "s", "min"}),
            Arr(2) + Bulk("z") + Arr(1) + Arr(2) + Bulk("a") + Bulk("1"));
  Resp3();
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"zmpop", "1", "z", "min"}), Arr(2) + Bulk("z") + Pairs3({{"a", "1"}}));
  EXPECT_EQ(Run({"zmpop", "1", "z", "min"}), kNull3);
}

TEST_F(ZSetCommandsTest, ZMPopErrors) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  const std::string numkeys = Err("ERR numkeys should be greater than 0");
  const std::string count = Err("ERR count should be greater than 0");
  EXPECT_EQ(Run({"zmpop", "0", "z", "min"}), numkeys);
  EXPECT_EQ(Run({"zmpop", "-1", "z", "min"}), numkeys);
  EXPECT_EQ(Run({"zmpop", "x", "z", "min"}), numkeys);
  EXPECT_EQ(Run({"zmpop", "2", "z", "min"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "9223372036854775807", "z", "min"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "z", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min", "count", "0"}), count);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min", "count", "x"}), count);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min", "count"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min", "count", "1", "count", "1"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "z", "min", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zcard", "z"}), Int(1));
}

// --- blocking pops --------------------------------------------------------

TEST_F(ZSetCommandsTest, BZPopServesAtOnceWhenAKeyHasData) {
  ctx_.may_block = true;
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b"}), Int(2));
  EXPECT_EQ(Run({"bzpopmin", "none", "z", "0"}), Bulks({"z", "a", "1"}));
  EXPECT_EQ(Run({"bzpopmax", "z", "0"}), Bulks({"z", "b", "2"}));
  EXPECT_FALSE(ctx_.block.has_value());
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  Resp3();
  ASSERT_EQ(Run({"zadd", "z", "1.5", "a"}), Int(1));
  EXPECT_EQ(Run({"bzpopmax", "z", "0"}), Arr(3) + Bulk("z") + Bulk("a") + D("1.5"));
}

TEST_F(ZSetCommandsTest, BZPopBlocksWithKeysAndDeadline) {
  ctx_.may_block = true;
  EXPECT_EQ(Run({"bzpopmin", "k1", "k2", "1.5"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(ctx_.block->deadline_ms, kStartMs + 1500);
  ctx_.block.reset();
  EXPECT_EQ(Run({"bzpopmax", "k1", "0"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->deadline_ms, 0);
  // The server re-runs the command once a key gets a sorted set.
  ctx_.block.reset();
  ASSERT_EQ(Run({"zadd", "k2", "7", "m"}), Int(1));
  EXPECT_EQ(Run({"bzpopmin", "k1", "k2", "1.5"}), Bulks({"k2", "m", "7"}));
  EXPECT_FALSE(ctx_.block.has_value());
}

TEST_F(ZSetCommandsTest, BZPopRepliesNullWhenItMayNotBlock) {
  ctx_.may_block = false;  // inside MULTI
  EXPECT_EQ(Run({"bzpopmin", "none", "0"}), kNullArray);
  EXPECT_EQ(Run({"bzmpop", "0", "1", "none", "min"}), kNullArray);
  EXPECT_FALSE(ctx_.block.has_value());
  Resp3();
  EXPECT_EQ(Run({"bzpopmax", "none", "0"}), kNull3);
  EXPECT_EQ(Run({"bzmpop", "0", "1", "none", "max"}), kNull3);
}

TEST_F(ZSetCommandsTest, BZPopErrors) {
  ctx_.may_block = true;
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"bzpopmin", "s", "0"}), kWrongType);
  EXPECT_EQ(Run({"bzpopmin", "none", "s", "0"}), kWrongType);
  EXPECT_EQ(Run({"bzpopmin", "none", "x"}), Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"bzpopmin", "none", ""}), Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"bzpopmin", "none", "-1"}), Err("ERR timeout is negative"));
  // The timeout is read before any key.
  EXPECT_EQ(Run({"bzpopmax", "s", "x"}), Err("ERR timeout is not a float or out of range"));
  // A key with data ends the search before a later wrong-typed key.
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"bzpopmax", "z", "s", "0"}), Bulks({"z", "a", "1"}));
  EXPECT_FALSE(ctx_.block.has_value());
}

TEST_F(ZSetCommandsTest, BZMPop) {
  ctx_.may_block = true;
  ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c"}), Int(3));
  EXPECT_EQ(Run({"bzmpop", "0", "2", "none", "z", "max", "count", "2"}),
            Arr(2) + Bulk("z") + Arr(2) + Arr(2) + Bulk("c") + Bulk("3") + Arr(2) + Bulk("b") +
                Bulk("2"));
  EXPECT_EQ(Run({"bzmpop", "0", "1", "z", "min", "count", "5"}),
            Arr(2) + Bulk("z") + Arr(1) + Arr(2) + Bulk("a") + Bulk("1"));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"bzmpop", "2.5", "2", "k1", "k2", "min"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(ctx_.block->deadline_ms, kStartMs + 2500);
  ctx_.block.reset();
  // Argument errors come before the timeout's.
  EXPECT_EQ(Run({"bzmpop", "x", "0", "none", "min"}),
            Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"bzmpop", "x", "1", "none", "foo"}), kSyntax);
  EXPECT_EQ(Run({"bzmpop", "x", "1", "none", "min"}),
            Err("ERR timeout is not a float or out of range"));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"bzmpop", "0", "2", "none", "s", "max"}), kWrongType);
  EXPECT_FALSE(ctx_.block.has_value());
  Resp3();
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"bzmpop", "0", "1", "z", "min"}), Arr(2) + Bulk("z") + Pairs3({{"a", "1"}}));
}

// --- ZRANDMEMBER ----------------------------------------------------------

TEST_F(ZSetCommandsTest, ZRandMemberShapes) {
  Abc();
  const std::set<std::string> members = {"a", "b", "c"};
  for (int i = 0; i < 20; ++i) {
    std::string one = Run({"zrandmember", "z"});
    ASSERT_EQ(one.size(), 7u);
    EXPECT_TRUE(members.count(one.substr(4, 1))) << one;
  }
  // Asking for at least the whole set returns it, highest first.
  EXPECT_EQ(Run({"zrandmember", "z", "3"}), Bulks({"c", "b", "a"}));
  EXPECT_EQ(Run({"zrandmember", "z", "5", "withscores"}),
            Bulks({"c", "3", "b", "2", "a", "1"}));
  EXPECT_EQ(Run({"zrandmember", "z", "0"}), kEmpty);
  EXPECT_EQ(Run({"zrandmember", "none"}), kNil);
  EXPECT_EQ(Run({"zrandmember", "none", "2"}), kEmpty);
  // Positive counts are distinct members.
  for (int i = 0; i < 20; ++i) {
    std::string two = Run({"zrandmember", "z", "2"});
    ASSERT_EQ(two.size(), 4u + 7u + 7u) << two;
    EXPECT_NE(two.substr(8, 1), two.substr(15, 1)) << two;
  }
  // Negative counts may repeat and return exactly that many.
  std::string many = Run({"zrandmember", "z", "-50"});
  EXPECT_EQ(many.substr(0, 5), "*50\r\n");
  EXPECT_EQ(many.size(), 5u + 50u * 7u);
  std::set<std::string> seen;
  for (std::size_t i = 5; i < many.size(); i += 7) seen.insert(many.substr(i + 4, 1));
  EXPECT_EQ(seen, members);
  std::string scored = Run({"zrandmember", "z", "-1", "withscores"});
  EXPECT_EQ(scored.substr(0, 4), "*2\r\n");
}

TEST_F(ZSetCommandsTest, ZRandMemberResp3AndErrors) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"zrandmember", "z", "1", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zrandmember", "z", "1", "withscores", "x"}), kSyntax);
  EXPECT_EQ(Run({"zrandmember", "z", "x"}), kNotInt);
  EXPECT_EQ(Run({"zrandmember", "z", "-9223372036854775808"}),
            Err("ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807"));
  EXPECT_EQ(Run({"zrandmember", "z", "9223372036854775807", "withscores"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"zrandmember", "z", "-4611686018427387904", "withscores"}),
            Err("ERR value is out of range"));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zrandmember", "s"}), kWrongType);
  EXPECT_EQ(Run({"zrandmember", "s", "1"}), kWrongType);
  EXPECT_EQ(Run({"zrandmember", "s", "x"}), kNotInt);
  Resp3();
  EXPECT_EQ(Run({"zrandmember", "z", "1", "withscores"}), Pairs3({{"a", "1"}}));
  EXPECT_EQ(Run({"zrandmember", "z", "-2", "withscores"}), Pairs3({{"a", "1"}, {"a", "1"}}));
  EXPECT_EQ(Run({"zrandmember", "z", "2", "withscores"}), Pairs3({{"a", "1"}}));
  EXPECT_EQ(Run({"zrandmember", "none"}), kNull3);
  EXPECT_EQ(Run({"zrandmember", "none", "1"}), kEmpty);
}

// --- ZSCAN ----------------------------------------------------------------

TEST_F(ZSetCommandsTest, ZScanOfASmallSetReturnsEverything) {
  ASSERT_EQ(Run({"zadd", "z", "1e17", "a", "1.5", "b", "-1e17", "c", "5e18", "d", "1e-5", "e"}),
            Int(5));
  // Listpack text of the scores: integers where they fit, else %.17g.
  EXPECT_EQ(Run({"zscan", "z", "0"}),
            Arr(2) + Bulk("0") +
                Bulks({"c", "-100000000000000000", "e", "1.0000000000000001e-05", "b", "1.5", "a",
                       "100000000000000000", "d", "5e+18"}));
  EXPECT_EQ(Run({"zscan", "z", "5", "count", "1", "match", "[ab]"}),
            Arr(2) + Bulk("0") + Bulks({"b", "1.5", "a", "100000000000000000"}));
  EXPECT_EQ(Run({"zscan", "none", "0", "foo"}), Arr(2) + Bulk("0") + kEmpty);
  Resp3();
  EXPECT_EQ(Run({"zscan", "z", "0", "match", "b"}), Arr(2) + Bulk("0") + Bulks({"b", "1.5"}));
}

TEST_F(ZSetCommandsTest, ZScanErrorsInRedisOrder) {
  ASSERT_EQ(Run({"zadd", "z", "1", "a"}), Int(1));
  ASSERT_EQ(Run({"set", "s", "v"}), kOk);
  EXPECT_EQ(Run({"zscan", "none", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"zscan", "s", "0", "foo"}), kWrongType);
  EXPECT_EQ(Run({"zscan", "z", "0", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "z", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "z", "0", "type", "zset"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "z", "0", "match"}), kSyntax);
}

TEST_F(ZSetCommandsTest, ZScanOfALargeSetVisitsEveryMemberOnce) {
  std::vector<std::string> argv = {"zadd", "big"};
  for (int i = 0; i < 200; ++i) {
    argv.push_back(std::to_string(i) + ".5");
    argv.push_back("m" + std::to_string(i));
  }
  ASSERT_EQ(Run(argv), Int(200));
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    std::string reply = Run({"zscan", "big", cursor, "count", "20"});
    // *2 $n cursor *m (member score)...
    std::size_t pos = reply.find("\r\n", 4);
    std::size_t len_start = reply.find('$') + 1;
    std::size_t len = std::stoul(reply.substr(len_start, reply.find("\r\n", len_start) - len_start));
    std::size_t cursor_start = reply.find("\r\n", len_start) + 2;
    cursor = reply.substr(cursor_start, len);
    pos = cursor_start + len + 2;
    std::size_t count_end = reply.find("\r\n", pos);
    std::size_t items = std::stoul(reply.substr(pos + 1, count_end - pos - 1));
    ASSERT_EQ(items % 2, 0u);
    pos = count_end + 2;
    for (std::size_t i = 0; i < items; ++i) {
      std::size_t eol = reply.find("\r\n", pos);
      std::size_t n = std::stoul(reply.substr(pos + 1, eol - pos - 1));
      std::string item = reply.substr(eol + 2, n);
      pos = eol + 2 + n + 2;
      if (i % 2 == 0) {
        EXPECT_TRUE(seen.insert(item).second) << "twice: " << item;
      } else {
        EXPECT_EQ(item.substr(item.size() - 2), ".5");
      }
    }
    ++calls;
  } while (cursor != "0" && calls < 1000);
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_GT(calls, 1);
}

// --- expiry ---------------------------------------------------------------

TEST_F(ZSetCommandsTest, ExpiredKeysAreMissing) {
  Abc();
  ASSERT_EQ(Run({"pexpire", "z", "100"}), Int(1));
  clock_.Advance(Duration(100));
  EXPECT_EQ(Run({"zcard", "z"}), Int(0));
  EXPECT_EQ(Run({"zadd", "z", "xx", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "z", "5", "n"}), Int(1));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}), Bulks({"n", "5"}));
  EXPECT_EQ(Run({"ttl", "z"}), Int(-1));
}

}  // namespace
}  // namespace sim::elasticache::redis
