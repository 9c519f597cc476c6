#pragma once
// A binary snapshot of the Redis keyspace: what ElastiCache snapshots,
// node-failure recovery and restore-from-snapshot store and load. It is our
// own format, not Redis's RDB.
//
// Layout (lengths and counts are unsigned LEB128 varints, at most 10 bytes;
// fixed-width numbers are little-endian):
//
//   snapshot := "AWSSIMKS" version:u8(=1) total_keys:varint db_count:varint db*
//   db       := index:varint key_count:varint(>0) key*
//   key      := name:bytes type:u8 expiry value
//   expiry   := 0x00                      (no TTL)
//             | 0x01 unix_ms:i64          (absolute expiry time)
//   bytes    := length:varint byte*
//   value    := string: bytes
//             | list:   count:varint bytes*              (head to tail)
//             | set:    count:varint bytes*
//             | zset:   count:varint (bytes score:f64)*  (IEEE 754 bits, ascending order)
//             | hash:   count:varint (bytes bytes)*      (field, value)
//
// The type byte is ValueType's number (0 string, 1 list, 2 set, 3 zset,
// 4 hash). Only non-empty databases appear, each once; aggregates have at
// least one element (Redis never stores them empty). The input must end
// exactly after the last db. total_keys sits in the header so a snapshot
// listing can show it without decoding the keys (SummarizeSnapshot).
//
// There is no checksum: a flipped byte inside a key or value loads as
// different data; a flipped byte in the structure is refused.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "emulators/elasticache/redis/keyspace.h"
#include "sim/core/result.h"

namespace sim::elasticache::redis {

// Serializes every live key of every database (type, value, absolute expiry).
std::string SerializeKeyspace(const Keyspace& keyspace);

// Rebuilds a snapshot into `into`, which must be empty; its database count
// may differ from the source's as long as every stored index fits. Keys whose
// expiry is already past at load time (into's clock) are dropped. On
// truncated or corrupt input, or a database index out of range, returns an
// "ERR" error and leaves `into` empty. Safe on arbitrary bytes.
Status LoadKeyspace(std::string_view bytes, Keyspace& into);

struct SnapshotSummary {
  // Keys written into the snapshot; some may be past their expiry by the
  // time it is loaded.
  std::uint64_t key_count = 0;
  // Size of the serialized snapshot in bytes.
  std::size_t bytes = 0;
};

// Reads only the header, so it costs the same for any snapshot size. Fails
// like LoadKeyspace on a bad magic, unknown version or short header; it does
// not validate the rest.
Result<SnapshotSummary> SummarizeSnapshot(std::string_view bytes);

}  // namespace sim::elasticache::redis
