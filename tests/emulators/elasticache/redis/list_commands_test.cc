// List commands, client-session style: each Run({...}) is one command and
// returns the exact reply bytes Redis 7.0.15 sends (checked against a real
// redis-server).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/keyspace.h"
#include "tests/emulators/elasticache/redis/redis_session.h"

namespace sim::elasticache::redis {
namespace {

class ListCommandsTest : public RedisSessionTest {
 protected:
  // An array of bulk strings.
  static std::string Bulks(const std::vector<std::string>& items) {
    std::string out = "*" + std::to_string(items.size()) + "\r\n";
    for (const std::string& item : items) out += Bulk(item);
    return out;
  }
  static std::string Ints(const std::vector<std::int64_t>& items) {
    std::string out = "*" + std::to_string(items.size()) + "\r\n";
    for (std::int64_t item : items) out += Int(item);
    return out;
  }
  std::string Range(const std::string& key) { return Run({"lrange", key, "0", "-1"}); }
  void Resp3() { writer_.set_protocol(RespProtocol::kResp3); }

  const std::string kNullArray = "*-1\r\n";
  const std::string kEmpty = "*0\r\n";
  const std::string kResp3Null = "_\r\n";
};

TEST_F(ListCommandsTest, RegistryRowsMatchCommandInfo) {
  struct Row {
    const char* name;
    int arity;
    std::uint32_t flags;
    int first, last, step;
  };
  constexpr std::uint32_t kWO = kWrite | kDenyOom;
  const Row rows[] = {
      {"lpush", -3, kWO | kFast, 1, 1, 1},       {"rpush", -3, kWO | kFast, 1, 1, 1},
      {"lpushx", -3, kWO | kFast, 1, 1, 1},      {"rpushx", -3, kWO | kFast, 1, 1, 1},
      {"lpop", -2, kWrite | kFast, 1, 1, 1},     {"rpop", -2, kWrite | kFast, 1, 1, 1},
      {"llen", 2, kReadOnly | kFast, 1, 1, 1},   {"lrange", 4, kReadOnly, 1, 1, 1},
      {"lindex", 3, kReadOnly, 1, 1, 1},         {"lset", 4, kWO, 1, 1, 1},
      {"linsert", 5, kWO, 1, 1, 1},              {"lrem", 4, kWrite, 1, 1, 1},
      {"ltrim", 4, kWrite, 1, 1, 1},             {"lpos", -3, kReadOnly, 1, 1, 1},
      {"lmove", 5, kWO, 1, 2, 1},                {"rpoplpush", 3, kWO, 1, 2, 1},
      {"lmpop", -4, kWrite, 0, 0, 0},            {"blpop", -3, kWrite | kBlocking, 1, -2, 1},
      {"brpop", -3, kWrite | kBlocking, 1, -2, 1}, {"blmove", 6, kWO | kBlocking, 1, 2, 1},
      {"brpoplpush", 4, kWO | kBlocking, 1, 2, 1}, {"blmpop", -5, kWrite | kBlocking, 0, 0, 0},
  };
  for (const Row& row : rows) {
    const CommandSpec* spec = registry_.Find(row.name);
    ASSERT_NE(spec, nullptr) << row.name;
    EXPECT_EQ(spec->name, row.name);
    EXPECT_EQ(spec->arity, row.arity) << row.name;
    EXPECT_EQ(spec->flags, row.flags) << row.name;
    EXPECT_EQ(spec->first_key, row.first) << row.name;
    EXPECT_EQ(spec->last_key, row.last) << row.name;
    EXPECT_EQ(spec->step, row.step) << row.name;
  }
}

TEST_F(ListCommandsTest, ArityErrors) {
  auto arity = [](const std::string& name) {
    return Err("ERR wrong number of arguments for '" + name + "' command");
  };
  EXPECT_EQ(Run({"lpush"}), arity("lpush"));
  EXPECT_EQ(Run({"LPUSH", "k"}), arity("lpush"));
  EXPECT_EQ(Run({"rpushx", "k"}), arity("rpushx"));
  EXPECT_EQ(Run({"lpop"}), arity("lpop"));
  // LPOP's arity is -2, but more than one count is refused by the command.
  EXPECT_EQ(Run({"LPOP", "k", "1", "2"}), arity("lpop"));
  EXPECT_EQ(Run({"rpop", "k", "1", "2"}), arity("rpop"));
  EXPECT_EQ(Run({"llen", "a", "b"}), arity("llen"));
  EXPECT_EQ(Run({"lrange", "k", "0"}), arity("lrange"));
  EXPECT_EQ(Run({"lindex", "k"}), arity("lindex"));
  EXPECT_EQ(Run({"lset", "k", "0"}), arity("lset"));
  EXPECT_EQ(Run({"linsert", "k", "before", "p"}), arity("linsert"));
  EXPECT_EQ(Run({"lrem", "k", "0"}), arity("lrem"));
  EXPECT_EQ(Run({"ltrim", "k", "0"}), arity("ltrim"));
  EXPECT_EQ(Run({"lpos", "k"}), arity("lpos"));
  EXPECT_EQ(Run({"lmove", "a", "b", "left"}), arity("lmove"));
  EXPECT_EQ(Run({"rpoplpush", "a"}), arity("rpoplpush"));
  EXPECT_EQ(Run({"lmpop", "1", "l"}), arity("lmpop"));
  EXPECT_EQ(Run({"blpop", "k"}), arity("blpop"));
  EXPECT_EQ(Run({"brpop", "k"}), arity("brpop"));
  EXPECT_EQ(Run({"blmove", "a", "b", "left", "left"}), arity("blmove"));
  EXPECT_EQ(Run({"brpoplpush", "a", "b"}), arity("brpoplpush"));
  EXPECT_EQ(Run({"blmpop", "0", "1", "l"}), arity("blmpop"));
}

TEST_F(ListCommandsTest, PushAndLength) {
  EXPECT_EQ(Run({"llen", "l"}), Int(0));
  EXPECT_EQ(Run({"rpush", "l", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"lpush", "l", "x", "y"}), Int(4));  // y x a b
  EXPECT_EQ(Range("l"), Bulks({"y", "x", "a", "b"}));
  EXPECT_EQ(Run({"llen", "l"}), Int(4));
  EXPECT_EQ(Run({"type", "l"}), "+list\r\n");
  EXPECT_EQ(Run({"rpush", "bin", std::string("a\0b", 3), ""}), Int(2));
  EXPECT_EQ(Range("bin"), Bulks({std::string("a\0b", 3), ""}));
}

TEST_F(ListCommandsTest, PushXOnlyTouchesExistingLists) {
  EXPECT_EQ(Run({"lpushx", "l", "a"}), Int(0));
  EXPECT_EQ(Run({"rpushx", "l", "a", "b"}), Int(0));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Run({"rpush", "l", "m"}), Int(1));
  EXPECT_EQ(Run({"lpushx", "l", "a", "b"}), Int(3));
  EXPECT_EQ(Run({"rpushx", "l", "y", "z"}), Int(5));
  EXPECT_EQ(Range("l"), Bulks({"b", "a", "m", "y", "z"}));
}

TEST_F(ListCommandsTest, PopSingle) {
  EXPECT_EQ(Run({"lpop", "l"}), kNil);
  EXPECT_EQ(Run({"rpop", "l"}), kNil);
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Run({"lpop", "l"}), Bulk("a"));
  EXPECT_EQ(Run({"rpop", "l"}), Bulk("c"));
  EXPECT_EQ(Run({"RPOP", "l"}), Bulk("b"));
  // The last element gone, the key is gone.
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Run({"lpop", "l"}), kNil);
}

TEST_F(ListCommandsTest, PopWithCount) {
  // A missing key answers a null array when a count is given, even count 0.
  EXPECT_EQ(Run({"lpop", "missing", "1"}), kNullArray);
  EXPECT_EQ(Run({"rpop", "missing", "0"}), kNullArray);
  Run({"rpush", "l", "a", "b", "c", "d", "e"});
  EXPECT_EQ(Run({"lpop", "l", "0"}), kEmpty);
  EXPECT_EQ(Run({"rpop", "l", "2"}), Bulks({"e", "d"}));
  EXPECT_EQ(Run({"lpop", "l", "1"}), Bulks({"a"}));
  EXPECT_EQ(Run({"lpop", "l", "10"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  Run({"rpush", "l", "a", "b"});
  EXPECT_EQ(Run({"rpop", "l", "9223372036854775807"}), Bulks({"b", "a"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
}

TEST_F(ListCommandsTest, PopCountErrorsComeBeforeTheLookup) {
  const std::string positive = Err("ERR value is out of range, must be positive");
  EXPECT_EQ(Run({"lpop", "missing", "-1"}), positive);
  EXPECT_EQ(Run({"lpop", "missing", "x"}), positive);
  EXPECT_EQ(Run({"rpop", "missing", "1.5"}), positive);
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"lpop", "s", "-1"}), positive);
  EXPECT_EQ(Run({"lpop", "s", "0"}), kWrongType);
  EXPECT_EQ(Run({"lpop", "s"}), kWrongType);
}

TEST_F(ListCommandsTest, PopNullShapesInResp3) {
  Resp3();
  EXPECT_EQ(Run({"lpop", "missing"}), kResp3Null);
  EXPECT_EQ(Run({"lpop", "missing", "1"}), kResp3Null);
  EXPECT_EQ(Run({"rpop", "missing", "0"}), kResp3Null);
  Run({"rpush", "l", "a", "b"});
  EXPECT_EQ(Run({"lpop", "l", "0"}), kEmpty);
  EXPECT_EQ(Run({"rpop", "l", "5"}), Bulks({"b", "a"}));
}

TEST_F(ListCommandsTest, RangeWithNegativeAndOutOfRangeIndexes) {
  EXPECT_EQ(Run({"lrange", "missing", "0", "-1"}), kEmpty);
  Run({"rpush", "l", "a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(Run({"lrange", "l", "0", "2"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"lrange", "l", "-3", "-1"}), Bulks({"d", "e", "f"}));
  EXPECT_EQ(Run({"lrange", "l", "-100", "100"}), Bulks({"a", "b", "c", "d", "e", "f"}));
  EXPECT_EQ(Run({"lrange", "l", "4", "100"}), Bulks({"e", "f"}));
  EXPECT_EQ(Run({"lrange", "l", "5", "2"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "-1", "-3"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "6", "10"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "2", "-5"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "-9223372036854775808", "9223372036854775807"}),
            Bulks({"a", "b", "c", "d", "e", "f"}));
  // Indexes are parsed before the key is looked up.
  EXPECT_EQ(Run({"lrange", "missing", "x", "0"}), kNotInt);
  EXPECT_EQ(Run({"lrange", "l", "0", "1.0"}), kNotInt);
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"lrange", "s", "x", "0"}), kNotInt);
  EXPECT_EQ(Run({"lrange", "s", "0", "1"}), kWrongType);
}

TEST_F(ListCommandsTest, IndexAndSet) {
  EXPECT_EQ(Run({"lindex", "missing", "0"}), kNil);
  // The key is looked up first: a missing key answers null whatever the index.
  EXPECT_EQ(Run({"lindex", "missing", "x"}), kNil);
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Run({"lindex", "l", "0"}), Bulk("a"));
  EXPECT_EQ(Run({"lindex", "l", "2"}), Bulk("c"));
  EXPECT_EQ(Run({"lindex", "l", "-1"}), Bulk("c"));
  EXPECT_EQ(Run({"lindex", "l", "-3"}), Bulk("a"));
  EXPECT_EQ(Run({"lindex", "l", "3"}), kNil);
  EXPECT_EQ(Run({"lindex", "l", "-4"}), kNil);
  EXPECT_EQ(Run({"lindex", "l", "-9223372036854775808"}), kNil);
  EXPECT_EQ(Run({"lindex", "l", "x"}), kNotInt);

  EXPECT_EQ(Run({"lset", "l", "1", "B"}), kOk);
  EXPECT_EQ(Run({"lset", "l", "-1", "C"}), kOk);
  EXPECT_EQ(Range("l"), Bulks({"a", "B", "C"}));
  EXPECT_EQ(Run({"lset", "l", "3", "v"}), Err("ERR index out of range"));
  EXPECT_EQ(Run({"lset", "l", "-4", "v"}), Err("ERR index out of range"));
  EXPECT_EQ(Run({"lset", "l", "x", "v"}), kNotInt);
  EXPECT_EQ(Run({"lset", "missing", "0", "v"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"lset", "missing", "x", "v"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"exists", "missing"}), Int(0));

  Resp3();
  EXPECT_EQ(Run({"lindex", "missing", "0"}), kResp3Null);
  EXPECT_EQ(Run({"lindex", "l", "9"}), kResp3Null);
}

TEST_F(ListCommandsTest, Insert) {
  EXPECT_EQ(Run({"linsert", "missing", "before", "a", "b"}), Int(0));
  EXPECT_EQ(Run({"exists", "missing"}), Int(0));
  // BEFORE|AFTER is checked before the key.
  EXPECT_EQ(Run({"linsert", "missing", "middle", "a", "b"}), kSyntax);
  Run({"rpush", "l", "v"});
  EXPECT_EQ(Run({"linsert", "l", "Before", "v", "b"}), Int(2));
  EXPECT_EQ(Run({"linsert", "l", "AFTER", "v", "c"}), Int(3));
  EXPECT_EQ(Run({"linsert", "l", "after", "zz", "c"}), Int(-1));
  EXPECT_EQ(Range("l"), Bulks({"b", "v", "c"}));
  // The first pivot from the head is used.
  Run({"rpush", "l", "v"});
  EXPECT_EQ(Run({"linsert", "l", "after", "v", "w"}), Int(5));
  EXPECT_EQ(Range("l"), Bulks({"b", "v", "w", "c", "v"}));
  EXPECT_EQ(Run({"linsert", "l", "after", "v", "w", "x"}),
            Err("ERR wrong number of arguments for 'linsert' command"));
}

TEST_F(ListCommandsTest, Remove) {
  EXPECT_EQ(Run({"lrem", "missing", "0", "a"}), Int(0));
  EXPECT_EQ(Run({"lrem", "missing", "x", "a"}), kNotInt);
  Run({"rpush", "r", "a", "b", "a", "c", "a", "b", "a"});
  EXPECT_EQ(Run({"lrem", "r", "2", "a"}), Int(2));
  EXPECT_EQ(Range("r"), Bulks({"b", "c", "a", "b", "a"}));
  EXPECT_EQ(Run({"lrem", "r", "-1", "a"}), Int(1));
  EXPECT_EQ(Range("r"), Bulks({"b", "c", "a", "b"}));
  EXPECT_EQ(Run({"lrem", "r", "0", "b"}), Int(2));
  EXPECT_EQ(Range("r"), Bulks({"c", "a"}));
  EXPECT_EQ(Run({"lrem", "r", "5", "zz"}), Int(0));
  EXPECT_EQ(Run({"lrem", "r", "0", "a"}), Int(1));
  EXPECT_EQ(Run({"lrem", "r", "0", "c"}), Int(1));
  EXPECT_EQ(Run({"exists", "r"}), Int(0));
  // A count of LLONG_MIN removes every match from the tail.
  Run({"rpush", "m", "a", "x", "a", "a"});
  EXPECT_EQ(Run({"lrem", "m", "-9223372036854775808", "a"}), Int(3));
  EXPECT_EQ(Range("m"), Bulks({"x"}));
  Run({"rpush", "t", "a", "b", "a", "b"});
  EXPECT_EQ(Run({"lrem", "t", "-1", "b"}), Int(1));
  EXPECT_EQ(Range("t"), Bulks({"a", "b", "a"}));
}

TEST_F(ListCommandsTest, Trim) {
  EXPECT_EQ(Run({"ltrim", "missing", "0", "1"}), kOk);
  EXPECT_EQ(Run({"ltrim", "missing", "0", "x"}), kNotInt);
  Run({"rpush", "l", "a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(Run({"ltrim", "l", "1", "-2"}), kOk);
  EXPECT_EQ(Range("l"), Bulks({"b", "c", "d", "e"}));
  EXPECT_EQ(Run({"ltrim", "l", "-100", "2"}), kOk);
  EXPECT_EQ(Range("l"), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Run({"ltrim", "l", "1", "100"}), kOk);
  EXPECT_EQ(Range("l"), Bulks({"c", "d"}));
  // An empty range empties the list, which deletes the key.
  EXPECT_EQ(Run({"ltrim", "l", "-1", "-2"}), kOk);
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  Run({"rpush", "l", "a"});
  EXPECT_EQ(Run({"ltrim", "l", "1", "0"}), kOk);
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
}

TEST_F(ListCommandsTest, Pos) {
  Run({"rpush", "l", "a", "b", "c", "a", "b", "c", "a"});
  EXPECT_EQ(Run({"lpos", "l", "a"}), Int(0));
  EXPECT_EQ(Run({"lpos", "l", "c"}), Int(2));
  EXPECT_EQ(Run({"lpos", "l", "z"}), kNil);
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "2"}), Int(3));
  EXPECT_EQ(Run({"lpos", "l", "a", "RANK", "-1"}), Int(6));
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "4"}), kNil);
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "0"}), Ints({0, 3, 6}));
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "-2", "count", "0"}), Ints({3, 0}));
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "2", "rank", "2"}), Ints({3, 6}));
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "1"}), Ints({0}));
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "5", "rank", "5"}), kEmpty);
  EXPECT_EQ(Run({"lpos", "l", "z", "count", "0"}), kEmpty);
  // MAXLEN bounds how many elements are compared, from the scan's start.
  EXPECT_EQ(Run({"lpos", "l", "a", "maxlen", "1", "count", "0"}), Ints({0}));
  EXPECT_EQ(Run({"lpos", "l", "a", "maxlen", "3", "rank", "-1"}), Int(6));
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "2"}), kNil);
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "0"}), Int(2));
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "9223372036854775807"}), kNil);
  // Redis negates LLONG_MIN into itself: the first match from the tail
  // qualifies and COUNT never stops the scan.
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "-9223372036854775808"}), Int(6));
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "-9223372036854775808", "count", "1"}),
            Ints({6, 3, 0}));
  EXPECT_EQ(Run({"lpos", "missing", "a"}), kNil);
  EXPECT_EQ(Run({"lpos", "missing", "a", "count", "1"}), kEmpty);
}

TEST_F(ListCommandsTest, PosErrors) {
  Run({"rpush", "l", "a"});
  const std::string rank_zero = Err(
      "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
      "negative to start from the end of the list");
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "0"}), rank_zero);
  EXPECT_EQ(Run({"lpos", "l", "a", "rank", "x"}), kNotInt);
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "-1"}), Err("ERR COUNT can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "a", "count", "x"}), Err("ERR COUNT can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "a", "maxlen", "-1"}), Err("ERR MAXLEN can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "a", "maxlen", "x"}), Err("ERR MAXLEN can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "a", "rank"}), kSyntax);
  EXPECT_EQ(Run({"lpos", "l", "a", "foo", "1"}), kSyntax);
  // Redis 6's FIRST spelling is gone.
  EXPECT_EQ(Run({"lpos", "l", "a", "first", "1"}), kSyntax);
  // Options are checked before the key.
  EXPECT_EQ(Run({"lpos", "missing", "a", "rank", "0"}), rank_zero);
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"lpos", "s", "a", "rank", "0"}), rank_zero);
  EXPECT_EQ(Run({"lpos", "s", "a"}), kWrongType);
  Resp3();
  EXPECT_EQ(Run({"lpos", "missing", "a"}), kResp3Null);
  EXPECT_EQ(Run({"lpos", "l", "z"}), kResp3Null);
  EXPECT_EQ(Run({"lpos", "missing", "a", "count", "1"}), kEmpty);
}

TEST_F(ListCommandsTest, MoveBetweenEnds) {
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Run({"lmove", "l", "d", "left", "right"}), Bulk("a"));
  EXPECT_EQ(Run({"lmove", "l", "d", "RIGHT", "LEFT"}), Bulk("c"));
  EXPECT_EQ(Range("d"), Bulks({"c", "a"}));
  EXPECT_EQ(Run({"lmove", "l", "d", "right", "right"}), Bulk("b"));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Range("d"), Bulks({"c", "a", "b"}));
  EXPECT_EQ(Run({"lmove", "missing", "d", "left", "left"}), kNil);
  EXPECT_EQ(Run({"lmove", "l", "d", "middle", "left"}), kSyntax);
  EXPECT_EQ(Run({"lmove", "missing", "d", "left", "up"}), kSyntax);
}

TEST_F(ListCommandsTest, MoveOntoItselfRotates) {
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Run({"lmove", "l", "l", "left", "right"}), Bulk("a"));
  EXPECT_EQ(Range("l"), Bulks({"b", "c", "a"}));
  EXPECT_EQ(Run({"rpoplpush", "l", "l"}), Bulk("a"));
  EXPECT_EQ(Range("l"), Bulks({"a", "b", "c"}));
  // A one-element list moved onto itself keeps its key.
  Run({"rpush", "one", "x"});
  EXPECT_EQ(Run({"lmove", "one", "one", "left", "right"}), Bulk("x"));
  EXPECT_EQ(Range("one"), Bulks({"x"}));
}

TEST_F(ListCommandsTest, MoveWrongTypes) {
  Run({"set", "s", "v"});
  Run({"rpush", "l", "a"});
  EXPECT_EQ(Run({"lmove", "s", "d", "left", "left"}), kWrongType);
  EXPECT_EQ(Run({"lmove", "l", "s", "left", "left"}), kWrongType);
  // Nothing moved on a wrong-type destination.
  EXPECT_EQ(Range("l"), Bulks({"a"}));
  // A missing source answers null without looking at the destination.
  EXPECT_EQ(Run({"lmove", "missing", "s", "left", "left"}), kNil);
  EXPECT_EQ(Run({"rpoplpush", "l", "s"}), kWrongType);
  EXPECT_EQ(Run({"rpoplpush", "s", "l"}), kWrongType);
}

TEST_F(ListCommandsTest, RPopLPush) {
  EXPECT_EQ(Run({"rpoplpush", "missing", "d"}), kNil);
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  Run({"rpush", "l", "a", "b"});
  EXPECT_EQ(Run({"rpoplpush", "l", "d"}), Bulk("b"));
  EXPECT_EQ(Run({"rpoplpush", "l", "d"}), Bulk("a"));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Range("d"), Bulks({"a", "b"}));
  Resp3();
  EXPECT_EQ(Run({"rpoplpush", "missing", "d"}), kResp3Null);
}

TEST_F(ListCommandsTest, MovingIntoANewKeyNotifiesBlockedClients) {
  std::vector<std::string> ready;
  ReadyKeyListener listener = [&](Database&, std::string_view key) {
    ready.emplace_back(key);
  };
  keyspace_.SetReadyKeyListener(&listener);
  Run({"rpush", "src", "a", "b"});
  Run({"lmove", "src", "dst", "left", "left"});
  Run({"rpoplpush", "src", "dst"});  // dst exists now: no new signal
  Run({"lpushx", "none", "a"});
  EXPECT_EQ(ready, (std::vector<std::string>{"src", "dst"}));
  keyspace_.SetReadyKeyListener(nullptr);
}

TEST_F(ListCommandsTest, MultiPop) {
  Run({"rpush", "l", "a", "b", "c", "a", "b", "c", "a"});
  EXPECT_EQ(Run({"lmpop", "2", "missing", "l", "left", "count", "2"}),
            "*2\r\n" + Bulk("l") + Bulks({"a", "b"}));
  EXPECT_EQ(Run({"lmpop", "2", "missing", "l", "RIGHT", "COUNT", "2"}),
            "*2\r\n" + Bulk("l") + Bulks({"a", "c"}));
  EXPECT_EQ(Run({"lmpop", "1", "l", "left"}), "*2\r\n" + Bulk("l") + Bulks({"c"}));
  EXPECT_EQ(Run({"lmpop", "1", "missing", "left"}), kNullArray);
  EXPECT_EQ(Run({"lmpop", "1", "l", "right", "count", "100"}),
            "*2\r\n" + Bulk("l") + Bulks({"b", "a"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Run({"lmpop", "1", "l", "left"}), kNullArray);
  Resp3();
  EXPECT_EQ(Run({"lmpop", "1", "l", "left"}), kResp3Null);
  Run({"rpush", "l", "a"});
  EXPECT_EQ(Run({"lmpop", "1", "l", "left"}), "*2\r\n" + Bulk("l") + Bulks({"a"}));
}

TEST_F(ListCommandsTest, MultiPopErrors) {
  const std::string numkeys = Err("ERR numkeys should be greater than 0");
  const std::string count = Err("ERR count should be greater than 0");
  EXPECT_EQ(Run({"lmpop", "0", "l", "left"}), numkeys);
  EXPECT_EQ(Run({"lmpop", "x", "l", "left"}), numkeys);
  EXPECT_EQ(Run({"lmpop", "-1", "l", "left"}), numkeys);
  // numkeys leaves no room for LEFT|RIGHT.
  EXPECT_EQ(Run({"lmpop", "2", "l", "left"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "9223372036854775807", "l", "left"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "l", "middle"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "l", "left", "count", "0"}), count);
  EXPECT_EQ(Run({"lmpop", "1", "l", "left", "count", "x"}), count);
  EXPECT_EQ(Run({"lmpop", "1", "l", "left", "count", "1", "count", "1"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "l", "left", "foo"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "l", "left", "count"}), kSyntax);
  // A wrong-type key counts only if it comes before a key with data.
  Run({"set", "s", "v"});
  Run({"rpush", "l", "a", "b"});
  EXPECT_EQ(Run({"lmpop", "2", "s", "l", "left"}), kWrongType);
  EXPECT_EQ(Run({"lmpop", "2", "l", "s", "left", "count", "5"}),
            "*2\r\n" + Bulk("l") + Bulks({"a", "b"}));
}

TEST_F(ListCommandsTest, WrongTypeEverywhere) {
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"lpush", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"rpush", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"lpushx", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"rpushx", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"rpop", "s"}), kWrongType);
  EXPECT_EQ(Run({"llen", "s"}), kWrongType);
  EXPECT_EQ(Run({"lindex", "s", "0"}), kWrongType);
  EXPECT_EQ(Run({"lindex", "s", "x"}), kWrongType);
  EXPECT_EQ(Run({"lset", "s", "0", "v"}), kWrongType);
  EXPECT_EQ(Run({"lset", "s", "x", "v"}), kWrongType);
  EXPECT_EQ(Run({"linsert", "s", "before", "a", "b"}), kWrongType);
  EXPECT_EQ(Run({"linsert", "s", "middle", "a", "b"}), kSyntax);
  EXPECT_EQ(Run({"lrem", "s", "0", "a"}), kWrongType);
  EXPECT_EQ(Run({"ltrim", "s", "0", "1"}), kWrongType);
  EXPECT_EQ(Run({"get", "s"}), Bulk("v"));
}

TEST_F(ListCommandsTest, ExpiredListIsMissing) {
  Run({"rpush", "l", "a"});
  EXPECT_EQ(Run({"pexpire", "l", "100"}), Int(1));
  clock_.Advance(Duration(100));
  EXPECT_EQ(Run({"llen", "l"}), Int(0));
  EXPECT_EQ(Run({"rpushx", "l", "b"}), Int(0));
  EXPECT_EQ(Run({"rpush", "l", "b"}), Int(1));
  EXPECT_EQ(Run({"ttl", "l"}), Int(-1));
}

// ---- Blocking commands ----

TEST_F(ListCommandsTest, BlockingPopServesAtOnceWhenAKeyHasData) {
  ctx_.may_block = true;
  Run({"rpush", "b", "x", "y"});
  EXPECT_EQ(Run({"blpop", "a", "b", "0"}), Bulks({"b", "x"}));
  EXPECT_EQ(Run({"brpop", "a", "b", "0"}), Bulks({"b", "y"}));
  EXPECT_FALSE(ctx_.block.has_value());
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  // The first key with data wins.
  Run({"rpush", "a", "1"});
  Run({"rpush", "b", "2"});
  EXPECT_EQ(Run({"BRPOP", "a", "b", "1.5"}), Bulks({"a", "1"}));
  Resp3();
  EXPECT_EQ(Run({"blpop", "b", "0"}), Bulks({"b", "2"}));
}

TEST_F(ListCommandsTest, BlockingPopParksTheClientThenServesTheRerun) {
  ctx_.may_block = true;
  EXPECT_EQ(Run({"blpop", "a", "b", "0"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ctx_.block->deadline_ms, 0);
  ctx_.block.reset();

  EXPECT_EQ(Run({"brpop", "a", "2.5"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"a"}));
  EXPECT_EQ(ctx_.block->deadline_ms, kStartMs + 2500);
  ctx_.block.reset();

  // Another client pushes; the server re-runs the parked command.
  EXPECT_EQ(Run({"rpush", "b", "v1", "v2"}), Int(2));
  EXPECT_EQ(Run({"blpop", "a", "b", "0"}), Bulks({"b", "v1"}));
  EXPECT_FALSE(ctx_.block.has_value());
  EXPECT_EQ(Run({"brpop", "a", "b", "0"}), Bulks({"b", "v2"}));
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
}

TEST_F(ListCommandsTest, BlockingPopInsideMultiRepliesTheTimeoutNull) {
  ctx_.may_block = false;
  EXPECT_EQ(Run({"blpop", "a", "0"}), kNullArray);
  EXPECT_EQ(Run({"brpop", "a", "b", "10"}), kNullArray);
  EXPECT_FALSE(ctx_.block.has_value());
  Resp3();
  EXPECT_EQ(Run({"blpop", "a", "0"}), kResp3Null);
}

TEST_F(ListCommandsTest, BlockingPopErrors) {
  ctx_.may_block = true;
  EXPECT_EQ(Run({"blpop", "a", "x"}), Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"blpop", "a", "-1"}), Err("ERR timeout is negative"));
  Run({"set", "s", "v"});
  Run({"rpush", "l", "a"});
  // A wrong-type key met before any key with data is an error at once.
  EXPECT_EQ(Run({"blpop", "missing", "s", "l", "0"}), kWrongType);
  EXPECT_EQ(Run({"blpop", "s", "0"}), kWrongType);
  EXPECT_FALSE(ctx_.block.has_value());
  // ...but a key with data before it is served.
  EXPECT_EQ(Run({"brpop", "l", "s", "0"}), Bulks({"l", "a"}));
  // The timeout is checked before the keys.
  EXPECT_EQ(Run({"blpop", "s", "x"}), Err("ERR timeout is not a float or out of range"));
}

TEST_F(ListCommandsTest, BlockingMove) {
  ctx_.may_block = true;
  Run({"rpush", "src", "a", "b"});
  EXPECT_EQ(Run({"blmove", "src", "dst", "left", "right", "0"}), Bulk("a"));
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), Bulk("b"));
  EXPECT_EQ(Run({"exists", "src"}), Int(0));
  EXPECT_EQ(Range("dst"), Bulks({"b", "a"}));

  // Empty source: park on the source key only.
  EXPECT_EQ(Run({"blmove", "src", "dst", "right", "left", "0.25"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"src"}));
  EXPECT_EQ(ctx_.block->deadline_ms, kStartMs + 250);
  ctx_.block.reset();
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"src"}));
  EXPECT_EQ(ctx_.block->deadline_ms, 0);
  ctx_.block.reset();

  Run({"lpush", "src", "c"});
  EXPECT_EQ(Run({"blmove", "src", "dst", "right", "left", "0.25"}), Bulk("c"));
  EXPECT_FALSE(ctx_.block.has_value());
  EXPECT_EQ(Range("dst"), Bulks({"c", "b", "a"}));
  Run({"rpush", "src", "d"});
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), Bulk("d"));
  EXPECT_EQ(Run({"exists", "src"}), Int(0));
}

TEST_F(ListCommandsTest, BlockingMoveInsideMultiRepliesAPlainNull) {
  // Redis answers BLMOVE / BRPOPLPUSH with addReplyNull here (a null array
  // only when a real block times out).
  ctx_.may_block = false;
  EXPECT_EQ(Run({"blmove", "src", "dst", "left", "left", "0"}), kNil);
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), kNil);
  EXPECT_FALSE(ctx_.block.has_value());
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  Resp3();
  EXPECT_EQ(Run({"blmove", "src", "dst", "left", "left", "0"}), kResp3Null);
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), kResp3Null);
}

TEST_F(ListCommandsTest, BlockingMoveErrors) {
  ctx_.may_block = true;
  const std::string not_float = Err("ERR timeout is not a float or out of range");
  EXPECT_EQ(Run({"blmove", "a", "b", "middle", "left", "x"}), kSyntax);
  EXPECT_EQ(Run({"blmove", "a", "b", "left", "middle", "0"}), kSyntax);
  EXPECT_EQ(Run({"blmove", "a", "b", "left", "left", "x"}), not_float);
  EXPECT_EQ(Run({"blmove", "a", "b", "left", "left", "-1"}), Err("ERR timeout is negative"));
  EXPECT_EQ(Run({"brpoplpush", "a", "b", "x"}), not_float);
  EXPECT_EQ(Run({"brpoplpush", "a", "b", "-1"}), Err("ERR timeout is negative"));
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"blmove", "s", "b", "left", "left", "0"}), kWrongType);
  EXPECT_EQ(Run({"brpoplpush", "s", "b", "0"}), kWrongType);
  // A wrong-type destination only matters once there is something to move.
  EXPECT_EQ(Run({"brpoplpush", "a", "s", "0"}), "");
  EXPECT_TRUE(ctx_.block.has_value());
  ctx_.block.reset();
  Run({"rpush", "a", "x"});
  EXPECT_EQ(Run({"blmove", "a", "s", "left", "left", "0"}), kWrongType);
  EXPECT_EQ(Run({"brpoplpush", "a", "s", "0"}), kWrongType);
  EXPECT_EQ(Range("a"), Bulks({"x"}));
  EXPECT_FALSE(ctx_.block.has_value());
}

TEST_F(ListCommandsTest, BlockingMultiPop) {
  ctx_.may_block = true;
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Run({"blmpop", "0", "2", "missing", "l", "left", "count", "2"}),
            "*2\r\n" + Bulk("l") + Bulks({"a", "b"}));
  EXPECT_EQ(Run({"blmpop", "0", "1", "l", "right", "count", "20"}),
            "*2\r\n" + Bulk("l") + Bulks({"c"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_FALSE(ctx_.block.has_value());

  EXPECT_EQ(Run({"blmpop", "1.5", "2", "x", "l", "right"}), "");
  ASSERT_TRUE(ctx_.block.has_value());
  EXPECT_EQ(ctx_.block->keys, (std::vector<std::string>{"x", "l"}));
  EXPECT_EQ(ctx_.block->deadline_ms, kStartMs + 1500);
  ctx_.block.reset();
  Run({"rpush", "l", "p", "q"});
  EXPECT_EQ(Run({"blmpop", "1.5", "2", "x", "l", "right"}), "*2\r\n" + Bulk("l") + Bulks({"q"}));

  ctx_.may_block = false;
  EXPECT_EQ(Run({"blmpop", "0", "1", "missing", "left"}), kNullArray);
  Resp3();
  EXPECT_EQ(Run({"blmpop", "0", "1", "missing", "left"}), kResp3Null);
  EXPECT_FALSE(ctx_.block.has_value());
}

TEST_F(ListCommandsTest, BlockingMultiPopErrors) {
  ctx_.may_block = true;
  // numkeys, LEFT|RIGHT and COUNT are checked before the timeout.
  EXPECT_EQ(Run({"blmpop", "x", "0", "l", "left"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"blmpop", "x", "1", "l", "middle"}), kSyntax);
  EXPECT_EQ(Run({"blmpop", "0", "1", "l", "left", "count", "0", "extra"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"blmpop", "x", "1", "l", "left"}),
            Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"blmpop", "-1", "1", "l", "left"}), Err("ERR timeout is negative"));
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"blmpop", "0", "1", "s", "left"}), kWrongType);
  EXPECT_FALSE(ctx_.block.has_value());
}

}  // namespace
}  // namespace sim::elasticache::redis
