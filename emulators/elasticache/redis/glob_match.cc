#include "emulators/elasticache/redis/glob_match.h"

#include <cctype>
#include <string>

namespace sim::elasticache::redis {
namespace {

// A direct port of stringmatchlen_impl. `pattern` must be NUL-terminated past
// its length: like the C original, the code peeks one byte beyond the end.
bool MatchImpl(const char* pattern, int pattern_len, const char* str, int str_len, bool nocase,
               bool* skip_longer, int nesting) {
  if (nesting > 1000) return false;
  auto lower = [](int c) { return std::tolower(static_cast<unsigned char>(c)); };
  while (pattern_len && str_len) {
    switch (pattern[0]) {
      case '*':
        while (pattern_len && pattern[1] == '*') {
          ++pattern;
          --pattern_len;
        }
        if (pattern_len == 1) return true;
        while (str_len) {
          if (MatchImpl(pattern + 1, pattern_len - 1, str, str_len, nocase, skip_longer,
                        nesting + 1)) {
            return true;
          }
          if (*skip_longer) return false;
          ++str;
          --str_len;
        }
        // No match for the rest of the pattern at any later start: a longer
        // string cannot match either, so outer `*`s stop trying.
        *skip_longer = true;
        return false;
      case '?':
        ++str;
        --str_len;
        break;
      case '[': {
        ++pattern;
        --pattern_len;
        bool negate = pattern[0] == '^';
        if (negate) {
          ++pattern;
          --pattern_len;
        }
        bool match = false;
        while (true) {
          if (pattern[0] == '\\' && pattern_len >= 2) {
            ++pattern;
            --pattern_len;
            if (pattern[0] == str[0]) match = true;
          } else if (pattern[0] == ']') {
            break;
          } else if (pattern_len == 0) {
            --pattern;
            ++pattern_len;
            break;
          } else if (pattern_len >= 3 && pattern[1] == '-') {
            int start = pattern[0];
            int end = pattern[2];
            int c = str[0];
            if (start > end) std::swap(start, end);
            if (nocase) {
              start = lower(start);
              end = lower(end);
              c = lower(c);
            }
            pattern += 2;
            pattern_len -= 2;
            if (c >= start && c <= end) match = true;
          } else if (!nocase ? pattern[0] == str[0] : lower(pattern[0]) == lower(str[0])) {
            match = true;
          }
          ++pattern;
          --pattern_len;
        }
        if (negate) match = !match;
        if (!match) return false;
        ++str;
        --str_len;
        break;
      }
      case '\\':
        if (pattern_len >= 2) {
          ++pattern;
          --pattern_len;
        }
        [[fallthrough]];
      default:
        if (!nocase ? pattern[0] != str[0] : lower(pattern[0]) != lower(str[0])) return false;
        ++str;
        --str_len;
        break;
    }
    ++pattern;
    --pattern_len;
    if (str_len == 0) {
      while (*pattern == '*') {
        ++pattern;
        --pattern_len;
      }
      break;
    }
  }
  return pattern_len == 0 && str_len == 0;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  std::string terminated(pattern);  // MatchImpl reads one byte past the end
  bool skip_longer = false;
  return MatchImpl(terminated.c_str(), static_cast<int>(terminated.size()), text.data(),
                   static_cast<int>(text.size()), nocase, &skip_longer, 0);
}

}  // namespace sim::elasticache::redis
