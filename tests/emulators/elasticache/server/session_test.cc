// Session tests: clients of one RedisInstance driven without sockets, on a
// simulated clock. Each test feeds raw RESP bytes and checks the exact reply
// bytes Redis 7.0.15 sends (doubtful ones were compared with the real
// redis-server).

#include "emulators/elasticache/server/session.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/elasticache/server/redis_instance.h"
#include "sim/core/clock.h"
#include "sim/core/faults.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {
namespace {

// 2023-11-14T22:13:20Z.
constexpr std::int64_t kStartMs = 1700000000000;

std::string Cmd(std::initializer_list<std::string_view> args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (std::string_view a : args) {
    out += "$" + std::to_string(a.size()) + "\r\n";
    out += a;
    out += "\r\n";
  }
  return out;
}
std::string Bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}
std::string Int(std::int64_t v) { return ":" + std::to_string(v) + "\r\n"; }
std::string Err(std::string_view m) { return "-" + std::string(m) + "\r\n"; }
std::string Arr(std::size_t n) { return "*" + std::to_string(n) + "\r\n"; }

const std::string kOk = "+OK\r\n";
const std::string kQueued = "+QUEUED\r\n";
const std::string kNil = "$-1\r\n";
const std::string kNilArray = "*-1\r\n";
const std::string kNull3 = "_\r\n";

// The HELLO reply map, as Redis 7.0.15 sends it.
std::string HelloReply(int proto, std::uint64_t id) {
  std::string out = proto == 3 ? "%7\r\n" : "*14\r\n";
  out += Bulk("server") + Bulk("redis") + Bulk("version") + Bulk("7.0.15") + Bulk("proto") +
         Int(proto) + Bulk("id") + Int(static_cast<std::int64_t>(id)) + Bulk("mode") +
         Bulk("standalone") + Bulk("role") + Bulk("master") + Bulk("modules") + "*0\r\n";
  return out;
}

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : clock_(TimePoint(Duration(kStartMs))) { StartInstance({}); }

  void StartInstance(InstanceOptions options) {
    instance_ = std::make_unique<RedisInstance>(&clock_, Rng(7), std::move(options));
  }

  // A client; `notified` (if given) counts on_output calls.
  std::unique_ptr<Session> Connect(int* notified = nullptr, SessionOptions options = {}) {
    return std::make_unique<Session>(instance_.get(), std::move(options), [notified] {
      if (notified != nullptr) ++*notified;
    });
  }

  // Sends one command and returns everything the session wrote since the
  // last call (replies of pipelined commands included).
  static std::string Send(Session& s, std::initializer_list<std::string_view> args) {
    s.Feed(Cmd(args));
    return s.TakeOutput();
  }

  SimClock clock_;
  std::unique_ptr<RedisInstance> instance_;
};

// ---------------------------------------------------------------------------
// AUTH / HELLO

TEST_F(SessionTest, AuthTokenIsRequiredBeforeCommands) {
  InstanceOptions options;
  options.auth_token = "secret";
  StartInstance(options);
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"GET", "k"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Send(*c, {"PING"}), Err("NOAUTH Authentication required."));
  // Unknown commands and arity are checked before authentication.
  EXPECT_EQ(Send(*c, {"NOSUCH"}), Err("ERR unknown command 'NOSUCH', with args beginning with: "));
  EXPECT_EQ(Send(*c, {"GET"}), Err("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(Send(*c, {"AUTH", "wrong"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Send(*c, {"AUTH", "bob", "secret"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Send(*c, {"AUTH", "a", "b", "c"}), Err("ERR syntax error"));
  EXPECT_EQ(Send(*c, {"GET", "k"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Send(*c, {"AUTH", "secret"}), kOk);
  EXPECT_EQ(Send(*c, {"GET", "k"}), kNil);
  EXPECT_EQ(Send(*c, {"AUTH", "default", "secret"}), kOk);
  // Another connection starts unauthenticated.
  auto d = Connect();
  EXPECT_EQ(Send(*d, {"SET", "k", "v"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Send(*d, {"AUTH", "default", "secret"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "k", "v"}), kOk);
}

TEST_F(SessionTest, HelloAuthenticatesSwitchesProtocolAndNamesTheClient) {
  InstanceOptions options;
  options.auth_token = "secret";
  StartInstance(options);
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"HELLO", "3"}),
            Err("NOAUTH HELLO must be called with the client already authenticated, otherwise "
                "the HELLO AUTH <user> <pass> option can be used to authenticate the client and "
                "select the RESP protocol version at the same time"));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "AUTH", "default", "nope"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "AUTH", "default", "secret", "SETNAME", "app"}),
            HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), Bulk("app"));
  // RESP3 from now on: a missing value is `_`.
  EXPECT_EQ(Send(*c, {"GET", "missing"}), kNull3);
  // HELLO without a version keeps the protocol; HELLO 2 goes back.
  EXPECT_EQ(Send(*c, {"HELLO"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"HELLO", "2"}), HelloReply(2, c->id()));
  EXPECT_EQ(Send(*c, {"GET", "missing"}), kNil);
}

TEST_F(SessionTest, HelloRejectsBadVersionsAndOptions) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"HELLO", "4"}), Err("NOPROTO unsupported protocol version"));
  EXPECT_EQ(Send(*c, {"HELLO", "1"}), Err("NOPROTO unsupported protocol version"));
  EXPECT_EQ(Send(*c, {"HELLO", "x"}), Err("ERR Protocol version is not an integer or out of range"));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "FOO"}), Err("ERR Syntax error in HELLO option 'FOO'"));
  // AUTH needs two values after it.
  EXPECT_EQ(Send(*c, {"HELLO", "3", "AUTH", "default"}),
            Err("ERR Syntax error in HELLO option 'AUTH'"));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "SETNAME", "a b"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
  // A rejected HELLO changes nothing.
  EXPECT_EQ(Send(*c, {"GET", "missing"}), kNil);
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), kNil);
}

TEST_F(SessionTest, HelloValidatesTheNameBeforeAuthentication) {
  InstanceOptions options;
  options.auth_token = "secret";
  StartInstance(options);
  auto c = Connect();
  // Redis checks SETNAME while parsing the options: the bad name wins.
  EXPECT_EQ(Send(*c, {"HELLO", "3", "SETNAME", "a b"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "AUTH", "default", "secret", "SETNAME", "ab", "extra"}),
            Err("ERR Syntax error in HELLO option 'extra'"));
  EXPECT_EQ(Send(*c, {"GET", "k"}), Err("NOAUTH Authentication required."));
}

TEST_F(SessionTest, AuthWithoutAConfiguredPassword) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"AUTH", "x"}),
            Err("ERR AUTH <password> called without any password configured for the default "
                "user. Are you sure your configuration is correct?"));
  // The default user is nopass: any password is accepted with a user name.
  EXPECT_EQ(Send(*c, {"AUTH", "default", "anything"}), kOk);
  EXPECT_EQ(Send(*c, {"AUTH", "bob", "anything"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Send(*c, {"HELLO", "3", "AUTH", "default", "whatever"}), HelloReply(3, c->id()));
}

TEST_F(SessionTest, ConfigSetRequirepassAppliesToNewConnections) {
  auto admin = Connect();
  EXPECT_EQ(Send(*admin, {"CONFIG", "SET", "requirepass", "pw"}), kOk);
  EXPECT_EQ(Send(*admin, {"PING"}), "+PONG\r\n");  // already authenticated
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"PING"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Send(*c, {"AUTH", "pw"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), "+PONG\r\n");
}

// ---------------------------------------------------------------------------
// MULTI / EXEC / WATCH

TEST_F(SessionTest, MultiExecRepliesWithAnArray) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"SET", "a", "1"}), kQueued);
  EXPECT_EQ(Send(*c, {"INCR", "a"}), kQueued);
  EXPECT_EQ(Send(*c, {"GET", "a"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(3) + kOk + Int(2) + Bulk("2"));
  EXPECT_EQ(Send(*c, {"EXEC"}), Err("ERR EXEC without MULTI"));
  EXPECT_EQ(Send(*c, {"DISCARD"}), Err("ERR DISCARD without MULTI"));
  // An empty transaction.
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(0));
}

TEST_F(SessionTest, NestedMultiIsAnErrorThatDoesNotAbort) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), Err("ERR MULTI calls can not be nested"));
  EXPECT_EQ(Send(*c, {"SET", "a", "2"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + kOk);
}

TEST_F(SessionTest, QueuedCommandErrorsAbortExec) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"SET", "a"}), Err("ERR wrong number of arguments for 'set' command"));
  EXPECT_EQ(Send(*c, {"SET", "a", "1"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Err("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_EQ(Send(*c, {"GET", "a"}), kNil);  // nothing ran
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"NOSUCH"}), Err("ERR unknown command 'NOSUCH', with args beginning with: "));
  EXPECT_EQ(Send(*c, {"EXEC"}), Err("EXECABORT Transaction discarded because of previous errors."));
  // The client is out of MULTI after the abort.
  EXPECT_EQ(Send(*c, {"EXEC"}), Err("ERR EXEC without MULTI"));
}

TEST_F(SessionTest, RuntimeErrorsInsideExecAreElementsOfTheReply) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"INCR", "a"}), kQueued);
  EXPECT_EQ(Send(*c, {"LPUSH", "a", "x"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}),
            Arr(2) + Int(1) + Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
}

TEST_F(SessionTest, DiscardDropsTheQueue) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"SET", "a", "1"}), kQueued);
  EXPECT_EQ(Send(*c, {"DISCARD"}), kOk);
  EXPECT_EQ(Send(*c, {"GET", "a"}), kNil);
}

TEST_F(SessionTest, WatchedKeyWrittenByAnotherClientFailsExec) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"WATCH", "w"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "w", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"SET", "w", "mine"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
  EXPECT_EQ(Send(*c, {"GET", "w"}), Bulk("1"));
  // EXEC unwatched everything: the next transaction goes through.
  EXPECT_EQ(Send(*d, {"SET", "w", "2"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"GET", "w"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + Bulk("2"));
}

TEST_F(SessionTest, WatchedExecFailureIsNullInResp3) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"WATCH", "w"}), kOk);
  EXPECT_EQ(Send(*d, {"DEL", "x"}), Int(0));  // an unrelated key
  EXPECT_EQ(Send(*d, {"INCR", "w"}), Int(1));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNull3);
}

TEST_F(SessionTest, UnwatchedOrUntouchedKeysLetExecRun) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"WATCH", "w", "v"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "other", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
  EXPECT_EQ(Send(*c, {"WATCH", "w"}), kOk);
  EXPECT_EQ(Send(*c, {"UNWATCH"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "w", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
}

// As in Redis, a write that found nothing to do does not touch the key:
// each of these leaves the watched keys as they were, and EXEC runs.
TEST_F(SessionTest, WritesThatChangeNothingLeaveWatchedKeysUntouched) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*d, {"SADD", "s", "m"}), Int(1));
  EXPECT_EQ(Send(*d, {"SET", "k", "v"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "s", "k", "missing", "list"}), kOk);
  EXPECT_EQ(Send(*d, {"SADD", "s", "m"}), Int(0));
  EXPECT_EQ(Send(*d, {"SREM", "s", "other"}), Int(0));
  EXPECT_EQ(Send(*d, {"DEL", "missing"}), Int(0));
  EXPECT_EQ(Send(*d, {"SET", "k", "w", "NX"}), kNil);
  EXPECT_EQ(Send(*d, {"EXPIRE", "missing", "10"}), Int(0));
  EXPECT_EQ(Send(*d, {"LPOP", "list"}), kNil);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");

  // The same commands when they do change something fail the EXEC.
  auto expect_touched = [&](std::string_view key, std::initializer_list<std::string_view> write) {
    EXPECT_EQ(Send(*d, {"SET", "k", "v"}), kOk);
    EXPECT_EQ(Send(*d, {"DEL", "missing"}).empty(), false);
    EXPECT_EQ(Send(*c, {"WATCH", key}), kOk);
    Send(*d, write);
    EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
    EXPECT_EQ(Send(*c, {"PING"}), kQueued);
    EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray) << *write.begin() << " " << key;
  };
  expect_touched("s", {"SADD", "s", "n"});
  expect_touched("k", {"DEL", "k"});
  expect_touched("missing", {"SET", "missing", "1", "GET"});
  expect_touched("k", {"SET", "k", "x", "XX"});
}

// COPY ... DB n writes its destination in database n: a client watching it
// there sees it touched; the source, which COPY does not change, is not.
TEST_F(SessionTest, CopyToAnotherDatabaseTouchesTheDestinationThere) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*d, {"SET", "src", "v"}), kOk);
  EXPECT_EQ(Send(*c, {"SELECT", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "dst"}), kOk);
  EXPECT_EQ(Send(*d, {"COPY", "src", "dst", "DB", "1"}), Int(1));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
  EXPECT_EQ(Send(*c, {"SELECT", "0"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "src"}), kOk);
  EXPECT_EQ(Send(*d, {"COPY", "src", "other"}), Int(1));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
}

TEST_F(SessionTest, WatchInsideMultiIsRefusedWithoutAborting) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "a"}), Err("ERR WATCH inside MULTI is not allowed"));
  EXPECT_EQ(Send(*c, {"SET", "a", "1"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + kOk);
}

TEST_F(SessionTest, WatchedKeyThatExpiresFailsExec) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"SET", "x", "1", "PX", "1000"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "x"}), kOk);
  clock_.Advance(Duration(1500));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
  // Reclaimed by another client's read first: still a change.
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"SET", "x", "1", "PX", "1000"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "x"}), kOk);
  clock_.Advance(Duration(1500));
  EXPECT_EQ(Send(*d, {"GET", "x"}), kNil);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
  // A key that was not there when WATCHed stays "unchanged" while missing.
  EXPECT_EQ(Send(*c, {"WATCH", "x"}), kOk);
  clock_.Advance(Duration(1500));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
}

TEST_F(SessionTest, FlushTouchesWatchersOfExistingKeys) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"SET", "e", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "e"}), kOk);
  EXPECT_EQ(Send(*d, {"FLUSHALL"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);

  EXPECT_EQ(Send(*c, {"SET", "e", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "e"}), kOk);
  EXPECT_EQ(Send(*d, {"FLUSHDB"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
}

TEST_F(SessionTest, FlushLeavesWatchersOfMissingKeysAlone) {
  auto c = Connect();
  auto d = Connect();
  // Redis 7.0.15: flushing a database that never held the watched key is no
  // change to it.
  EXPECT_EQ(Send(*c, {"WATCH", "nokey"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "other", "1"}), kOk);
  EXPECT_EQ(Send(*d, {"FLUSHALL"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
  // The same name in another database does not count either.
  EXPECT_EQ(Send(*d, {"SELECT", "1"}), kOk);
  EXPECT_EQ(Send(*d, {"SET", "e", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "e"}), kOk);
  EXPECT_EQ(Send(*d, {"FLUSHALL"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
  // A FLUSHDB of another database leaves db 0's watched keys alone.
  EXPECT_EQ(Send(*c, {"SET", "e", "1"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "e"}), kOk);
  EXPECT_EQ(Send(*d, {"FLUSHDB"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
}

TEST_F(SessionTest, ReplacingTheDatasetTouchesKeysInTheOldOrTheNewOne) {
  auto old_key = Connect();
  auto new_key = Connect();
  auto neither = Connect();
  EXPECT_EQ(Send(*old_key, {"SET", "old", "1"}), kOk);
  EXPECT_EQ(Send(*old_key, {"WATCH", "old"}), kOk);
  EXPECT_EQ(Send(*new_key, {"WATCH", "new"}), kOk);
  EXPECT_EQ(Send(*neither, {"WATCH", "none"}), kOk);
  auto restored = std::make_unique<Keyspace>(&clock_);
  restored->db(0).Set("new", Value::String("2"));
  instance_->ReplaceKeyspace(std::move(restored));
  for (Session* s : {old_key.get(), new_key.get(), neither.get()}) {
    EXPECT_EQ(Send(*s, {"MULTI"}), kOk);
    EXPECT_EQ(Send(*s, {"PING"}), kQueued);
  }
  EXPECT_EQ(Send(*old_key, {"EXEC"}), kNilArray);
  EXPECT_EQ(Send(*new_key, {"EXEC"}), kNilArray);
  EXPECT_EQ(Send(*neither, {"EXEC"}), Arr(1) + "+PONG\r\n");
  EXPECT_EQ(Send(*neither, {"GET", "new"}), Bulk("2"));
}

TEST_F(SessionTest, MpopTouchesTheWatchedKeysItPopsFrom) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"RPUSH", "l", "a", "b"}), Int(2));
  EXPECT_EQ(Send(*c, {"WATCH", "l"}), kOk);
  EXPECT_EQ(Send(*d, {"LMPOP", "2", "nol", "l", "LEFT"}),
            Arr(2) + Bulk("l") + Arr(1) + Bulk("a"));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);

  EXPECT_EQ(Send(*c, {"ZADD", "z", "1", "m"}), Int(1));
  EXPECT_EQ(Send(*c, {"WATCH", "z"}), kOk);
  EXPECT_EQ(Send(*d, {"ZMPOP", "1", "z", "MIN"}),
            Arr(2) + Bulk("z") + Arr(1) + Arr(2) + Bulk("m") + Bulk("1"));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), kNilArray);
}

// ---------------------------------------------------------------------------
// Blocking commands

TEST_F(SessionTest, BlpopParksUntilAnotherClientPushes) {
  int notified = 0;
  auto c = Connect(&notified);
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  EXPECT_TRUE(c->blocked());
  EXPECT_EQ(notified, 0);
  EXPECT_EQ(Send(*d, {"RPUSH", "q", "a"}), Int(1));
  EXPECT_FALSE(c->blocked());
  EXPECT_EQ(notified, 1);
  EXPECT_EQ(c->TakeOutput(), Arr(2) + Bulk("q") + Bulk("a"));
  // The element went to the blocked client and the list is gone.
  EXPECT_EQ(Send(*d, {"EXISTS", "q"}), Int(0));
}

TEST_F(SessionTest, BlpopServesTheFirstNonEmptyKeyAtOnce) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"RPUSH", "b", "x"}), Int(1));
  EXPECT_EQ(Send(*c, {"BLPOP", "a", "b", "0"}), Arr(2) + Bulk("b") + Bulk("x"));
  EXPECT_FALSE(c->blocked());
}

TEST_F(SessionTest, BlpopTimesOutOnTheSimClock) {
  int notified = 0;
  auto c = Connect(&notified);
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "1"}), "");
  clock_.Advance(Duration(999));
  EXPECT_TRUE(c->blocked());
  EXPECT_EQ(c->TakeOutput(), "");
  clock_.Advance(Duration(1));
  EXPECT_FALSE(c->blocked());
  EXPECT_EQ(notified, 1);
  EXPECT_EQ(c->TakeOutput(), kNilArray);
  // Fractional seconds; RESP3's null.
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0.5"}), "");
  clock_.Advance(Duration(500));
  EXPECT_EQ(c->TakeOutput(), kNull3);
  EXPECT_EQ(clock_.PendingTimers(), 0u);
}

TEST_F(SessionTest, ServedClientCancelsItsTimeout) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "5"}), "");
  EXPECT_EQ(clock_.PendingTimers(), 1u);
  EXPECT_EQ(Send(*d, {"LPUSH", "q", "a"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Arr(2) + Bulk("q") + Bulk("a"));
  EXPECT_EQ(clock_.PendingTimers(), 0u);
  clock_.Advance(Duration(10000));
  EXPECT_EQ(c->TakeOutput(), "");
}

TEST_F(SessionTest, BlockedClientsAreServedInFifoOrder) {
  auto first = Connect();
  auto second = Connect();
  auto pusher = Connect();
  EXPECT_EQ(Send(*first, {"BLPOP", "f", "0"}), "");
  EXPECT_EQ(Send(*second, {"BLPOP", "f", "0"}), "");
  EXPECT_EQ(Send(*pusher, {"RPUSH", "f", "1", "2"}), Int(2));
  EXPECT_EQ(first->TakeOutput(), Arr(2) + Bulk("f") + Bulk("1"));
  EXPECT_EQ(second->TakeOutput(), Arr(2) + Bulk("f") + Bulk("2"));

  EXPECT_EQ(Send(*first, {"BLPOP", "f", "0"}), "");
  EXPECT_EQ(Send(*second, {"BLPOP", "f", "0"}), "");
  EXPECT_EQ(Send(*pusher, {"RPUSH", "f", "1"}), Int(1));
  EXPECT_EQ(first->TakeOutput(), Arr(2) + Bulk("f") + Bulk("1"));
  EXPECT_EQ(second->TakeOutput(), "");
  EXPECT_TRUE(second->blocked());
  EXPECT_EQ(Send(*pusher, {"RPUSH", "f", "2"}), Int(1));
  EXPECT_EQ(second->TakeOutput(), Arr(2) + Bulk("f") + Bulk("2"));
}

TEST_F(SessionTest, PipelinedCommandRunsOnlyAfterTheBlockedOneIsServed) {
  auto c = Connect();
  auto d = Connect();
  c->Feed(Cmd({"BLPOP", "p", "0"}) + Cmd({"PING"}));
  EXPECT_EQ(c->TakeOutput(), "");
  EXPECT_EQ(Send(*d, {"RPUSH", "p", "v"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Arr(2) + Bulk("p") + Bulk("v") + "+PONG\r\n");
  // Bytes fed while blocked wait as well, also after a timeout.
  EXPECT_EQ(Send(*c, {"BLPOP", "p", "1"}), "");
  EXPECT_EQ(Send(*c, {"ECHO", "later"}), "");
  clock_.Advance(Duration(1000));
  EXPECT_EQ(c->TakeOutput(), kNilArray + Bulk("later"));
}

TEST_F(SessionTest, BlockingCommandsInsideMultiReplyAtOnce) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"BLPOP", "nol", "0"}), kQueued);
  EXPECT_EQ(Send(*c, {"BLMOVE", "nol", "x", "LEFT", "LEFT", "0"}), kQueued);
  EXPECT_EQ(Send(*c, {"BZPOPMIN", "noz", "0"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(3) + kNilArray + kNil + kNilArray);
  EXPECT_FALSE(c->blocked());
}

TEST_F(SessionTest, ClientUnblockTimeoutAndErrorForms) {
  auto c = Connect();
  auto d = Connect();
  std::string id = std::to_string(c->id());
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", id}), Int(0));  // not blocked
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", id}), Int(1));
  EXPECT_EQ(c->TakeOutput(), kNilArray);
  EXPECT_FALSE(c->blocked());
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", id, "TIMEOUT"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), kNilArray);
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", id, "ERROR"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Err("UNBLOCKED client unblocked via CLIENT UNBLOCK"));
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", id, "FOO"}),
            Err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", "abc"}), Err("ERR value is not an integer or out of range"));
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", "9999"}), Int(0));
  // Unblocked clients no longer wait on the key.
  EXPECT_EQ(Send(*d, {"RPUSH", "q", "a"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), "");
}

TEST_F(SessionTest, ClientUnblockRunsPipelinedCommands) {
  auto c = Connect();
  auto d = Connect();
  c->Feed(Cmd({"BLPOP", "q", "0"}) + Cmd({"PING"}));
  EXPECT_EQ(c->TakeOutput(), "");
  EXPECT_EQ(Send(*d, {"CLIENT", "UNBLOCK", std::to_string(c->id())}), Int(1));
  EXPECT_EQ(c->TakeOutput(), kNilArray + "+PONG\r\n");
}

TEST_F(SessionTest, BzpopminIsServedByZadd) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BZPOPMIN", "z", "0"}), "");
  EXPECT_EQ(Send(*d, {"ZADD", "z", "2", "b", "1.5", "a"}), Int(2));
  EXPECT_EQ(c->TakeOutput(), Arr(3) + Bulk("z") + Bulk("a") + Bulk("1.5"));
  EXPECT_EQ(Send(*d, {"ZCARD", "z"}), Int(1));
  // RESP3 sends the score as a double.
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"BZPOPMIN", "z2", "0"}), "");
  EXPECT_EQ(Send(*d, {"ZADD", "z2", "1.5", "m"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Arr(3) + Bulk("z2") + Bulk("m") + ",1.5\r\n");
  // Timeout: a null array.
  EXPECT_EQ(Send(*d, {"BZPOPMIN", "none", "0.1"}), "");
  clock_.Advance(Duration(100));
  EXPECT_EQ(d->TakeOutput(), kNilArray);
}

TEST_F(SessionTest, BlmoveIsServedByPushAndTimesOutWithNullArray) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"}), "");
  EXPECT_EQ(Send(*d, {"RPUSH", "src", "a", "b"}), Int(2));
  EXPECT_EQ(c->TakeOutput(), Bulk("a"));
  EXPECT_EQ(Send(*d, {"LRANGE", "dst", "0", "-1"}), Arr(1) + Bulk("a"));
  EXPECT_EQ(Send(*d, {"LRANGE", "src", "0", "-1"}), Arr(1) + Bulk("b"));
  EXPECT_EQ(Send(*c, {"BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.1"}), "");
  clock_.Advance(Duration(100));
  EXPECT_EQ(c->TakeOutput(), kNilArray);
}

TEST_F(SessionTest, ServedBlockingPopTouchesWatchers) {
  auto c = Connect();
  auto d = Connect();
  auto w = Connect();
  EXPECT_EQ(Send(*w, {"WATCH", "dst"}), kOk);
  EXPECT_EQ(Send(*c, {"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"}), "");
  EXPECT_EQ(Send(*d, {"RPUSH", "src", "a"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Bulk("a"));
  EXPECT_EQ(Send(*w, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*w, {"PING"}), kQueued);
  EXPECT_EQ(Send(*w, {"EXEC"}), kNilArray);
}

TEST_F(SessionTest, ListClientStaysBlockedWhenItsKeyBecomesASortedSet) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLPOP", "t", "0"}), "");
  EXPECT_EQ(Send(*d, {"ZADD", "t", "1", "a"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), "");
  EXPECT_TRUE(c->blocked());
  EXPECT_EQ(Send(*d, {"DEL", "t"}), Int(1));
  EXPECT_EQ(Send(*d, {"RPUSH", "t", "x"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), Arr(2) + Bulk("t") + Bulk("x"));
  // And a sorted-set client ignores a list.
  EXPECT_EQ(Send(*c, {"BZPOPMIN", "u", "0"}), "");
  EXPECT_EQ(Send(*d, {"RPUSH", "u", "x"}), Int(1));
  EXPECT_TRUE(c->blocked());
  EXPECT_EQ(Send(*d, {"LLEN", "u"}), Int(1));
}

TEST_F(SessionTest, KilledBlockedClientDoesNotConsumeLaterPushes) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  EXPECT_EQ(Send(*d, {"CLIENT", "KILL", "ID", std::to_string(c->id())}), Int(1));
  EXPECT_TRUE(c->closing());
  EXPECT_FALSE(c->blocked());
  EXPECT_EQ(Send(*d, {"RPUSH", "q", "a"}), Int(1));
  EXPECT_EQ(Send(*d, {"LLEN", "q"}), Int(1));
  EXPECT_EQ(c->TakeOutput(), "");
}

TEST_F(SessionTest, BlockedClientsShowInInfoAndClientList) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"BLPOP", "q", "0"}), "");
  std::string info = Send(*d, {"INFO", "clients"});
  EXPECT_NE(info.find("blocked_clients:1\r\n"), std::string::npos) << info;
  std::string list = Send(*d, {"CLIENT", "LIST", "ID", std::to_string(c->id())});
  EXPECT_NE(list.find(" flags=b "), std::string::npos) << list;
  EXPECT_NE(list.find(" cmd=blpop "), std::string::npos) << list;
}

// ---------------------------------------------------------------------------
// Pub/sub

TEST_F(SessionTest, SubscribePublishAndMessagesInResp2) {
  int notified = 0;
  auto c = Connect(&notified);
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"SUBSCRIBE", "ch1", "ch2"}),
            Arr(3) + Bulk("subscribe") + Bulk("ch1") + Int(1) + Arr(3) + Bulk("subscribe") +
                Bulk("ch2") + Int(2));
  EXPECT_EQ(Send(*c, {"PSUBSCRIBE", "ch*"}), Arr(3) + Bulk("psubscribe") + Bulk("ch*") + Int(3));
  EXPECT_EQ(c->subscriptions(), 3u);
  notified = 0;
  EXPECT_EQ(Send(*d, {"PUBLISH", "ch1", "hi"}), Int(2));
  EXPECT_EQ(notified, 2);
  EXPECT_EQ(c->TakeOutput(), Arr(3) + Bulk("message") + Bulk("ch1") + Bulk("hi") + Arr(4) +
                                 Bulk("pmessage") + Bulk("ch*") + Bulk("ch1") + Bulk("hi"));
  EXPECT_EQ(Send(*d, {"PUBLISH", "nobody", "x"}), Int(0));
  EXPECT_EQ(c->TakeOutput(), "");
  // Subscribing twice to the same channel keeps the count.
  EXPECT_EQ(Send(*c, {"SUBSCRIBE", "ch1"}), Arr(3) + Bulk("subscribe") + Bulk("ch1") + Int(3));
}

TEST_F(SessionTest, Resp2SubscribedContextRefusesOtherCommands) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"SUBSCRIBE", "ch"}), Arr(3) + Bulk("subscribe") + Bulk("ch") + Int(1));
  EXPECT_EQ(Send(*c, {"GET", "k"}),
            Err("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                "RESET are allowed in this context"));
  EXPECT_EQ(Send(*c, {"PING"}), Arr(2) + Bulk("pong") + Bulk(""));
  EXPECT_EQ(Send(*c, {"PING", "x"}), Arr(2) + Bulk("pong") + Bulk("x"));
  EXPECT_EQ(Send(*c, {"UNSUBSCRIBE"}), Arr(3) + Bulk("unsubscribe") + Bulk("ch") + Int(0));
  // Out of the subscribed context: a normal client again.
  EXPECT_EQ(Send(*c, {"PING"}), "+PONG\r\n");
  EXPECT_EQ(Send(*c, {"GET", "k"}), kNil);
}

TEST_F(SessionTest, Resp3SubscribersGetPushMessagesAndMayRunAnything) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"SUBSCRIBE", "ch1"}), ">3\r\n" + Bulk("subscribe") + Bulk("ch1") + Int(1));
  EXPECT_EQ(Send(*c, {"PSUBSCRIBE", "c*"}), ">3\r\n" + Bulk("psubscribe") + Bulk("c*") + Int(2));
  EXPECT_EQ(Send(*d, {"PUBLISH", "ch1", "yo"}), Int(2));
  EXPECT_EQ(c->TakeOutput(), ">3\r\n" + Bulk("message") + Bulk("ch1") + Bulk("yo") + ">4\r\n" +
                                 Bulk("pmessage") + Bulk("c*") + Bulk("ch1") + Bulk("yo"));
  EXPECT_EQ(Send(*c, {"GET", "k"}), kNull3);
  EXPECT_EQ(Send(*c, {"PING"}), "+PONG\r\n");
  EXPECT_EQ(Send(*c, {"UNSUBSCRIBE"}), ">3\r\n" + Bulk("unsubscribe") + Bulk("ch1") + Int(1));
  EXPECT_EQ(Send(*c, {"PUNSUBSCRIBE"}), ">3\r\n" + Bulk("punsubscribe") + Bulk("c*") + Int(0));
  EXPECT_EQ(Send(*c, {"UNSUBSCRIBE"}), ">3\r\n" + Bulk("unsubscribe") + kNull3 + Int(0));
}

TEST_F(SessionTest, UnsubscribeWithNothingSubscribed) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"UNSUBSCRIBE"}), Arr(3) + Bulk("unsubscribe") + kNil + Int(0));
  EXPECT_EQ(Send(*c, {"PUNSUBSCRIBE"}), Arr(3) + Bulk("punsubscribe") + kNil + Int(0));
  // Naming a channel it never subscribed to still answers for it.
  EXPECT_EQ(Send(*c, {"UNSUBSCRIBE", "x"}), Arr(3) + Bulk("unsubscribe") + Bulk("x") + Int(0));
}

TEST_F(SessionTest, PubsubIntrospection) {
  auto a = Connect();
  auto b = Connect();
  auto q = Connect();
  EXPECT_EQ(Send(*q, {"PUBSUB", "CHANNELS"}), Arr(0));
  EXPECT_EQ(Send(*a, {"SUBSCRIBE", "news"}), Arr(3) + Bulk("subscribe") + Bulk("news") + Int(1));
  EXPECT_EQ(Send(*b, {"SUBSCRIBE", "news", "sport"}),
            Arr(3) + Bulk("subscribe") + Bulk("news") + Int(1) + Arr(3) + Bulk("subscribe") +
                Bulk("sport") + Int(2));
  EXPECT_EQ(Send(*b, {"PSUBSCRIBE", "n*", "s*"}),
            Arr(3) + Bulk("psubscribe") + Bulk("n*") + Int(3) + Arr(3) + Bulk("psubscribe") +
                Bulk("s*") + Int(4));
  EXPECT_EQ(Send(*q, {"PUBSUB", "CHANNELS", "s*"}), Arr(1) + Bulk("sport"));
  EXPECT_EQ(Send(*q, {"PUBSUB", "NUMSUB", "news", "sport", "nope"}),
            Arr(6) + Bulk("news") + Int(2) + Bulk("sport") + Int(1) + Bulk("nope") + Int(0));
  EXPECT_EQ(Send(*q, {"PUBSUB", "NUMSUB"}), Arr(0));
  EXPECT_EQ(Send(*q, {"PUBSUB", "NUMPAT"}), Int(2));
  EXPECT_EQ(Send(*q, {"PUBLISH", "news", "x"}), Int(3));  // a, b, and b's n*
  EXPECT_EQ(Send(*q, {"PUBSUB", "NUMPAT", "x"}),
            Err("ERR wrong number of arguments for 'pubsub|numpat' command"));
  EXPECT_EQ(Send(*q, {"PUBSUB", "FOO"}), Err("ERR unknown subcommand 'FOO'. Try PUBSUB HELP."));
  // A closed connection leaves its channels.
  b.reset();
  EXPECT_EQ(Send(*q, {"PUBSUB", "CHANNELS"}), Arr(1) + Bulk("news"));
  EXPECT_EQ(Send(*q, {"PUBSUB", "NUMPAT"}), Int(0));
}

// ---------------------------------------------------------------------------
// CLIENT, QUIT, RESET, protocol errors

TEST_F(SessionTest, ClientIdAndNames) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"CLIENT", "ID"}), Int(static_cast<std::int64_t>(c->id())));
  EXPECT_EQ(d->id(), c->id() + 1);
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), kNil);
  EXPECT_EQ(Send(*c, {"CLIENT", "SETNAME", "bad name"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
  EXPECT_EQ(Send(*c, {"CLIENT", "SETNAME", "good"}), kOk);
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), Bulk("good"));
  EXPECT_EQ(Send(*c, {"CLIENT", "SETNAME", ""}), kOk);  // clears it
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), kNil);
  EXPECT_EQ(Send(*c, {"CLIENT", "ID", "x"}),
            Err("ERR wrong number of arguments for 'client|id' command"));
  EXPECT_EQ(Send(*c, {"CLIENT", "FOO"}), Err("ERR unknown subcommand 'FOO'. Try CLIENT HELP."));
  EXPECT_EQ(Send(*c, {"CLIENT"}), Err("ERR wrong number of arguments for 'client' command"));
}

TEST_F(SessionTest, ClientListAndInfoDescribeConnections) {
  SessionOptions options;
  options.peer_address = "10.0.0.5:40001";
  options.local_address = "10.0.0.1:6379";
  auto c = Connect(nullptr, options);
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"CLIENT", "SETNAME", "worker"}), kOk);
  std::string info = Send(*c, {"CLIENT", "INFO"});
  std::string line = "id=" + std::to_string(c->id()) +
                     " addr=10.0.0.5:40001 laddr=10.0.0.1:6379 fd=8 name=worker age=0 idle=0 "
                     "flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 ";
  ASSERT_EQ(info.rfind("$", 0), 0u) << info;  // a bulk string in RESP2
  EXPECT_NE(info.find("\r\n" + line), std::string::npos) << info;
  EXPECT_NE(info.find(" resp=2\n\r\n"), std::string::npos) << info;

  std::string list = Send(*d, {"CLIENT", "LIST"});
  EXPECT_NE(list.find("id=" + std::to_string(c->id()) + " "), std::string::npos) << list;
  EXPECT_NE(list.find("id=" + std::to_string(d->id()) + " "), std::string::npos) << list;
  std::string one = Send(*d, {"CLIENT", "LIST", "ID", std::to_string(c->id())});
  EXPECT_NE(one.find(line), std::string::npos) << one;
  EXPECT_EQ(one.find("id=" + std::to_string(d->id()) + " "), std::string::npos) << one;
  EXPECT_EQ(Send(*d, {"CLIENT", "LIST", "ID", "abc"}), Err("ERR Invalid client ID"));
  // RESP3 answers with a verbatim string.
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  info = Send(*c, {"CLIENT", "INFO"});
  EXPECT_EQ(info[0], '=') << info;
  EXPECT_NE(info.find("\r\ntxt:id="), std::string::npos) << info;
}

TEST_F(SessionTest, ClientKillById) {
  int notified = 0;
  auto c = Connect();
  auto victim = Connect(&notified);
  std::string victim_id = std::to_string(victim->id());
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "ID", std::to_string(c->id())}), Int(0));  // skipme
  EXPECT_FALSE(c->closing());
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "ID", "0"}), Err("ERR client-id should be greater than 0"));
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "ID", "99999"}), Int(0));
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "1.2.3.4:5"}), Err("ERR No such client"));
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "ID", victim_id}), Int(1));
  EXPECT_TRUE(victim->closing());
  EXPECT_EQ(notified, 1);
  // A closing session ignores further input.
  EXPECT_EQ(Send(*victim, {"PING"}), "");
  // SKIPME no lets a client kill itself; it still gets the reply.
  EXPECT_EQ(Send(*c, {"CLIENT", "KILL", "ID", std::to_string(c->id()), "SKIPME", "no"}), Int(1));
  EXPECT_TRUE(c->closing());
}

TEST_F(SessionTest, KilledSubscriberStopsReceiving) {
  auto sub = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*sub, {"SUBSCRIBE", "ch"}), Arr(3) + Bulk("subscribe") + Bulk("ch") + Int(1));
  EXPECT_EQ(Send(*d, {"CLIENT", "KILL", "ID", std::to_string(sub->id())}), Int(1));
  EXPECT_EQ(Send(*d, {"PUBLISH", "ch", "x"}), Int(0));
  EXPECT_EQ(sub->TakeOutput(), "");
}

TEST_F(SessionTest, QuitRepliesOkAndCloses) {
  auto c = Connect();
  c->Feed(Cmd({"QUIT"}) + Cmd({"PING"}));
  EXPECT_EQ(c->TakeOutput(), kOk);
  EXPECT_TRUE(c->closing());
}

TEST_F(SessionTest, ResetRestoresTheConnectionState) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"SET", "k", "v"}), kOk);
  EXPECT_EQ(Send(*c, {"HELLO", "3", "SETNAME", "nm"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"SELECT", "3"}), kOk);
  EXPECT_EQ(Send(*c, {"WATCH", "k"}), kOk);
  EXPECT_EQ(Send(*c, {"SUBSCRIBE", "ch"}), ">3\r\n" + Bulk("subscribe") + Bulk("ch") + Int(1));
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"RESET"}), "+RESET\r\n");
  EXPECT_EQ(c->subscriptions(), 0u);
  EXPECT_EQ(Send(*c, {"CLIENT", "GETNAME"}), kNil);  // RESP2 again, name cleared
  EXPECT_EQ(Send(*c, {"GET", "k"}), Bulk("v"));       // database 0 again
  EXPECT_EQ(Send(*c, {"EXEC"}), Err("ERR EXEC without MULTI"));
  EXPECT_EQ(Send(*d, {"PUBLISH", "ch", "x"}), Int(0));
  // No longer watching.
  EXPECT_EQ(Send(*d, {"SET", "k", "w"}), kOk);
  EXPECT_EQ(Send(*c, {"MULTI"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), kQueued);
  EXPECT_EQ(Send(*c, {"EXEC"}), Arr(1) + "+PONG\r\n");
}

TEST_F(SessionTest, ResetDeauthenticates) {
  InstanceOptions options;
  options.auth_token = "secret";
  StartInstance(options);
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"RESET"}), "+RESET\r\n");  // allowed before AUTH
  EXPECT_EQ(Send(*c, {"AUTH", "secret"}), kOk);
  EXPECT_EQ(Send(*c, {"PING"}), "+PONG\r\n");
  EXPECT_EQ(Send(*c, {"RESET"}), "+RESET\r\n");
  EXPECT_EQ(Send(*c, {"PING"}), Err("NOAUTH Authentication required."));
}

TEST_F(SessionTest, ProtocolErrorRepliesThenCloses) {
  auto c = Connect();
  c->Feed("*1\r\n$4\r\nPING\r\n*x\r\n");
  EXPECT_EQ(c->TakeOutput(), "+PONG\r\n" + Err("ERR Protocol error: invalid multibulk length"));
  EXPECT_TRUE(c->closing());
  auto d = Connect();
  d->Feed("*2\r\n$3\r\nGET\r\n$a\r\n");
  EXPECT_EQ(d->TakeOutput(), Err("ERR Protocol error: invalid bulk length"));
  EXPECT_TRUE(d->closing());
}

TEST_F(SessionTest, CommandsSplitAcrossFeedsAndInlineCommands) {
  auto c = Connect();
  std::string bytes = Cmd({"SET", "k", "v"}) + Cmd({"GET", "k"});
  for (char ch : bytes) c->Feed(std::string_view(&ch, 1));
  EXPECT_EQ(c->TakeOutput(), kOk + Bulk("v"));
  c->Feed("PING\r\nECHO \"a b\"\r\n");
  EXPECT_EQ(c->TakeOutput(), "+PONG\r\n" + Bulk("a b"));
}

TEST_F(SessionTest, ReadOnlyReplicaRefusesWrites) {
  SessionOptions options;
  options.read_only = true;
  auto c = Connect(nullptr, options);
  EXPECT_EQ(Send(*c, {"SET", "k", "v"}), Err("READONLY You can't write against a read only replica."));
  EXPECT_EQ(Send(*c, {"GET", "k"}), kNil);
}

TEST_F(SessionTest, WaitReportsTheReplicas) {
  instance_->set_replicas(2);
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"WAIT", "1", "0"}), Int(2));
  EXPECT_EQ(Send(*c, {"WAIT", "1", "-1"}), Err("ERR timeout is negative"));
}

// ---------------------------------------------------------------------------
// INFO, CONFIG, COMMAND

TEST_F(SessionTest, InfoHasTheUsualSections) {
  auto c = Connect();
  auto d = Connect();
  EXPECT_EQ(Send(*c, {"SET", "k", "v"}), kOk);
  EXPECT_EQ(Send(*c, {"SET", "t", "v", "EX", "100"}), kOk);
  std::string info = Send(*c, {"INFO"});
  ASSERT_EQ(info[0], '$');
  for (const char* want :
       {"\r\n# Server\r\nredis_version:7.0.15\r\n", "\r\nredis_mode:standalone\r\n",
        "\r\n# Clients\r\nconnected_clients:2\r\n", "\r\nblocked_clients:0\r\n",
        "\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n", "\r\n# Replication\r\nrole:master\r\n"}) {
    EXPECT_NE(info.find(want), std::string::npos) << want;
  }
  std::string clients = Send(*c, {"INFO", "clients"});
  EXPECT_NE(clients.find("# Clients\r\n"), std::string::npos);
  EXPECT_EQ(clients.find("# Server"), std::string::npos);
  EXPECT_EQ(clients.find("# Keyspace"), std::string::npos);
  // The bulk ends with the last field's CRLF, then the bulk's own.
  EXPECT_TRUE(clients.ends_with(":0\r\n\r\n")) << clients;
}

TEST_F(SessionTest, ConfigGetMatchesPatterns) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "maxmemory-p*"}),
            Arr(2) + Bulk("maxmemory-policy") + Bulk("volatile-lru"));
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "timeout"}), Arr(2) + Bulk("timeout") + Bulk("0"));
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "nosuch"}), Arr(0));
  EXPECT_EQ(Send(*c, {"CONFIG", "GET"}), Err("ERR wrong number of arguments for 'config|get' command"));
  EXPECT_EQ(Send(*c, {"HELLO", "3"}), HelloReply(3, c->id()));
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "timeout"}), "%1\r\n" + Bulk("timeout") + Bulk("0"));
}

TEST_F(SessionTest, ConfigSetValidatesLikeRedis) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}), kOk);
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "maxmemory-policy"}),
            Arr(2) + Bulk("maxmemory-policy") + Bulk("allkeys-lru"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "maxmemory", "1gb"}), kOk);
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "maxmemory"}), Arr(2) + Bulk("maxmemory") + Bulk("1073741824"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "maxmemory-policy", "bogus"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
                "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
                "noeviction"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "nosuch", "1"}),
            Err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "timeout", "abc"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument "
                "couldn't be parsed into an integer"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "databases", "4"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set "
                "immutable config"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "appendonly", "maybe"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument "
                "must be 'yes' or 'no'"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "maxmemory", "abc"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument "
                "must be a memory value"));
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "timeout"}),
            Err("ERR wrong number of arguments for 'config|set' command"));
  EXPECT_EQ(Send(*c, {"CONFIG", "FOO"}), Err("ERR unknown subcommand 'FOO'. Try CONFIG HELP."));
  // A failed multi-parameter CONFIG SET changes nothing.
  EXPECT_EQ(Send(*c, {"CONFIG", "SET", "timeout", "30", "hz", "x"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't "
                "be parsed into an integer"));
  EXPECT_EQ(Send(*c, {"CONFIG", "GET", "timeout"}), Arr(2) + Bulk("timeout") + Bulk("0"));
}

TEST_F(SessionTest, CommandCountCoversBothTables) {
  auto c = Connect();
  std::size_t total = instance_->registry().size() + SessionCommandTable().size();
  EXPECT_EQ(Send(*c, {"COMMAND", "COUNT"}), Int(static_cast<std::int64_t>(total)));
  // The tables do not overlap: the session's rows would never be reached.
  SessionCommandTable().ForEach([&](const CommandSpec& spec) {
    EXPECT_EQ(instance_->registry().Find(spec.name), nullptr) << spec.name;
  });
}

TEST_F(SessionTest, CommandInfoDescribesACommand) {
  auto c = Connect();
  std::string get = Send(*c, {"COMMAND", "INFO", "get"});
  std::string head = Arr(1) + Arr(10) + Bulk("get") + Int(2) + Arr(2) + "+readonly\r\n+fast\r\n" +
                     Int(1) + Int(1) + Int(1);
  EXPECT_EQ(get.substr(0, head.size()), head) << get;
  EXPECT_EQ(Send(*c, {"COMMAND", "INFO", "nosuch"}), Arr(1) + kNil);
  std::string watch = Send(*c, {"COMMAND", "INFO", "WATCH"});
  EXPECT_NE(watch.find(Bulk("watch") + Int(-2)), std::string::npos) << watch;
}

TEST_F(SessionTest, CommandGetKeys) {
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "set", "a", "b"}), Arr(1) + Bulk("a"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "GET", "a"}), Arr(1) + Bulk("a"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"}),
            Arr(2) + Bulk("a") + Bulk("b"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "ping", "x"}), Err("ERR The command has no key arguments"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "nosuch", "x"}), Err("ERR Invalid command specified"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "get", "a", "b"}),
            Err("ERR Invalid number of arguments specified for command"));
  EXPECT_EQ(Send(*c, {"COMMAND", "GETKEYS", "get"}),
            Err("ERR wrong number of arguments for 'command|getkeys' command"));
  EXPECT_EQ(Send(*c, {"COMMAND", "FOO"}), Err("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
  EXPECT_EQ(Send(*c, {"COMMAND", "COUNT", "x"}),
            Err("ERR wrong number of arguments for 'command|count' command"));
}

// ---------------------------------------------------------------------------
// Fault injection

TEST_F(SessionTest, FaultProbeErrorAnswersWithTheRulesError) {
  std::vector<std::string> probed;
  instance_->set_fault_probe([&](std::string_view command) -> std::optional<FaultRule> {
    probed.emplace_back(command);
    if (command != "get") return std::nullopt;
    FaultRule rule;
    rule.kind = FaultKind::kError;
    rule.error_code = "LOADING";
    rule.error_message = "Redis is loading the dataset in memory";
    return rule;
  });
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"GeT", "k"}), Err("LOADING Redis is loading the dataset in memory"));
  EXPECT_EQ(Send(*c, {"SET", "k", "v"}), kOk);
  EXPECT_EQ(Send(*c, {"CLIENT", "ID"}), Int(static_cast<std::int64_t>(c->id())));
  EXPECT_FALSE(c->closing());
  EXPECT_EQ(probed, (std::vector<std::string>{"get", "set", "client"}));
}

TEST_F(SessionTest, FaultProbeOutageClosesTheConnection) {
  instance_->set_fault_probe([](std::string_view command) -> std::optional<FaultRule> {
    if (command != "set") return std::nullopt;
    FaultRule rule;
    rule.kind = FaultKind::kOutage;
    return rule;
  });
  auto c = Connect();
  c->Feed(Cmd({"SET", "k", "v"}) + Cmd({"PING"}));
  EXPECT_EQ(c->TakeOutput(), "");
  EXPECT_TRUE(c->closing());
  auto d = Connect();
  EXPECT_EQ(Send(*d, {"GET", "k"}), kNil);  // the write never ran
}

TEST_F(SessionTest, FaultProbeNodeFailureReportsIt) {
  int failures = 0;
  instance_->set_node_failure_handler([&] { ++failures; });
  instance_->set_fault_probe([](std::string_view command) -> std::optional<FaultRule> {
    if (command != "ping") return std::nullopt;
    FaultRule rule;
    rule.kind = FaultKind::kNodeFailure;
    return rule;
  });
  auto c = Connect();
  EXPECT_EQ(Send(*c, {"ECHO", "x"}), Bulk("x"));
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(Send(*c, {"PING"}), "");
  EXPECT_TRUE(c->closing());
  EXPECT_EQ(failures, 1);
}

}  // namespace
}  // namespace sim::elasticache::redis
