#pragma once
// One Redis dataset and everything its clients share: the keyspace, the
// command table, configuration, statistics, and the registries that connect
// clients to each other (pub/sub channels, clients blocked on keys, WATCHed
// keys). A replication group's primary and reader endpoints serve the same
// instance (replication is synchronous in the emulator). Sessions (one per
// client) register here; nothing in this class touches sockets.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulators/elasticache/redis/command_registry.h"
#include "emulators/elasticache/redis/keyspace.h"
#include "sim/core/clock.h"
#include "sim/core/faults.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {

class Session;

struct InstanceOptions {
  // The AUTH token of the default user; empty means no password (nopass).
  std::string auth_token;
  // What INFO and HELLO report.
  std::string version = "7.0.15";
  std::string run_id;  // 40 hex chars; drawn from the rng when empty
  // Replicas kept in sync with this dataset (INFO replication, WAIT).
  int replicas = 0;
};

struct InstanceStats {
  std::uint64_t connections_received = 0;
  std::uint64_t commands_processed = 0;
  std::uint64_t rejected_connections = 0;
  std::uint64_t pubsub_messages = 0;
  std::uint64_t expired_keys = 0;
};

// CONFIG GET / SET parameters: name → value, with Redis 7.0's defaults for
// the ones clients and operators usually touch.
class InstanceConfig {
 public:
  InstanceConfig();
  // Parameters whose name matches the glob, in name order.
  std::vector<std::pair<std::string, std::string>> Matching(std::string_view pattern) const;
  bool Has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  // Validates and stores; the error text is CONFIG SET's.
  Status Set(std::string_view name, std::string_view value);
  const std::string& Get(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

class RedisInstance {
 public:
  RedisInstance(Clock* clock, Rng rng, InstanceOptions options);
  ~RedisInstance();
  RedisInstance(const RedisInstance&) = delete;
  RedisInstance& operator=(const RedisInstance&) = delete;

  Keyspace& keyspace() { return *keyspace_; }
  const CommandRegistry& registry() const { return registry_; }
  Rng& rng() { return rng_; }
  Clock& clock() const { return *clock_; }
  const InstanceOptions& options() const { return options_; }
  InstanceConfig& config() { return config_; }
  InstanceStats& stats() { return stats_; }
  TimePoint started_at() const { return started_at_; }
  const std::string& run_id() const { return options_.run_id; }
  void set_replicas(int replicas) { options_.replicas = replicas; }

  // Fault injection: consulted before every command (the command name in
  // lower case). A matching rule answers with its error, drops the
  // connection (outage), or drops it and reports a node failure.
  using FaultProbe = std::function<std::optional<FaultRule>(std::string_view command)>;
  void set_fault_probe(FaultProbe probe) { fault_probe_ = std::move(probe); }
  const FaultProbe& fault_probe() const { return fault_probe_; }
  // Told (after the command that hit a node_failure fault) that the node failed.
  void set_node_failure_handler(std::function<void()> handler) { on_node_failure_ = std::move(handler); }
  void ReportNodeFailure() {
    if (on_node_failure_) on_node_failure_();
  }
  bool requires_auth() const { return !config_.Get("requirepass").empty(); }
  // Replaces the whole dataset (restore from a snapshot, a failed node coming
  // back empty). Blocked and watching clients see it as a change to every key.
  void ReplaceKeyspace(std::unique_ptr<Keyspace> keyspace);

  // --- clients -----------------------------------------------------------
  std::uint64_t Register(Session* session);
  void Unregister(Session* session);
  const std::map<std::uint64_t, Session*>& sessions() const { return sessions_; }
  Session* FindSession(std::uint64_t id) const;

  // --- blocking (BLPOP, BZPOPMIN, ...) -----------------------------------
  void Block(Session* session, int db, const std::vector<std::string>& keys);
  void Unblock(Session* session, int db, const std::vector<std::string>& keys);
  // Re-runs the commands of clients blocked on keys that received a list or
  // sorted set, in the order they blocked, until nothing more can be served.
  void ServeReadyKeys();

  // --- WATCH ------------------------------------------------------------
  void Watch(Session* session, int db, const std::string& key);
  void Unwatch(Session* session, int db, const std::string& key);
  // Whether any client WATCHes a key (no write need then be looked at).
  bool has_watchers() const { return !watchers_.empty(); }
  // Marks every client watching the key as dirty (its EXEC will fail).
  void TouchKey(int db, std::string_view key);
  // FLUSHDB / FLUSHALL: every watched key in `db` (all databases if -1)
  // that exists now (Redis's touchAllWatchedKeysInDb: flushing a key that
  // was not there changes nothing).
  void TouchDatabase(int db);
  // The clients TouchDatabase(db) would mark, without marking them: a flush
  // collects them before it empties the database.
  std::vector<Session*> WatchersOfLiveKeys(int db);

  // --- pub/sub ------------------------------------------------------------
  // Returns whether the session was not already subscribed.
  bool Subscribe(Session* session, const std::string& channel);
  bool Unsubscribe(Session* session, const std::string& channel);
  bool PSubscribe(Session* session, const std::string& pattern);
  bool PUnsubscribe(Session* session, const std::string& pattern);
  // Delivers to channel and pattern subscribers; returns how many got it.
  std::size_t Publish(const std::string& channel, const std::string& message);
  // Channels with at least one subscriber, optionally matching a glob.
  std::vector<std::string> ActiveChannels(const std::string* pattern) const;
  std::size_t SubscriberCount(const std::string& channel) const;
  std::size_t PatternCount() const;

 private:
  using DbKey = std::pair<int, std::string>;
  void OnKeyReady(Database& db, std::string_view key);

  Clock* clock_;
  Rng rng_;
  InstanceOptions options_;
  InstanceConfig config_;
  InstanceStats stats_;
  TimePoint started_at_;
  std::unique_ptr<Keyspace> keyspace_;
  CommandRegistry registry_;
  ReadyKeyListener ready_listener_;
  FaultProbe fault_probe_;
  std::function<void()> on_node_failure_;

  std::uint64_t next_client_id_ = 1;
  std::map<std::uint64_t, Session*> sessions_;

  std::map<DbKey, std::vector<Session*>> blocked_;  // in blocking order
  std::vector<DbKey> ready_;

  std::map<DbKey, std::vector<Session*>> watchers_;

  std::map<std::string, std::vector<Session*>> channels_;
  std::vector<std::pair<std::string, Session*>> patterns_;  // in subscription order
};

}  // namespace sim::elasticache::redis
