#include "emulators/elasticache/control/elasticache.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <stdexcept>

#include "emulators/elasticache/redis/keyspace_codec.h"
#include "sim/aws/crypto.h"
#include "sim/core/journal.h"
#include "sim/core/schedule.h"

namespace sim::elasticache {

aws::OperationTable MakeElastiCacheOperations(ElastiCache& service);

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// Redis runs its active expire cycle 10 times a second (hz 10). The tick is
// real time on purpose: it reclaims memory, while whether a key has expired
// is always decided by the sim's Clock (so a simulated jump of days is
// reclaimed at the next tick).
constexpr auto kExpiryTick = std::chrono::milliseconds(100);
constexpr std::size_t kExpiryKeysPerDatabase = 200;

double Seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()) / 1000.0; }

std::string DocKey(std::string_view kind, std::string_view id) {
  return std::string(kind) + "/" + std::string(id);
}

// "hh:mm-hh:mm" → minutes after midnight UTC of the window's start.
std::optional<int> WindowStartMinutes(const std::string& window) {
  int h = 0, m = 0;
  if (window.size() < 5 || std::sscanf(window.c_str(), "%d:%d", &h, &m) != 2) return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

}  // namespace

struct ElastiCache::ExpiryTicker {
  explicit ExpiryTicker(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
};

ElastiCache::ElastiCache(aws::ServiceEnv env, boost::asio::io_context& io, std::string listen_host,
                         Faults* faults)
    : env_(env),
      io_(io),
      expiry_ticker_(std::make_unique<ExpiryTicker>(io)),
      host_(std::move(listen_host)),
      faults_(faults) {
  if (!env_.clock || !env_.store || !env_.rng)
    throw std::invalid_argument("ElastiCache needs a clock, a store and an rng");
  table_ = MakeElastiCacheOperations(*this);
  RunExpiryCycle();
}

ElastiCache::~ElastiCache() {
  expiry_ticker_->timer.cancel();
  for (auto& [key, group] : groups_) StopGroup(*group);
}

void ElastiCache::RunExpiryCycle() {
  for (auto& [key, group] : groups_) {
    std::size_t deleted = group->instance->keyspace().ActiveExpireCycle(kExpiryKeysPerDatabase);
    group->instance->stats().expired_keys += deleted;
  }
  expiry_ticker_->timer.expires_after(kExpiryTick);
  expiry_ticker_->timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) RunExpiryCycle();
  });
}

std::string ElastiCache::Arn(const Scope& scope, std::string_view kind, std::string_view id) const {
  return "arn:aws:elasticache:" + scope.region + ":" + scope.account_id + ":" + std::string(kind) +
         ":" + std::string(id);
}

CacheGroup* ElastiCache::FindGroup(const Scope& scope, std::string_view id) {
  auto it = groups_.find({scope, std::string(id)});
  return it == groups_.end() ? nullptr : it->second.get();
}

void ElastiCache::ReservePorts(const Scope& scope, const std::string& group_id,
                               std::uint16_t primary, std::uint16_t reader) {
  port_plan_[{scope, group_id}] = {primary, reader};
}

Result<CacheGroup*> ElastiCache::StartGroup(const Scope& scope, const std::string& id, Json doc,
                                            std::vector<std::string> members, bool standalone) {
  auto group = std::make_unique<CacheGroup>();
  group->scope = scope;
  group->id = id;
  group->doc = std::move(doc);
  group->members = std::move(members);
  group->standalone = standalone;
  redis::InstanceOptions options;
  options.auth_token = group->doc.value("AuthToken", "");
  options.replicas = static_cast<int>(group->members.size()) - 1;
  group->instance = std::make_unique<redis::RedisInstance>(env_.clock, env_.rng->Fork(id), options);
  std::uint16_t primary_port = 0, reader_port = 0;
  if (auto plan = port_plan_.find({scope, id}); plan != port_plan_.end())
    std::tie(primary_port, reader_port) = plan->second;
  try {
    group->primary_listener = std::make_unique<redis::RedisListener>(io_, group->instance.get(), false);
    group->primary_listener->Listen(host_, primary_port);
    if (!standalone) {
      // With no replica the reader endpoint leads to the primary, as on AWS.
      bool has_replica = group->members.size() > 1;
      group->reader_listener =
          std::make_unique<redis::RedisListener>(io_, group->instance.get(), has_replica);
      group->reader_listener->Listen(host_, reader_port);
    }
  } catch (const std::exception& e) {
    std::string hint = primary_port != 0 ? " (its ports come from environments/ports.yaml; "
                                           "simctl up --data-ports auto picks free ports)"
                                         : "";
    return MakeError("InsufficientCacheClusterCapacity",
                     "cannot serve " + id + ": " + e.what() + hint, 400);
  }
  CacheGroup* raw = group.get();
  // The group's parameter group sets CONFIG values; ElastiCache-only
  // parameters (and ones the emulator does not know) are kept but not applied.
  auto parameters = parameter_groups_.find({scope, raw->doc.value("CacheParameterGroupName", "")});
  if (parameters != parameter_groups_.end()) {
    const Json values = parameters->second.value("_Parameters", Json::object());
    for (const auto& [name, value] : values.items())
      (void)raw->instance->config().Set(name, value.get<std::string>());
  }
  if (faults_ != nullptr) {
    raw->instance->set_fault_probe([this, raw](std::string_view command) -> std::optional<FaultRule> {
      if (faults_->List().empty()) return std::nullopt;
      return faults_->Match("elasticache", command, raw->id);
    });
  }
  raw->instance->set_node_failure_handler([this, scope, id] {
    // Not from inside the failing session: the failure closes its connection.
    boost::asio::post(io_, [this, scope, id] { (void)FailPrimaryNode(scope, id); });
  });
  groups_[{scope, id}] = std::move(group);
  ArmAutomaticSnapshot(*raw);
  return raw;
}

void ElastiCache::StopGroup(CacheGroup& group) {
  if (group.has_snapshot_timer) env_.clock->Cancel(group.snapshot_timer);
  group.has_snapshot_timer = false;
  group.primary_listener.reset();
  group.reader_listener.reset();
}

void ElastiCache::SaveGroup(const CacheGroup& group) {
  Json doc = group.doc;
  doc["_members"] = group.members;
  doc["_primary"] = group.primary;
  doc["_standalone"] = group.standalone;
  env_.store->Put(kTable, group.scope, DocKey("group", group.id), doc.dump());
}

void ElastiCache::SaveSnapshot(const CacheSnapshot& snapshot) {
  env_.store->Put(kTable, snapshot.scope, DocKey("snapshot", snapshot.name), snapshot.doc.dump());
  env_.store->Put(kDataTable, snapshot.scope, snapshot.name, aws::Base64Encode(snapshot.data));
}

void ElastiCache::EraseSnapshot(const CacheSnapshot& snapshot) {
  env_.store->Erase(kTable, snapshot.scope, DocKey("snapshot", snapshot.name));
  env_.store->Erase(kDataTable, snapshot.scope, snapshot.name);
}

void ElastiCache::Load() {
  std::map<std::pair<Scope, std::string>, std::string> data;
  for (const auto& stored : env_.store->Scan(kDataTable)) {
    auto bytes = aws::Base64Decode(stored.body);
    if (bytes) data[{stored.scope, stored.key}] = std::move(*bytes);
  }
  for (const auto& stored : env_.store->Scan(kTable)) {
    Json doc = Json::parse(stored.body, nullptr, false);
    if (doc.is_discarded()) {
      throw std::runtime_error("elasticache: unreadable document " + stored.key);
    }
    auto slash = stored.key.find('/');
    std::string kind = stored.key.substr(0, slash);
    std::string id = stored.key.substr(slash + 1);
    if (kind == "group") {
      auto members = doc.value("_members", std::vector<std::string>{});
      std::size_t primary = doc.value("_primary", std::size_t{0});
      bool standalone = doc.value("_standalone", false);
      for (const char* k : {"_members", "_primary", "_standalone"}) doc.erase(k);
      auto started = StartGroup(stored.scope, id, std::move(doc), std::move(members), standalone);
      if (!started.ok()) throw std::runtime_error("elasticache: " + started.error().message);
      (*started)->primary = primary;
    } else if (kind == "snapshot") {
      auto snapshot = std::make_unique<CacheSnapshot>();
      snapshot->scope = stored.scope;
      snapshot->name = id;
      snapshot->doc = std::move(doc);
      snapshot->data = data[{stored.scope, id}];
      snapshots_[{stored.scope, id}] = std::move(snapshot);
    } else if (kind == "parameter-group") {
      parameter_groups_[{stored.scope, id}] = std::move(doc);
    } else if (kind == "subnet-group") {
      subnet_groups_[{stored.scope, id}] = std::move(doc);
    }
  }
}

Result<CacheSnapshot*> ElastiCache::TakeSnapshot(CacheGroup& group, const std::string& name,
                                                 const std::string& source) {
  auto key = std::make_pair(group.scope, name);
  if (snapshots_.count(key) > 0) {
    return MakeError("SnapshotAlreadyExistsFault", "Snapshot " + name + " already exists.", 400);
  }
  TimePoint now = env_.clock->Now();
  auto snapshot = std::make_unique<CacheSnapshot>();
  snapshot->scope = group.scope;
  snapshot->name = name;
  snapshot->data = redis::SerializeKeyspace(group.instance->keyspace());
  const Json& g = group.doc;
  Json doc = {
      {"SnapshotName", name},
      {"SnapshotStatus", "available"},
      {"SnapshotSource", source},
      {"CacheNodeType", g.value("CacheNodeType", "cache.t4g.micro")},
      {"Engine", "redis"},
      {"EngineVersion", g.value("EngineVersion", "7.1")},
      {"NumCacheNodes", 1},
      {"Port", g.value("Port", 6379)},
      {"SnapshotRetentionLimit", g.value("SnapshotRetentionLimit", 0)},
      {"SnapshotWindow", g.value("SnapshotWindow", "05:00-06:00")},
      {"AutoMinorVersionUpgrade", true},
      {"ARN", Arn(group.scope, "snapshot", name)},
      {"NodeSnapshots",
       Json::array({{{"CacheClusterId", group.members[group.primary]},
                     {"CacheNodeId", "0001"},
                     {"CacheSize", std::to_string(snapshot->data.size()) + " B"},
                     {"SnapshotCreateTime", Seconds(now)}}})},
  };
  if (group.standalone) {
    doc["CacheClusterId"] = group.id;
  } else {
    doc["ReplicationGroupId"] = group.id;
    doc["ReplicationGroupDescription"] = g.value("Description", "");
    doc["NumNodeGroups"] = 1;
    doc["AutomaticFailover"] = g.value("AutomaticFailover", "disabled");
  }
  snapshot->doc = std::move(doc);
  CacheSnapshot* raw = snapshot.get();
  snapshots_[key] = std::move(snapshot);
  SaveSnapshot(*raw);
  AddEvent(group.scope, group.id, group.standalone ? "cache-cluster" : "replication-group",
           "Snapshot " + name + " succeeded for " + group.id);
  return raw;
}

void ElastiCache::ArmAutomaticSnapshot(CacheGroup& group) {
  if (group.has_snapshot_timer) env_.clock->Cancel(group.snapshot_timer);
  group.has_snapshot_timer = false;
  if (group.doc.value("SnapshotRetentionLimit", 0) <= 0) return;
  auto start = WindowStartMinutes(group.doc.value("SnapshotWindow", "05:00-06:00")).value_or(300);
  std::int64_t now_ms = env_.clock->Now().time_since_epoch().count();
  std::int64_t day = now_ms - now_ms % kDayMs;
  std::int64_t at = day + start * 60'000LL;
  if (at <= now_ms) at += kDayMs;
  Scope scope = group.scope;
  std::string id = group.id;
  group.snapshot_timer = env_.clock->ScheduleAt(TimePoint(Duration(at)),
                                                [this, scope, id] { OnSnapshotWindow(scope, id); });
  group.has_snapshot_timer = true;
}

void ElastiCache::OnSnapshotWindow(const Scope& scope, const std::string& group_id) {
  CacheGroup* group = FindGroup(scope, group_id);
  if (group == nullptr) return;
  group->has_snapshot_timer = false;
  std::string stamp = FormatIso8601(env_.clock->Now());  // 2026-11-27T05:00:00Z
  std::string name = "automatic." + group_id + "-" + stamp.substr(0, 10) + "-" +
                     stamp.substr(11, 2) + "-" + stamp.substr(14, 2);
  (void)TakeSnapshot(*group, name, "automated");
  if (env_.journal) env_.journal->Record({0, {}, "elasticache", group_id, "AutomaticSnapshot", "ok", name});
  // Keep the newest SnapshotRetentionLimit automatic snapshots of the group.
  auto keep = static_cast<std::size_t>(group->doc.value("SnapshotRetentionLimit", 0));
  std::vector<CacheSnapshot*> automatic;
  for (auto& [key, snapshot] : snapshots_) {
    if (key.first == scope && snapshot->doc.value("SnapshotSource", "") == "automated" &&
        snapshot->doc.value("ReplicationGroupId", snapshot->doc.value("CacheClusterId", "")) == group_id)
      automatic.push_back(snapshot.get());
  }
  std::sort(automatic.begin(), automatic.end(), [](CacheSnapshot* a, CacheSnapshot* b) {
    return a->doc["NodeSnapshots"][0]["SnapshotCreateTime"].get<double>() >
           b->doc["NodeSnapshots"][0]["SnapshotCreateTime"].get<double>();
  });
  for (std::size_t i = keep; i < automatic.size(); ++i) {
    EraseSnapshot(*automatic[i]);
    snapshots_.erase({scope, automatic[i]->name});
  }
  ArmAutomaticSnapshot(*group);
}

void ElastiCache::Failover(CacheGroup& group, std::size_t new_primary) {
  std::string from = group.members[group.primary];
  group.primary = new_primary;
  // Endpoints stay; clients see their connections drop and reconnect.
  group.primary_listener->CloseConnections();
  if (group.reader_listener) group.reader_listener->CloseConnections();
  AddEvent(group.scope, group.id, "replication-group",
           "Failover from primary node " + from + " to replica node " +
               group.members[new_primary] + " completed");
  SaveGroup(group);
}

Status ElastiCache::FailPrimaryNode(const Scope& scope, const std::string& group_id) {
  CacheGroup* group = FindGroup(scope, group_id);
  if (group == nullptr) {
    return MakeError("ReplicationGroupNotFoundFault", "Replication group " + group_id + " not found.", 404);
  }
  bool can_fail_over = group->members.size() > 1 &&
                       group->doc.value("AutomaticFailover", "disabled") == "enabled";
  if (env_.journal) env_.journal->Record({0, {}, "elasticache", group_id, "NodeFailure", "ok", ""});
  if (can_fail_over) {
    Failover(*group, (group->primary + 1) % group->members.size());
    return Ok();
  }
  // No replica to promote: the node is replaced and loads the latest snapshot.
  const CacheSnapshot* latest = nullptr;
  for (const auto& [key, snapshot] : snapshots_) {
    if (key.first != scope) continue;
    std::string source = snapshot->doc.value("ReplicationGroupId", snapshot->doc.value("CacheClusterId", ""));
    if (source != group_id) continue;
    if (latest == nullptr || snapshot->doc["NodeSnapshots"][0]["SnapshotCreateTime"].get<double>() >=
                                 latest->doc["NodeSnapshots"][0]["SnapshotCreateTime"].get<double>())
      latest = snapshot.get();
  }
  auto fresh = std::make_unique<redis::Keyspace>(env_.clock);
  if (latest != nullptr) (void)redis::LoadKeyspace(latest->data, *fresh);
  group->primary_listener->CloseConnections();
  if (group->reader_listener) group->reader_listener->CloseConnections();
  group->instance->ReplaceKeyspace(std::move(fresh));
  AddEvent(scope, group->members[group->primary], "cache-cluster",
           latest ? "Recovering cache nodes 0001 from snapshot " + latest->name
                  : "Recovering cache nodes 0001 (no snapshot: data lost)");
  return Ok();
}

void ElastiCache::AddEvent(const Scope& scope, std::string source_id, std::string source_type,
                           std::string message) {
  events_.push_back({scope, std::move(source_id), std::move(source_type), std::move(message),
                     env_.clock->Now()});
}

}  // namespace sim::elasticache
