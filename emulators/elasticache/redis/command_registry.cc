#include "emulators/elasticache/redis/command_registry.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/redis_errors.h"

namespace sim::elasticache::redis {

CommandRegistry CommandRegistry::WithAllCommands() {
  CommandRegistry registry;
  RegisterStringFamily(registry);
  RegisterGenericFamily(registry);
  RegisterKeyspaceScanFamily(registry);
  RegisterHashFamily(registry);
  RegisterSetFamily(registry);
  RegisterListFamily(registry);
  RegisterZSetFamily(registry);
  return registry;
}

void CommandRegistry::Register(CommandSpec spec) {
  std::string key = ToLowerAscii(spec.name);
  commands_[std::move(key)] = std::move(spec);
}

const CommandSpec* CommandRegistry::Find(std::string_view name) const {
  auto it = commands_.find(ToLowerAscii(name));
  return it == commands_.end() ? nullptr : &it->second;
}

std::string_view LowerCommandName(std::string_view name, std::span<char> buffer) {
  std::size_t n = std::min(name.size(), buffer.size());
  for (std::size_t i = 0; i < n; ++i) {
    char c = name[i];
    buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buffer.data(), n};
}

bool ArityAccepts(int arity, std::size_t argc) {
  auto n = static_cast<long long>(argc);
  return arity >= 0 ? n == arity : n >= -static_cast<long long>(arity);
}

std::string UnknownCommandMessage(const std::vector<std::string>& argv) {
  // server.c processCommand: each arg quoted and followed by a space, printed
  // with "%.*s" so the list stops growing once it reaches 128 bytes.
  std::string args;
  for (std::size_t i = 1; i < argv.size() && args.size() < 128; ++i) {
    std::size_t room = 128 - args.size();
    args += '\'';
    args += argv[i].substr(0, room);
    args += "' ";
  }
  std::string name = argv[0].substr(0, 128);
  return "unknown command '" + name + "', with args beginning with: " + args;
}

void CommandRegistry::Dispatch(const std::vector<std::string>& argv, CommandContext& ctx) const {
  if (argv.empty()) return;
  const CommandSpec* spec = Find(argv[0]);
  if (spec == nullptr) {
    ctx.writer->Error(RedisError(UnknownCommandMessage(argv)));
    return;
  }
  if (!ArityAccepts(spec->arity, argv.size())) {
    ctx.writer->Error(WrongArityError(spec->name));
    return;
  }
  Status status = spec->handler(CommandArgs(argv), ctx);
  if (!status.ok()) ctx.writer->Error(status.error());
}

}  // namespace sim::elasticache::redis
