// Server introspection a client or operator asks a session for: INFO, CONFIG
// and COMMAND (Redis 7.0 server.c, config.c).

#include <malloc.h>

#include <set>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/server/session.h"

namespace sim::elasticache::redis {
namespace {

std::string HumanBytes(std::uint64_t n) {
  char buf[64];
  double d = static_cast<double>(n);
  if (n < 1024) {
    std::snprintf(buf, sizeof buf, "%lluB", static_cast<unsigned long long>(n));
  } else if (n < 1024ull * 1024) {
    std::snprintf(buf, sizeof buf, "%.2fK", d / 1024);
  } else if (n < 1024ull * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.2fM", d / (1024 * 1024));
  } else {
    std::snprintf(buf, sizeof buf, "%.2fG", d / (1024.0 * 1024 * 1024));
  }
  return buf;
}

std::string PortOf(const std::string& address) {
  auto colon = address.rfind(':');
  return colon == std::string::npos ? "0" : address.substr(colon + 1);
}

// COMMAND INFO's flag names for a registry row.
std::vector<std::string_view> FlagNames(const CommandSpec& spec) {
  std::vector<std::string_view> out;
  const std::pair<std::uint32_t, std::string_view> kNames[] = {
      {kWrite, "write"},       {kReadOnly, "readonly"}, {kDenyOom, "denyoom"},
      {kAdmin, "admin"},       {kPubSub, "pubsub"},     {kBlocking, "blocking"},
      {kLoading, "loading"},   {kStale, "stale"},       {kFast, "fast"},
      {kNoAuth, "no_auth"},    {kNoMulti, "no_multi"},
  };
  for (const auto& [bit, name] : kNames)
    if (spec.flags & bit) out.push_back(name);
  if (spec.first_key == 0 && spec.arity != 1 && (spec.flags & (kWrite | kReadOnly)) &&
      spec.name != "flushdb" && spec.name != "flushall" && spec.name != "dbsize" &&
      spec.name != "randomkey" && spec.name != "keys" && spec.name != "scan" &&
      spec.name != "select" && spec.name != "ping" && spec.name != "echo" &&
      spec.name != "time") {
    out.push_back("movablekeys");
  }
  return out;
}

std::vector<std::string_view> AclCategories(const CommandSpec& spec) {
  std::vector<std::string_view> out;
  if (spec.flags & kWrite) out.push_back("@write");
  if (spec.flags & kReadOnly) out.push_back("@read");
  out.push_back((spec.flags & kFast) ? "@fast" : "@slow");
  if (spec.flags & kBlocking) out.push_back("@blocking");
  if (spec.flags & kPubSub) out.push_back("@pubsub");
  if (spec.flags & kAdmin) {
    out.push_back("@admin");
    out.push_back("@dangerous");
  }
  return out;
}

void WriteCommandInfo(RespWriter& w, const CommandSpec& spec) {
  w.ArrayHeader(10);
  w.Bulk(spec.name);
  w.Integer(spec.arity);
  auto flags = FlagNames(spec);
  w.SetHeader(flags.size());
  for (auto f : flags) w.SimpleString(f);
  w.Integer(spec.first_key);
  w.Integer(spec.last_key);
  w.Integer(spec.step);
  auto categories = AclCategories(spec);
  w.SetHeader(categories.size());
  for (auto c : categories) w.SimpleString(c);
  w.SetHeader(0);    // tips
  w.ArrayHeader(0);  // key specs
  w.ArrayHeader(0);  // subcommands
}

}  // namespace

std::string Session::InfoText(const std::vector<std::string>& requested) const {
  std::set<std::string> sections;
  for (const std::string& s : requested) sections.insert(ToLowerAscii(s));
  bool everything = sections.empty() || sections.count("default") || sections.count("all") ||
                    sections.count("everything");
  auto want = [&](const char* name) { return everything || sections.count(name) > 0; };
  Keyspace& keyspace = instance_->keyspace();
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(instance_->clock().Now() -
                                                                 instance_->started_at())
                    .count();
  std::string out;
  auto section = [&](const char* title) {
    if (!out.empty()) out += "\r\n";
    out += "# ";
    out += title;
    out += "\r\n";
  };
  auto field = [&](std::string_view name, const std::string& value) {
    out += name;
    out += ':';
    out += value;
    out += "\r\n";
  };
  const InstanceStats& stats = instance_->stats();
  if (want("server")) {
    section("Server");
    field("redis_version", instance_->options().version);
    field("redis_git_sha1", "00000000");
    field("redis_git_dirty", "0");
    field("redis_mode", "standalone");
    field("os", "Amazon ElastiCache (awssim)");
    field("arch_bits", "64");
    field("multiplexing_api", "epoll");
    field("run_id", instance_->run_id());
    field("tcp_port", PortOf(options_.local_address));
    field("server_time_usec", std::to_string(ToUnixMillis(instance_->clock().Now()) * 1000));
    field("uptime_in_seconds", std::to_string(uptime));
    field("uptime_in_days", std::to_string(uptime / 86400));
    field("hz", instance_->config().Get("hz"));
    field("configured_hz", instance_->config().Get("hz"));
  }
  if (want("clients")) {
    std::size_t blocked = 0, pubsub = 0;
    for (const auto& [id, session] : instance_->sessions()) {
      if (session->blocked()) ++blocked;
      if (session->subscriptions() > 0) ++pubsub;
    }
    section("Clients");
    field("connected_clients", std::to_string(instance_->sessions().size()));
    field("cluster_connections", "0");
    field("maxclients", instance_->config().Get("maxclients"));
    field("blocked_clients", std::to_string(blocked));
    field("pubsub_clients", std::to_string(pubsub));
    field("tracking_clients", "0");
  }
  if (want("memory")) {
    // The emulator shares its process with other services; the allocator's
    // in-use bytes are the closest honest figure.
    struct mallinfo2 mi = mallinfo2();
    std::uint64_t used = mi.uordblks + mi.hblkhd;
    section("Memory");
    field("used_memory", std::to_string(used));
    field("used_memory_human", HumanBytes(used));
    field("maxmemory", instance_->config().Get("maxmemory"));
    field("maxmemory_human", HumanBytes(std::stoull(instance_->config().Get("maxmemory"))));
    field("maxmemory_policy", instance_->config().Get("maxmemory-policy"));
    field("mem_allocator", "libc");
  }
  if (want("persistence")) {
    section("Persistence");
    field("loading", "0");
    field("rdb_changes_since_last_save", "0");
    field("rdb_bgsave_in_progress", "0");
    field("aof_enabled", instance_->config().Get("appendonly") == "yes" ? "1" : "0");
  }
  if (want("stats")) {
    section("Stats");
    field("total_connections_received", std::to_string(stats.connections_received));
    field("total_commands_processed", std::to_string(stats.commands_processed));
    field("rejected_connections", std::to_string(stats.rejected_connections));
    field("expired_keys", std::to_string(stats.expired_keys));
    field("evicted_keys", "0");
    field("pubsub_channels", std::to_string(instance_->ActiveChannels(nullptr).size()));
    field("pubsub_patterns", std::to_string(instance_->PatternCount()));
  }
  if (want("replication")) {
    section("Replication");
    if (options_.read_only) {
      field("role", "slave");
      field("master_host", "127.0.0.1");
      field("master_link_status", "up");
      field("slave_read_only", "1");
    } else {
      field("role", "master");
      field("connected_slaves", std::to_string(instance_->options().replicas));
      for (int i = 0; i < instance_->options().replicas; ++i) {
        field("slave" + std::to_string(i), "ip=127.0.0.1,port=0,state=online,offset=0,lag=0");
      }
    }
    field("master_replid", instance_->run_id());
    field("master_repl_offset", "0");
  }
  if (want("cpu")) {
    section("CPU");
    field("used_cpu_sys", "0.000000");
    field("used_cpu_user", "0.000000");
  }
  if (want("cluster")) {
    section("Cluster");
    field("cluster_enabled", "0");
  }
  if (want("keyspace")) {
    section("Keyspace");
    for (int i = 0; i < keyspace.database_count(); ++i) {
      const Database& db = keyspace.db(i);
      if (db.size() == 0) continue;
      field("db" + std::to_string(i), "keys=" + std::to_string(db.size()) +
                                          ",expires=" + std::to_string(db.expires_size()) +
                                          ",avg_ttl=0");
    }
  }
  return out;
}

void Session::Info(const std::vector<std::string>& argv) {
  writer_.Verbatim(InfoText(std::vector<std::string>(argv.begin() + 1, argv.end())));
}

void Session::Config(const std::vector<std::string>& argv) {
  std::string sub = ToLowerAscii(argv[1]);
  InstanceConfig& config = instance_->config();
  auto arity_error = [&] {
    writer_.Error(RedisError("wrong number of arguments for 'config|" + sub + "' command"));
  };
  if (sub == "get") {
    if (argv.size() < 3) return arity_error();
    std::map<std::string, std::string> found;
    for (std::size_t i = 2; i < argv.size(); ++i)
      for (auto& [name, value] : config.Matching(argv[i])) found[name] = value;
    writer_.MapHeader(found.size());
    for (const auto& [name, value] : found) {
      writer_.Bulk(name);
      writer_.Bulk(value);
    }
    return;
  }
  if (sub == "set") {
    if (argv.size() < 4 || argv.size() % 2 != 0) return arity_error();
    // All or nothing, as Redis 7 applies a multi-parameter CONFIG SET.
    InstanceConfig staged = config;
    for (std::size_t i = 2; i + 1 < argv.size(); i += 2) {
      Status set = staged.Set(argv[i], argv[i + 1]);
      if (!set.ok()) return writer_.Error(set.error());
    }
    config = std::move(staged);
    return writer_.Ok();
  }
  if (sub == "resetstat") {
    if (argv.size() != 2) return arity_error();
    instance_->stats() = InstanceStats{};
    return writer_.Ok();
  }
  if (sub == "rewrite") {
    if (argv.size() != 2) return arity_error();
    return writer_.Error(RedisError("The server is running without a config file"));
  }
  if (sub == "help") {
    writer_.ArrayHeader(3);
    writer_.SimpleString("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    writer_.SimpleString("GET <pattern>, SET <directive> <value>, RESETSTAT, REWRITE");
    writer_.SimpleString("HELP");
    return;
  }
  writer_.Error(RedisError("unknown subcommand '" + argv[1] + "'. Try CONFIG HELP."));
}

void Session::Command(const std::vector<std::string>& argv) {
  const CommandRegistry& data = instance_->registry();
  const CommandRegistry& own = SessionCommandTable();
  auto find = [&](std::string_view name) {
    const CommandSpec* spec = own.Find(name);
    return spec ? spec : data.Find(name);
  };
  std::vector<const CommandSpec*> all;
  for (const CommandRegistry* r : {&data, &own})
    r->ForEach([&](const CommandSpec& spec) { all.push_back(&spec); });
  if (argv.size() == 1) {
    writer_.ArrayHeader(all.size());
    for (const CommandSpec* spec : all) WriteCommandInfo(writer_, *spec);
    return;
  }
  std::string sub = ToLowerAscii(argv[1]);
  if (sub == "count" && argv.size() == 2) return writer_.Integer(static_cast<std::int64_t>(all.size()));
  if (sub == "list") {
    writer_.ArrayHeader(all.size());
    for (const CommandSpec* spec : all) writer_.Bulk(spec->name);
    return;
  }
  if (sub == "info") {
    if (argv.size() == 2) {
      writer_.ArrayHeader(all.size());
      for (const CommandSpec* spec : all) WriteCommandInfo(writer_, *spec);
      return;
    }
    writer_.ArrayHeader(argv.size() - 2);
    for (std::size_t i = 2; i < argv.size(); ++i) {
      if (const CommandSpec* spec = find(argv[i])) {
        WriteCommandInfo(writer_, *spec);
      } else {
        writer_.Null();  // addReplyNull: `$-1` in RESP2
      }
    }
    return;
  }
  if (sub == "docs") {
    // Names only: the emulator carries no documentation text, and clients
    // (redis-cli hints) treat every doc field as optional.
    std::vector<const CommandSpec*> picked;
    if (argv.size() == 2) {
      picked = all;
    } else {
      for (std::size_t i = 2; i < argv.size(); ++i)
        if (const CommandSpec* spec = find(argv[i])) picked.push_back(spec);
    }
    writer_.MapHeader(picked.size());
    for (const CommandSpec* spec : picked) {
      writer_.Bulk(spec->name);
      writer_.MapHeader(0);
    }
    return;
  }
  if (sub == "getkeys") {
    // COMMAND GETKEYS <command> <arg> ... (arity -4), checked in Redis's order.
    if (argv.size() < 4) {
      return writer_.Error(RedisError("wrong number of arguments for 'command|getkeys' command"));
    }
    const CommandSpec* spec = find(argv[2]);
    if (spec == nullptr) return writer_.Error(RedisError("Invalid command specified"));
    if (spec->first_key <= 0) return writer_.Error(RedisError("The command has no key arguments"));
    std::size_t argc = argv.size() - 2;
    if (!ArityAccepts(spec->arity, argc)) {
      return writer_.Error(RedisError("Invalid number of arguments specified for command"));
    }
    int last = spec->last_key < 0 ? static_cast<int>(argc) + spec->last_key : spec->last_key;
    std::vector<std::string> keys;
    for (int i = spec->first_key; i <= last && i < static_cast<int>(argc); i += std::max(spec->step, 1))
      keys.push_back(argv[static_cast<std::size_t>(i) + 2]);
    writer_.ArrayHeader(keys.size());
    for (const std::string& key : keys) writer_.Bulk(key);
    return;
  }
  if (sub == "help" && argv.size() == 2) {
    writer_.ArrayHeader(3);
    writer_.SimpleString("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    writer_.SimpleString("(no subcommand), COUNT, DOCS, GETKEYS, INFO, LIST");
    writer_.SimpleString("HELP");
    return;
  }
  if (sub == "count" || sub == "help") {
    return writer_.Error(RedisError("wrong number of arguments for 'command|" + sub + "' command"));
  }
  writer_.Error(RedisError("unknown subcommand '" + argv[1].substr(0, 128) + "'. Try COMMAND HELP."));
}

}  // namespace sim::elasticache::redis
