#pragma once
// Redis's stringmatchlen (util.c): glob matching for KEYS and, later, SCAN
// MATCH. `*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes; a pattern that would
// backtrack without end gives up as Redis does.

#include <string_view>

namespace sim::elasticache::redis {

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase = false);

}  // namespace sim::elasticache::redis
