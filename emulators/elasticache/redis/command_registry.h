#pragma once
// The explicit table of commands the server knows, one row per command as in
// Redis's command table: name, handler, arity (Redis convention: N means
// exactly N arguments counting the command name, -N means at least N), flags
// and the key positions (first, last, step; last -1 = the final argument).
// Dispatch checks the name and arity with Redis 7's exact error texts, runs
// the handler, and writes a handler's error value as the error reply.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulators/elasticache/redis/command_context.h"
#include "sim/core/result.h"

namespace sim::elasticache::redis {

// Redis command flags (the subset the emulator consults or reports).
enum CommandFlag : std::uint32_t {
  kWrite = 1u << 0,     // may modify the keyspace
  kReadOnly = 1u << 1,  // never modifies the keyspace
  kDenyOom = 1u << 2,   // may grow memory use
  kFast = 1u << 3,      // O(1) or O(log N)
  kLoading = 1u << 4,   // allowed while loading the dataset
  kStale = 1u << 5,     // allowed on a replica with stale data
  kBlocking = 1u << 6,  // may park the client (BLPOP, ...)
  kPubSub = 1u << 7,    // allowed in the RESP2 subscribed state
  kAdmin = 1u << 8,     // administrative (CONFIG, DEBUG, ...)
  kNoMulti = 1u << 9,   // refused inside MULTI (WATCH, SUBSCRIBE, ...)
  kNoAuth = 1u << 10,   // allowed before AUTH (AUTH, HELLO, QUIT, RESET)
};

// The whole argv, argv[0] being the command name as the client spelled it.
using CommandArgs = std::span<const std::string>;
// Writes the reply on success; an error value is written by Dispatch instead.
// Handlers return errors before writing anything.
using CommandHandler = Status (*)(CommandArgs args, CommandContext& ctx);

struct CommandSpec {
  std::string name;  // lower case, as Redis reports it
  CommandHandler handler = nullptr;
  int arity = 0;
  std::uint32_t flags = 0;
  int first_key = 0;
  int last_key = 0;
  int step = 0;
};

class CommandRegistry {
 public:
  // Registry with every command family of this library registered.
  static CommandRegistry WithAllCommands();

  void Register(CommandSpec spec);
  // Case-insensitive; nullptr if unknown.
  const CommandSpec* Find(std::string_view name) const;
  // `lower_name` already in lower case (the hot path: no copy, no allocation).
  const CommandSpec* FindLower(std::string_view lower_name) const {
    auto it = commands_.find(lower_name);
    return it == commands_.end() ? nullptr : &it->second;
  }
  std::size_t size() const { return commands_.size(); }
  // Visits every row (order unspecified).
  template <class F>
  void ForEach(F&& visit) const {
    for (const auto& [name, spec] : commands_) visit(spec);
  }

  // Runs one command and appends exactly one reply to ctx.writer.
  void Dispatch(const std::vector<std::string>& argv, CommandContext& ctx) const;

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, CommandSpec, NameHash, std::equal_to<>> commands_;
};

// Writes `name` lower-cased (ASCII) into `buffer` and returns it; names longer
// than the buffer come back unchanged in length but truncated, which no
// command name is.
std::string_view LowerCommandName(std::string_view name, std::span<char> buffer);
// Whether `argc` arguments (including the name) satisfy `arity`.
bool ArityAccepts(int arity, std::size_t argc);
// "unknown command 'foo', with args beginning with: 'a' 'b' " as Redis 7 words it.
std::string UnknownCommandMessage(const std::vector<std::string>& argv);

// Each family adds its commands' rows.
void RegisterStringFamily(CommandRegistry& registry);
void RegisterGenericFamily(CommandRegistry& registry);
void RegisterKeyspaceScanFamily(CommandRegistry& registry);
void RegisterHashFamily(CommandRegistry& registry);
void RegisterSetFamily(CommandRegistry& registry);
void RegisterListFamily(CommandRegistry& registry);
void RegisterZSetFamily(CommandRegistry& registry);

}  // namespace sim::elasticache::redis
