// Connection, transaction and pub/sub commands: the ones that act on the
// session itself rather than on the keyspace (Redis 7.0 networking.c,
// multi.c, pubsub.c, acl.c).

#include <algorithm>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/server/session.h"

namespace sim::elasticache::redis {
namespace {

Error WrongPass() {
  return Error{"WRONGPASS", "invalid username-password pair or user is disabled.", 400, true};
}

Error UnknownSubcommand(std::string_view sub, std::string_view command) {
  return RedisError("unknown subcommand '" + std::string(sub).substr(0, 128) + "'. Try " +
                    std::string(command) + " HELP.");
}

// CLIENT SETNAME: printable ASCII without spaces.
bool ValidClientName(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= '!' && c <= '~'; });
}

void WriteHelp(RespWriter& writer, std::initializer_list<std::string_view> lines) {
  writer.ArrayHeader(lines.size());
  for (std::string_view line : lines) writer.SimpleString(line);
}

CommandRegistry BuildSessionTable() {
  CommandRegistry r;
  constexpr std::uint32_t kConn = kLoading | kStale | kFast;
  r.Register({"hello", nullptr, -1, kConn | kNoAuth, 0, 0, 0});
  r.Register({"auth", nullptr, -2, kConn | kNoAuth, 0, 0, 0});
  r.Register({"client", nullptr, -2, kLoading | kStale, 0, 0, 0});
  r.Register({"quit", nullptr, -1, kConn | kNoAuth, 0, 0, 0});
  r.Register({"reset", nullptr, 1, kConn | kNoAuth, 0, 0, 0});
  r.Register({"multi", nullptr, 1, kConn | kNoMulti, 0, 0, 0});
  r.Register({"exec", nullptr, 1, kLoading | kStale, 0, 0, 0});
  r.Register({"discard", nullptr, 1, kConn, 0, 0, 0});
  r.Register({"watch", nullptr, -2, kConn | kNoMulti, 1, -1, 1});
  r.Register({"unwatch", nullptr, 1, kConn, 0, 0, 0});
  r.Register({"subscribe", nullptr, -2, kPubSub | kLoading | kStale, 0, 0, 0});
  r.Register({"unsubscribe", nullptr, -1, kPubSub | kLoading | kStale, 0, 0, 0});
  r.Register({"psubscribe", nullptr, -2, kPubSub | kLoading | kStale, 0, 0, 0});
  r.Register({"punsubscribe", nullptr, -1, kPubSub | kLoading | kStale, 0, 0, 0});
  r.Register({"publish", nullptr, 3, kPubSub | kLoading | kStale | kFast, 0, 0, 0});
  r.Register({"pubsub", nullptr, -2, kPubSub | kLoading | kStale, 0, 0, 0});
  r.Register({"wait", nullptr, 3, 0, 0, 0, 0});
  r.Register({"info", nullptr, -1, kLoading | kStale, 0, 0, 0});
  r.Register({"config", nullptr, -2, kAdmin | kLoading | kStale, 0, 0, 0});
  r.Register({"command", nullptr, -1, kLoading | kStale, 0, 0, 0});
  return r;
}

}  // namespace

const CommandRegistry& SessionCommandTable() {
  static const CommandRegistry table = BuildSessionTable();
  return table;
}

void Session::Hello(const std::vector<std::string>& argv) {
  RespProtocol protocol = writer_.protocol();
  std::size_t next = 1;
  if (argv.size() >= 2) {
    std::optional<std::int64_t> version = ParseRedisInteger(argv[next++]);
    if (!version) return writer_.Error(RedisError("Protocol version is not an integer or out of range"));
    if (*version < 2 || *version > 3) {
      return writer_.Error(Error{"NOPROTO", "unsupported protocol version", 400, true});
    }
    protocol = *version == 3 ? RespProtocol::kResp3 : RespProtocol::kResp2;
  }
  const std::string* user = nullptr;
  const std::string* pass = nullptr;
  const std::string* client_name = nullptr;
  for (std::size_t j = next; j < argv.size(); ++j) {
    std::size_t more = argv.size() - 1 - j;
    if (EqualsIgnoreCase(argv[j], "auth") && more >= 2) {
      user = &argv[j + 1];
      pass = &argv[j + 2];
      j += 2;
    } else if (EqualsIgnoreCase(argv[j], "setname") && more >= 1) {
      client_name = &argv[++j];
      // Checked while parsing, before AUTH: a bad name wins over NOAUTH.
      if (!ValidClientName(*client_name)) {
        return writer_.Error(RedisError("Client names cannot contain spaces, newlines or special characters."));
      }
    } else {
      return writer_.Error(RedisError("Syntax error in HELLO option '" + argv[j] + "'"));
    }
  }
  if (user != nullptr) {
    const std::string& token = instance_->config().Get("requirepass");
    if (*user != "default" || (!token.empty() && *pass != token)) return writer_.Error(WrongPass());
    authenticated_ = true;
  }
  if (!authenticated_) {
    return writer_.Error(Error{"NOAUTH",
                               "HELLO must be called with the client already authenticated, "
                               "otherwise the HELLO AUTH <user> <pass> option can be "
                               "used to authenticate the client and select the RESP protocol "
                               "version at the same time",
                               400, true});
  }
  if (client_name != nullptr) name_ = *client_name;
  writer_.set_protocol(protocol);
  writer_.MapHeader(7);
  writer_.Bulk("server");
  writer_.Bulk("redis");
  writer_.Bulk("version");
  writer_.Bulk(instance_->options().version);
  writer_.Bulk("proto");
  writer_.Integer(static_cast<int>(protocol));
  writer_.Bulk("id");
  writer_.Integer(static_cast<std::int64_t>(id_));
  writer_.Bulk("mode");
  writer_.Bulk("standalone");
  writer_.Bulk("role");
  writer_.Bulk(options_.read_only ? "replica" : "master");
  writer_.Bulk("modules");
  writer_.ArrayHeader(0);
}

void Session::Auth(const std::vector<std::string>& argv) {
  if (argv.size() > 3) return writer_.Error(SyntaxError());
  const std::string& token = instance_->config().Get("requirepass");
  if (argv.size() == 2 && token.empty()) {
    return writer_.Error(RedisError(
        "AUTH <password> called without any password configured for the default user. Are you "
        "sure your configuration is correct?"));
  }
  const std::string& user = argv.size() == 2 ? std::string("default") : argv[1];
  const std::string& pass = argv.back();
  if (user != "default" || (!token.empty() && pass != token)) return writer_.Error(WrongPass());
  authenticated_ = true;
  writer_.Ok();
}

void Session::Quit(const std::vector<std::string>&) {
  writer_.Ok();
  closing_ = true;
}

void Session::Reset(const std::vector<std::string>&) {
  ResetTransaction();
  UnwatchAll();
  UnsubscribeAll();
  db_index_ = 0;
  name_.clear();
  writer_.set_protocol(RespProtocol::kResp2);
  authenticated_ = !instance_->requires_auth();
  writer_.SimpleString("RESET");
}

void Session::Ping(const std::vector<std::string>& argv) {
  if (argv.size() > 2) return writer_.Error(WrongArityError("ping"));
  // RESP2 subscribed clients get a pub/sub-shaped pong.
  writer_.ArrayHeader(2);
  writer_.Bulk("pong");
  writer_.Bulk(argv.size() == 2 ? argv[1] : "");
}

void Session::Client(const std::vector<std::string>& argv) {
  std::string sub = ToLowerAscii(argv[1]);
  auto arity_error = [&] {
    writer_.Error(RedisError("wrong number of arguments for 'client|" + sub + "' command"));
  };
  if (sub == "id") {
    if (argv.size() != 2) return arity_error();
    return writer_.Integer(static_cast<std::int64_t>(id_));
  }
  if (sub == "getname") {
    if (argv.size() != 2) return arity_error();
    if (name_.empty()) return writer_.Null();
    return writer_.Bulk(name_);
  }
  if (sub == "setname") {
    if (argv.size() != 3) return arity_error();
    if (!ValidClientName(argv[2])) {
      return writer_.Error(RedisError("Client names cannot contain spaces, newlines or special characters."));
    }
    name_ = argv[2];
    return writer_.Ok();
  }
  if (sub == "setinfo") {
    if (argv.size() != 4) return arity_error();
    if (!EqualsIgnoreCase(argv[2], "lib-name") && !EqualsIgnoreCase(argv[2], "lib-ver")) {
      return writer_.Error(RedisError("Unrecognized option '" + argv[2] + "'"));
    }
    return writer_.Ok();
  }
  if (sub == "info") {
    if (argv.size() != 2) return arity_error();
    return writer_.Verbatim(Describe() + "\n");
  }
  if (sub == "list") {
    std::string text;
    std::vector<std::uint64_t> ids;
    for (std::size_t j = 2; j < argv.size(); ++j) {
      if (EqualsIgnoreCase(argv[j], "id") && j + 1 < argv.size()) {
        for (++j; j < argv.size(); ++j) {
          std::optional<std::int64_t> id = ParseRedisInteger(argv[j]);
          if (!id || *id <= 0) return writer_.Error(RedisError("Invalid client ID"));
          ids.push_back(static_cast<std::uint64_t>(*id));
        }
      } else if (EqualsIgnoreCase(argv[j], "type") && j + 1 < argv.size()) {
        ++j;  // every client of the emulator is a normal one (or pubsub)
      } else {
        return writer_.Error(SyntaxError());
      }
    }
    for (const auto& [id, session] : instance_->sessions()) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
      text += session->Describe();
      text += '\n';
    }
    return writer_.Verbatim(text);
  }
  if (sub == "kill") {
    // Old form: CLIENT KILL addr:port; new form: filters, replies a count.
    if (argv.size() == 3) {
      for (const auto& [id, session] : instance_->sessions()) {
        if (session->options_.peer_address == argv[2]) {
          session->Kill();
          return writer_.Ok();
        }
      }
      return writer_.Error(RedisError("No such client"));
    }
    if (argv.size() % 2 != 0) return writer_.Error(SyntaxError());
    std::optional<std::uint64_t> id;
    std::optional<std::string> addr, laddr;
    bool skip_me = true;
    for (std::size_t j = 2; j + 1 < argv.size(); j += 2) {
      const std::string& opt = argv[j];
      const std::string& val = argv[j + 1];
      if (EqualsIgnoreCase(opt, "id")) {
        std::optional<std::int64_t> n = ParseRedisInteger(val);
        if (!n || *n <= 0) return writer_.Error(RedisError("client-id should be greater than 0"));
        id = static_cast<std::uint64_t>(*n);
      } else if (EqualsIgnoreCase(opt, "addr")) {
        addr = val;
      } else if (EqualsIgnoreCase(opt, "laddr")) {
        laddr = val;
      } else if (EqualsIgnoreCase(opt, "skipme")) {
        if (EqualsIgnoreCase(val, "yes")) {
          skip_me = true;
        } else if (EqualsIgnoreCase(val, "no")) {
          skip_me = false;
        } else {
          return writer_.Error(SyntaxError());
        }
      } else if (EqualsIgnoreCase(opt, "type") || EqualsIgnoreCase(opt, "user")) {
        // all clients are normal clients of the default user
      } else {
        return writer_.Error(SyntaxError());
      }
    }
    std::int64_t killed = 0;
    std::vector<Session*> victims;
    for (const auto& [sid, session] : instance_->sessions()) {
      if (id && sid != *id) continue;
      if (addr && session->options_.peer_address != *addr) continue;
      if (laddr && session->options_.local_address != *laddr) continue;
      if (skip_me && session == this) continue;
      victims.push_back(session);
    }
    for (Session* victim : victims) {
      victim->Kill();
      ++killed;
    }
    return writer_.Integer(killed);
  }
  if (sub == "unblock") {
    if (argv.size() != 3 && argv.size() != 4) return arity_error();
    std::optional<std::int64_t> n = ParseRedisInteger(argv[2]);
    if (!n) return writer_.Error(NotIntegerError());
    bool as_error = false;
    if (argv.size() == 4) {
      if (EqualsIgnoreCase(argv[3], "error")) {
        as_error = true;
      } else if (!EqualsIgnoreCase(argv[3], "timeout")) {
        return writer_.Error(RedisError("CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
      }
    }
    Session* target = instance_->FindSession(static_cast<std::uint64_t>(*n));
    if (target == nullptr || !target->blocked()) return writer_.Integer(0);
    target->EndBlock();
    if (as_error) {
      target->writer_.Error(Error{"UNBLOCKED", "client unblocked via CLIENT UNBLOCK", 400, true});
    } else {
      target->writer_.NullArray();
    }
    target->Notify();
    // Commands the client pipelined behind the blocking one run now.
    target->ProcessPending();
    return writer_.Integer(1);
  }
  if (sub == "no-evict" || sub == "no-touch") {
    if (argv.size() != 3) return arity_error();
    if (!EqualsIgnoreCase(argv[2], "on") && !EqualsIgnoreCase(argv[2], "off")) {
      return writer_.Error(SyntaxError());
    }
    return writer_.Ok();
  }
  if (sub == "help") {
    return WriteHelp(writer_, {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                               "GETNAME", "    Return the name of the current connection.",
                               "ID", "    Return the ID of the current connection.",
                               "INFO", "    Return information about the current client connection.",
                               "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                               "KILL <option> <value> [<option> <value> [...]]",
                               "    Kill connections. Options are: ID, ADDR, LADDR, SKIPME.",
                               "LIST [ID <id> ...]", "    Return information about client connections.",
                               "SETNAME <name>", "    Assign the name <name> to the current connection.",
                               "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                               "    Unblock the specified blocked client.",
                               "HELP", "    Print this help."});
  }
  writer_.Error(UnknownSubcommand(argv[1], "CLIENT"));
}

std::string Session::Describe() const {
  std::string flags;
  if (in_multi_) flags += 'x';
  if (blocked_) flags += 'b';
  if (subscriptions() > 0) flags += 'P';
  if (flags.empty()) flags = "N";
  auto age = std::chrono::duration_cast<std::chrono::seconds>(instance_->clock().Now() - connected_at_);
  std::string cmd = last_command_ ? last_command_->name : "NULL";
  return "id=" + std::to_string(id_) + " addr=" + options_.peer_address +
         " laddr=" + options_.local_address + " fd=8 name=" + name_ +
         " age=" + std::to_string(age.count()) + " idle=0 flags=" + flags +
         " db=" + std::to_string(db_index_) + " sub=" + std::to_string(channels_.size()) +
         " psub=" + std::to_string(patterns_.size()) + " ssub=0 multi=" +
         std::to_string(in_multi_ ? static_cast<long long>(queued_.size()) : -1) +
         " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=" +
         std::to_string(out_.size()) + " tot-mem=" + std::to_string(out_.size() + 1024) +
         " events=r cmd=" + cmd + " user=default redir=-1 resp=" +
         std::to_string(static_cast<int>(writer_.protocol()));
}

void Session::Multi(const std::vector<std::string>&) {
  if (in_multi_) return writer_.Error(RedisError("MULTI calls can not be nested"));
  in_multi_ = true;
  writer_.Ok();
}

void Session::Exec(const std::vector<std::string>&) {
  if (!in_multi_) return writer_.Error(RedisError("EXEC without MULTI"));
  if (multi_error_) {
    ResetTransaction();
    UnwatchAll();
    return writer_.Error(Error{"EXECABORT", "Transaction discarded because of previous errors.", 400, true});
  }
  // A WATCHed key that was live and has expired since counts as changed.
  for (const WatchedKey& w : watched_) {
    if (w.existed && instance_->keyspace().db(w.db).Find(w.key) == nullptr) dirty_cas_ = true;
  }
  if (dirty_cas_) {
    ResetTransaction();
    UnwatchAll();
    return writer_.NullArray();
  }
  std::vector<std::vector<std::string>> queued;
  queued.swap(queued_);
  ResetTransaction();
  UnwatchAll();
  writer_.ArrayHeader(queued.size());
  for (const auto& argv : queued) {
    std::string name = ToLowerAscii(argv[0]);
    if (Handler handler = FindHandler(name)) {
      (this->*handler)(argv);
    } else {
      RunCommand(*instance_->registry().Find(name), argv, /*may_block=*/false);
    }
  }
}

void Session::Discard(const std::vector<std::string>&) {
  if (!in_multi_) return writer_.Error(RedisError("DISCARD without MULTI"));
  ResetTransaction();
  UnwatchAll();
  writer_.Ok();
}

void Session::WatchCommand(const std::vector<std::string>& argv) {
  if (in_multi_) return writer_.Error(RedisError("WATCH inside MULTI is not allowed"));
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& key = argv[i];
    bool already = std::any_of(watched_.begin(), watched_.end(), [&](const WatchedKey& w) {
      return w.db == db_index_ && w.key == key;
    });
    if (already) continue;
    bool existed = instance_->keyspace().db(db_index_).Find(key) != nullptr;
    watched_.push_back({db_index_, key, existed});
    instance_->Watch(this, db_index_, key);
  }
  writer_.Ok();
}

void Session::UnwatchCommand(const std::vector<std::string>&) {
  UnwatchAll();
  writer_.Ok();
}

void Session::WriteSubscriptionReply(std::string_view kind, const std::string* name,
                                     std::size_t count) {
  writer_.PushHeader(3);
  writer_.Bulk(kind);
  if (name != nullptr) {
    writer_.Bulk(*name);
  } else {
    writer_.Null();
  }
  writer_.Integer(static_cast<std::int64_t>(count));
}

void Session::Subscribe(const std::vector<std::string>& argv) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (instance_->Subscribe(this, argv[i])) channels_.insert(argv[i]);
    WriteSubscriptionReply("subscribe", &argv[i], subscriptions());
  }
}

void Session::Unsubscribe(const std::vector<std::string>& argv) {
  Leave(argv, channels_, "unsubscribe", &RedisInstance::Unsubscribe);
}

void Session::PSubscribe(const std::vector<std::string>& argv) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (instance_->PSubscribe(this, argv[i])) patterns_.insert(argv[i]);
    WriteSubscriptionReply("psubscribe", &argv[i], subscriptions());
  }
}

void Session::PUnsubscribe(const std::vector<std::string>& argv) {
  Leave(argv, patterns_, "punsubscribe", &RedisInstance::PUnsubscribe);
}

void Session::Leave(const std::vector<std::string>& argv, std::set<std::string>& subscribed,
                    std::string_view kind, LeaveFn leave) {
  std::vector<std::string> names(argv.begin() + 1, argv.end());
  if (names.empty()) {
    names.assign(subscribed.begin(), subscribed.end());
    if (names.empty()) return WriteSubscriptionReply(kind, nullptr, subscriptions());
  }
  for (const std::string& name : names) {
    (instance_->*leave)(this, name);
    subscribed.erase(name);
    WriteSubscriptionReply(kind, &name, subscriptions());
  }
}

void Session::Publish(const std::vector<std::string>& argv) {
  writer_.Integer(static_cast<std::int64_t>(instance_->Publish(argv[1], argv[2])));
}

void Session::PubSub(const std::vector<std::string>& argv) {
  std::string sub = ToLowerAscii(argv[1]);
  if (sub == "channels" && argv.size() <= 3) {
    std::vector<std::string> channels =
        instance_->ActiveChannels(argv.size() == 3 ? &argv[2] : nullptr);
    writer_.ArrayHeader(channels.size());
    for (const std::string& channel : channels) writer_.Bulk(channel);
    return;
  }
  if (sub == "numsub") {
    writer_.ArrayHeader((argv.size() - 2) * 2);
    for (std::size_t i = 2; i < argv.size(); ++i) {
      writer_.Bulk(argv[i]);
      writer_.Integer(static_cast<std::int64_t>(instance_->SubscriberCount(argv[i])));
    }
    return;
  }
  if (sub == "numpat" && argv.size() == 2) {
    return writer_.Integer(static_cast<std::int64_t>(instance_->PatternCount()));
  }
  if (sub == "shardchannels" && argv.size() <= 3) return writer_.ArrayHeader(0);
  if (sub == "shardnumsub") {
    writer_.ArrayHeader((argv.size() - 2) * 2);
    for (std::size_t i = 2; i < argv.size(); ++i) {
      writer_.Bulk(argv[i]);
      writer_.Integer(0);
    }
    return;
  }
  if (sub == "help" && argv.size() == 2) {
    return WriteHelp(writer_, {"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                               "CHANNELS [<pattern>]",
                               "    Return the currently active channels matching a <pattern> (default: '*').",
                               "NUMPAT", "    Return number of subscriptions to patterns.",
                               "NUMSUB [<channel> ...]",
                               "    Return the number of subscribers for the specified channels, excluding",
                               "    pattern subscriptions(default: no channels).",
                               "HELP", "    Print this help."});
  }
  if (sub == "channels" || sub == "numpat" || sub == "shardchannels" || sub == "help") {
    return writer_.Error(RedisError("wrong number of arguments for 'pubsub|" + sub + "' command"));
  }
  writer_.Error(UnknownSubcommand(argv[1], "PUBSUB"));
}

void Session::Wait(const std::vector<std::string>& argv) {
  if (options_.read_only) {
    return writer_.Error(RedisError("WAIT cannot be used with replica instances. Please also "
                                    "note that since Redis 4.0 if a replica is configured to be "
                                    "writable (which is not the default) writes to replicas are "
                                    "just local and are not propagated."));
  }
  if (!ParseRedisInteger(argv[1])) return writer_.Error(NotIntegerError());
  std::optional<std::int64_t> timeout = ParseRedisInteger(argv[2]);
  if (!timeout) return writer_.Error(RedisError("timeout is not an integer or out of range"));
  if (*timeout < 0) return writer_.Error(RedisError("timeout is negative"));
  // Replicas apply every write before it is acknowledged.
  writer_.Integer(instance_->options().replicas);
}

}  // namespace sim::elasticache::redis
