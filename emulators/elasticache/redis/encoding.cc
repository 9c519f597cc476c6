#include "emulators/elasticache/redis/encoding.h"

#include "emulators/elasticache/resp/resp_parser.h"

namespace sim::elasticache::redis {
namespace {

constexpr std::size_t kListpackEntries = 128;
constexpr std::size_t kListpackValue = 64;
constexpr std::size_t kIntsetEntries = 512;
// OBJ_ENCODING_EMBSTR_SIZE_LIMIT
constexpr std::size_t kEmbstrLimit = 44;

bool IsCompact(const Value& value) {
  switch (value.type()) {
    case ValueType::kString:
    case ValueType::kList:
      return false;
    case ValueType::kSet: {
      const SetValue& set = *value.AsSet();
      if (set.size() > kIntsetEntries) return false;
      bool all_integers = true;
      set.ForEach([&](const std::string& member, const NoValue&) {
        if (!ParseRedisInteger(member)) all_integers = false;
      });
      return all_integers;
    }
    case ValueType::kZSet: {
      const SortedSet& zset = *value.AsZSet();
      if (zset.size() > kListpackEntries) return false;
      for (const auto& element : zset.ordered())
        if (element.member.size() > kListpackValue) return false;
      return true;
    }
    case ValueType::kHash: {
      const HashValue& hash = *value.AsHash();
      if (hash.size() > kListpackEntries) return false;
      bool small = true;
      hash.ForEach([&](const std::string& field, const std::string& v) {
        if (field.size() > kListpackValue || v.size() > kListpackValue) small = false;
      });
      return small;
    }
  }
  return false;
}

}  // namespace

bool HasCompactEncoding(const Value& value) { return IsCompact(value); }

std::string_view EncodingName(const Value& value) {
  switch (value.type()) {
    case ValueType::kString: {
      const std::string& s = *value.AsString();
      if (s.size() <= 20 && ParseRedisInteger(s)) return "int";
      return s.size() <= kEmbstrLimit ? "embstr" : "raw";
    }
    case ValueType::kList:
      return "quicklist";
    case ValueType::kSet:
      return IsCompact(value) ? "intset" : "hashtable";
    case ValueType::kZSet:
      return IsCompact(value) ? "listpack" : "skiplist";
    case ValueType::kHash:
      return IsCompact(value) ? "listpack" : "hashtable";
  }
  return "unknown";
}

}  // namespace sim::elasticache::redis
