#pragma once
// One client connection's protocol state, without the socket: bytes in
// (Feed), replies out (TakeOutput). It parses RESP, enforces AUTH, runs
// MULTI/EXEC with WATCH, parks the client on blocking commands, handles
// pub/sub mode, and answers the connection-level commands (HELLO, AUTH,
// CLIENT, QUIT, RESET, INFO, CONFIG, COMMAND, ...) that need more than the
// keyspace. Everything else goes to the instance's command registry.
//
// Output can also appear between Feed calls (a published message, a blocked
// command served or timed out, CLIENT KILL): the session then calls
// `on_output` so the socket layer flushes it.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/elasticache/redis/command_context.h"
#include "emulators/elasticache/resp/resp_parser.h"
#include "emulators/elasticache/resp/resp_writer.h"
#include "emulators/elasticache/server/redis_instance.h"

namespace sim::elasticache::redis {

struct SessionOptions {
  std::string peer_address = "127.0.0.1:0";   // CLIENT LIST addr
  std::string local_address = "127.0.0.1:0";   // CLIENT LIST laddr
  bool read_only = false;                       // a replica endpoint: writes refused
};

class Session {
 public:
  Session(RedisInstance* instance, SessionOptions options, std::function<void()> on_output);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Consumes client bytes and runs every complete command (unless blocked).
  void Feed(std::string_view bytes);
  // Moves the pending reply bytes out.
  std::string TakeOutput();
  bool has_output() const { return !out_.empty(); }
  // True once the connection must be closed after the pending output is sent
  // (QUIT, a protocol error, CLIENT KILL).
  bool closing() const { return closing_; }

  std::uint64_t id() const { return id_; }
  bool blocked() const { return blocked_.has_value(); }
  std::size_t subscriptions() const { return channels_.size() + patterns_.size(); }
  std::size_t output_bytes() const { return out_.size(); }

  // Called by the instance.
  void MarkDirty() { dirty_cas_ = true; }
  // Whether the parked command pops from keys of `type` (lists for BLPOP,
  // BLMOVE, ...; sorted sets for BZPOPMIN, ...).
  bool WaitsFor(ValueType type) const;
  void RetryBlocked();
  void DeliverMessage(const std::string& channel, const std::string& message);
  void DeliverPatternMessage(const std::string& pattern, const std::string& channel,
                             const std::string& message);
  void Kill();
  // One CLIENT LIST line (without the newline).
  std::string Describe() const;

 private:
  struct Blocked {
    std::vector<std::string> argv;
    std::vector<std::string> keys;
    int db = 0;
    TimerId timer = 0;
    bool has_timer = false;
  };
  struct WatchedKey {
    int db;
    std::string key;
    bool existed;  // live when WATCHed: expiring before EXEC counts as a change
  };
  using Handler = void (Session::*)(const std::vector<std::string>& argv);

  void ProcessPending();
  void Execute(std::vector<std::string>& argv);
  // Runs a registry command (directly or from EXEC).
  void RunCommand(const CommandSpec& spec, const std::vector<std::string>& argv, bool may_block);
  Handler FindHandler(std::string_view lower_name) const;
  void TouchWrittenKeys(const CommandSpec& spec, const std::vector<std::string>& argv);
  void EndBlock();
  void OnBlockTimeout();
  void ResetTransaction();
  void UnwatchAll();
  void UnsubscribeAll();
  void Notify();

  // Connection commands (session_commands.cc).
  void Hello(const std::vector<std::string>& argv);
  void Auth(const std::vector<std::string>& argv);
  void Client(const std::vector<std::string>& argv);
  void Quit(const std::vector<std::string>& argv);
  void Reset(const std::vector<std::string>& argv);
  void Ping(const std::vector<std::string>& argv);
  void Multi(const std::vector<std::string>& argv);
  void Exec(const std::vector<std::string>& argv);
  void Discard(const std::vector<std::string>& argv);
  void WatchCommand(const std::vector<std::string>& argv);
  void UnwatchCommand(const std::vector<std::string>& argv);
  void Subscribe(const std::vector<std::string>& argv);
  void Unsubscribe(const std::vector<std::string>& argv);
  void PSubscribe(const std::vector<std::string>& argv);
  void PUnsubscribe(const std::vector<std::string>& argv);
  void Publish(const std::vector<std::string>& argv);
  void PubSub(const std::vector<std::string>& argv);
  void Wait(const std::vector<std::string>& argv);
  // Server introspection (server_commands.cc).
  void Info(const std::vector<std::string>& argv);
  void Config(const std::vector<std::string>& argv);
  void Command(const std::vector<std::string>& argv);
  std::string InfoText(const std::vector<std::string>& sections) const;

  void WriteSubscriptionReply(std::string_view kind, const std::string* name, std::size_t count);
  // (P)UNSUBSCRIBE: the names given, or every one in `subscribed` when none is.
  using LeaveFn = bool (RedisInstance::*)(Session*, const std::string&);
  void Leave(const std::vector<std::string>& argv, std::set<std::string>& subscribed,
             std::string_view kind, LeaveFn leave);

  RedisInstance* instance_;
  SessionOptions options_;
  std::function<void()> on_output_;
  std::uint64_t id_ = 0;
  TimePoint connected_at_;
  std::string out_;
  RespWriter writer_;
  RespParser parser_;
  int db_index_ = 0;
  std::string name_;
  bool authenticated_ = false;
  bool closing_ = false;
  const CommandSpec* last_command_ = nullptr;
  RespCommand command_;  // the command being run; its storage is reused

  bool in_multi_ = false;
  bool multi_error_ = false;
  bool dirty_cas_ = false;
  std::vector<std::vector<std::string>> queued_;
  std::vector<WatchedKey> watched_;

  std::optional<Blocked> blocked_;

  std::set<std::string> channels_;
  std::set<std::string> patterns_;
};

// Marks the session's registry rows (for COMMAND and arity checks): the
// commands a Session answers itself.
const CommandRegistry& SessionCommandTable();

}  // namespace sim::elasticache::redis
