// Client-session style tests: each Run({...}) is one command and returns the
// exact reply bytes Redis 7.0 would send.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/emulators/elasticache/redis/redis_session.h"
#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/glob_match.h"
#include "emulators/elasticache/redis/keyspace.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {
namespace {

class RedisCommandsTest : public RedisSessionTest {};

TEST_F(RedisCommandsTest, RegistryKnowsEveryCommandWithRedisArity) {
  const CommandSpec* get = registry_.Find("GeT");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->name, "get");
  EXPECT_EQ(get->arity, 2);
  EXPECT_TRUE(get->flags & kReadOnly);
  const CommandSpec* mset = registry_.Find("mset");
  ASSERT_NE(mset, nullptr);
  EXPECT_EQ(mset->arity, -3);
  EXPECT_EQ(mset->first_key, 1);
  EXPECT_EQ(mset->last_key, -1);
  EXPECT_EQ(mset->step, 2);
  EXPECT_TRUE(mset->flags & kWrite);
  for (const char* name :
       {"get",       "set",      "setnx",  "setex",       "psetex",     "getset",      "getdel",
        "getex",     "mget",     "mset",   "msetnx",      "append",     "strlen",      "incr",
        "decr",      "incrby",   "decrby", "incrbyfloat", "getrange",   "setrange",    "setbit",
        "getbit",    "bitcount", "del",    "unlink",      "exists",     "type",        "rename",
        "renamenx",  "copy",     "keys",   "randomkey",   "expire",     "pexpire",     "expireat",
        "pexpireat", "ttl",      "pttl",   "persist",     "expiretime", "pexpiretime", "dbsize",
        "flushdb",   "flushall", "select", "ping",        "echo",       "time"}) {
    EXPECT_NE(registry_.Find(name), nullptr) << name;
  }
}

TEST_F(RedisCommandsTest, ArityAndUnknownCommandErrorsMatchRedis7) {
  EXPECT_EQ(Run({"GET"}), Err("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(Run({"get", "a", "b"}), Err("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(Run({"set", "k"}), Err("ERR wrong number of arguments for 'set' command"));
  EXPECT_EQ(Run({"mset", "a", "1", "b"}), Err("ERR wrong number of arguments for 'mset' command"));
  EXPECT_EQ(Run({"ping", "a", "b"}), Err("ERR wrong number of arguments for 'ping' command"));
  EXPECT_EQ(Run({"foo", "a", "b"}),
            Err("ERR unknown command 'foo', with args beginning with: 'a' 'b' "));
  EXPECT_EQ(Run({"Foo"}), Err("ERR unknown command 'Foo', with args beginning with: "));
  // Arguments stop being listed once 128 bytes have been printed.
  std::string long_arg(200, 'x');
  EXPECT_EQ(Run({"foo", long_arg, "next"}),
            Err("ERR unknown command 'foo', with args beginning with: '" + long_arg.substr(0, 128) +
                "' "));
}

TEST_F(RedisCommandsTest, GetSetBasics) {
  EXPECT_EQ(Run({"get", "k"}), kNil);
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
  EXPECT_EQ(Run({"set", "k", ""}), kOk);
  EXPECT_EQ(Run({"get", "k"}), Bulk(""));
  EXPECT_EQ(Run({"set", "bin", std::string("a\0b", 3)}), kOk);
  EXPECT_EQ(Run({"strlen", "bin"}), Int(3));
}

TEST_F(RedisCommandsTest, SetNxXxGetKeepTtl) {
  EXPECT_EQ(Run({"set", "k", "1", "XX"}), kNil);
  EXPECT_EQ(Run({"set", "k", "1", "nx"}), kOk);
  EXPECT_EQ(Run({"set", "k", "2", "NX"}), kNil);
  EXPECT_EQ(Run({"set", "k", "2", "XX"}), kOk);
  EXPECT_EQ(Run({"set", "k", "3", "GET"}), Bulk("2"));
  EXPECT_EQ(Run({"set", "new", "x", "GET"}), kNil);
  EXPECT_EQ(Run({"get", "new"}), Bulk("x"));
  // NX with GET: the old value is the reply whether or not the set happens.
  EXPECT_EQ(Run({"set", "k", "4", "NX", "GET"}), Bulk("3"));
  EXPECT_EQ(Run({"get", "k"}), Bulk("3"));
  EXPECT_EQ(Run({"set", "k", "1", "NX", "XX"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "1", "EX", "10", "PX", "100"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "1", "EX"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "1", "KEEPTTL", "EX", "5"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "1", "PERSIST"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "1", "bogus"}), kSyntax);

  EXPECT_EQ(Run({"set", "t", "1", "EX", "100"}), kOk);
  EXPECT_EQ(Run({"set", "t", "2", "KEEPTTL"}), kOk);
  EXPECT_EQ(Run({"ttl", "t"}), Int(100));
  EXPECT_EQ(Run({"set", "t", "3"}), kOk);
  EXPECT_EQ(Run({"ttl", "t"}), Int(-1));
}

TEST_F(RedisCommandsTest, SetExpiryOptions) {
  EXPECT_EQ(Run({"set", "a", "v", "EX", "10"}), kOk);
  EXPECT_EQ(Run({"pttl", "a"}), Int(10000));
  EXPECT_EQ(Run({"set", "b", "v", "px", "1500"}), kOk);
  EXPECT_EQ(Run({"pttl", "b"}), Int(1500));
  EXPECT_EQ(Run({"set", "c", "v", "EXAT", std::to_string(kStartMs / 1000 + 20)}), kOk);
  EXPECT_EQ(Run({"ttl", "c"}), Int(20));
  EXPECT_EQ(Run({"set", "d", "v", "PXAT", std::to_string(kStartMs + 700)}), kOk);
  EXPECT_EQ(Run({"pexpiretime", "d"}), Int(kStartMs + 700));
  EXPECT_EQ(Run({"set", "e", "v", "EX", "0"}), Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "e", "v", "PX", "-5"}), Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "e", "v", "EX", "9223372036854775807"}),
            Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "e", "v", "EX", "ten"}), kNotInt);
  EXPECT_EQ(Run({"exists", "e"}), Int(0));

  clock_.Advance(Duration(1500));
  EXPECT_EQ(Run({"get", "b"}), kNil);
  EXPECT_EQ(Run({"get", "d"}), kNil);
  EXPECT_EQ(Run({"get", "a"}), Bulk("v"));
  clock_.Advance(Duration(8500));
  EXPECT_EQ(Run({"get", "a"}), kNil);
  EXPECT_EQ(Run({"exists", "c"}), Int(1));
}

TEST_F(RedisCommandsTest, SetNxSetExPSetEx) {
  EXPECT_EQ(Run({"setnx", "k", "1"}), Int(1));
  EXPECT_EQ(Run({"setnx", "k", "2"}), Int(0));
  EXPECT_EQ(Run({"get", "k"}), Bulk("1"));
  EXPECT_EQ(Run({"setex", "k", "5", "v"}), kOk);
  EXPECT_EQ(Run({"ttl", "k"}), Int(5));
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
  EXPECT_EQ(Run({"psetex", "p", "250", "v"}), kOk);
  EXPECT_EQ(Run({"pttl", "p"}), Int(250));
  EXPECT_EQ(Run({"setex", "k", "0", "v"}), Err("ERR invalid expire time in 'setex' command"));
  EXPECT_EQ(Run({"psetex", "k", "-1", "v"}), Err("ERR invalid expire time in 'psetex' command"));
  EXPECT_EQ(Run({"setex", "k", "x", "v"}), kNotInt);
  clock_.Advance(Duration(250));
  EXPECT_EQ(Run({"get", "p"}), kNil);
}

TEST_F(RedisCommandsTest, GetSetGetDelGetEx) {
  EXPECT_EQ(Run({"getset", "k", "a"}), kNil);
  EXPECT_EQ(Run({"expire", "k", "100"}), Int(1));
  EXPECT_EQ(Run({"getset", "k", "b"}), Bulk("a"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));  // GETSET drops the TTL
  EXPECT_EQ(Run({"getdel", "k"}), Bulk("b"));
  EXPECT_EQ(Run({"getdel", "k"}), kNil);
  EXPECT_EQ(Run({"exists", "k"}), Int(0));

  EXPECT_EQ(Run({"getex", "k"}), kNil);
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"getex", "k", "EX", "30"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(30));
  EXPECT_EQ(Run({"getex", "k", "PX", "1200"}), Bulk("v"));
  EXPECT_EQ(Run({"pttl", "k"}), Int(1200));
  EXPECT_EQ(Run({"getex", "k", "EXAT", std::to_string(kStartMs / 1000 + 60)}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(60));
  EXPECT_EQ(Run({"getex", "k", "PERSIST"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"getex", "k", "PERSIST", "EX", "5"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "NX"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "KEEPTTL"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "EX", "0"}), Err("ERR invalid expire time in 'getex' command"));
  // An absolute time already past deletes the key after replying.
  EXPECT_EQ(Run({"getex", "k", "PXAT", std::to_string(kStartMs - 1)}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
}

TEST_F(RedisCommandsTest, MGetMSetMSetNx) {
  EXPECT_EQ(Run({"mset", "a", "1", "b", "2"}), kOk);
  EXPECT_EQ(Run({"mget", "a", "missing", "b"}), "*3\r\n" + Bulk("1") + kNil + Bulk("2"));
  EXPECT_EQ(Run({"msetnx", "c", "3", "a", "9"}), Int(0));
  EXPECT_EQ(Run({"exists", "c"}), Int(0));
  EXPECT_EQ(Run({"msetnx", "c", "3", "d", "4"}), Int(1));
  EXPECT_EQ(Run({"mget", "c", "d"}), "*2\r\n" + Bulk("3") + Bulk("4"));
  EXPECT_EQ(Run({"msetnx", "x", "1", "y"}),
            Err("ERR wrong number of arguments for 'msetnx' command"));
}

TEST_F(RedisCommandsTest, AppendStrLen) {
  EXPECT_EQ(Run({"strlen", "k"}), Int(0));
  EXPECT_EQ(Run({"append", "k", "Hello"}), Int(5));
  EXPECT_EQ(Run({"expire", "k", "50"}), Int(1));
  EXPECT_EQ(Run({"append", "k", " World"}), Int(11));
  EXPECT_EQ(Run({"get", "k"}), Bulk("Hello World"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(50));  // edits in place keep the TTL
  EXPECT_EQ(Run({"strlen", "k"}), Int(11));
}

TEST_F(RedisCommandsTest, IncrDecrFamily) {
  EXPECT_EQ(Run({"incr", "n"}), Int(1));
  EXPECT_EQ(Run({"incrby", "n", "10"}), Int(11));
  EXPECT_EQ(Run({"decr", "n"}), Int(10));
  EXPECT_EQ(Run({"decrby", "n", "-5"}), Int(15));
  EXPECT_EQ(Run({"pexpire", "n", "5000"}), Int(1));
  EXPECT_EQ(Run({"incr", "n"}), Int(16));
  EXPECT_EQ(Run({"pttl", "n"}), Int(5000));
  EXPECT_EQ(Run({"incrby", "n", "1.5"}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "+1"}), kNotInt);
  EXPECT_EQ(Run({"set", "s", "abc"}), kOk);
  EXPECT_EQ(Run({"incr", "s"}), kNotInt);
  EXPECT_EQ(Run({"set", "s", " 1"}), kOk);
  EXPECT_EQ(Run({"incr", "s"}), kNotInt);
  EXPECT_EQ(Run({"set", "max", "9223372036854775807"}), kOk);
  EXPECT_EQ(Run({"incr", "max"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"set", "min", "-9223372036854775808"}), kOk);
  EXPECT_EQ(Run({"decr", "min"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"decrby", "n", "-9223372036854775808"}), Err("ERR decrement would overflow"));
  EXPECT_EQ(Run({"incrby", "n", "9223372036854775808"}), kNotInt);
}

TEST_F(RedisCommandsTest, IncrByFloat) {
  EXPECT_EQ(Run({"incrbyfloat", "f", "10.5"}), Bulk("10.5"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "0.1"}), Bulk("10.6"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "-5"}), Bulk("5.6"));
  EXPECT_EQ(Run({"set", "g", "5.0e3"}), kOk);
  EXPECT_EQ(Run({"incrbyfloat", "g", "2.0e2"}), Bulk("5200"));
  EXPECT_EQ(Run({"get", "g"}), Bulk("5200"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "-5200"}), Bulk("0"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"incrbyfloat", "g", " 1"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "nan"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "inf"}), Err("ERR increment would produce NaN or Infinity"));
  EXPECT_EQ(Run({"set", "s", "x"}), kOk);
  EXPECT_EQ(Run({"incrbyfloat", "s", "1"}), Err("ERR value is not a valid float"));
}

TEST_F(RedisCommandsTest, GetRangeSetRange) {
  EXPECT_EQ(Run({"getrange", "missing", "0", "-1"}), Bulk(""));
  EXPECT_EQ(Run({"set", "k", "This is a string"}), kOk);
  EXPECT_EQ(Run({"getrange", "k", "0", "3"}), Bulk("This"));
  EXPECT_EQ(Run({"getrange", "k", "-3", "-1"}), Bulk("ing"));
  EXPECT_EQ(Run({"getrange", "k", "0", "-1"}), Bulk("This is a string"));
  EXPECT_EQ(Run({"getrange", "k", "10", "100"}), Bulk("string"));
  EXPECT_EQ(Run({"getrange", "k", "-1", "-5"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "k", "5", "2"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "k", "a", "2"}), kNotInt);

  EXPECT_EQ(Run({"set", "h", "Hello World"}), kOk);
  EXPECT_EQ(Run({"setrange", "h", "6", "Redis"}), Int(11));
  EXPECT_EQ(Run({"get", "h"}), Bulk("Hello Redis"));
  EXPECT_EQ(Run({"setrange", "pad", "3", "x"}), Int(4));
  EXPECT_EQ(Run({"get", "pad"}), Bulk(std::string("\0\0\0x", 4)));
  EXPECT_EQ(Run({"setrange", "none", "5", ""}), Int(0));
  EXPECT_EQ(Run({"exists", "none"}), Int(0));
  EXPECT_EQ(Run({"setrange", "h", "100", ""}), Int(11));
  EXPECT_EQ(Run({"setrange", "h", "-1", "x"}), Err("ERR offset is out of range"));
  EXPECT_EQ(Run({"setrange", "h", "536870911", "xx"}),
            Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
}

TEST_F(RedisCommandsTest, SetBitGetBitBitCount) {
  EXPECT_EQ(Run({"setbit", "b", "7", "1"}), Int(0));
  EXPECT_EQ(Run({"setbit", "b", "7", "0"}), Int(1));
  EXPECT_EQ(Run({"setbit", "b", "1", "1"}), Int(0));
  EXPECT_EQ(Run({"get", "b"}), Bulk("@"));
  EXPECT_EQ(Run({"getbit", "b", "1"}), Int(1));
  EXPECT_EQ(Run({"getbit", "b", "2"}), Int(0));
  EXPECT_EQ(Run({"getbit", "b", "1000"}), Int(0));
  EXPECT_EQ(Run({"getbit", "missing", "3"}), Int(0));
  EXPECT_EQ(Run({"setbit", "b", "-1", "1"}),
            Err("ERR bit offset is not an integer or out of range"));
  EXPECT_EQ(Run({"setbit", "b", "4294967296", "1"}),
            Err("ERR bit offset is not an integer or out of range"));
  EXPECT_EQ(Run({"setbit", "b", "1", "2"}), Err("ERR bit is not an integer or out of range"));
  EXPECT_EQ(Run({"getbit", "b", "x"}), Err("ERR bit offset is not an integer or out of range"));

  EXPECT_EQ(Run({"set", "f", "foobar"}), kOk);
  EXPECT_EQ(Run({"bitcount", "f"}), Int(26));
  EXPECT_EQ(Run({"bitcount", "f", "0", "0"}), Int(4));
  EXPECT_EQ(Run({"bitcount", "f", "1", "1"}), Int(6));
  EXPECT_EQ(Run({"bitcount", "f", "1", "1", "BYTE"}), Int(6));
  EXPECT_EQ(Run({"bitcount", "f", "5", "30", "BIT"}), Int(17));
  EXPECT_EQ(Run({"bitcount", "f", "-2", "-1"}), Int(7));
  EXPECT_EQ(Run({"bitcount", "f", "3", "1"}), Int(0));
  EXPECT_EQ(Run({"bitcount", "f", "0"}), kSyntax);
  EXPECT_EQ(Run({"bitcount", "f", "0", "1", "WORD"}), kSyntax);
  EXPECT_EQ(Run({"bitcount", "f", "a", "1"}), kNotInt);
  EXPECT_EQ(Run({"bitcount", "missing", "0"}), Int(0));  // 7.0 looks up the key first
}

TEST_F(RedisCommandsTest, DelUnlinkExistsType) {
  EXPECT_EQ(Run({"mset", "a", "1", "b", "2", "c", "3"}), kOk);
  EXPECT_EQ(Run({"exists", "a", "a", "b", "zz"}), Int(3));
  EXPECT_EQ(Run({"type", "a"}), "+string\r\n");
  EXPECT_EQ(Run({"type", "zz"}), "+none\r\n");
  EXPECT_EQ(Run({"del", "a", "b", "zz"}), Int(2));
  EXPECT_EQ(Run({"unlink", "c", "c"}), Int(1));
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  // An expired key is not counted as deleted.
  EXPECT_EQ(Run({"set", "t", "v", "PX", "10"}), kOk);
  clock_.Advance(Duration(10));
  EXPECT_EQ(Run({"del", "t"}), Int(0));
}

TEST_F(RedisCommandsTest, RenameAndRenameNx) {
  EXPECT_EQ(Run({"rename", "nope", "x"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"renamenx", "nope", "x"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"set", "a", "1", "EX", "100"}), kOk);
  EXPECT_EQ(Run({"set", "b", "2"}), kOk);
  EXPECT_EQ(Run({"rename", "a", "a"}), kOk);
  EXPECT_EQ(Run({"renamenx", "a", "a"}), Int(0));
  EXPECT_EQ(Run({"renamenx", "a", "b"}), Int(0));
  EXPECT_EQ(Run({"rename", "a", "b"}), kOk);
  EXPECT_EQ(Run({"get", "b"}), Bulk("1"));
  EXPECT_EQ(Run({"ttl", "b"}), Int(100));  // the TTL moves with the value
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Run({"renamenx", "b", "c"}), Int(1));
  EXPECT_EQ(Run({"get", "c"}), Bulk("1"));
}

TEST_F(RedisCommandsTest, CopyWithinAndAcrossDatabases) {
  EXPECT_EQ(Run({"copy", "src", "dst"}), Int(0));
  EXPECT_EQ(Run({"set", "src", "v", "EX", "60"}), kOk);
  EXPECT_EQ(Run({"copy", "src", "src"}), Err("ERR source and destination objects are the same"));
  EXPECT_EQ(Run({"copy", "src", "dst"}), Int(1));
  EXPECT_EQ(Run({"ttl", "dst"}), Int(60));
  EXPECT_EQ(Run({"set", "src", "w"}), kOk);
  EXPECT_EQ(Run({"copy", "src", "dst"}), Int(0));
  EXPECT_EQ(Run({"copy", "src", "dst", "REPLACE"}), Int(1));
  EXPECT_EQ(Run({"get", "dst"}), Bulk("w"));
  EXPECT_EQ(Run({"copy", "src", "src", "DB", "3"}), Int(1));
  EXPECT_EQ(Run({"copy", "src", "x", "DB", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"copy", "src", "x", "DB"}), kSyntax);
  EXPECT_EQ(Run({"copy", "src", "x", "bogus"}), kSyntax);
  EXPECT_EQ(Run({"select", "3"}), kOk);
  EXPECT_EQ(Run({"get", "src"}), Bulk("w"));
}

TEST_F(RedisCommandsTest, KeysUsesRedisGlob) {
  EXPECT_EQ(Run({"mset", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4"}), kOk);
  EXPECT_EQ(Run({"keys", "nomatch*"}), "*0\r\n");
  EXPECT_EQ(Run({"keys", "hello"}), "*1\r\n" + Bulk("hello"));
  EXPECT_EQ(Run({"set", "gone", "v", "PX", "1"}), kOk);
  clock_.Advance(Duration(1));
  std::string all = Run({"keys", "*"});
  EXPECT_EQ(all.substr(0, 4), "*4\r\n");
  EXPECT_EQ(all.find("gone"), std::string::npos);

  EXPECT_TRUE(GlobMatch("h?llo", "hello"));
  EXPECT_FALSE(GlobMatch("h?llo", "hllo"));
  EXPECT_TRUE(GlobMatch("h*llo", "hllo"));
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[ae]llo", "hxllo"));
  EXPECT_TRUE(GlobMatch("h[^e]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[a-b]llo", "hbllo"));
  EXPECT_TRUE(GlobMatch("h[b-a]llo", "hallo"));
  EXPECT_TRUE(GlobMatch("h\\*llo", "h*llo"));
  EXPECT_FALSE(GlobMatch("h\\*llo", "hello"));
  // As in Redis, "*" alone does not match the empty string; KEYS * lists
  // every key without matching (see KeysStarListsTheEmptyKey).
  EXPECT_FALSE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*", "a"));
  EXPECT_FALSE(GlobMatch("", "a"));
  EXPECT_TRUE(GlobMatch("[abc", "a"));  // an unclosed class still matches its members
  EXPECT_TRUE(GlobMatch("HeLLo", "hello", /*nocase=*/true));
  // Pathological backtracking gives up quickly instead of running forever.
  EXPECT_FALSE(GlobMatch("a*a*a*a*a*a*a*a*a*a*a*a*a*b", std::string(100, 'a')));
}

TEST_F(RedisCommandsTest, KeysStarListsTheEmptyKey) {
  EXPECT_EQ(Run({"set", "", "v"}), kOk);
  EXPECT_EQ(Run({"keys", "*"}), "*1\r\n" + Bulk(""));
  EXPECT_EQ(Run({"keys", "**"}), "*0\r\n");
}

TEST_F(RedisCommandsTest, RandomKeyIsSeededAndSkipsExpired) {
  EXPECT_EQ(Run({"randomkey"}), kNil);
  EXPECT_EQ(Run({"set", "only", "v"}), kOk);
  EXPECT_EQ(Run({"randomkey"}), Bulk("only"));
  EXPECT_EQ(Run({"set", "dead", "v", "PX", "5"}), kOk);
  clock_.Advance(Duration(5));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Run({"randomkey"}), Bulk("only"));
  EXPECT_EQ(Run({"dbsize"}), Int(1));  // the expired pick was reclaimed

  for (int i = 0; i < 50; ++i) Run({"set", "k" + std::to_string(i), "v"});
  // Same seed, same keyspace: same sequence of picks.
  rng_ = Rng(42);
  std::vector<std::string> second;
  for (int i = 0; i < 10; ++i) second.push_back(Run({"randomkey"}));
  rng_ = Rng(42);
  std::vector<std::string> third;
  for (int i = 0; i < 10; ++i) third.push_back(Run({"randomkey"}));
  EXPECT_EQ(second, third);
  std::set<std::string> distinct(second.begin(), second.end());
  EXPECT_GT(distinct.size(), 1u);
}

TEST_F(RedisCommandsTest, ExpireFamilyWithFlags) {
  EXPECT_EQ(Run({"expire", "k", "10"}), Int(0));
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"expire", "k", "10", "XX"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "10", "GT"}), Int(0));  // no TTL counts as infinite
  EXPECT_EQ(Run({"expire", "k", "10", "LT"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "20", "NX"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "20", "GT"}), Int(1));
  EXPECT_EQ(Run({"ttl", "k"}), Int(20));
  EXPECT_EQ(Run({"expire", "k", "15", "GT"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "15", "lt"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "30", "XX", "GT"}), Int(1));
  EXPECT_EQ(Run({"ttl", "k"}), Int(30));
  EXPECT_EQ(Run({"expire", "k", "5", "NX", "XX"}),
            Err("ERR NX and XX, GT or LT options at the same time are not compatible"));
  EXPECT_EQ(Run({"expire", "k", "5", "GT", "LT"}),
            Err("ERR GT and LT options at the same time are not compatible"));
  EXPECT_EQ(Run({"expire", "k", "5", "foo"}), Err("ERR Unsupported option foo"));
  EXPECT_EQ(Run({"expire", "k", "abc"}), kNotInt);
  EXPECT_EQ(Run({"expire", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Run({"pexpire", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'pexpire' command"));

  EXPECT_EQ(Run({"pexpire", "k", "1500"}), Int(1));
  EXPECT_EQ(Run({"pttl", "k"}), Int(1500));
  EXPECT_EQ(Run({"ttl", "k"}), Int(2));  // rounded to the nearest second
  EXPECT_EQ(Run({"expireat", "k", std::to_string(kStartMs / 1000 + 100)}), Int(1));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(kStartMs / 1000 + 100));
  EXPECT_EQ(Run({"pexpireat", "k", std::to_string(kStartMs + 2500)}), Int(1));
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(kStartMs + 2500));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(kStartMs / 1000 + 2));
  clock_.Advance(Duration(2499));
  EXPECT_EQ(Run({"pttl", "k"}), Int(1));
  clock_.Advance(Duration(1));
  EXPECT_EQ(Run({"pttl", "k"}), Int(-2));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-2));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(-2));

  // A negative or past time deletes the key at once and still replies 1.
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"expiretime", "k"}), Int(-1));
  EXPECT_EQ(Run({"expire", "k", "-1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"pexpireat", "k", "1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
}

TEST_F(RedisCommandsTest, Persist) {
  EXPECT_EQ(Run({"persist", "k"}), Int(0));
  EXPECT_EQ(Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(Run({"persist", "k"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "10"}), Int(1));
  EXPECT_EQ(Run({"persist", "k"}), Int(1));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  clock_.Advance(Duration(20000));
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
}

TEST_F(RedisCommandsTest, SelectDbSizeFlush) {
  EXPECT_EQ(Run({"set", "a", "0"}), kOk);
  EXPECT_EQ(Run({"select", "1"}), kOk);
  EXPECT_EQ(Run({"get", "a"}), kNil);
  EXPECT_EQ(Run({"mset", "a", "1", "b", "1"}), kOk);
  EXPECT_EQ(Run({"dbsize"}), Int(2));
  EXPECT_EQ(Run({"select", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"select", "-1"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"select", "x"}), kNotInt);
  EXPECT_EQ(Run({"select", "4294967296"}), kNotInt);
  EXPECT_EQ(Run({"flushdb", "now"}), kSyntax);
  EXPECT_EQ(Run({"flushdb", "ASYNC"}), kOk);
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(Run({"select", "0"}), kOk);
  EXPECT_EQ(Run({"dbsize"}), Int(1));
  EXPECT_EQ(Run({"select", "15"}), kOk);
  EXPECT_EQ(Run({"set", "z", "1"}), kOk);
  EXPECT_EQ(Run({"flushall", "sync", "extra"}), kSyntax);
  EXPECT_EQ(Run({"flushall"}), kOk);
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(Run({"select", "0"}), kOk);
  EXPECT_EQ(Run({"dbsize"}), Int(0));
}

TEST_F(RedisCommandsTest, PingEchoTime) {
  EXPECT_EQ(Run({"PING"}), "+PONG\r\n");
  EXPECT_EQ(Run({"ping", "hi"}), Bulk("hi"));
  EXPECT_EQ(Run({"echo", "hello world"}), Bulk("hello world"));
  EXPECT_EQ(Run({"time"}), "*2\r\n" + Bulk("1700000000") + Bulk("0"));
  clock_.Advance(Duration(1234));
  EXPECT_EQ(Run({"time"}), "*2\r\n" + Bulk("1700000001") + Bulk("234000"));
}

TEST_F(RedisCommandsTest, Resp3RepliesDifferFromResp2) {
  EXPECT_EQ(Run({"get", "missing"}), "$-1\r\n");
  EXPECT_EQ(Run({"mget", "missing"}), "*1\r\n$-1\r\n");
  writer_.set_protocol(RespProtocol::kResp3);
  EXPECT_EQ(ctx_.protocol(), RespProtocol::kResp3);
  EXPECT_EQ(Run({"get", "missing"}), "_\r\n");
  EXPECT_EQ(Run({"mget", "missing", "missing"}), "*2\r\n_\r\n_\r\n");
  EXPECT_EQ(Run({"set", "k", "v", "NX"}), kOk);
  EXPECT_EQ(Run({"set", "k", "v", "NX"}), "_\r\n");
  EXPECT_EQ(Run({"randomkey"}), Bulk("k"));
  EXPECT_EQ(Run({"flushdb"}), kOk);
  EXPECT_EQ(Run({"randomkey"}), "_\r\n");
}

TEST_F(RedisCommandsTest, WrongTypeErrorTextIsRedis7) {
  // Only strings exist yet, so no command can meet another type; this pins
  // the reply every family's type check will send.
  writer_.Error(WrongTypeError());
  EXPECT_EQ(out_, kWrongType);
}

TEST_F(RedisCommandsTest, ActiveExpireCycleReclaimsUntouchedKeys) {
  for (int i = 0; i < 100; ++i) {
    Run({"set", "t" + std::to_string(i), "v", "PX", std::to_string(i < 60 ? 10 : 100000)});
  }
  Run({"set", "forever", "v"});
  Database& db = keyspace_.db(0);
  EXPECT_EQ(db.ActiveExpireCycle(1000), 0u);  // nothing due yet
  clock_.Advance(Duration(10));
  // A small limit reclaims part of the due keys; later cycles resume where
  // the previous one stopped and eventually reach all of them.
  std::size_t first = db.ActiveExpireCycle(10);
  EXPECT_LE(first, 20u);  // a cycle may finish the bucket it started
  EXPECT_LT(first, 60u);
  std::size_t total = first;
  for (int i = 0; i < 100 && total < 60; ++i) total += db.ActiveExpireCycle(10);
  EXPECT_EQ(total, 60u);
  EXPECT_EQ(db.size(), 41u);
  EXPECT_EQ(db.expires_size(), 40u);
  EXPECT_EQ(Run({"dbsize"}), Int(41));
  EXPECT_EQ(keyspace_.ActiveExpireCycle(1000), 0u);
}

TEST_F(RedisCommandsTest, LazyExpiryDeletesOnAccessOnly) {
  EXPECT_EQ(Run({"set", "k", "v", "PX", "100"}), kOk);
  clock_.Advance(Duration(100));
  EXPECT_EQ(Run({"dbsize"}), Int(1));  // like Redis, counted until reclaimed
  EXPECT_EQ(Run({"keys", "*"}), "*0\r\n");
  EXPECT_EQ(Run({"dbsize"}), Int(1));  // KEYS skips but does not delete
  EXPECT_EQ(Run({"get", "k"}), kNil);
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(keyspace_.db(0).expires_size(), 0u);
}

}  // namespace
}  // namespace sim::elasticache::redis
