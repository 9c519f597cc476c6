// simctl: runs and steers the AWS simulator.

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "sim/simctl/commands.h"

namespace {

constexpr const char* kHelpText = R"(usage: simctl <command> [options]

commands:
  up [ENV...]            run the sim for the environments (default: dev)
  status                 what the running sim serves
  down                   stop the sim started with `up --detach`
  env list|show|export   the environments under environments/
  services               operations implemented per service, against AWS's models
  clock [advance D|set T]  show or move the simulated clock
  fault add|list|clear   inject and clear faults
  journal                what happened, in simulated time

`simctl <command> --help` describes a command. Read commands take --json.
Exit codes: 0 done, 1 failed, 2 usage error, 3 no sim running.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace sim::simctl;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kHelpText, argc < 2 ? stderr : stdout);
    return argc < 2 ? kUsage : kOk;
  }
  static const std::map<std::string, int (*)(const Words&)> kCommands = {
      {"up", UpCommand},           {"status", StatusCommand},     {"down", DownCommand},
      {"env", EnvCommand},         {"services", ServicesCommand}, {"clock", ClockCommand},
      {"fault", FaultCommand},     {"journal", JournalCommand},
  };
  auto it = kCommands.find(argv[1]);
  if (it == kCommands.end()) return Fail(kUsage, std::string("unknown command '") + argv[1] + "' (see simctl --help)");
  Words words(argv + 2, argv + argc);
  return it->second(words);
}
