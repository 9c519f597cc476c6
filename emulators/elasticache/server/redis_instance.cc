#include "emulators/elasticache/server/redis_instance.h"

#include <algorithm>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/glob_match.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/server/session.h"

namespace sim::elasticache::redis {
namespace {

template <class T>
void EraseValue(std::vector<T>& items, const T& value) {
  items.erase(std::remove(items.begin(), items.end(), value), items.end());
}

// Parameters CONFIG GET shows and CONFIG SET accepts. Values are Redis
// 7.0's defaults, except where ElastiCache's default parameter group differs.
const std::pair<const char*, const char*> kConfigDefaults[] = {
    {"appendonly", "no"},
    {"appendfsync", "everysec"},
    {"databases", "16"},
    {"hash-max-listpack-entries", "128"},
    {"hash-max-listpack-value", "64"},
    {"hz", "10"},
    {"lazyfree-lazy-eviction", "no"},
    {"lfu-decay-time", "1"},
    {"lfu-log-factor", "10"},
    {"list-max-listpack-size", "-2"},
    {"maxclients", "65000"},
    {"maxmemory", "0"},
    {"maxmemory-policy", "volatile-lru"},
    {"maxmemory-samples", "3"},
    {"notify-keyspace-events", ""},
    {"proto-max-bulk-len", "536870912"},
    {"requirepass", ""},
    {"save", ""},
    {"set-max-intset-entries", "512"},
    {"slowlog-log-slower-than", "10000"},
    {"slowlog-max-len", "128"},
    {"tcp-keepalive", "300"},
    {"timeout", "0"},
    {"zset-max-listpack-entries", "128"},
    {"zset-max-listpack-value", "64"},
};

// Parameters Redis refuses to change at run time.
bool IsImmutable(std::string_view name) { return name == "databases"; }

bool IsNumeric(std::string_view name) {
  return name != "appendonly" && name != "appendfsync" && name != "maxmemory-policy" &&
         name != "notify-keyspace-events" && name != "requirepass" && name != "save" &&
         name != "lazyfree-lazy-eviction";
}

}  // namespace

InstanceConfig::InstanceConfig() {
  for (const auto& [name, value] : kConfigDefaults) values_[name] = value;
}

std::vector<std::pair<std::string, std::string>> InstanceConfig::Matching(
    std::string_view pattern) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : values_)
    if (GlobMatch(pattern, name, /*nocase=*/true)) out.emplace_back(name, value);
  return out;
}

const std::string& InstanceConfig::Get(std::string_view name) const {
  static const std::string kEmpty;
  auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

Status InstanceConfig::Set(std::string_view name, std::string_view value) {
  std::string lower = ToLowerAscii(name);
  auto it = values_.find(lower);
  if (it == values_.end()) {
    return RedisError("Unknown option or number of arguments for CONFIG SET - '" +
                      std::string(name) + "'");
  }
  auto invalid = [&](std::string_view why) {
    return RedisError("CONFIG SET failed (possibly related to argument '" + std::string(name) +
                      "') - " + std::string(why));
  };
  if (IsImmutable(lower)) return invalid("can't set immutable config");
  if (lower == "maxmemory-policy") {
    static const char* kPolicies[] = {"volatile-lru", "volatile-lfu",    "volatile-random",
                                      "volatile-ttl", "allkeys-lru",     "allkeys-lfu",
                                      "allkeys-random", "noeviction"};
    std::string v = ToLowerAscii(value);
    if (std::none_of(std::begin(kPolicies), std::end(kPolicies),
                     [&](const char* p) { return v == p; })) {
      return invalid("argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                     "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
                     "noeviction");
    }
    it->second = v;
    return Ok();
  }
  if (lower == "appendonly" || lower == "lazyfree-lazy-eviction") {
    std::string v = ToLowerAscii(value);
    if (v != "yes" && v != "no") return invalid("argument must be 'yes' or 'no'");
    it->second = v;
    return Ok();
  }
  if (IsNumeric(lower)) {
    std::string v(value);
    // maxmemory accepts memory units (1gb, 100mb, ...).
    if (lower == "maxmemory") {
      std::string digits = ToLowerAscii(v);
      long long mul = 1;
      for (auto [suffix, m] : {std::pair{"gb", 1LL << 30}, {"mb", 1LL << 20}, {"kb", 1LL << 10},
                               {"g", 1000000000LL}, {"m", 1000000LL}, {"k", 1000LL}, {"b", 1LL}}) {
        std::string_view s(suffix);
        if (digits.size() > s.size() && digits.ends_with(s)) {
          digits.resize(digits.size() - s.size());
          mul = m;
          break;
        }
      }
      Result<std::int64_t> n = ParseInt64(digits);
      if (!n.ok() || *n < 0) return invalid("argument must be a memory value");
      it->second = std::to_string(*n * mul);
      return Ok();
    }
    Result<std::int64_t> n = ParseInt64(v);
    if (!n.ok()) return invalid("argument couldn't be parsed into an integer");
    it->second = std::to_string(*n);
    return Ok();
  }
  it->second = std::string(value);
  return Ok();
}

RedisInstance::RedisInstance(Clock* clock, Rng rng, InstanceOptions options)
    : clock_(clock),
      rng_(std::move(rng)),
      options_(std::move(options)),
      started_at_(clock->Now()),
      keyspace_(std::make_unique<Keyspace>(clock)),
      registry_(CommandRegistry::WithAllCommands()) {
  if (options_.run_id.empty()) options_.run_id = rng_.Hex(40);
  if (!options_.auth_token.empty()) (void)config_.Set("requirepass", options_.auth_token);
  ready_listener_ = [this](Database& db, std::string_view key) { OnKeyReady(db, key); };
  keyspace_->SetReadyKeyListener(&ready_listener_);
}

RedisInstance::~RedisInstance() { keyspace_->SetReadyKeyListener(nullptr); }

void RedisInstance::ReplaceKeyspace(std::unique_ptr<Keyspace> keyspace) {
  // A watched key changes if it exists in the old dataset or the new one.
  TouchDatabase(-1);
  keyspace_->SetReadyKeyListener(nullptr);
  keyspace_ = std::move(keyspace);
  keyspace_->SetReadyKeyListener(&ready_listener_);
  TouchDatabase(-1);
  for (const auto& [db_key, waiting] : blocked_) {
    if (keyspace_->db(db_key.first).Find(db_key.second) != nullptr) ready_.push_back(db_key);
  }
  ServeReadyKeys();
}

std::uint64_t RedisInstance::Register(Session* session) {
  std::uint64_t id = next_client_id_++;
  sessions_[id] = session;
  ++stats_.connections_received;
  return id;
}

void RedisInstance::Unregister(Session* session) { sessions_.erase(session->id()); }

Session* RedisInstance::FindSession(std::uint64_t id) const {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

void RedisInstance::Block(Session* session, int db, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    auto& waiting = blocked_[{db, key}];
    if (std::find(waiting.begin(), waiting.end(), session) == waiting.end())
      waiting.push_back(session);
  }
}

void RedisInstance::Unblock(Session* session, int db, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    auto it = blocked_.find({db, key});
    if (it == blocked_.end()) continue;
    EraseValue(it->second, session);
    if (it->second.empty()) blocked_.erase(it);
  }
}

void RedisInstance::OnKeyReady(Database& db, std::string_view key) {
  DbKey db_key{db.index(), std::string(key)};
  if (blocked_.count(db_key) > 0) ready_.push_back(std::move(db_key));
}

void RedisInstance::ServeReadyKeys() {
  while (!ready_.empty()) {
    std::vector<DbKey> batch;
    batch.swap(ready_);
    for (const DbKey& db_key : batch) {
      auto it = blocked_.find(db_key);
      if (it == blocked_.end()) continue;
      // Copy: serving a client unblocks it, which edits the list.
      std::vector<Session*> waiting = it->second;
      for (Session* session : waiting) {
        const Value* value = keyspace_->db(db_key.first).Find(db_key.second);
        if (value == nullptr) break;
        // Redis 7.0 serves a key only to clients blocked for its type: a
        // BLPOP client stays parked when its key appears as a sorted set.
        if (!session->WaitsFor(value->type())) continue;
        session->RetryBlocked();
      }
    }
  }
}

void RedisInstance::Watch(Session* session, int db, const std::string& key) {
  auto& list = watchers_[{db, key}];
  if (std::find(list.begin(), list.end(), session) == list.end()) list.push_back(session);
}

void RedisInstance::Unwatch(Session* session, int db, const std::string& key) {
  auto it = watchers_.find({db, key});
  if (it == watchers_.end()) return;
  EraseValue(it->second, session);
  if (it->second.empty()) watchers_.erase(it);
}

void RedisInstance::TouchKey(int db, std::string_view key) {
  if (watchers_.empty()) return;
  auto it = watchers_.find({db, std::string(key)});
  if (it == watchers_.end()) return;
  for (Session* session : it->second) session->MarkDirty();
}

std::vector<Session*> RedisInstance::WatchersOfLiveKeys(int db) {
  std::vector<Session*> out;
  for (const auto& [db_key, sessions] : watchers_) {
    if (db != -1 && db_key.first != db) continue;
    if (keyspace_->db(db_key.first).Find(db_key.second) == nullptr) continue;
    out.insert(out.end(), sessions.begin(), sessions.end());
  }
  return out;
}

void RedisInstance::TouchDatabase(int db) {
  for (Session* session : WatchersOfLiveKeys(db)) session->MarkDirty();
}

bool RedisInstance::Subscribe(Session* session, const std::string& channel) {
  auto& list = channels_[channel];
  if (std::find(list.begin(), list.end(), session) != list.end()) return false;
  list.push_back(session);
  return true;
}

bool RedisInstance::Unsubscribe(Session* session, const std::string& channel) {
  auto it = channels_.find(channel);
  if (it == channels_.end()) return false;
  auto before = it->second.size();
  EraseValue(it->second, session);
  bool removed = it->second.size() != before;
  if (it->second.empty()) channels_.erase(it);
  return removed;
}

bool RedisInstance::PSubscribe(Session* session, const std::string& pattern) {
  std::pair<std::string, Session*> entry{pattern, session};
  if (std::find(patterns_.begin(), patterns_.end(), entry) != patterns_.end()) return false;
  patterns_.push_back(std::move(entry));
  return true;
}

bool RedisInstance::PUnsubscribe(Session* session, const std::string& pattern) {
  auto before = patterns_.size();
  EraseValue(patterns_, std::pair<std::string, Session*>{pattern, session});
  return patterns_.size() != before;
}

std::size_t RedisInstance::Publish(const std::string& channel, const std::string& message) {
  std::size_t receivers = 0;
  ++stats_.pubsub_messages;
  auto it = channels_.find(channel);
  if (it != channels_.end()) {
    for (Session* session : std::vector<Session*>(it->second)) {
      session->DeliverMessage(channel, message);
      ++receivers;
    }
  }
  for (const auto& [pattern, session] : std::vector(patterns_)) {
    if (!GlobMatch(pattern, channel)) continue;
    session->DeliverPatternMessage(pattern, channel, message);
    ++receivers;
  }
  return receivers;
}

std::vector<std::string> RedisInstance::ActiveChannels(const std::string* pattern) const {
  std::vector<std::string> out;
  for (const auto& [channel, sessions] : channels_)
    if (pattern == nullptr || GlobMatch(*pattern, channel)) out.push_back(channel);
  return out;
}

std::size_t RedisInstance::SubscriberCount(const std::string& channel) const {
  auto it = channels_.find(channel);
  return it == channels_.end() ? 0 : it->second.size();
}

std::size_t RedisInstance::PatternCount() const { return patterns_.size(); }

}  // namespace sim::elasticache::redis
