#pragma once
// Per-connection state a command runs against: the keyspace, the database the
// client SELECTed, the writer (which carries the RESP version HELLO chose),
// the sim's clock and the seeded generator RANDOMKEY draws from.

#include <cstdint>

#include "emulators/elasticache/redis/keyspace.h"
#include "emulators/elasticache/resp/resp_writer.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

struct CommandContext {
  Keyspace* keyspace = nullptr;
  RespWriter* writer = nullptr;
  Rng* rng = nullptr;
  int db_index = 0;

  Database& db() { return keyspace->db(db_index); }
  std::int64_t NowMs() const { return ToUnixMillis(keyspace->clock().Now()); }
  RespProtocol protocol() const { return writer->protocol(); }
};

}  // namespace sim::elasticache::redis
