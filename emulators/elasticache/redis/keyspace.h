#pragma once
// The Redis keyspace: numbered databases of key → value, with expiry times kept
// in a separate map as Redis does (db->expires), so keys without a TTL cost
// nothing extra. Expiry is lazy (a key past its time is deleted when touched)
// plus ActiveExpireCycle, which the owner drives from a Clock timer to reclaim
// keys nobody touches. Time comes only from the sim::Clock.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

// One tag per Redis data type; hashes, lists, sets, sorted sets and streams
// get a tag and a variant alternative in Value when their family is added.
enum class ValueType { kString };

// The name TYPE replies with ("string", ...).
std::string_view TypeName(ValueType type);

// A value of any Redis type. Strings are binary-safe byte strings.
class Value {
 public:
  static Value String(std::string bytes) { return Value(std::move(bytes)); }

  ValueType type() const { return static_cast<ValueType>(data_.index()); }
  // nullptr when the value is of another type.
  std::string* AsString() { return std::get_if<std::string>(&data_); }
  const std::string* AsString() const { return std::get_if<std::string>(&data_); }

 private:
  explicit Value(std::string bytes) : data_(std::move(bytes)) {}
  // Alternative order must match ValueType.
  std::variant<std::string> data_;
};

struct Entry {
  Value value;
};

// Lets the maps be searched with a string_view without building a std::string.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};
template <class T>
using KeyMap = std::unordered_map<std::string, T, KeyHash, std::equal_to<>>;

// Milliseconds since the Unix epoch, Redis's unit for absolute expiry times.
std::int64_t ToUnixMillis(TimePoint t);

class Database {
 public:
  explicit Database(const Clock* clock) : clock_(clock) {}

  std::int64_t NowMs() const { return ToUnixMillis(clock_->Now()); }

  // The live value under `key`, or nullptr; a key past its expiry is deleted
  // first (lazy expiry, Redis's expireIfNeeded).
  Value* Find(std::string_view key);
  bool Exists(std::string_view key) { return Find(key) != nullptr; }

  // Stores `value` under `key`, replacing any old value. The key's TTL is
  // cleared unless `keep_ttl` (SET ... KEEPTTL; APPEND/INCR edit in place).
  void Set(std::string_view key, Value value, bool keep_ttl = false);
  // Removes the key (expired or not); true if it was there and live.
  bool Erase(std::string_view key);

  // The absolute expiry in ms since the epoch, or nullopt if the key has none.
  std::optional<std::int64_t> GetExpire(std::string_view key) const;
  // `key` must exist.
  void SetExpire(std::string_view key, std::int64_t when_ms);
  // Clears the TTL; true if there was one.
  bool Persist(std::string_view key);

  // Keys stored, counting expired keys not yet reclaimed (as DBSIZE does).
  std::size_t size() const { return entries_.size(); }
  std::size_t expires_size() const { return expires_.size(); }
  void Clear();

  // Visits every live key; expired keys are skipped but not deleted (KEYS).
  void ForEachLive(const std::function<void(const std::string&, const Value&)>& visit) const;

  // A random live key (Redis's dbRandomKey: expired picks are deleted and the
  // draw repeated), or nullopt when the database is empty.
  std::optional<std::string> RandomKey(Rng& rng);

  // Examines up to `limit` keys that have a TTL, resuming where the previous
  // cycle stopped, and deletes those that are past due. Returns how many it
  // deleted.
  std::size_t ActiveExpireCycle(std::size_t limit);

 private:
  bool IsExpired(std::string_view key) const;

  const Clock* clock_;
  KeyMap<Entry> entries_;
  KeyMap<std::int64_t> expires_;
  // Bucket of expires_ where the next ActiveExpireCycle starts.
  std::size_t expire_cursor_ = 0;
};

// The numbered databases SELECT chooses from (Redis's default: 16).
class Keyspace {
 public:
  static constexpr int kDefaultDatabases = 16;
  explicit Keyspace(const Clock* clock, int databases = kDefaultDatabases);

  int database_count() const { return static_cast<int>(dbs_.size()); }
  Database& db(int index) { return dbs_[static_cast<std::size_t>(index)]; }
  const Clock& clock() const { return *clock_; }

  void FlushAll();
  // Runs ActiveExpireCycle on each database with the same per-database limit.
  std::size_t ActiveExpireCycle(std::size_t limit_per_db);

 private:
  const Clock* clock_;
  std::vector<Database> dbs_;
};

}  // namespace sim::elasticache::redis
