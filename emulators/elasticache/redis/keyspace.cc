#include "emulators/elasticache/redis/keyspace.h"

#include <type_traits>

#include "emulators/elasticache/redis/sorted_set.h"

namespace sim::elasticache::redis {

std::string_view TypeName(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
    case ValueType::kList:
      return "list";
    case ValueType::kSet:
      return "set";
    case ValueType::kZSet:
      return "zset";
    case ValueType::kHash:
      return "hash";
  }
  return "none";
}

Value Value::NewList() { return Value(Data(std::make_unique<ListValue>())); }
Value Value::NewSet() { return Value(Data(std::make_unique<SetValue>())); }
Value Value::NewZSet() { return Value(Data(std::make_unique<SortedSet>())); }
Value Value::NewHash() { return Value(Data(std::make_unique<HashValue>())); }

Value::~Value() = default;
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(Value&&) noexcept = default;

Value Value::Clone() const {
  return std::visit(
      [](const auto& held) -> Value {
        using T = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return Value(Data(held));
        } else {
          using Pointee = typename T::element_type;
          return Value(Data(std::make_unique<Pointee>(*held)));
        }
      },
      data_);
}

std::size_t Value::Length() const {
  switch (type()) {
    case ValueType::kString:
      return AsString()->size();
    case ValueType::kList:
      return AsList()->size();
    case ValueType::kSet:
      return AsSet()->size();
    case ValueType::kZSet:
      return AsZSet()->size();
    case ValueType::kHash:
      return AsHash()->size();
  }
  return 0;
}

std::int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }

bool Database::IsExpired(std::string_view key) const {
  if (expires_.empty()) return false;
  const std::int64_t* when = expires_.Find(key);
  return when != nullptr && *when <= NowMs();
}

Value* Database::Find(std::string_view key) {
  Entry* entry = entries_.Find(key);
  if (entry == nullptr) return nullptr;
  if (IsExpired(key)) {
    Erase(key);
    return nullptr;
  }
  return &entry->value;
}

Value& Database::Set(std::string_view key, Value value, bool keep_ttl) {
  if (!keep_ttl && !expires_.empty()) expires_.Erase(key);
  ValueType type = value.type();
  Entry* entry = entries_.Find(key);
  if (entry != nullptr) {
    entry->value = std::move(value);
  } else {
    entry = entries_.TryEmplace(key, Entry{std::move(value)}).first;
  }
  if (ready_listener_ != nullptr && (type == ValueType::kList || type == ValueType::kZSet))
    (*ready_listener_)(*this, key);
  return entry->value;
}

bool Database::Erase(std::string_view key) {
  if (!entries_.Contains(key)) return false;
  bool live = !IsExpired(key);
  expires_.Erase(key);
  entries_.Erase(key);
  return live;
}

std::optional<std::int64_t> Database::GetExpire(std::string_view key) const {
  const std::int64_t* when = expires_.Find(key);
  if (when == nullptr) return std::nullopt;
  return *when;
}

void Database::SetExpire(std::string_view key, std::int64_t when_ms) {
  auto [slot, added] = expires_.TryEmplace(key, when_ms);
  if (!added) *slot = when_ms;
}

bool Database::Persist(std::string_view key) { return expires_.Erase(key); }

void Database::Clear() {
  entries_.Clear();
  expires_.Clear();
  expire_cursor_ = 0;
}

void Database::ForEachLive(
    const std::function<void(const std::string&, const Value&)>& visit) const {
  std::int64_t now = NowMs();
  entries_.ForEach([&](const std::string& key, const Entry& entry) {
    const std::int64_t* when = expires_.Find(key);
    if (when == nullptr || *when > now) visit(key, entry.value);
  });
}

std::uint64_t Database::Scan(
    std::uint64_t cursor,
    const std::function<void(const std::string&, const Value&)>& visit) const {
  std::int64_t now = NowMs();
  return entries_.Scan(cursor, [&](const std::string& key, const Entry& entry) {
    const std::int64_t* when = expires_.Find(key);
    if (when == nullptr || *when > now) visit(key, entry.value);
  });
}

std::optional<std::string> Database::RandomKey(Rng& rng) {
  while (const auto* node = entries_.Random(rng)) {
    std::string key = node->key;
    if (!IsExpired(key)) return key;
    Erase(key);
  }
  return std::nullopt;
}

std::size_t Database::ActiveExpireCycle(std::size_t limit) {
  std::size_t examined = 0;
  std::size_t deleted = 0;
  std::int64_t now = NowMs();
  std::size_t steps = 0;
  // Walk the expires table with a SCAN cursor, so the walk resumes where it
  // stopped and stays sound while keys come and go.
  while (examined < limit && !expires_.empty() && steps < expires_.bucket_count()) {
    std::vector<std::string> due;
    expire_cursor_ = expires_.Scan(expire_cursor_, [&](const std::string& key, std::int64_t when) {
      ++examined;
      if (when <= now) due.push_back(key);
    });
    for (const std::string& key : due) {
      entries_.Erase(key);
      expires_.Erase(key);
      ++deleted;
    }
    ++steps;
  }
  return deleted;
}

Keyspace::Keyspace(const Clock* clock, int databases) : clock_(clock) {
  dbs_.reserve(static_cast<std::size_t>(databases));
  for (int i = 0; i < databases; ++i) dbs_.emplace_back(clock, i);
}

void Keyspace::FlushAll() {
  for (Database& db : dbs_) db.Clear();
}

std::size_t Keyspace::ActiveExpireCycle(std::size_t limit_per_db) {
  std::size_t deleted = 0;
  for (Database& db : dbs_) deleted += db.ActiveExpireCycle(limit_per_db);
  return deleted;
}

}  // namespace sim::elasticache::redis

namespace sim::elasticache::redis {

void Keyspace::SetReadyKeyListener(ReadyKeyListener* listener) {
  for (Database& db : dbs_) db.set_ready_key_listener(listener);
}

}  // namespace sim::elasticache::redis
