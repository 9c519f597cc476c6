// The ElastiCache API operations (query protocol), on ElastiCache's state.
// Inputs and outputs are the botocore model's members; the protocol layer
// validates types and required members before a handler runs.

#include <algorithm>
#include <cctype>

#include "emulators/elasticache/control/elasticache.h"
#include "emulators/elasticache/redis/keyspace_codec.h"

namespace sim::elasticache {

using Ctx = aws::RequestContext;

namespace {

double Seconds(TimePoint t) { return static_cast<double>(t.time_since_epoch().count()) / 1000.0; }
Scope ScopeOf(const Ctx& ctx) { return {ctx.account_id, ctx.region}; }

Error GroupNotFound(const std::string& id) {
  return MakeError("ReplicationGroupNotFoundFault", "ReplicationGroup " + id + " not found.", 404);
}
Error ClusterNotFound(const std::string& id) {
  return MakeError("CacheClusterNotFound", "CacheCluster " + id + " not found.", 404);
}
Error SnapshotNotFound(const std::string& name) {
  return MakeError("SnapshotNotFoundFault", "Snapshot " + name + " not found.", 404);
}
Error InvalidValue(const std::string& message) {
  return MakeError("InvalidParameterValue", message, 400);
}
Error InvalidCombination(const std::string& message) {
  return MakeError("InvalidParameterCombination", message, 400);
}

// ElastiCache identifiers: 1-40 (replication groups) or 1-50 characters,
// letters, digits and hyphens, starting with a letter, no trailing hyphen or
// two consecutive hyphens. Stored lower case, as AWS does.
Result<std::string> CheckIdentifier(const std::string& id, std::size_t max, const char* what) {
  bool ok = !id.empty() && id.size() <= max && std::isalpha(static_cast<unsigned char>(id[0])) &&
            id.back() != '-' && id.find("--") == std::string::npos &&
            std::all_of(id.begin(), id.end(),
                        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
  if (!ok) return InvalidValue(std::string("Invalid ") + what + " identifier: " + id);
  std::string lower = id;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

Json TagList(const Json& tags) { return tags.is_array() ? tags : Json::array(); }

// Pages a list with MaxRecords (20..100, default 100) and an index Marker.
Result<Json> Page(std::vector<Json> items, const Json& input, const char* list_member) {
  std::size_t max = static_cast<std::size_t>(input.value("MaxRecords", 100));
  if (input.contains("MaxRecords") && (max < 20 || max > 100)) {
    return InvalidValue("MaxRecords must be between 20 and 100");
  }
  std::size_t start = 0;
  if (input.contains("Marker")) {
    const std::string marker = input["Marker"].get<std::string>();
    if (marker.empty() || !std::all_of(marker.begin(), marker.end(), ::isdigit))
      return InvalidValue("Invalid marker: " + marker);
    start = std::stoul(marker);
  }
  Json out = {{list_member, Json::array()}};
  for (std::size_t i = start; i < items.size() && i < start + max; ++i) out[list_member].push_back(items[i]);
  if (start + max < items.size()) out["Marker"] = std::to_string(start + max);
  return out;
}

}  // namespace

class ElastiCacheOperations {
 public:
  using Self = ElastiCache;

  static Json Endpoint(const Self& s, std::uint16_t port) {
    return {{"Address", s.host_}, {"Port", port}};
  }

  static Json DescribeGroup(const Self& s, const CacheGroup& g) {
    Json out = g.doc;
    out.erase("AuthToken");
    out.erase("Port");
    out.erase("EngineVersion");
    out.erase("CacheParameterGroupName");
    out.erase("CacheSubnetGroupName");
    out.erase("Tags");
    out.erase("CreateTime");
    out["ReplicationGroupId"] = g.id;
    out["Status"] = "available";
    out["PendingModifiedValues"] = Json::object();
    out["MemberClusters"] = g.members;
    out["SnapshottingClusterId"] = g.members[g.primary];
    out["ClusterEnabled"] = false;
    out["ClusterMode"] = "disabled";
    out["Engine"] = "redis";
    out["AuthTokenEnabled"] = g.doc.contains("AuthToken");
    out["ARN"] = s.Arn(g.scope, "replicationgroup", g.id);
    out["ReplicationGroupCreateTime"] = g.doc.value("CreateTime", 0.0);
    out["NetworkType"] = "ipv4";
    out["IpDiscovery"] = "ipv4";
    out["AutoMinorVersionUpgrade"] = true;
    Json members = Json::array();
    for (std::size_t i = 0; i < g.members.size(); ++i) {
      bool primary = i == g.primary;
      members.push_back({{"CacheClusterId", g.members[i]},
                         {"CacheNodeId", "0001"},
                         {"ReadEndpoint", Endpoint(s, primary ? g.primary_listener->port()
                                                              : g.reader_listener->port())},
                         {"PreferredAvailabilityZone", g.scope.region + static_cast<char>('a' + i % 3)},
                         {"CurrentRole", primary ? "primary" : "replica"}});
    }
    out["NodeGroups"] = Json::array({{{"NodeGroupId", "0001"},
                                      {"Status", "available"},
                                      {"PrimaryEndpoint", Endpoint(s, g.primary_listener->port())},
                                      {"ReaderEndpoint", Endpoint(s, g.reader_listener->port())},
                                      {"NodeGroupMembers", members}}});
    return out;
  }

  static Json DescribeCluster(const Self& s, const CacheGroup& g, std::size_t i, bool node_info) {
    const Json& d = g.doc;
    bool primary = i == g.primary;
    Json c = {{"CacheClusterId", g.members[i]},
              {"CacheNodeType", d.value("CacheNodeType", "cache.t4g.micro")},
              {"Engine", "redis"},
              {"EngineVersion", d.value("EngineVersion", "7.1")},
              {"CacheClusterStatus", "available"},
              {"NumCacheNodes", 1},
              {"PreferredAvailabilityZone", g.scope.region + static_cast<char>('a' + i % 3)},
              {"CacheClusterCreateTime", d.value("CreateTime", 0.0)},
              {"PreferredMaintenanceWindow", d.value("PreferredMaintenanceWindow", "sun:03:00-sun:04:00")},
              {"PendingModifiedValues", Json::object()},
              {"CacheParameterGroup", {{"CacheParameterGroupName", d.value("CacheParameterGroupName", "default.redis7")},
                                       {"ParameterApplyStatus", "in-sync"},
                                       {"CacheNodeIdsToReboot", Json::array()}}},
              {"CacheSubnetGroupName", d.value("CacheSubnetGroupName", "default")},
              {"AutoMinorVersionUpgrade", true},
              {"SnapshotRetentionLimit", d.value("SnapshotRetentionLimit", 0)},
              {"SnapshotWindow", d.value("SnapshotWindow", "05:00-06:00")},
              {"AuthTokenEnabled", d.contains("AuthToken")},
              {"TransitEncryptionEnabled", d.value("TransitEncryptionEnabled", false)},
              {"AtRestEncryptionEnabled", d.value("AtRestEncryptionEnabled", false)},
              {"ARN", s.Arn(g.scope, "cluster", g.members[i])},
              {"ReplicationGroupLogDeliveryEnabled", false},
              {"NetworkType", "ipv4"},
              {"IpDiscovery", "ipv4"}};
    if (!g.standalone) c["ReplicationGroupId"] = g.id;
    if (node_info) {
      std::uint16_t port = primary ? g.primary_listener->port() : g.reader_listener->port();
      c["CacheNodes"] = Json::array({{{"CacheNodeId", "0001"},
                                      {"CacheNodeStatus", "available"},
                                      {"CacheNodeCreateTime", d.value("CreateTime", 0.0)},
                                      {"Endpoint", Endpoint(s, port)},
                                      {"ParameterGroupStatus", "in-sync"},
                                      {"CustomerAvailabilityZone", c["PreferredAvailabilityZone"]}}});
    }
    return c;
  }

  static Result<CacheGroup*> Group(Self& s, const Ctx& ctx, const std::string& id) {
    CacheGroup* g = s.FindGroup(ScopeOf(ctx), id);
    if (g == nullptr || g->standalone) return GroupNotFound(id);
    return g;
  }

  // --- replication groups ---------------------------------------------------

  static Result<Json> CreateReplicationGroup(Self& s, const Ctx& ctx, const Json& in) {
    auto id = CheckIdentifier(in.at("ReplicationGroupId").get<std::string>(), 40, "replication group");
    if (!id.ok()) return id.error();
    Scope scope = ScopeOf(ctx);
    if (s.FindGroup(scope, *id) != nullptr) {
      return MakeError("ReplicationGroupAlreadyExists", "Replication group " + *id + " already exists.", 400);
    }
    if (in.contains("Engine") && in["Engine"] != "redis" && in["Engine"] != "Redis") {
      return InvalidValue("The emulator serves the redis engine only, not " + in["Engine"].get<std::string>());
    }
    if (in.value("NumNodeGroups", 1) > 1 || in.value("ClusterMode", "disabled") == "enabled") {
      return InvalidCombination("Cluster mode (more than one node group) is not emulated.");
    }
    int clusters = in.value("NumCacheClusters", in.value("ReplicasPerNodeGroup", 0) + 1);
    if (clusters < 1 || clusters > 6) return InvalidValue("NumCacheClusters must be between 1 and 6.");
    bool failover = in.value("AutomaticFailoverEnabled", false);
    bool multi_az = in.value("MultiAZEnabled", false);
    if (failover && clusters < 2) {
      return InvalidCombination("Automatic failover requires at least one replica (NumCacheClusters >= 2).");
    }
    if (multi_az && !failover) return InvalidCombination("Multi-AZ requires automatic failover to be enabled.");
    if (in.contains("AuthToken")) {
      std::string token = in["AuthToken"];
      if (!in.value("TransitEncryptionEnabled", false)) {
        return InvalidCombination("The AUTH token is only supported when encryption-in-transit is set to true.");
      }
      bool printable = std::all_of(token.begin(), token.end(), [](char c) {
        return c >= 33 && c <= 126 && c != '@' && c != '"' && c != '/';
      });
      if (token.size() < 16 || token.size() > 128 || !printable) {
        return InvalidValue("Invalid AuthToken: 16 to 128 printable characters, no @, \" or /.");
      }
    }
    const CacheSnapshot* from = nullptr;
    if (in.contains("SnapshotName")) {
      auto it = s.snapshots_.find({scope, in["SnapshotName"].get<std::string>()});
      if (it == s.snapshots_.end()) return SnapshotNotFound(in["SnapshotName"]);
      from = it->second.get();
    }
    Json doc = {{"Description", in.value("ReplicationGroupDescription", "")},
                {"AutomaticFailover", failover ? "enabled" : "disabled"},
                {"MultiAZ", multi_az ? "enabled" : "disabled"},
                {"SnapshotRetentionLimit", in.value("SnapshotRetentionLimit", 0)},
                {"SnapshotWindow", in.value("SnapshotWindow", "05:00-06:00")},
                {"CacheNodeType", in.value("CacheNodeType", "cache.t4g.micro")},
                {"TransitEncryptionEnabled", in.value("TransitEncryptionEnabled", false)},
                {"AtRestEncryptionEnabled", in.value("AtRestEncryptionEnabled", false)},
                {"EngineVersion", in.value("EngineVersion", "7.1")},
                {"Port", in.value("Port", 6379)},
                {"CacheParameterGroupName", in.value("CacheParameterGroupName", "default.redis7")},
                {"CacheSubnetGroupName", in.value("CacheSubnetGroupName", "default")},
                {"PreferredMaintenanceWindow", in.value("PreferredMaintenanceWindow", "sun:03:00-sun:04:00")},
                {"CreateTime", Seconds(ctx.now)},
                {"Tags", TagList(in.value("Tags", Json::array()))}};
    if (in.contains("AuthToken")) doc["AuthToken"] = in["AuthToken"];
    if (in.contains("KmsKeyId")) doc["KmsKeyId"] = in["KmsKeyId"];
    std::vector<std::string> members;
    std::string primary_id = in.value("PrimaryClusterId", "");
    for (int i = 1; i <= clusters; ++i) {
      char suffix[8];
      std::snprintf(suffix, sizeof suffix, "-%03d", i);
      members.push_back(*id + suffix);
    }
    auto started = s.StartGroup(scope, *id, std::move(doc), std::move(members), false);
    if (!started.ok()) return started.error();
    CacheGroup* g = *started;
    if (from != nullptr) {
      Status loaded = redis::LoadKeyspace(from->data, g->instance->keyspace());
      if (!loaded.ok()) return MakeError("InvalidSnapshotState", loaded.error().message, 400);
    }
    s.SaveGroup(*g);
    s.AddEvent(scope, *id, "replication-group", "Replication group " + *id + " created");
    Json out = DescribeGroup(s, *g);
    out["Status"] = "creating";
    return Json{{"ReplicationGroup", out}};
  }

  static Result<Json> DescribeReplicationGroups(Self& s, const Ctx& ctx, const Json& in) {
    std::vector<Json> items;
    if (in.contains("ReplicationGroupId")) {
      auto g = Group(s, ctx, in["ReplicationGroupId"]);
      if (!g.ok()) return g.error();
      items.push_back(DescribeGroup(s, **g));
    } else {
      for (const auto& [key, g] : s.groups_)
        if (key.first == ScopeOf(ctx) && !g->standalone) items.push_back(DescribeGroup(s, *g));
    }
    return Page(std::move(items), in, "ReplicationGroups");
  }

  static Result<Json> ModifyReplicationGroup(Self& s, const Ctx& ctx, const Json& in) {
    auto found = Group(s, ctx, in.at("ReplicationGroupId"));
    if (!found.ok()) return found.error();
    CacheGroup& g = **found;
    Json& d = g.doc;
    if (in.contains("ReplicationGroupDescription")) d["Description"] = in["ReplicationGroupDescription"];
    if (in.contains("AutomaticFailoverEnabled")) {
      bool on = in["AutomaticFailoverEnabled"];
      if (on && g.members.size() < 2) {
        return InvalidCombination("Automatic failover requires at least one replica.");
      }
      d["AutomaticFailover"] = on ? "enabled" : "disabled";
      if (!on) d["MultiAZ"] = "disabled";
    }
    if (in.contains("MultiAZEnabled")) {
      bool on = in["MultiAZEnabled"];
      if (on && d["AutomaticFailover"] != "enabled") {
        return InvalidCombination("Multi-AZ requires automatic failover to be enabled.");
      }
      d["MultiAZ"] = on ? "enabled" : "disabled";
    }
    for (const char* k : {"SnapshotRetentionLimit", "SnapshotWindow", "CacheNodeType", "EngineVersion",
                          "CacheParameterGroupName", "PreferredMaintenanceWindow"})
      if (in.contains(k)) d[k] = in[k];
    if (in.contains("AuthToken")) {
      d["AuthToken"] = in["AuthToken"];
      (void)g.instance->config().Set("requirepass", in["AuthToken"].get<std::string>());
    }
    if (in.contains("PrimaryClusterId")) {
      auto it = std::find(g.members.begin(), g.members.end(), in["PrimaryClusterId"].get<std::string>());
      if (it == g.members.end()) return ClusterNotFound(in["PrimaryClusterId"]);
      auto index = static_cast<std::size_t>(it - g.members.begin());
      if (index != g.primary) s.Failover(g, index);
    }
    s.ArmAutomaticSnapshot(g);
    s.SaveGroup(g);
    s.AddEvent(g.scope, g.id, "replication-group", "Replication group " + g.id + " modified");
    return Json{{"ReplicationGroup", DescribeGroup(s, g)}};
  }

  static Result<Json> DeleteReplicationGroup(Self& s, const Ctx& ctx, const Json& in) {
    auto found = Group(s, ctx, in.at("ReplicationGroupId"));
    if (!found.ok()) return found.error();
    CacheGroup& g = **found;
    if (in.contains("FinalSnapshotIdentifier")) {
      auto taken = s.TakeSnapshot(g, in["FinalSnapshotIdentifier"], "manual");
      if (!taken.ok()) return taken.error();
    }
    Json out = DescribeGroup(s, g);
    out["Status"] = "deleting";
    s.StopGroup(g);
    s.env_.store->Erase(ElastiCache::kTable, g.scope, "group/" + g.id);
    s.AddEvent(g.scope, g.id, "replication-group", "Replication group " + g.id + " deleted");
    s.groups_.erase({g.scope, g.id});
    return Json{{"ReplicationGroup", out}};
  }

  static Result<Json> TestFailover(Self& s, const Ctx& ctx, const Json& in) {
    auto found = Group(s, ctx, in.at("ReplicationGroupId"));
    if (!found.ok()) return found.error();
    CacheGroup& g = **found;
    if (in.at("NodeGroupId") != "0001") {
      return MakeError("NodeGroupNotFoundFault", "Node group " + in["NodeGroupId"].get<std::string>() + " not found.", 404);
    }
    if (g.members.size() < 2 || g.doc.value("AutomaticFailover", "disabled") != "enabled") {
      return MakeError("InvalidReplicationGroupState",
                       "Replication group " + g.id + " must have automatic failover enabled and a replica to test failover.",
                       400);
    }
    s.AddEvent(g.scope, g.id, "replication-group", "Test Failover API called for node group 0001");
    s.Failover(g, (g.primary + 1) % g.members.size());
    return Json{{"ReplicationGroup", DescribeGroup(s, g)}};
  }

  // --- cache clusters -------------------------------------------------------

  static Result<Json> CreateCacheCluster(Self& s, const Ctx& ctx, const Json& in) {
    if (in.contains("ReplicationGroupId")) {
      return InvalidCombination("Adding a cache cluster to a replication group is not emulated; set NumCacheClusters on the group.");
    }
    auto id = CheckIdentifier(in.at("CacheClusterId").get<std::string>(), 50, "cache cluster");
    if (!id.ok()) return id.error();
    Scope scope = ScopeOf(ctx);
    if (s.FindGroup(scope, *id) != nullptr) {
      return MakeError("CacheClusterAlreadyExists", "Cache cluster " + *id + " already exists.", 400);
    }
    if (in.contains("Engine") && in["Engine"] != "redis") {
      return InvalidValue("The emulator serves the redis engine only.");
    }
    if (in.value("NumCacheNodes", 1) != 1) return InvalidValue("A Redis cache cluster has exactly one node.");
    Json doc = {{"CacheNodeType", in.value("CacheNodeType", "cache.t4g.micro")},
                {"EngineVersion", in.value("EngineVersion", "7.1")},
                {"Port", in.value("Port", 6379)},
                {"SnapshotRetentionLimit", in.value("SnapshotRetentionLimit", 0)},
                {"SnapshotWindow", in.value("SnapshotWindow", "05:00-06:00")},
                {"CacheParameterGroupName", in.value("CacheParameterGroupName", "default.redis7")},
                {"CacheSubnetGroupName", in.value("CacheSubnetGroupName", "default")},
                {"CreateTime", Seconds(ctx.now)},
                {"Tags", TagList(in.value("Tags", Json::array()))}};
    if (in.contains("AuthToken")) doc["AuthToken"] = in["AuthToken"];
    auto started = s.StartGroup(scope, *id, std::move(doc), {*id}, true);
    if (!started.ok()) return started.error();
    if (in.contains("SnapshotName")) {
      auto it = s.snapshots_.find({scope, in["SnapshotName"].get<std::string>()});
      if (it == s.snapshots_.end()) return SnapshotNotFound(in["SnapshotName"]);
      (void)redis::LoadKeyspace(it->second->data, (*started)->instance->keyspace());
    }
    s.SaveGroup(**started);
    s.AddEvent(scope, *id, "cache-cluster", "Cache cluster created");
    Json out = DescribeCluster(s, **started, 0, false);
    out["CacheClusterStatus"] = "creating";
    return Json{{"CacheCluster", out}};
  }

  static Result<Json> DescribeCacheClusters(Self& s, const Ctx& ctx, const Json& in) {
    bool node_info = in.value("ShowCacheNodeInfo", false);
    std::vector<Json> items;
    for (const auto& [key, g] : s.groups_) {
      if (key.first != ScopeOf(ctx)) continue;
      for (std::size_t i = 0; i < g->members.size(); ++i) {
        if (in.contains("CacheClusterId") && g->members[i] != in["CacheClusterId"]) continue;
        items.push_back(DescribeCluster(s, *g, i, node_info));
      }
    }
    if (in.contains("CacheClusterId") && items.empty()) return ClusterNotFound(in["CacheClusterId"]);
    return Page(std::move(items), in, "CacheClusters");
  }

  static Result<Json> DeleteCacheCluster(Self& s, const Ctx& ctx, const Json& in) {
    std::string id = in.at("CacheClusterId");
    CacheGroup* g = s.FindGroup(ScopeOf(ctx), id);
    if (g == nullptr || !g->standalone) {
      for (const auto& [key, group] : s.groups_)
        if (key.first == ScopeOf(ctx) &&
            std::find(group->members.begin(), group->members.end(), id) != group->members.end())
          return MakeError("InvalidCacheClusterState",
                           "Cache cluster " + id + " is a member of replication group " + group->id +
                               "; delete or modify the replication group instead.", 400);
      return ClusterNotFound(id);
    }
    if (in.contains("FinalSnapshotIdentifier")) {
      auto taken = s.TakeSnapshot(*g, in["FinalSnapshotIdentifier"], "manual");
      if (!taken.ok()) return taken.error();
    }
    Json out = DescribeCluster(s, *g, 0, false);
    out["CacheClusterStatus"] = "deleting";
    s.StopGroup(*g);
    s.env_.store->Erase(ElastiCache::kTable, g->scope, "group/" + id);
    s.groups_.erase({ScopeOf(ctx), id});
    return Json{{"CacheCluster", out}};
  }

  // --- snapshots --------------------------------------------------------------

  static Json DescribeSnapshot(const CacheSnapshot& snapshot) { return snapshot.doc; }

  static Result<Json> CreateSnapshot(Self& s, const Ctx& ctx, const Json& in) {
    std::string source = in.value("ReplicationGroupId", in.value("CacheClusterId", ""));
    if (source.empty()) return InvalidCombination("ReplicationGroupId or CacheClusterId is required.");
    CacheGroup* g = s.FindGroup(ScopeOf(ctx), source);
    if (g == nullptr && in.contains("CacheClusterId")) {
      for (const auto& [key, group] : s.groups_)
        if (key.first == ScopeOf(ctx) &&
            std::find(group->members.begin(), group->members.end(), source) != group->members.end())
          g = group.get();
    }
    if (g == nullptr) return in.contains("ReplicationGroupId") ? GroupNotFound(source) : ClusterNotFound(source);
    auto taken = s.TakeSnapshot(*g, in.at("SnapshotName"), "manual");
    if (!taken.ok()) return taken.error();
    if (in.contains("Tags")) (*taken)->doc["_Tags"] = in["Tags"];
    Json out = DescribeSnapshot(**taken);
    out.erase("_Tags");
    out["SnapshotStatus"] = "creating";
    return Json{{"Snapshot", out}};
  }

  static Result<Json> DescribeSnapshots(Self& s, const Ctx& ctx, const Json& in) {
    std::vector<Json> items;
    for (const auto& [key, snapshot] : s.snapshots_) {
      if (key.first != ScopeOf(ctx)) continue;
      const Json& d = snapshot->doc;
      if (in.contains("SnapshotName") && in["SnapshotName"] != snapshot->name) continue;
      if (in.contains("ReplicationGroupId") && d.value("ReplicationGroupId", "") != in["ReplicationGroupId"]) continue;
      if (in.contains("CacheClusterId") && d.value("CacheClusterId", d["NodeSnapshots"][0].value("CacheClusterId", "")) !=
                                               in["CacheClusterId"])
        continue;
      if (in.contains("SnapshotSource")) {
        std::string want = in["SnapshotSource"] == "system" ? "automated" : in["SnapshotSource"].get<std::string>();
        if (d.value("SnapshotSource", "") != want) continue;
      }
      Json out = d;
      out.erase("_Tags");
      items.push_back(out);
    }
    if (in.contains("SnapshotName") && items.empty()) return SnapshotNotFound(in["SnapshotName"]);
    return Page(std::move(items), in, "Snapshots");
  }

  static Result<Json> CopySnapshot(Self& s, const Ctx& ctx, const Json& in) {
    Scope scope = ScopeOf(ctx);
    auto it = s.snapshots_.find({scope, in.at("SourceSnapshotName").get<std::string>()});
    if (it == s.snapshots_.end()) return SnapshotNotFound(in["SourceSnapshotName"]);
    if (in.contains("TargetBucket")) {
      return InvalidValue("Exporting a snapshot to an S3 bucket is not emulated yet.");
    }
    std::string target = in.at("TargetSnapshotName");
    if (s.snapshots_.count({scope, target}) > 0) {
      return MakeError("SnapshotAlreadyExistsFault", "Snapshot " + target + " already exists.", 400);
    }
    auto copy = std::make_unique<CacheSnapshot>(*it->second);
    copy->name = target;
    copy->doc["SnapshotName"] = target;
    copy->doc["SnapshotSource"] = "manual";
    copy->doc["ARN"] = s.Arn(scope, "snapshot", target);
    copy->doc.erase("_Tags");
    if (in.contains("Tags")) copy->doc["_Tags"] = in["Tags"];
    CacheSnapshot* raw = copy.get();
    s.snapshots_[{scope, target}] = std::move(copy);
    s.SaveSnapshot(*raw);
    Json out = raw->doc;
    out.erase("_Tags");
    return Json{{"Snapshot", out}};
  }

  static Result<Json> DeleteSnapshot(Self& s, const Ctx& ctx, const Json& in) {
    auto it = s.snapshots_.find({ScopeOf(ctx), in.at("SnapshotName").get<std::string>()});
    if (it == s.snapshots_.end()) return SnapshotNotFound(in["SnapshotName"]);
    Json out = it->second->doc;
    out.erase("_Tags");
    out["SnapshotStatus"] = "deleting";
    s.EraseSnapshot(*it->second);
    s.snapshots_.erase(it);
    return Json{{"Snapshot", out}};
  }

  // --- parameter and subnet groups -------------------------------------------

  static Result<Json> CreateCacheParameterGroup(Self& s, const Ctx& ctx, const Json& in) {
    std::string name = in.at("CacheParameterGroupName");
    if (s.parameter_groups_.count({ScopeOf(ctx), name}) > 0) {
      return MakeError("CacheParameterGroupAlreadyExists", "Parameter group " + name + " already exists.", 400);
    }
    Json doc = {{"CacheParameterGroupName", name},
                {"CacheParameterGroupFamily", in.at("CacheParameterGroupFamily")},
                {"Description", in.at("Description")},
                {"IsGlobal", false},
                {"ARN", s.Arn(ScopeOf(ctx), "parametergroup", name)},
                {"_Parameters", Json::object()},
                {"_Tags", TagList(in.value("Tags", Json::array()))}};
    s.parameter_groups_[{ScopeOf(ctx), name}] = doc;
    s.env_.store->Put(ElastiCache::kTable, ScopeOf(ctx), "parameter-group/" + name, doc.dump());
    return Json{{"CacheParameterGroup", Public(doc)}};
  }

  static Json Public(Json doc) {
    for (auto it = doc.begin(); it != doc.end();) {
      if (it.key().starts_with("_")) {
        it = doc.erase(it);
      } else {
        ++it;
      }
    }
    return doc;
  }

  static Result<Json> DescribeCacheParameterGroups(Self& s, const Ctx& ctx, const Json& in) {
    std::vector<Json> items;
    for (const auto& [key, doc] : s.parameter_groups_) {
      if (key.first != ScopeOf(ctx)) continue;
      if (in.contains("CacheParameterGroupName") && in["CacheParameterGroupName"] != key.second) continue;
      items.push_back(Public(doc));
    }
    if (in.contains("CacheParameterGroupName") && items.empty()) {
      return MakeError("CacheParameterGroupNotFound",
                       "Cache parameter group " + in["CacheParameterGroupName"].get<std::string>() + " not found.", 404);
    }
    return Page(std::move(items), in, "CacheParameterGroups");
  }

  static Result<Json*> ParameterGroup(Self& s, const Ctx& ctx, const std::string& name) {
    auto it = s.parameter_groups_.find({ScopeOf(ctx), name});
    if (it == s.parameter_groups_.end()) {
      return MakeError("CacheParameterGroupNotFound", "Cache parameter group " + name + " not found.", 404);
    }
    return &it->second;
  }

  static Result<Json> ModifyCacheParameterGroup(Self& s, const Ctx& ctx, const Json& in) {
    std::string name = in.at("CacheParameterGroupName");
    auto doc = ParameterGroup(s, ctx, name);
    if (!doc.ok()) return doc.error();
    for (const auto& p : in.at("ParameterNameValues")) {
      if (!p.contains("ParameterName")) return InvalidValue("ParameterName is required");
      (**doc)["_Parameters"][p["ParameterName"].get<std::string>()] = p.value("ParameterValue", "");
    }
    s.env_.store->Put(ElastiCache::kTable, ScopeOf(ctx), "parameter-group/" + name, (*doc)->dump());
    return Json{{"CacheParameterGroupName", name}};
  }

  static Result<Json> DescribeCacheParameters(Self& s, const Ctx& ctx, const Json& in) {
    auto doc = ParameterGroup(s, ctx, in.at("CacheParameterGroupName"));
    if (!doc.ok()) return doc.error();
    std::vector<Json> items;
    for (const auto& [name, value] : (**doc)["_Parameters"].items())
      items.push_back({{"ParameterName", name}, {"ParameterValue", value}, {"Source", "user"},
                       {"IsModifiable", true}, {"DataType", "string"}, {"ChangeType", "immediate"}});
    return Page(std::move(items), in, "Parameters");
  }

  static Result<Json> DeleteCacheParameterGroup(Self& s, const Ctx& ctx, const Json& in) {
    std::string name = in.at("CacheParameterGroupName");
    auto doc = ParameterGroup(s, ctx, name);
    if (!doc.ok()) return doc.error();
    s.parameter_groups_.erase({ScopeOf(ctx), name});
    s.env_.store->Erase(ElastiCache::kTable, ScopeOf(ctx), "parameter-group/" + name);
    return Json::object();
  }

  static Result<Json> CreateCacheSubnetGroup(Self& s, const Ctx& ctx, const Json& in) {
    std::string name = in.at("CacheSubnetGroupName");
    if (s.subnet_groups_.count({ScopeOf(ctx), name}) > 0) {
      return MakeError("CacheSubnetGroupAlreadyExists", "Cache subnet group " + name + " already exists.", 400);
    }
    Json subnets = Json::array();
    for (const auto& id : in.at("SubnetIds")) subnets.push_back({{"SubnetIdentifier", id}});
    Json doc = {{"CacheSubnetGroupName", name},
                {"CacheSubnetGroupDescription", in.at("CacheSubnetGroupDescription")},
                {"VpcId", "vpc-00000000000000000"},
                {"Subnets", subnets},
                {"ARN", s.Arn(ScopeOf(ctx), "subnetgroup", name)},
                {"SupportedNetworkTypes", Json::array({"ipv4"})},
                {"_Tags", TagList(in.value("Tags", Json::array()))}};
    s.subnet_groups_[{ScopeOf(ctx), name}] = doc;
    s.env_.store->Put(ElastiCache::kTable, ScopeOf(ctx), "subnet-group/" + name, doc.dump());
    return Json{{"CacheSubnetGroup", Public(doc)}};
  }

  static Result<Json> DescribeCacheSubnetGroups(Self& s, const Ctx& ctx, const Json& in) {
    std::vector<Json> items;
    for (const auto& [key, doc] : s.subnet_groups_) {
      if (key.first != ScopeOf(ctx)) continue;
      if (in.contains("CacheSubnetGroupName") && in["CacheSubnetGroupName"] != key.second) continue;
      items.push_back(Public(doc));
    }
    if (in.contains("CacheSubnetGroupName") && items.empty()) {
      return MakeError("CacheSubnetGroupNotFoundFault",
                       "Cache subnet group " + in["CacheSubnetGroupName"].get<std::string>() + " not found.", 400);
    }
    return Page(std::move(items), in, "CacheSubnetGroups");
  }

  static Result<Json> DeleteCacheSubnetGroup(Self& s, const Ctx& ctx, const Json& in) {
    std::string name = in.at("CacheSubnetGroupName");
    if (s.subnet_groups_.erase({ScopeOf(ctx), name}) == 0) {
      return MakeError("CacheSubnetGroupNotFoundFault", "Cache subnet group " + name + " not found.", 400);
    }
    s.env_.store->Erase(ElastiCache::kTable, ScopeOf(ctx), "subnet-group/" + name);
    return Json::object();
  }

  // --- tags and events ----------------------------------------------------------

  // The tag list of the resource an ARN names, and a way to save it.
  struct Tagged {
    Json* tags;
    std::function<void()> save;
  };

  static Result<Tagged> FindTagged(Self& s, const Ctx& ctx, const std::string& arn) {
    Scope scope = ScopeOf(ctx);
    std::string prefix = "arn:aws:elasticache:" + scope.region + ":" + scope.account_id + ":";
    if (!arn.starts_with(prefix)) return MakeError("InvalidARN", "Invalid ARN: " + arn, 400);
    std::string rest = arn.substr(prefix.size());
    auto colon = rest.find(':');
    if (colon == std::string::npos) return MakeError("InvalidARN", "Invalid ARN: " + arn, 400);
    std::string kind = rest.substr(0, colon), id = rest.substr(colon + 1);
    if (kind == "replicationgroup" || kind == "cluster") {
      CacheGroup* g = s.FindGroup(scope, id);
      if (g == nullptr && kind == "cluster") {
        for (auto& [key, group] : s.groups_)
          if (key.first == scope && std::find(group->members.begin(), group->members.end(), id) != group->members.end())
            g = group.get();
      }
      if (g == nullptr) return kind == "cluster" ? ClusterNotFound(id) : GroupNotFound(id);
      if (!g->doc.contains("Tags")) g->doc["Tags"] = Json::array();
      return Tagged{&g->doc["Tags"], [&s, g] { s.SaveGroup(*g); }};
    }
    if (kind == "snapshot") {
      auto it = s.snapshots_.find({scope, id});
      if (it == s.snapshots_.end()) return SnapshotNotFound(id);
      CacheSnapshot* snap = it->second.get();
      if (!snap->doc.contains("_Tags")) snap->doc["_Tags"] = Json::array();
      return Tagged{&snap->doc["_Tags"], [&s, snap] { s.SaveSnapshot(*snap); }};
    }
    auto* docs = kind == "parametergroup" ? &s.parameter_groups_ : kind == "subnetgroup" ? &s.subnet_groups_ : nullptr;
    if (docs == nullptr) return MakeError("InvalidARN", "Invalid ARN: " + arn, 400);
    auto it = docs->find({scope, id});
    if (it == docs->end()) return MakeError("InvalidARN", "No resource with ARN " + arn, 400);
    Json* doc = &it->second;
    std::string key = (kind == "parametergroup" ? "parameter-group/" : "subnet-group/") + id;
    return Tagged{&(*doc)["_Tags"], [&s, scope, key, doc] { s.env_.store->Put(ElastiCache::kTable, scope, key, doc->dump()); }};
  }

  static Result<Json> AddTagsToResource(Self& s, const Ctx& ctx, const Json& in) {
    auto found = FindTagged(s, ctx, in.at("ResourceName"));
    if (!found.ok()) return found.error();
    Json& tags = *found->tags;
    for (const auto& tag : in.at("Tags")) {
      auto same = std::find_if(tags.begin(), tags.end(), [&](const Json& t) { return t["Key"] == tag["Key"]; });
      if (same != tags.end()) {
        *same = tag;
      } else {
        tags.push_back(tag);
      }
    }
    if (tags.size() > 50) return MakeError("TagQuotaPerResourceExceeded", "More than 50 tags on the resource.", 400);
    found->save();
    return Json{{"TagList", tags}};
  }

  static Result<Json> RemoveTagsFromResource(Self& s, const Ctx& ctx, const Json& in) {
    auto found = FindTagged(s, ctx, in.at("ResourceName"));
    if (!found.ok()) return found.error();
    Json& tags = *found->tags;
    for (const auto& key : in.at("TagKeys")) {
      auto same = std::find_if(tags.begin(), tags.end(), [&](const Json& t) { return t["Key"] == key; });
      if (same == tags.end()) return MakeError("TagNotFound", "Tag " + key.get<std::string>() + " not found.", 404);
      tags.erase(same);
    }
    found->save();
    return Json{{"TagList", tags}};
  }

  static Result<Json> ListTagsForResource(Self& s, const Ctx& ctx, const Json& in) {
    auto found = FindTagged(s, ctx, in.at("ResourceName"));
    if (!found.ok()) return found.error();
    return Json{{"TagList", *found->tags}};
  }

  static Result<Json> DescribeEvents(Self& s, const Ctx& ctx, const Json& in) {
    TimePoint end = ctx.now;
    if (in.contains("EndTime")) end = TimePoint(Duration(static_cast<std::int64_t>(in["EndTime"].get<double>() * 1000)));
    TimePoint start = end - std::chrono::minutes(in.value("Duration", 60));
    if (in.contains("StartTime")) start = TimePoint(Duration(static_cast<std::int64_t>(in["StartTime"].get<double>() * 1000)));
    std::vector<Json> items;
    // Newest first, as DescribeEvents lists them.
    for (auto it = s.events_.rbegin(); it != s.events_.rend(); ++it) {
      const CacheEvent& e = *it;
      if (!(e.scope == ScopeOf(ctx)) || e.date < start || e.date > end) continue;
      if (in.contains("SourceIdentifier") && in["SourceIdentifier"] != e.source_id) continue;
      if (in.contains("SourceType") && in["SourceType"] != e.source_type) continue;
      items.push_back({{"SourceIdentifier", e.source_id}, {"SourceType", e.source_type},
                       {"Message", e.message}, {"Date", Seconds(e.date)}});
    }
    return Page(std::move(items), in, "Events");
  }
};

aws::OperationTable MakeElastiCacheOperations(ElastiCache& service) {
  using Op = ElastiCacheOperations;
  using Fn = Result<Json> (*)(ElastiCache&, const Ctx&, const Json&);
  const std::pair<const char*, Fn> operations[] = {
      {"AddTagsToResource", &Op::AddTagsToResource},
      {"CopySnapshot", &Op::CopySnapshot},
      {"CreateCacheCluster", &Op::CreateCacheCluster},
      {"CreateCacheParameterGroup", &Op::CreateCacheParameterGroup},
      {"CreateCacheSubnetGroup", &Op::CreateCacheSubnetGroup},
      {"CreateReplicationGroup", &Op::CreateReplicationGroup},
      {"CreateSnapshot", &Op::CreateSnapshot},
      {"DeleteCacheCluster", &Op::DeleteCacheCluster},
      {"DeleteCacheParameterGroup", &Op::DeleteCacheParameterGroup},
      {"DeleteCacheSubnetGroup", &Op::DeleteCacheSubnetGroup},
      {"DeleteReplicationGroup", &Op::DeleteReplicationGroup},
      {"DeleteSnapshot", &Op::DeleteSnapshot},
      {"DescribeCacheClusters", &Op::DescribeCacheClusters},
      {"DescribeCacheParameterGroups", &Op::DescribeCacheParameterGroups},
      {"DescribeCacheParameters", &Op::DescribeCacheParameters},
      {"DescribeCacheSubnetGroups", &Op::DescribeCacheSubnetGroups},
      {"DescribeEvents", &Op::DescribeEvents},
      {"DescribeReplicationGroups", &Op::DescribeReplicationGroups},
      {"DescribeSnapshots", &Op::DescribeSnapshots},
      {"ListTagsForResource", &Op::ListTagsForResource},
      {"ModifyCacheParameterGroup", &Op::ModifyCacheParameterGroup},
      {"ModifyReplicationGroup", &Op::ModifyReplicationGroup},
      {"RemoveTagsFromResource", &Op::RemoveTagsFromResource},
      {"TestFailover", &Op::TestFailover},
  };
  aws::OperationTable table;
  for (const auto& [name, fn] : operations)
    table.emplace(name, [&service, fn = fn](const Ctx& ctx, const Json& input) { return fn(service, ctx, input); });
  return table;
}

}  // namespace sim::elasticache
