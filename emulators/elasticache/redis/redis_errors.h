#pragma once
// Redis 7.0's error replies (server.c shared objects and the commands'
// addReplyError texts), as sim::Error values: code is the RESP error prefix.

#include <string>
#include <string_view>

#include "sim/core/result.h"

namespace sim::elasticache::redis {

inline Error RedisError(std::string message) { return Error{"ERR", std::move(message), 400, true}; }
inline Error WrongTypeError() {
  return Error{"WRONGTYPE", "Operation against a key holding the wrong kind of value", 400, true};
}
inline Error SyntaxError() { return RedisError("syntax error"); }
inline Error NotIntegerError() { return RedisError("value is not an integer or out of range"); }
inline Error NotFloatError() { return RedisError("value is not a valid float"); }
inline Error OverflowError() { return RedisError("increment or decrement would overflow"); }
inline Error DbIndexOutOfRangeError() { return RedisError("DB index is out of range"); }
inline Error NoSuchKeyError() { return RedisError("no such key"); }
inline Error InvalidExpireTimeError(std::string_view command) {
  return RedisError("invalid expire time in '" + std::string(command) + "' command");
}
inline Error WrongArityError(std::string_view command) {
  return RedisError("wrong number of arguments for '" + std::string(command) + "' command");
}
// A negative count to HRANDFIELD / SRANDMEMBER / ZRANDMEMBER builds a reply
// of |count| picks at once. Redis leans on its output-buffer limit after the
// fact; the emulator shares its process with other services, so it refuses
// counts past this limit up front.
inline constexpr long long kMaxRepeatedPicks = 10'000'000;
inline Error TooManyPicksError() {
  return RedisError("count exceeds the emulator's limit of 10000000 repeated random picks");
}
inline Error StringTooLongError() {
  return RedisError("string exceeds maximum allowed size (proto-max-bulk-len)");
}

}  // namespace sim::elasticache::redis
