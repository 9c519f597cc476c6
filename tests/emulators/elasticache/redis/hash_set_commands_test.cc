// Client-session tests of the hash and set commands: each Run({...}) is one
// command and returns the exact reply bytes Redis 7.0 would send. Replies
// listing several hash fields (or non-integer set members) come in table
// order, so those are compared as multisets; single elements and intsets
// (which Redis lists in ascending order) are compared byte for byte.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/encoding.h"
#include "tests/emulators/elasticache/redis/redis_session.h"

namespace sim::elasticache::redis {
namespace {

// A decoded reply: its type byte, the text of a scalar, or the items of an
// aggregate (a map's keys and values alternate).
struct Reply {
  char type = 0;
  std::string text;
  std::vector<Reply> items;
};

Reply Decode(const std::string& bytes, std::size_t& pos) {
  Reply r;
  r.type = bytes.at(pos);
  std::size_t eol = bytes.find("\r\n", pos);
  std::string line = bytes.substr(pos + 1, eol - pos - 1);
  pos = eol + 2;
  if (r.type == '$' || r.type == '=') {
    long long n = std::stoll(line);
    if (n >= 0) {
      r.text = bytes.substr(pos, static_cast<std::size_t>(n));
      pos += static_cast<std::size_t>(n) + 2;
    }
  } else if (r.type == '*' || r.type == '~' || r.type == '%' || r.type == '>') {
    long long n = std::stoll(line);
    if (r.type == '%') n *= 2;
    for (long long i = 0; i < n; ++i) r.items.push_back(Decode(bytes, pos));
  } else {
    r.text = line;
  }
  return r;
}

Reply Decode(const std::string& bytes) {
  std::size_t pos = 0;
  Reply r = Decode(bytes, pos);
  EXPECT_EQ(pos, bytes.size()) << "trailing bytes in " << bytes;
  return r;
}

// The texts of an aggregate's items.
std::vector<std::string> Texts(const Reply& r) {
  std::vector<std::string> out;
  for (const Reply& item : r.items) out.push_back(item.text);
  return out;
}

std::multiset<std::string> Bag(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Field → value of a flat field/value list.
std::map<std::string, std::string> Pairs(const std::vector<std::string>& flat) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

class HashSetCommandsTest : public RedisSessionTest {
 protected:
  void Resp3() { writer_.set_protocol(RespProtocol::kResp3); }
  static std::string Arity(const std::string& command) {
    return Err("ERR wrong number of arguments for '" + command + "' command");
  }
  // "*N" then the bulks, in order.
  static std::string Array(const std::vector<std::string>& items, char type = '*') {
    std::string out = type + std::to_string(items.size()) + "\r\n";
    for (const std::string& item : items) out += Bulk(item);
    return out;
  }
  static std::string EmptyScan() { return "*2\r\n$1\r\n0\r\n*0\r\n"; }

  // HSCAN/SSCAN from cursor 0 until it returns 0; every item returned, in order.
  std::vector<std::string> ScanAll(const std::string& command, const std::string& key,
                                   std::vector<std::string> options, int* calls = nullptr) {
    std::vector<std::string> all;
    std::string cursor = "0";
    int n = 0;
    do {
      std::vector<std::string> argv = {command, key, cursor};
      argv.insert(argv.end(), options.begin(), options.end());
      Reply r = Decode(Run(argv));
      EXPECT_EQ(r.type, '*');
      if (r.items.size() != 2) {
        ADD_FAILURE() << "bad scan reply";
        break;
      }
      cursor = r.items[0].text;
      for (const std::string& item : Texts(r.items[1])) all.push_back(item);
      ++n;
    } while (cursor != "0" && n < 100000);
    if (calls != nullptr) *calls = n;
    return all;
  }

  const std::string kEmptyArray = "*0\r\n";
  const std::string kOutOfRangeLong =
      "-ERR value is out of range, value must between -9223372036854775807 and "
      "9223372036854775807\r\n";
};

// ---------------------------------------------------------------- registry

TEST_F(HashSetCommandsTest, RegistryRowsMatchCommandInfo) {
  struct Row {
    const char* name;
    int arity;
    std::uint32_t flags;
    int first, last, step;
  };
  const std::uint32_t wof = kWrite | kDenyOom | kFast;
  const std::uint32_t rf = kReadOnly | kFast;
  // As `redis-cli COMMAND INFO <name>` prints on redis-server 7.0.15.
  const Row rows[] = {
      {"hset", -4, wof, 1, 1, 1},           {"hsetnx", 4, wof, 1, 1, 1},
      {"hmset", -4, wof, 1, 1, 1},          {"hget", 3, rf, 1, 1, 1},
      {"hmget", -3, rf, 1, 1, 1},           {"hgetall", 2, kReadOnly, 1, 1, 1},
      {"hdel", -3, kWrite | kFast, 1, 1, 1}, {"hlen", 2, rf, 1, 1, 1},
      {"hstrlen", 3, rf, 1, 1, 1},          {"hexists", 3, rf, 1, 1, 1},
      {"hkeys", 2, kReadOnly, 1, 1, 1},     {"hvals", 2, kReadOnly, 1, 1, 1},
      {"hincrby", 4, wof, 1, 1, 1},         {"hincrbyfloat", 4, wof, 1, 1, 1},
      {"hrandfield", -2, kReadOnly, 1, 1, 1}, {"hscan", -3, kReadOnly, 1, 1, 1},
      {"sadd", -3, wof, 1, 1, 1},           {"srem", -3, kWrite | kFast, 1, 1, 1},
      {"smembers", 2, kReadOnly, 1, 1, 1},  {"sismember", 3, rf, 1, 1, 1},
      {"smismember", -3, rf, 1, 1, 1},      {"scard", 2, rf, 1, 1, 1},
      {"spop", -2, kWrite | kFast, 1, 1, 1}, {"srandmember", -2, kReadOnly, 1, 1, 1},
      {"smove", 4, kWrite | kFast, 1, 2, 1}, {"sinter", -2, kReadOnly, 1, -1, 1},
      {"sinterstore", -3, kWrite | kDenyOom, 1, -1, 1},
      {"sintercard", -3, kReadOnly, 0, 0, 0}, {"sunion", -2, kReadOnly, 1, -1, 1},
      {"sunionstore", -3, kWrite | kDenyOom, 1, -1, 1},
      {"sdiff", -2, kReadOnly, 1, -1, 1},   {"sdiffstore", -3, kWrite | kDenyOom, 1, -1, 1},
      {"sscan", -3, kReadOnly, 1, 1, 1},
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

TEST_F(HashSetCommandsTest, WrongArityAcrossCommands) {
  EXPECT_EQ(Run({"hset", "h", "f"}), Arity("hset"));
  EXPECT_EQ(Run({"HGET", "h"}), Arity("hget"));
  EXPECT_EQ(Run({"hsetnx", "h", "f"}), Arity("hsetnx"));
  EXPECT_EQ(Run({"hmget", "h"}), Arity("hmget"));
  EXPECT_EQ(Run({"hdel", "h"}), Arity("hdel"));
  EXPECT_EQ(Run({"hgetall", "h", "x"}), Arity("hgetall"));
  EXPECT_EQ(Run({"hincrby", "h", "f"}), Arity("hincrby"));
  EXPECT_EQ(Run({"hrandfield"}), Arity("hrandfield"));
  EXPECT_EQ(Run({"hscan", "h"}), Arity("hscan"));
  EXPECT_EQ(Run({"sadd", "s"}), Arity("sadd"));
  EXPECT_EQ(Run({"Srem", "s"}), Arity("srem"));
  EXPECT_EQ(Run({"smembers"}), Arity("smembers"));
  EXPECT_EQ(Run({"sismember", "s"}), Arity("sismember"));
  EXPECT_EQ(Run({"smove", "a", "b"}), Arity("smove"));
  EXPECT_EQ(Run({"sinter"}), Arity("sinter"));
  EXPECT_EQ(Run({"sinterstore", "d"}), Arity("sinterstore"));
  EXPECT_EQ(Run({"sintercard", "1"}), Arity("sintercard"));
  EXPECT_EQ(Run({"sdiffstore", "d"}), Arity("sdiffstore"));
  EXPECT_EQ(Run({"sscan", "s"}), Arity("sscan"));
}

// ------------------------------------------------------------------ hashes

TEST_F(HashSetCommandsTest, HSetHGetAndFriends) {
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2"}), Int(2));
  EXPECT_EQ(Run({"hset", "h", "a", "10", "c", "3"}), Int(1));
  // The same field twice in one call: created once, last value wins.
  EXPECT_EQ(Run({"hset", "h", "d", "x", "d", "y"}), Int(1));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("10"));
  EXPECT_EQ(Run({"hget", "h", "d"}), Bulk("y"));
  EXPECT_EQ(Run({"hget", "h", "zz"}), kNil);
  EXPECT_EQ(Run({"hget", "nokey", "a"}), kNil);
  EXPECT_EQ(Run({"hlen", "h"}), Int(4));
  EXPECT_EQ(Run({"hlen", "nokey"}), Int(0));
  EXPECT_EQ(Run({"hexists", "h", "b"}), Int(1));
  EXPECT_EQ(Run({"hexists", "h", "zz"}), Int(0));
  EXPECT_EQ(Run({"hexists", "nokey", "b"}), Int(0));
  EXPECT_EQ(Run({"hstrlen", "h", "a"}), Int(2));
  EXPECT_EQ(Run({"hstrlen", "h", "zz"}), Int(0));
  EXPECT_EQ(Run({"hstrlen", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"type", "h"}), "+hash\r\n");
  // Binary-safe fields and values.
  std::string field("f\0g", 3), value("v\r\nw", 4);
  EXPECT_EQ(Run({"hset", "bin", field, value}), Int(1));
  EXPECT_EQ(Run({"hget", "bin", field}), Bulk(value));
  EXPECT_EQ(Run({"hstrlen", "bin", field}), Int(4));
}

TEST_F(HashSetCommandsTest, HSetNeedsWholePairsAndHMSetRepliesOk) {
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b"}), Arity("hset"));
  EXPECT_EQ(Run({"HMSET", "h", "a", "1", "b"}), Arity("hmset"));
  EXPECT_EQ(Run({"exists", "h"}), Int(0));
  // The pair count is checked before the key's type.
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"hset", "str", "a", "1", "b"}), Arity("hset"));
  EXPECT_EQ(Run({"hmset", "h", "a", "1", "b", "2"}), kOk);
  EXPECT_EQ(Run({"hmset", "h", "a", "3"}), kOk);
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("3"));
  EXPECT_EQ(Run({"hlen", "h"}), Int(2));
}

TEST_F(HashSetCommandsTest, HSetNx) {
  EXPECT_EQ(Run({"hsetnx", "h", "f", "1"}), Int(1));
  EXPECT_EQ(Run({"hsetnx", "h", "f", "2"}), Int(0));
  EXPECT_EQ(Run({"hget", "h", "f"}), Bulk("1"));
  EXPECT_EQ(Run({"hsetnx", "h", "g", "2"}), Int(1));
  EXPECT_EQ(Run({"hlen", "h"}), Int(2));
}

TEST_F(HashSetCommandsTest, HMGetNullsForMissingFieldsAndKeys) {
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"hmget", "h", "a", "zz", "a"}), "*3\r\n" + Bulk("1") + kNil + Bulk("1"));
  EXPECT_EQ(Run({"hmget", "nokey", "a", "b"}), "*2\r\n" + kNil + kNil);
  Resp3();
  EXPECT_EQ(Run({"hmget", "h", "a", "zz"}), "*2\r\n" + Bulk("1") + "_\r\n");
  EXPECT_EQ(Run({"hget", "h", "zz"}), "_\r\n");
}

// Fields come back in insertion order, as from Redis's listpack: an update
// keeps a field's place, a deleted and re-added field goes last. So does a
// copy (COPY) and a large hash.
TEST_F(HashSetCommandsTest, FieldsComeBackInInsertionOrder) {
  EXPECT_EQ(Run({"hset", "h", "z", "1", "a", "2", "m", "3", "b", "4"}), Int(4));
  EXPECT_EQ(Run({"hkeys", "h"}), Array({"z", "a", "m", "b"}));
  EXPECT_EQ(Run({"hset", "h", "a", "20"}), Int(0));
  EXPECT_EQ(Run({"hdel", "h", "z"}), Int(1));
  EXPECT_EQ(Run({"hset", "h", "z", "5"}), Int(1));
  EXPECT_EQ(Run({"hgetall", "h"}), Array({"a", "20", "m", "3", "b", "4", "z", "5"}));
  EXPECT_EQ(Run({"hvals", "h"}), Array({"20", "3", "4", "5"}));
  EXPECT_EQ(Run({"hscan", "h", "0"}), "*2\r\n" + Bulk("0") + Array({"a", "20", "m", "3", "b", "4", "z", "5"}));
  EXPECT_EQ(Run({"copy", "h", "h2"}), Int(1));
  EXPECT_EQ(Run({"hkeys", "h2"}), Array({"a", "m", "b", "z"}));

  std::vector<std::string> args = {"hset", "big"}, expected;
  for (int i = 0; i < 300; ++i) {
    std::string field = "f" + std::to_string((i * 7919) % 1000);
    args.push_back(field);
    args.push_back("v");
    expected.push_back(field);
  }
  Run(args);
  EXPECT_EQ(Texts(Decode(Run({"hkeys", "big"}))), expected);
}

TEST_F(HashSetCommandsTest, HGetAllHKeysHVals) {
  EXPECT_EQ(Run({"hgetall", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"hkeys", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"hvals", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"hset", "one", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hgetall", "one"}), Array({"f", "v"}));
  EXPECT_EQ(Run({"hkeys", "one"}), Array({"f"}));
  EXPECT_EQ(Run({"hvals", "one"}), Array({"v"}));

  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2", "c", "3"}), Int(3));
  std::vector<std::string> all = Texts(Decode(Run({"hgetall", "h"})));
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(Pairs(all), (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  std::vector<std::string> keys = Texts(Decode(Run({"hkeys", "h"})));
  std::vector<std::string> vals = Texts(Decode(Run({"hvals", "h"})));
  EXPECT_EQ(Bag(keys), Bag({"a", "b", "c"}));
  // HKEYS, HVALS and HGETALL walk the hash in the same order.
  ASSERT_EQ(vals.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(all[2 * i], keys[i]);
    EXPECT_EQ(all[2 * i + 1], vals[i]);
  }

  Resp3();
  EXPECT_EQ(Run({"hgetall", "one"}), "%1\r\n" + Bulk("f") + Bulk("v"));
  EXPECT_EQ(Run({"hgetall", "nokey"}), "%0\r\n");
  EXPECT_EQ(Run({"hkeys", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"hkeys", "one"}), Array({"f"}));
  Reply map = Decode(Run({"hgetall", "h"}));
  EXPECT_EQ(map.type, '%');
  EXPECT_EQ(Pairs(Texts(map)).size(), 3u);
}

TEST_F(HashSetCommandsTest, HDelRemovesTheKeyWithItsLastField) {
  EXPECT_EQ(Run({"hdel", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2", "c", "3"}), Int(3));
  EXPECT_EQ(Run({"expire", "h", "100"}), Int(1));
  EXPECT_EQ(Run({"hdel", "h", "a", "zz", "a"}), Int(1));
  EXPECT_EQ(Run({"ttl", "h"}), Int(100));
  EXPECT_EQ(Run({"hdel", "h", "b", "c", "d"}), Int(2));
  EXPECT_EQ(Run({"exists", "h"}), Int(0));
  EXPECT_EQ(Run({"hlen", "h"}), Int(0));
  // A later HSET starts a fresh key without the old TTL.
  EXPECT_EQ(Run({"hset", "h", "x", "1"}), Int(1));
  EXPECT_EQ(Run({"ttl", "h"}), Int(-1));
}

TEST_F(HashSetCommandsTest, WritesKeepTheKeysTtl) {
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"expire", "h", "100"}), Int(1));
  EXPECT_EQ(Run({"hset", "h", "b", "2"}), Int(1));
  EXPECT_EQ(Run({"hincrby", "h", "a", "1"}), Int(2));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "1.5"}), Bulk("3.5"));
  EXPECT_EQ(Run({"hsetnx", "h", "c", "1"}), Int(1));
  EXPECT_EQ(Run({"ttl", "h"}), Int(100));
}

TEST_F(HashSetCommandsTest, HIncrBy) {
  EXPECT_EQ(Run({"hincrby", "h", "n", "5"}), Int(5));
  EXPECT_EQ(Run({"hincrby", "h", "n", "-7"}), Int(-2));
  EXPECT_EQ(Run({"hget", "h", "n"}), Bulk("-2"));
  EXPECT_EQ(Run({"hincrby", "h", "n", "x"}), kNotInt);
  EXPECT_EQ(Run({"hincrby", "h", "n", "1.5"}), kNotInt);
  EXPECT_EQ(Run({"hset", "h", "s", "abc", "sp", " 1", "big", "9223372036854775807", "small",
                 "-9223372036854775808"}),
            Int(4));
  EXPECT_EQ(Run({"hincrby", "h", "s", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "sp", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "big", "1"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"hincrby", "h", "small", "-1"}),
            Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"hincrby", "h", "big", "-1"}), Int(9223372036854775806));
  EXPECT_EQ(Run({"hincrby", "h", "zero", "0"}), Int(0));
  EXPECT_EQ(Run({"hget", "h", "zero"}), Bulk("0"));
  // A bad increment on a missing key creates nothing.
  EXPECT_EQ(Run({"hincrby", "new", "n", "x"}), kNotInt);
  EXPECT_EQ(Run({"exists", "new"}), Int(0));
}

TEST_F(HashSetCommandsTest, HIncrByFloat) {
  EXPECT_EQ(Run({"hset", "h", "f", "10.50"}), Int(1));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "f", "0.1"}), Bulk("10.6"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "g", "5.0e3"}), Bulk("5000"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "g", "2.0e2"}), Bulk("5200"));
  EXPECT_EQ(Run({"hget", "h", "g"}), Bulk("5200"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "z", "-0.0"}), Bulk("0"));
  EXPECT_EQ(Run({"hset", "h", "i", "3"}), Int(1));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "i", "-1.25"}), Bulk("1.75"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "f", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "f", "nan"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "f", "inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "f", "-inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hset", "h", "s", "abc", "huge", "1e4932"}), Int(2));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "s", "1"}), Err("ERR hash value is not a float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "huge", "1e4932"}),
            Err("ERR increment would produce NaN or Infinity"));
  EXPECT_EQ(Run({"hget", "h", "huge"}), Bulk("1e4932"));
  EXPECT_EQ(Run({"hincrbyfloat", "new", "f", "inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"exists", "new"}), Int(0));
}

TEST_F(HashSetCommandsTest, HRandFieldWithoutCount) {
  EXPECT_EQ(Run({"hrandfield", "nokey"}), kNil);
  EXPECT_EQ(Run({"hset", "one", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hrandfield", "one"}), Bulk("f"));
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2", "c", "3"}), Int(3));
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(Decode(Run({"hrandfield", "h"})).text);
  EXPECT_EQ(seen, (std::set<std::string>{"a", "b", "c"}));
  Resp3();
  EXPECT_EQ(Run({"hrandfield", "nokey"}), "_\r\n");
}

TEST_F(HashSetCommandsTest, HRandFieldWithCount) {
  EXPECT_EQ(Run({"hrandfield", "nokey", "3"}), kEmptyArray);
  EXPECT_EQ(Run({"hrandfield", "nokey", "-3", "withvalues"}), kEmptyArray);
  std::vector<std::string> argv = {"hset", "h"};
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 20; ++i) {
    argv.push_back("f" + std::to_string(i));
    argv.push_back("v" + std::to_string(i));
    expected[argv[argv.size() - 2]] = argv.back();
  }
  EXPECT_EQ(Run(argv), Int(20));
  EXPECT_EQ(Run({"hrandfield", "h", "0"}), kEmptyArray);
  EXPECT_EQ(Run({"hrandfield", "h", "0", "WITHVALUES"}), kEmptyArray);

  // Positive counts give distinct fields: the whole hash, most of it, a few.
  for (int count : {1, 3, 15, 20, 50}) {
    std::vector<std::string> fields = Texts(Decode(Run({"hrandfield", "h", std::to_string(count)})));
    std::size_t want = std::min<std::size_t>(count, 20);
    EXPECT_EQ(fields.size(), want) << count;
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()).size(), want) << count;
    for (const std::string& f : fields) EXPECT_TRUE(expected.count(f)) << f;

    std::vector<std::string> flat =
        Texts(Decode(Run({"hrandfield", "h", std::to_string(count), "withvalues"})));
    ASSERT_EQ(flat.size(), want * 2) << count;
    std::map<std::string, std::string> pairs = Pairs(flat);
    EXPECT_EQ(pairs.size(), want);
    for (const auto& [f, v] : pairs) EXPECT_EQ(expected[f], v);
  }
  // Negative counts may repeat and return exactly |count| items.
  std::vector<std::string> many = Texts(Decode(Run({"hrandfield", "h", "-100"})));
  EXPECT_EQ(many.size(), 100u);
  EXPECT_LT(std::set<std::string>(many.begin(), many.end()).size(), 100u);
  std::vector<std::string> flat = Texts(Decode(Run({"hrandfield", "h", "-30", "withvalues"})));
  ASSERT_EQ(flat.size(), 60u);
  for (std::size_t i = 0; i < flat.size(); i += 2) EXPECT_EQ(expected[flat[i]], flat[i + 1]);

  EXPECT_EQ(Run({"hset", "one", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hrandfield", "one", "-2", "withvalues"}), Array({"f", "v", "f", "v"}));
  EXPECT_EQ(Run({"hrandfield", "one", "5"}), Array({"f"}));
}

TEST_F(HashSetCommandsTest, HRandFieldResp3PairsAreNestedArrays) {
  EXPECT_EQ(Run({"hset", "one", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2"}), Int(2));
  Resp3();
  std::string pair = "*2\r\n" + Bulk("f") + Bulk("v");
  EXPECT_EQ(Run({"hrandfield", "one", "-2", "withvalues"}), "*2\r\n" + pair + pair);
  EXPECT_EQ(Run({"hrandfield", "one", "1", "withvalues"}), "*1\r\n" + pair);
  EXPECT_EQ(Run({"hrandfield", "one", "3", "withvalues"}), "*1\r\n" + pair);
  EXPECT_EQ(Run({"hrandfield", "one", "3"}), Array({"f"}));
  EXPECT_EQ(Run({"hrandfield", "nokey", "3", "withvalues"}), kEmptyArray);
  Reply r = Decode(Run({"hrandfield", "h", "2", "withvalues"}));
  EXPECT_EQ(r.type, '*');
  ASSERT_EQ(r.items.size(), 2u);
  std::map<std::string, std::string> pairs;
  for (const Reply& item : r.items) {
    EXPECT_EQ(item.type, '*');
    ASSERT_EQ(item.items.size(), 2u);
    pairs[item.items[0].text] = item.items[1].text;
  }
  EXPECT_EQ(pairs, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

TEST_F(HashSetCommandsTest, HRandFieldErrors) {
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"hrandfield", "h", "x"}), kNotInt);
  EXPECT_EQ(Run({"hrandfield", "h", "-9223372036854775808"}), kOutOfRangeLong);
  EXPECT_EQ(Run({"hrandfield", "h", "5", "withvalue"}), kSyntax);
  EXPECT_EQ(Run({"hrandfield", "h", "1", "withvalues", "x"}), kSyntax);
  EXPECT_EQ(Run({"hrandfield", "h", "4611686018427387904", "withvalues"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"hrandfield", "h", "-4611686018427387904", "withvalues"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"hrandfield", "str"}), kWrongType);
  EXPECT_EQ(Run({"hrandfield", "str", "0"}), kWrongType);
  EXPECT_EQ(Run({"hrandfield", "str", "1", "withvalues"}), kWrongType);
  // Option errors come before the key is looked at.
  EXPECT_EQ(Run({"hrandfield", "str", "1", "foo"}), kSyntax);
}

TEST_F(HashSetCommandsTest, RandomPicksDependOnlyOnTheSeed) {
  std::vector<std::string> argv = {"sadd", "s"};
  for (int i = 0; i < 50; ++i) argv.push_back("m" + std::to_string(i));
  EXPECT_EQ(Run(argv), Int(50));
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2", "c", "3", "d", "4"}), Int(4));
  auto draws = [&] {
    return Run({"srandmember", "s", "-10"}) + Run({"srandmember", "s", "7"}) +
           Run({"hrandfield", "h", "-5", "withvalues"}) + Run({"hrandfield", "h"});
  };
  rng_ = Rng(7);
  std::string first = draws();
  rng_ = Rng(7);
  EXPECT_EQ(draws(), first);
}

TEST_F(HashSetCommandsTest, HScanSmallHashComesWholeWithCursorZero) {
  EXPECT_EQ(Run({"hscan", "nokey", "0"}), EmptyScan());
  // A missing key answers before the options are read.
  EXPECT_EQ(Run({"hscan", "nokey", "0", "count", "0"}), EmptyScan());
  EXPECT_EQ(Run({"hset", "one", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hscan", "one", "0"}), "*2\r\n$1\r\n0\r\n" + Array({"f", "v"}));
  // The cursor of a listpack-sized hash is ignored.
  EXPECT_EQ(Run({"hscan", "one", "1234", "COUNT", "1"}), "*2\r\n$1\r\n0\r\n" + Array({"f", "v"}));
  EXPECT_EQ(Run({"hscan", "one", "0", "match", "x*"}), EmptyScan());
  EXPECT_EQ(Run({"hset", "h", "a1", "1", "a2", "2", "b1", "3"}), Int(3));
  std::vector<std::string> items = Texts(Decode(Run({"hscan", "h", "0", "COUNT", "1"})).items[1]);
  EXPECT_EQ(Pairs(items), (std::map<std::string, std::string>{{"a1", "1"}, {"a2", "2"}, {"b1", "3"}}));
  items = Texts(Decode(Run({"hscan", "h", "0", "MATCH", "a*"})).items[1]);
  EXPECT_EQ(Pairs(items), (std::map<std::string, std::string>{{"a1", "1"}, {"a2", "2"}}));
  // MATCH filters on fields only, never on values.
  items = Texts(Decode(Run({"hscan", "h", "0", "MATCH", "3"})).items[1]);
  EXPECT_TRUE(items.empty());
  Resp3();  // SCAN replies are plain arrays in RESP3 too.
  EXPECT_EQ(Run({"hscan", "one", "0"}), "*2\r\n$1\r\n0\r\n" + Array({"f", "v"}));
}

TEST_F(HashSetCommandsTest, HScanErrors) {
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"hscan", "h", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"hscan", "nokey", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "x"}), kNotInt);
  EXPECT_EQ(Run({"hscan", "h", "0", "type", "string"}), kSyntax);
  EXPECT_EQ(Run({"hscan", "h", "0", "match"}), kSyntax);
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"hscan", "str", "0", "count", "0"}), kWrongType);
}

TEST_F(HashSetCommandsTest, HScanLargeHashVisitsEveryFieldOnce) {
  std::map<std::string, std::string> expected;
  std::vector<std::string> argv = {"hset", "big"};
  for (int i = 0; i < 300; ++i) {
    std::string f = "field:" + std::to_string(i);
    argv.push_back(f);
    argv.push_back("value:" + std::to_string(i));
    expected[f] = argv.back();
  }
  EXPECT_EQ(Run(argv), Int(300));
  ASSERT_NE(keyspace_.db(0).Find("big"), nullptr);
  EXPECT_FALSE(HasCompactEncoding(*keyspace_.db(0).Find("big")));

  int calls = 0;
  std::vector<std::string> items = ScanAll("hscan", "big", {"COUNT", "10"}, &calls);
  ASSERT_EQ(items.size(), 600u);
  std::map<std::string, int> times;
  for (std::size_t i = 0; i < items.size(); i += 2) {
    ++times[items[i]];
    EXPECT_EQ(expected[items[i]], items[i + 1]);
  }
  EXPECT_EQ(times.size(), 300u);
  for (const auto& [field, n] : times) EXPECT_EQ(n, 1) << field;
  EXPECT_GT(calls, 1);  // walked in steps, not returned whole

  // With the default COUNT too, and MATCH selecting a subset.
  EXPECT_EQ(Pairs(ScanAll("hscan", "big", {})), expected);
  std::vector<std::string> matched = ScanAll("hscan", "big", {"match", "field:1?"});
  std::map<std::string, std::string> want;
  for (int i = 10; i < 20; ++i) want["field:" + std::to_string(i)] = "value:" + std::to_string(i);
  EXPECT_EQ(matched.size(), 20u);
  EXPECT_EQ(Pairs(matched), want);
}

TEST_F(HashSetCommandsTest, HScanHashWithALongValueIsWalked) {
  // One value over 64 bytes makes Redis use a hashtable even for few fields.
  EXPECT_EQ(Run({"hset", "h", "a", std::string(65, 'x'), "b", "1", "c", "2"}), Int(3));
  std::vector<std::string> items = ScanAll("hscan", "h", {"count", "1"});
  std::map<std::string, std::string> pairs = Pairs(items);
  EXPECT_EQ(items.size(), 6u);
  EXPECT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs["a"], std::string(65, 'x'));
}

TEST_F(HashSetCommandsTest, HashCommandsOnAStringAreWrongType) {
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"hset", "str", "a", "1"},
           {"hmset", "str", "a", "1"},
           {"hsetnx", "str", "a", "1"},
           {"hget", "str", "a"},
           {"hmget", "str", "a"},
           {"hgetall", "str"},
           {"hkeys", "str"},
           {"hvals", "str"},
           {"hdel", "str", "a"},
           {"hlen", "str"},
           {"hstrlen", "str", "a"},
           {"hexists", "str", "a"},
           {"hincrby", "str", "a", "1"},
           {"hincrbyfloat", "str", "a", "1"},
           {"hscan", "str", "0"}}) {
    EXPECT_EQ(Run(argv), kWrongType) << argv[0];
  }
  // Argument errors come first.
  EXPECT_EQ(Run({"hincrby", "str", "a", "x"}), kNotInt);
  EXPECT_EQ(Run({"hincrbyfloat", "str", "a", "x"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"get", "str"}), Bulk("x"));
  // A hash is the wrong type for string commands.
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"get", "h"}), kWrongType);
  EXPECT_EQ(Run({"sadd", "h", "m"}), kWrongType);
}

// -------------------------------------------------------------------- sets

TEST_F(HashSetCommandsTest, SAddSRemSCardSIsMember) {
  EXPECT_EQ(Run({"sadd", "s", "a", "b", "a"}), Int(2));
  EXPECT_EQ(Run({"sadd", "s", "b", "c"}), Int(1));
  EXPECT_EQ(Run({"type", "s"}), "+set\r\n");
  EXPECT_EQ(Run({"scard", "s"}), Int(3));
  EXPECT_EQ(Run({"scard", "nokey"}), Int(0));
  EXPECT_EQ(Run({"sismember", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"sismember", "s", "z"}), Int(0));
  EXPECT_EQ(Run({"sismember", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"smismember", "s", "a", "z", "c"}), "*3\r\n:1\r\n:0\r\n:1\r\n");
  EXPECT_EQ(Run({"smismember", "nokey", "a"}), "*1\r\n:0\r\n");
  EXPECT_EQ(Run({"srem", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"expire", "s", "100"}), Int(1));
  EXPECT_EQ(Run({"srem", "s", "a", "z", "a"}), Int(1));
  EXPECT_EQ(Run({"ttl", "s"}), Int(100));
  EXPECT_EQ(Run({"srem", "s", "b", "c", "d"}), Int(2));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
  Resp3();  // Membership answers stay integers in RESP3.
  EXPECT_EQ(Run({"sadd", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"sismember", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"smismember", "s", "a", "b"}), "*2\r\n:1\r\n:0\r\n");
}

TEST_F(HashSetCommandsTest, SMembersListsAnIntsetInNumericOrder) {
  EXPECT_EQ(Run({"smembers", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"sadd", "ints", "10", "-5", "2"}), Int(3));
  EXPECT_EQ(Run({"smembers", "ints"}), Array({"-5", "2", "10"}));
  EXPECT_EQ(Run({"sadd", "mixed", "10", "-5", "2", "007"}), Int(4));
  EXPECT_EQ(Bag(Texts(Decode(Run({"smembers", "mixed"})))), Bag({"-5", "2", "10", "007"}));
  Resp3();
  EXPECT_EQ(Run({"smembers", "ints"}), Array({"-5", "2", "10"}, '~'));
  EXPECT_EQ(Run({"smembers", "nokey"}), "~0\r\n");
}

TEST_F(HashSetCommandsTest, SPopWithoutCount) {
  EXPECT_EQ(Run({"spop", "nokey"}), kNil);
  EXPECT_EQ(Run({"sadd", "s", "a", "b", "c"}), Int(3));
  std::set<std::string> popped;
  for (int i = 0; i < 3; ++i) popped.insert(Decode(Run({"spop", "s"})).text);
  EXPECT_EQ(popped, (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
  EXPECT_EQ(Run({"spop", "s", "1", "2"}), kSyntax);
  Resp3();
  EXPECT_EQ(Run({"spop", "nokey"}), "_\r\n");
}

TEST_F(HashSetCommandsTest, SPopWithCount) {
  EXPECT_EQ(Run({"spop", "nokey", "2"}), kEmptyArray);
  EXPECT_EQ(Run({"spop", "nokey", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"spop", "nokey", "x"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"sadd", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}), Int(10));
  EXPECT_EQ(Run({"spop", "s", "0"}), kEmptyArray);
  EXPECT_EQ(Run({"expire", "s", "100"}), Int(1));

  // Few members: popped one at a time.
  std::vector<std::string> first = Texts(Decode(Run({"spop", "s", "2"})));
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(Run({"scard", "s"}), Int(8));
  for (const std::string& m : first) EXPECT_EQ(Run({"sismember", "s", m}), Int(0));
  // Nearly all of them: the few that stay are drawn instead; TTL kept.
  std::vector<std::string> second = Texts(Decode(Run({"spop", "s", "7"})));
  EXPECT_EQ(second.size(), 7u);
  EXPECT_EQ(std::set<std::string>(second.begin(), second.end()).size(), 7u);
  for (const std::string& m : second) EXPECT_EQ(Run({"sismember", "s", m}), Int(0));
  EXPECT_EQ(Run({"scard", "s"}), Int(1));
  EXPECT_EQ(Run({"ttl", "s"}), Int(100));
  std::set<std::string> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  all.insert(Decode(Run({"smembers", "s"})).items.at(0).text);
  EXPECT_EQ(all.size(), 10u);

  // Count >= size: the whole set (an intset in order), and the key goes.
  EXPECT_EQ(Run({"sadd", "t", "3", "1", "2"}), Int(3));
  EXPECT_EQ(Run({"spop", "t", "5"}), Array({"1", "2", "3"}));
  EXPECT_EQ(Run({"exists", "t"}), Int(0));

  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"spop", "str", "0"}), kWrongType);
  EXPECT_EQ(Run({"spop", "str", "-1"}), Err("ERR value is out of range, must be positive"));
}

TEST_F(HashSetCommandsTest, SPopWithCountResp3RepliesWithSets) {
  EXPECT_EQ(Run({"sadd", "s", "1", "2", "3", "4", "5"}), Int(5));
  Resp3();
  EXPECT_EQ(Run({"spop", "nokey", "2"}), "~0\r\n");
  EXPECT_EQ(Run({"spop", "s", "0"}), "~0\r\n");
  Reply r = Decode(Run({"spop", "s", "1"}));
  EXPECT_EQ(r.type, '~');
  EXPECT_EQ(r.items.size(), 1u);
  r = Decode(Run({"spop", "s", "3"}));
  EXPECT_EQ(r.type, '~');
  EXPECT_EQ(r.items.size(), 3u);
  r = Decode(Run({"spop", "s", "3"}));
  EXPECT_EQ(r.type, '~');
  EXPECT_EQ(r.items.size(), 1u);
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
}

TEST_F(HashSetCommandsTest, SRandMember) {
  EXPECT_EQ(Run({"srandmember", "nokey"}), kNil);
  EXPECT_EQ(Run({"srandmember", "nokey", "3"}), kEmptyArray);
  EXPECT_EQ(Run({"srandmember", "nokey", "0"}), kEmptyArray);
  EXPECT_EQ(Run({"sadd", "one", "x"}), Int(1));
  EXPECT_EQ(Run({"srandmember", "one"}), Bulk("x"));
  EXPECT_EQ(Run({"srandmember", "one", "-3"}), Array({"x", "x", "x"}));
  EXPECT_EQ(Run({"sadd", "ints", "3", "1", "2"}), Int(3));
  // Count >= size: the whole set, an intset in order.
  EXPECT_EQ(Run({"srandmember", "ints", "5"}), Array({"1", "2", "3"}));
  EXPECT_EQ(Run({"srandmember", "ints", "0"}), kEmptyArray);

  std::vector<std::string> argv = {"sadd", "s"};
  for (int i = 0; i < 30; ++i) argv.push_back("m" + std::to_string(i));
  EXPECT_EQ(Run(argv), Int(30));
  for (int count : {1, 4, 25, 30}) {
    std::vector<std::string> picks =
        Texts(Decode(Run({"srandmember", "s", std::to_string(count)})));
    EXPECT_EQ(picks.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(std::set<std::string>(picks.begin(), picks.end()).size(),
              static_cast<std::size_t>(count));
  }
  std::vector<std::string> repeats = Texts(Decode(Run({"srandmember", "s", "-200"})));
  EXPECT_EQ(repeats.size(), 200u);
  std::set<std::string> distinct(repeats.begin(), repeats.end());
  EXPECT_LT(distinct.size(), 200u);
  EXPECT_GT(distinct.size(), 10u);
  EXPECT_EQ(Run({"scard", "s"}), Int(30));  // nothing removed

  EXPECT_EQ(Run({"srandmember", "s", "x"}), kNotInt);
  EXPECT_EQ(Run({"srandmember", "s", "-9223372036854775808"}), kOutOfRangeLong);
  EXPECT_EQ(Run({"srandmember", "s", "1", "2"}), kSyntax);
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"srandmember", "str"}), kWrongType);
  EXPECT_EQ(Run({"srandmember", "str", "0"}), kWrongType);

  Resp3();  // arrays, not sets, even for the whole set
  EXPECT_EQ(Run({"srandmember", "ints", "5"}), Array({"1", "2", "3"}));
  EXPECT_EQ(Run({"srandmember", "nokey", "2"}), kEmptyArray);
  EXPECT_EQ(Run({"srandmember", "nokey"}), "_\r\n");
}

TEST_F(HashSetCommandsTest, SMove) {
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  // A missing source answers 0 even when the destination has the wrong type.
  EXPECT_EQ(Run({"smove", "nokey", "str", "m"}), Int(0));
  EXPECT_EQ(Run({"sadd", "a", "1", "2"}), Int(2));
  EXPECT_EQ(Run({"smove", "a", "str", "9"}), kWrongType);
  EXPECT_EQ(Run({"smove", "str", "a", "1"}), kWrongType);
  EXPECT_EQ(Run({"smove", "a", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"smove", "a", "a", "9"}), Int(0));
  EXPECT_EQ(Run({"smove", "a", "b", "9"}), Int(0));
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  EXPECT_EQ(Run({"smove", "a", "b", "1"}), Int(1));
  EXPECT_EQ(Run({"sadd", "b", "2"}), Int(1));
  // Already in the destination: still moved out of the source (and 1).
  EXPECT_EQ(Run({"smove", "a", "b", "2"}), Int(1));
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Run({"smembers", "b"}), Array({"1", "2"}));
}

TEST_F(HashSetCommandsTest, SInterSUnionSDiff) {
  EXPECT_EQ(Run({"sadd", "a", "1", "2", "3", "4"}), Int(4));
  EXPECT_EQ(Run({"sadd", "b", "3", "4", "5"}), Int(3));
  EXPECT_EQ(Run({"sadd", "c", "4", "x"}), Int(2));
  EXPECT_EQ(Run({"sinter", "a", "b"}), Array({"3", "4"}));
  EXPECT_EQ(Run({"sinter", "a", "b", "c"}), Array({"4"}));
  EXPECT_EQ(Run({"sinter", "a"}), Array({"1", "2", "3", "4"}));
  EXPECT_EQ(Run({"sinter", "a", "nokey"}), kEmptyArray);
  EXPECT_EQ(Run({"sunion", "a", "b"}), Array({"1", "2", "3", "4", "5"}));
  EXPECT_EQ(Run({"sunion", "nokey", "b"}), Array({"3", "4", "5"}));
  EXPECT_EQ(Bag(Texts(Decode(Run({"sunion", "b", "c"})))), Bag({"3", "4", "5", "x"}));
  EXPECT_EQ(Run({"sdiff", "a", "b"}), Array({"1", "2"}));
  EXPECT_EQ(Run({"sdiff", "a", "b", "c", "nokey"}), Array({"1", "2"}));
  EXPECT_EQ(Run({"sdiff", "c", "a"}), Array({"x"}));
  EXPECT_EQ(Run({"sdiff", "a", "a"}), kEmptyArray);
  EXPECT_EQ(Run({"sdiff", "nokey", "a"}), kEmptyArray);
  EXPECT_EQ(Run({"sunion", "nokey"}), kEmptyArray);

  // Every key is type-checked, even after a missing one.
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"sinter", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sunion", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sdiff", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sdiff", "a", "str"}), kWrongType);

  Resp3();
  EXPECT_EQ(Run({"sinter", "a", "b"}), Array({"3", "4"}, '~'));
  EXPECT_EQ(Run({"sinter", "a", "nokey"}), "~0\r\n");
  EXPECT_EQ(Run({"sunion", "a", "b"}), Array({"1", "2", "3", "4", "5"}, '~'));
  EXPECT_EQ(Run({"sdiff", "nokey", "a"}), "~0\r\n");
}

TEST_F(HashSetCommandsTest, StoreVariantsOverwriteOrDeleteTheDestination) {
  EXPECT_EQ(Run({"sadd", "a", "1", "2", "3"}), Int(3));
  EXPECT_EQ(Run({"sadd", "b", "2", "3", "4"}), Int(3));
  EXPECT_EQ(Run({"set", "dst", "string"}), kOk);
  EXPECT_EQ(Run({"expire", "dst", "100"}), Int(1));
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"type", "dst"}), "+set\r\n");
  EXPECT_EQ(Run({"ttl", "dst"}), Int(-1));
  EXPECT_EQ(Run({"smembers", "dst"}), Array({"2", "3"}));
  EXPECT_EQ(Run({"sunionstore", "dst", "a", "b"}), Int(4));
  EXPECT_EQ(Run({"smembers", "dst"}), Array({"1", "2", "3", "4"}));
  EXPECT_EQ(Run({"sdiffstore", "dst", "a", "b"}), Int(1));
  EXPECT_EQ(Run({"smembers", "dst"}), Array({"1"}));
  // An empty result deletes the destination.
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Run({"sunionstore", "dst", "a"}), Int(3));
  EXPECT_EQ(Run({"sdiffstore", "dst", "a", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Run({"sunionstore", "dst", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  // The destination may be one of the sources; its TTL goes.
  EXPECT_EQ(Run({"expire", "a", "100"}), Int(1));
  EXPECT_EQ(Run({"sunionstore", "a", "a", "b"}), Int(4));
  EXPECT_EQ(Run({"ttl", "a"}), Int(-1));
  EXPECT_EQ(Run({"smembers", "a"}), Array({"1", "2", "3", "4"}));
  EXPECT_EQ(Run({"sinterstore", "b", "b"}), Int(3));
  EXPECT_EQ(Run({"smembers", "b"}), Array({"2", "3", "4"}));
  // A wrong-typed source fails and leaves the destination alone.
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"sinterstore", "a", "str"}), kWrongType);
  EXPECT_EQ(Run({"sdiffstore", "a", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"scard", "a"}), Int(4));
  // The destination's own type does not matter.
  EXPECT_EQ(Run({"sunionstore", "str", "b"}), Int(3));
  EXPECT_EQ(Run({"type", "str"}), "+set\r\n");
  Resp3();
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "b"}), Int(3));
}

TEST_F(HashSetCommandsTest, SInterCard) {
  EXPECT_EQ(Run({"sadd", "a", "1", "2", "3", "4", "5"}), Int(5));
  EXPECT_EQ(Run({"sadd", "b", "3", "4", "5", "6"}), Int(4));
  EXPECT_EQ(Run({"sintercard", "1", "a"}), Int(5));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "LIMIT", "2"}), Int(2));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "0"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "10"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "1", "limit", "2"}), Int(2));
  EXPECT_EQ(Run({"sintercard", "2", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"sintercard", "1", "nokey", "limit", "3"}), Int(0));

  EXPECT_EQ(Run({"sintercard", "x", "a"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"sintercard", "0", "a"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"sintercard", "-1", "a"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"sintercard", "2", "a"}),
            Err("ERR Number of keys can't be greater than number of args"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "-1"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "x"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit"}), kSyntax);
  EXPECT_EQ(Run({"sintercard", "1", "a", "foo", "1"}), kSyntax);
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"sintercard", "2", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sintercard", "1", "str"}), kWrongType);
  // Keys beyond numkeys are options, not keys.
  EXPECT_EQ(Run({"sintercard", "1", "a", "str"}), kSyntax);
}

TEST_F(HashSetCommandsTest, SScanSmallSets) {
  EXPECT_EQ(Run({"sscan", "nokey", "0"}), EmptyScan());
  EXPECT_EQ(Run({"sscan", "nokey", "0", "count", "0"}), EmptyScan());
  EXPECT_EQ(Run({"sadd", "ints", "10", "-5", "2"}), Int(3));
  // An intset comes back whole, in order, with cursor 0 whatever COUNT says.
  EXPECT_EQ(Run({"sscan", "ints", "0", "count", "1"}),
            "*2\r\n$1\r\n0\r\n" + Array({"-5", "2", "10"}));
  EXPECT_EQ(Run({"sscan", "ints", "0", "match", "1*"}), "*2\r\n$1\r\n0\r\n" + Array({"10"}));
  EXPECT_EQ(Run({"sadd", "words", "apple", "avocado", "banana"}), Int(3));
  EXPECT_EQ(Bag(ScanAll("sscan", "words", {"count", "1"})), Bag({"apple", "avocado", "banana"}));
  EXPECT_EQ(Bag(ScanAll("sscan", "words", {"match", "a*"})), Bag({"apple", "avocado"}));

  EXPECT_EQ(Run({"sscan", "ints", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"sscan", "ints", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"sscan", "ints", "0", "type", "set"}), kSyntax);
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  EXPECT_EQ(Run({"sscan", "str", "0"}), kWrongType);
}

TEST_F(HashSetCommandsTest, SScanLargeSetsVisitEveryMemberOnce) {
  // 600 integers: past set-max-intset-entries (512), so walked by cursor.
  std::vector<std::string> argv = {"sadd", "nums"};
  for (int i = 0; i < 600; ++i) argv.push_back(std::to_string(i));
  EXPECT_EQ(Run(argv), Int(600));
  argv = {"sadd", "words"};
  for (int i = 0; i < 200; ++i) argv.push_back("member:" + std::to_string(i));
  EXPECT_EQ(Run(argv), Int(200));

  for (const char* key : {"nums", "words"}) {
    for (const std::vector<std::string>& options :
         std::vector<std::vector<std::string>>{{}, {"COUNT", "7"}, {"count", "1000"}}) {
      int calls = 0;
      std::vector<std::string> members = ScanAll("sscan", key, options, &calls);
      std::map<std::string, int> times;
      for (const std::string& m : members) ++times[m];
      EXPECT_EQ(members.size(), std::string(key) == "nums" ? 600u : 200u) << key;
      EXPECT_EQ(times.size(), members.size()) << key;
      for (const auto& entry : times) EXPECT_EQ(Run({"sismember", key, entry.first}), Int(1));
      if (options.empty()) {
        EXPECT_GT(calls, 1) << key;
      }
    }
  }
  std::vector<std::string> matched = ScanAll("sscan", "nums", {"match", "5?"});
  EXPECT_EQ(Bag(matched), Bag({"50", "51", "52", "53", "54", "55", "56", "57", "58", "59"}));
}

TEST_F(HashSetCommandsTest, SetCommandsOnAStringAreWrongType) {
  EXPECT_EQ(Run({"set", "str", "x"}), kOk);
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"sadd", "str", "a"},
           {"srem", "str", "a"},
           {"smembers", "str"},
           {"sismember", "str", "a"},
           {"smismember", "str", "a"},
           {"scard", "str"},
           {"spop", "str"},
           {"spop", "str", "1"},
           {"srandmember", "str"},
           {"srandmember", "str", "-1"},
           {"smove", "str", "dst", "a"},
           {"sinter", "str"},
           {"sinterstore", "dst", "str"},
           {"sintercard", "1", "str"},
           {"sunion", "str"},
           {"sunionstore", "dst", "str"},
           {"sdiff", "str"},
           {"sdiffstore", "dst", "str"},
           {"sscan", "str", "0"}}) {
    EXPECT_EQ(Run(argv), kWrongType) << argv[0];
  }
  EXPECT_EQ(Run({"get", "str"}), Bulk("x"));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Run({"sadd", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"hget", "s", "a"}), kWrongType);
  EXPECT_EQ(Run({"get", "s"}), kWrongType);
}

TEST_F(HashSetCommandsTest, ExpiredKeysAreMissing) {
  EXPECT_EQ(Run({"sadd", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"hset", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"pexpire", "s", "10"}), Int(1));
  EXPECT_EQ(Run({"pexpire", "h", "10"}), Int(1));
  clock_.Advance(Duration(20));
  EXPECT_EQ(Run({"scard", "s"}), Int(0));
  EXPECT_EQ(Run({"hget", "h", "a"}), kNil);
  EXPECT_EQ(Run({"sadd", "s", "b"}), Int(1));
  EXPECT_EQ(Run({"smembers", "s"}), Array({"b"}));
  EXPECT_EQ(Run({"ttl", "s"}), Int(-1));
}

}  // namespace
}  // namespace sim::elasticache::redis
