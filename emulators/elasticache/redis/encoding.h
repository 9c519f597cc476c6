#pragma once
// The internal encoding Redis 7.0 would use for a value (OBJECT ENCODING),
// derived from its size and contents with Redis's default thresholds
// (hash-max-listpack-entries 128 / -value 64, set-max-intset-entries 512,
// zset-max-listpack-entries 128 / -value 64). The emulator stores every type
// one way; the name tells clients and tests what Redis would report. Small
// ("compact") encodings also decide whether HSCAN/SSCAN/ZSCAN return the
// whole collection in one call with cursor 0, as Redis does for them.

#include <string_view>

#include "emulators/elasticache/redis/keyspace.h"

namespace sim::elasticache::redis {

std::string_view EncodingName(const Value& value);
// listpack / intset: SCAN-family commands return everything at once.
bool HasCompactEncoding(const Value& value);

}  // namespace sim::elasticache::redis
