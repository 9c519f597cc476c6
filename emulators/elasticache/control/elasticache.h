#pragma once
// Amazon ElastiCache (Redis, cluster mode disabled) as a sim service: the
// control plane over the query protocol, and for every replication group a
// live Redis data plane — one RedisInstance served on two loopback
// listeners, the primary endpoint and the reader endpoint (which refuses
// writes). Replicas are modelled as synchronous copies of the primary's
// dataset, so a failover to a replica loses nothing acknowledged; a primary
// failing with no replica to take over comes back with the group's latest
// snapshot (or empty), as ElastiCache does.
//
// Group, snapshot, parameter group and subnet group documents are written
// through to the StateStore table "elasticache"; snapshot datasets go to
// "elasticache-snapshot-data". Datasets themselves live in memory: after a
// sim restart a group starts empty, like a node replaced by ElastiCache.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulators/elasticache/server/redis_instance.h"
#include "emulators/elasticache/server/redis_listener.h"
#include "sim/aws/service.h"
#include "sim/core/faults.h"
#include "sim/store/state_store.h"

namespace boost::asio {
class io_context;
}

namespace sim::elasticache {

using Json = nlohmann::json;

// One replication group (or, with `standalone`, a single-node cache cluster
// created by CreateCacheCluster) and its running data plane.
struct CacheGroup {
  Scope scope;
  std::string id;
  Json doc;  // the stored description: ReplicationGroup-shaped members
  std::vector<std::string> members;  // cache cluster ids; members[primary] is the primary
  std::size_t primary = 0;
  bool standalone = false;
  std::unique_ptr<redis::RedisInstance> instance;
  std::unique_ptr<redis::RedisListener> primary_listener;
  std::unique_ptr<redis::RedisListener> reader_listener;
  TimerId snapshot_timer = 0;
  bool has_snapshot_timer = false;
};

struct CacheSnapshot {
  Scope scope;
  std::string name;
  Json doc;          // Snapshot-shaped members
  std::string data;  // SerializeKeyspace bytes
};

struct CacheEvent {
  Scope scope;
  std::string source_id;
  std::string source_type;  // replication-group, cache-cluster, snapshot, ...
  std::string message;
  TimePoint date;
};

class ElastiCache final : public aws::Service {
 public:
  static constexpr std::string_view kTable = "elasticache";
  static constexpr std::string_view kDataTable = "elasticache-snapshot-data";

  // `faults` (optional) is consulted on every data-plane command: rules for
  // service "elasticache" and resource = the group id apply error, outage
  // (connection dropped) and node_failure (the primary fails over or is
  // replaced) to Redis clients.
  ElastiCache(aws::ServiceEnv env, boost::asio::io_context& io, std::string listen_host,
              Faults* faults);
  ~ElastiCache() override;

  std::string_view Name() const override { return "elasticache"; }
  const aws::OperationTable& Operations() const override { return table_; }
  void Load() override;

  // The port plan: the next group created with this id in this scope binds
  // its endpoints there (0 = any free port).
  void ReservePorts(const Scope& scope, const std::string& group_id, std::uint16_t primary,
                    std::uint16_t reader);
  // The primary node of a group fails now (drills, node_failure faults).
  Status FailPrimaryNode(const Scope& scope, const std::string& group_id);

  // Read-only views for status pages and tests (event-loop thread only).
  const std::map<std::pair<Scope, std::string>, std::unique_ptr<CacheGroup>>& groups() const {
    return groups_;
  }
  CacheGroup* FindGroup(const Scope& scope, std::string_view id);

 private:
  friend class ElastiCacheOperations;

  Result<CacheGroup*> StartGroup(const Scope& scope, const std::string& id, Json doc,
                                 std::vector<std::string> members, bool standalone);
  void StopGroup(CacheGroup& group);
  void SaveGroup(const CacheGroup& group);
  void SaveSnapshot(const CacheSnapshot& snapshot);
  void EraseSnapshot(const CacheSnapshot& snapshot);
  Result<CacheSnapshot*> TakeSnapshot(CacheGroup& group, const std::string& name,
                                      const std::string& source);
  void ArmAutomaticSnapshot(CacheGroup& group);
  void OnSnapshotWindow(const Scope& scope, const std::string& group_id);
  void Failover(CacheGroup& group, std::size_t new_primary);
  void AddEvent(const Scope& scope, std::string source_id, std::string source_type,
                std::string message);
  Json DescribeGroup(const CacheGroup& group) const;
  std::vector<Json> DescribeClusters(const CacheGroup& group, bool node_info) const;
  std::string Arn(const Scope& scope, std::string_view kind, std::string_view id) const;

  // Redis's active expiry: reclaims expired keys nobody touches.
  struct ExpiryTicker;
  void RunExpiryCycle();

  aws::ServiceEnv env_;
  boost::asio::io_context& io_;
  std::unique_ptr<ExpiryTicker> expiry_ticker_;
  std::string host_;
  Faults* faults_;
  aws::OperationTable table_;
  std::map<std::pair<Scope, std::string>, std::unique_ptr<CacheGroup>> groups_;
  std::map<std::pair<Scope, std::string>, std::unique_ptr<CacheSnapshot>> snapshots_;
  std::map<std::pair<Scope, std::string>, Json> parameter_groups_;
  std::map<std::pair<Scope, std::string>, Json> subnet_groups_;
  std::map<std::pair<Scope, std::string>, std::pair<std::uint16_t, std::uint16_t>> port_plan_;
  std::vector<CacheEvent> events_;
};

}  // namespace sim::elasticache
