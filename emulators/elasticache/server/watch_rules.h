#pragma once
// WATCH sees a key touched only when a write changed it: Redis calls
// signalModifiedKey after the change, not for a write that found nothing to
// do (SADD of a member already there, DEL of a missing key, SET ... NX on an
// existing key, LPOP of an empty list). The emulator's commands do not
// report what they changed, but for these their reply says it: a count of
// zero changes, or a null for a condition not met or nothing to take. Every
// other write counts as touching all its keys, as before (an EXEC may then
// fail where Redis's would not, never the other way round).

#include <string>
#include <string_view>
#include <vector>

namespace sim::elasticache::redis {

// `command` is the registry's (lower-case) name, `reply` the whole reply the
// command wrote.
bool WriteChangedNothing(std::string_view command, const std::vector<std::string>& argv, std::string_view reply);

}  // namespace sim::elasticache::redis
