#include "emulators/elasticache/redis/keyspace.h"

#include <iterator>

namespace sim::elasticache::redis {

std::string_view TypeName(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
  }
  return "none";
}

std::int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }

bool Database::IsExpired(std::string_view key) const {
  auto it = expires_.find(key);
  return it != expires_.end() && it->second <= NowMs();
}

Value* Database::Find(std::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (IsExpired(key)) {
    Erase(key);
    return nullptr;
  }
  return &it->second.value;
}

void Database::Set(std::string_view key, Value value, bool keep_ttl) {
  if (!keep_ttl) {
    auto exp = expires_.find(key);
    if (exp != expires_.end()) expires_.erase(exp);
  }
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.value = std::move(value);
  } else {
    entries_.emplace(std::string(key), Entry{std::move(value)});
  }
}

bool Database::Erase(std::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  bool live = !IsExpired(key);
  auto exp = expires_.find(key);
  if (exp != expires_.end()) expires_.erase(exp);
  entries_.erase(it);
  return live;
}

std::optional<std::int64_t> Database::GetExpire(std::string_view key) const {
  auto it = expires_.find(key);
  if (it == expires_.end()) return std::nullopt;
  return it->second;
}

void Database::SetExpire(std::string_view key, std::int64_t when_ms) {
  auto it = expires_.find(key);
  if (it != expires_.end()) {
    it->second = when_ms;
  } else {
    expires_.emplace(std::string(key), when_ms);
  }
}

bool Database::Persist(std::string_view key) {
  auto it = expires_.find(key);
  if (it == expires_.end()) return false;
  expires_.erase(it);
  return true;
}

void Database::Clear() {
  entries_.clear();
  expires_.clear();
  expire_cursor_ = 0;
}

void Database::ForEachLive(
    const std::function<void(const std::string&, const Value&)>& visit) const {
  std::int64_t now = NowMs();
  for (const auto& [key, entry] : entries_) {
    auto exp = expires_.find(key);
    if (exp != expires_.end() && exp->second <= now) continue;
    visit(key, entry.value);
  }
}

std::optional<std::string> Database::RandomKey(Rng& rng) {
  // Pick a random non-empty bucket, then a random key in it (like Redis's
  // dictGetRandomKey). After many empty buckets (a map that shrank), fall back
  // to a linear walk so the draw stays bounded.
  constexpr int kBucketTries = 64;
  while (!entries_.empty()) {
    std::string key;
    bool picked = false;
    for (int i = 0; i < kBucketTries && !picked; ++i) {
      std::size_t bucket = rng.Below(entries_.bucket_count());
      std::size_t n = entries_.bucket_size(bucket);
      if (n == 0) continue;
      auto it = entries_.begin(bucket);
      std::advance(it, static_cast<std::ptrdiff_t>(rng.Below(n)));
      key = it->first;
      picked = true;
    }
    if (!picked) {
      auto it = entries_.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(rng.Below(entries_.size())));
      key = it->first;
    }
    if (!IsExpired(key)) return key;
    Erase(key);
  }
  return std::nullopt;
}

std::size_t Database::ActiveExpireCycle(std::size_t limit) {
  std::size_t examined = 0;
  std::size_t deleted = 0;
  std::int64_t now = NowMs();
  std::size_t buckets_visited = 0;
  while (examined < limit && !expires_.empty() && buckets_visited < expires_.bucket_count()) {
    if (expire_cursor_ >= expires_.bucket_count()) expire_cursor_ = 0;
    // Collect the bucket's due keys first: erasing invalidates bucket iterators.
    std::vector<std::string> due;
    for (auto it = expires_.begin(expire_cursor_); it != expires_.end(expire_cursor_); ++it) {
      ++examined;
      if (it->second <= now) due.push_back(it->first);
    }
    for (const std::string& key : due) {
      entries_.erase(key);
      expires_.erase(key);
      ++deleted;
    }
    ++expire_cursor_;
    ++buckets_visited;
  }
  return deleted;
}

Keyspace::Keyspace(const Clock* clock, int databases) : clock_(clock) {
  dbs_.reserve(static_cast<std::size_t>(databases));
  for (int i = 0; i < databases; ++i) dbs_.emplace_back(clock);
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
