#pragma once
// Per-connection state a command runs against: the keyspace, the database the
// client SELECTed, the writer (which carries the RESP version HELLO chose),
// the sim's clock and the seeded generator random picks draw from.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulators/elasticache/redis/keyspace.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/resp/resp_writer.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

// What a blocking command (BLPOP, BLMOVE, BZPOPMIN, ...) that found nothing
// to serve asks the server for: park the client until one of `keys` gets a
// list / sorted set, or until `deadline_ms` (0: forever). When a key becomes
// ready the server runs the same command again.
struct BlockRequest {
  std::vector<std::string> keys;
  std::int64_t deadline_ms = 0;  // absolute, Unix ms; 0 means no timeout
};

struct CommandContext {
  Keyspace* keyspace = nullptr;
  RespWriter* writer = nullptr;
  Rng* rng = nullptr;
  int db_index = 0;
  // False inside MULTI/EXEC (and wherever a client cannot wait): a blocking
  // command with nothing to serve then replies as if its timeout expired.
  bool may_block = false;
  // Set (instead of writing a reply) by a blocking command that must wait.
  std::optional<BlockRequest> block;

  Database& db() { return keyspace->db(db_index); }
  std::int64_t NowMs() const { return ToUnixMillis(keyspace->clock().Now()); }
  RespProtocol protocol() const { return writer->protocol(); }
};

// The value under `key` if it has `type`: nullptr if the key is missing,
// WRONGTYPE if it holds another type.
inline Result<Value*> LookupOfType(Database& db, std::string_view key, ValueType type) {
  Value* value = db.Find(key);
  if (value == nullptr) return static_cast<Value*>(nullptr);
  if (value->type() != type) return WrongTypeError();
  return value;
}

}  // namespace sim::elasticache::redis
