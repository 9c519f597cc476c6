#pragma once
// Per-connection state a command runs against: the keyspace, the database the
// client SELECTed, the writer (which carries the RESP version HELLO chose),
// the sim's clock and the seeded generator random picks draw from.

#include <cstdint>
#include <optional>
#include <span>
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

// The aggregate T (ListValue, SetValue, SortedSet, HashValue) under `key`:
// nullptr if the key is missing, WRONGTYPE if it holds another type.
template <class T>
Result<T*> LookupTyped(Database& db, std::string_view key) {
  Result<Value*> value = LookupOfType(db, key, kValueTypeOf<T>);
  if (!value.ok()) return value.error();
  return *value == nullptr ? nullptr : (*value)->template As<T>();
}

// HDEL / SREM / ZREM: removes the members argv[2..] from the aggregate T
// under argv[1], deleting the key when the last one goes (Redis never keeps
// an empty aggregate), and replies with how many were removed.
template <class T>
Status RemoveMembers(std::span<const std::string> argv, CommandContext& ctx) {
  Result<T*> found = LookupTyped<T>(ctx.db(), argv[1]);
  if (!found.ok()) return found.error();
  std::int64_t removed = 0;
  if (T* aggregate = *found) {
    for (std::size_t i = 2; i < argv.size(); ++i) {
      if (aggregate->Erase(argv[i])) ++removed;
      if (aggregate->empty()) {
        ctx.db().Erase(argv[1]);
        break;
      }
    }
  }
  ctx.writer->Integer(removed);
  return Ok();
}

}  // namespace sim::elasticache::redis
