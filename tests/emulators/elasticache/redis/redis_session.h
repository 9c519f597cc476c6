#pragma once
// A client session for command tests: each Run({...}) is one command and
// returns the exact reply bytes Redis 7.0 would send. The clock is simulated.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/keyspace.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

// 2023-11-14T22:13:20Z: a whole second, so TIME and EXPIRETIME read cleanly.
constexpr std::int64_t kStartMs = 1700000000000;

class RedisSessionTest : public ::testing::Test {
 protected:
  RedisSessionTest()
      : clock_(TimePoint(Duration(kStartMs))),
        keyspace_(&clock_),
        rng_(42),
        writer_(&out_),
        registry_(CommandRegistry::WithAllCommands()) {
    ctx_.keyspace = &keyspace_;
    ctx_.writer = &writer_;
    ctx_.rng = &rng_;
  }

  std::string Run(std::vector<std::string> argv) {
    out_.clear();
    registry_.Dispatch(argv, ctx_);
    return out_;
  }
  static std::string Bulk(const std::string& s) {
    return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n";
  }
  static std::string Int(std::int64_t v) { return ":" + std::to_string(v) + "\r\n"; }
  static std::string Err(const std::string& m) { return "-" + m + "\r\n"; }

  const std::string kOk = "+OK\r\n";
  const std::string kNil = "$-1\r\n";
  const std::string kWrongType =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  const std::string kNotInt = "-ERR value is not an integer or out of range\r\n";
  const std::string kSyntax = "-ERR syntax error\r\n";

  SimClock clock_;
  Keyspace keyspace_;
  Rng rng_;
  std::string out_;
  RespWriter writer_;
  CommandRegistry registry_;
  CommandContext ctx_;
};

}  // namespace sim::elasticache::redis
