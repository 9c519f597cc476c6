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
#include <variant>
#include <deque>
#include <memory>
#include <vector>

#include "emulators/elasticache/redis/dict.h"
#include "emulators/elasticache/redis/sorted_set.h"
#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

// Hash fields → values; set members (the value is unused).
struct NoValue {};
using HashValue = Dict<std::string, /*kInsertionOrder=*/true>;  // see dict.h
using SetValue = Dict<NoValue>;
using ListValue = std::deque<std::string>;

// One tag per Redis data type, in the order of Value's alternatives.
enum class ValueType { kString, kList, kSet, kZSet, kHash };

// The tag of a stored type: kValueTypeOf<SetValue> == ValueType::kSet.
template <class T>
inline constexpr ValueType kValueTypeOf = ValueType::kString;  // std::string
template <>
inline constexpr ValueType kValueTypeOf<ListValue> = ValueType::kList;
template <>
inline constexpr ValueType kValueTypeOf<SetValue> = ValueType::kSet;
template <>
inline constexpr ValueType kValueTypeOf<HashValue> = ValueType::kHash;
template <>
inline constexpr ValueType kValueTypeOf<SortedSet> = ValueType::kZSet;

// The name TYPE replies with ("string", "list", ...).
std::string_view TypeName(ValueType type);

// A value of any Redis type. Strings are binary-safe byte strings and live
// inline; aggregates live behind a pointer so a string key stays small.
// Lists, sets, sorted sets and hashes are never stored empty: a command that
// removes the last element deletes the key (Redis's rule).
class Value {
 public:
  static Value String(std::string bytes) { return Value(Data(std::move(bytes))); }
  static Value NewList();
  static Value NewSet();
  static Value NewZSet();
  static Value NewHash();

  ~Value();
  Value(Value&&) noexcept;
  Value& operator=(Value&&) noexcept;
  // A deep copy (COPY, snapshots).
  Value Clone() const;

  ValueType type() const { return static_cast<ValueType>(data_.index()); }
  // nullptr when the value is of another type.
  std::string* AsString() { return std::get_if<std::string>(&data_); }
  const std::string* AsString() const { return std::get_if<std::string>(&data_); }
  ListValue* AsList() { return As<ListValue>(); }
  const ListValue* AsList() const { return As<ListValue>(); }
  SetValue* AsSet() { return As<SetValue>(); }
  const SetValue* AsSet() const { return As<SetValue>(); }
  SortedSet* AsZSet() { return As<SortedSet>(); }
  const SortedSet* AsZSet() const { return As<SortedSet>(); }
  HashValue* AsHash() { return As<HashValue>(); }
  const HashValue* AsHash() const { return As<HashValue>(); }

  // Elements of an aggregate (bytes of a string); for OBJECT ENCODING.
  std::size_t Length() const;

  // The aggregate of type T (ListValue, SetValue, SortedSet, HashValue), or
  // nullptr when the value holds another type.
  template <class T>
  T* As() const {
    auto* p = std::get_if<std::unique_ptr<T>>(&data_);
    return p ? p->get() : nullptr;
  }

 private:
  // Alternative order must match ValueType.
  using Data = std::variant<std::string, std::unique_ptr<ListValue>, std::unique_ptr<SetValue>,
                            std::unique_ptr<SortedSet>, std::unique_ptr<HashValue>>;
  explicit Value(Data data) : data_(std::move(data)) {}
  Data data_;
};

struct Entry {
  Value value;
};

// Milliseconds since the Unix epoch, Redis's unit for absolute expiry times.
std::int64_t ToUnixMillis(TimePoint t);

class Database;
// Told when a list or sorted set key is created, so clients blocked on it
// (BLPOP, BZPOPMIN, ...) can be served; Redis's signalKeyAsReady.
using ReadyKeyListener = std::function<void(Database& db, std::string_view key)>;

class Database {
 public:
  Database(const Clock* clock, int index) : clock_(clock), index_(index) {}

  int index() const { return index_; }
  std::int64_t NowMs() const { return ToUnixMillis(clock_->Now()); }

  // The live value under `key`, or nullptr; a key past its expiry is deleted
  // first (lazy expiry, Redis's expireIfNeeded).
  Value* Find(std::string_view key);
  bool Exists(std::string_view key) { return Find(key) != nullptr; }

  // Stores `value` under `key`, replacing any old value. The key's TTL is
  // cleared unless `keep_ttl` (SET ... KEEPTTL; APPEND/INCR edit in place).
  // Returns the stored value. Creating a list or sorted set key notifies the
  // ready-key listener.
  Value& Set(std::string_view key, Value value, bool keep_ttl = false);
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
  // One SCAN step over the keys: visits the live keys of one cursor position
  // and returns the next cursor (0 when done).
  std::uint64_t Scan(std::uint64_t cursor,
                     const std::function<void(const std::string&, const Value&)>& visit) const;

  // A random live key (Redis's dbRandomKey: expired picks are deleted and the
  // draw repeated), or nullopt when the database is empty.
  std::optional<std::string> RandomKey(Rng& rng);

  // Examines up to `limit` keys that have a TTL, resuming where the previous
  // cycle stopped, and deletes those that are past due. Returns how many it
  // deleted.
  std::size_t ActiveExpireCycle(std::size_t limit);

  void set_ready_key_listener(ReadyKeyListener* listener) { ready_listener_ = listener; }

 private:
  bool IsExpired(std::string_view key) const;

  const Clock* clock_;
  int index_;
  Dict<Entry> entries_;
  Dict<std::int64_t> expires_;
  // Scan cursor over expires_ where the next ActiveExpireCycle starts.
  std::uint64_t expire_cursor_ = 0;
  ReadyKeyListener* ready_listener_ = nullptr;
};

// The numbered databases SELECT chooses from (Redis's default: 16).
class Keyspace {
 public:
  static constexpr int kDefaultDatabases = 16;
  explicit Keyspace(const Clock* clock, int databases = kDefaultDatabases);
  Keyspace(const Keyspace&) = delete;
  Keyspace& operator=(const Keyspace&) = delete;

  int database_count() const { return static_cast<int>(dbs_.size()); }
  Database& db(int index) { return dbs_[static_cast<std::size_t>(index)]; }
  const Database& db(int index) const { return dbs_[static_cast<std::size_t>(index)]; }
  const Clock& clock() const { return *clock_; }

  void FlushAll();
  // Runs ActiveExpireCycle on each database with the same per-database limit.
  std::size_t ActiveExpireCycle(std::size_t limit_per_db);
  // Every database reports new list / sorted set keys to `listener` (which
  // must outlive the keyspace, or be replaced by nullptr first).
  void SetReadyKeyListener(ReadyKeyListener* listener);

 private:
  const Clock* clock_;
  std::vector<Database> dbs_;
};

}  // namespace sim::elasticache::redis
