// simctl env and simctl services: read the environments and the emulators'
// operation tables locally; no running sim needed.

#include <cstdio>

#include <nlohmann/json.hpp>

#include "sim/env/environment.h"
#include "sim/runtime/coverage.h"
#include "sim/runtime/provisioner.h"
#include "sim/simctl/args.h"
#include "sim/simctl/commands.h"

namespace sim::simctl {
namespace {

using nlohmann::json;

constexpr const char* kEnvHelp = R"HELP(usage: simctl env list [--environments-dir DIR] [--json]
       simctl env show ENV [--environments-dir DIR] [--json]
       simctl env export ENV [--environments-dir DIR] [--endpoint URL]

list    the environments (folders with terragrunt.hcl and vars.yaml)
show    the inventory the sim provisions for ENV, and what it models but does not emulate
export  shell lines for the AWS CLI and SDKs: eval "$(simctl env export dev)"
)HELP";

// Single-quotes a value for POSIX shells.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int EnvCommand(const Words& words) {
  std::string error;
  auto args = Args::Parse(words, {"help", "json"}, {"environments-dir", "endpoint"}, &error);
  if (!args) return Fail(kUsage, error);
  const auto& pos = args->positional();
  if (args->Has("help")) return std::fputs(kEnvHelp, stdout), kOk;
  if (pos.empty()) return std::fputs(kEnvHelp, stderr), kUsage;
  std::filesystem::path root = args->GetOr("environments-dir", "environments");

  if (pos[0] == "list") {
    if (!std::filesystem::is_directory(root))
      return Fail(kFailed, "no environments directory at " + root.string());
    auto names = env::ListEnvironments(root);
    if (args->Has("json")) return std::printf("%s\n", json(names).dump(2).c_str()), kOk;
    for (const auto& n : names) std::printf("%s\n", n.c_str());
    return kOk;
  }
  if ((pos[0] == "show" || pos[0] == "export") && pos.size() == 2) {
    auto loaded = env::LoadEnvironment(root, pos[1]);
    if (!loaded.ok()) return Fail(kFailed, loaded.error().message);
    const env::Environment& e = loaded.value();
    if (pos[0] == "export") {
      std::string endpoint = args->GetOr("endpoint", "http://127.0.0.1:4566");
      // The first environment of `simctl up` answers to test/test; any
      // environment answers to its own account id as access key.
      std::printf("export AWS_ENDPOINT_URL=%s\n", ShellQuote(endpoint).c_str());
      std::printf("export AWS_ACCESS_KEY_ID=%s\n", ShellQuote(e.account_id).c_str());
      std::printf("export AWS_SECRET_ACCESS_KEY=%s\n", ShellQuote("test").c_str());
      std::printf("export AWS_REGION=%s\n", ShellQuote(e.region).c_str());
      std::printf("export AWS_DEFAULT_REGION=%s\n", ShellQuote(e.region).c_str());
      return kOk;
    }
    json inventory = env::InventoryToJson(e.inventory);
    if (args->Has("json")) {
      json out = {{"name", e.name}, {"account_id", e.account_id}, {"region", e.region},
                  {"project", e.project}, {"inventory", inventory}};
      return std::printf("%s\n", out.dump(2).c_str()), kOk;
    }
    std::printf("environment %s: account %s, region %s, project %s\n", e.name.c_str(),
                e.account_id.c_str(), e.region.c_str(), e.project.c_str());
    std::vector<std::vector<std::string>> rows = {{"KIND", "NAME", "STATUS"}};
    for (auto& [kind, items] : inventory.items()) {
      if (kind == "modeled_only") continue;
      for (auto& item : items)
        rows.push_back({kind, item.value("name", item.dump()),
                        IsEmulatedKind(kind) ? "emulated" : "modeled, not emulated"});
    }
    for (const auto& m : e.inventory.modeled_only) rows.push_back({"module", m.module, m.reason});
    PrintTable(rows);
    return kOk;
  }
  return Fail(kUsage, "usage: simctl env list | show ENV | export ENV");
}

int ServicesCommand(const Words& words) {
  std::string error;
  auto args = Args::Parse(words, {"help", "json", "missing"}, {}, &error);
  if (!args) return Fail(kUsage, error);
  if (args->Has("help"))
    return std::printf("usage: simctl services [--missing] [--json]\n\n"
                       "Operations each emulator implements, against AWS's model of the service.\n"
                       "  --missing   also list the operations not implemented\n"), kOk;
  auto coverage = ModelCoverage();
  if (args->Has("json")) {
    json out = json::array();
    for (const auto& c : coverage)
      out.push_back({{"service", c.service}, {"implemented", c.implemented}, {"missing", c.missing}});
    return std::printf("%s\n", out.dump(2).c_str()), kOk;
  }
  std::vector<std::vector<std::string>> rows = {{"SERVICE", "IMPLEMENTED", "OF", "STATUS"}};
  for (const auto& c : coverage) {
    std::size_t total = c.implemented.size() + c.missing.size();
    rows.push_back({c.service, std::to_string(c.implemented.size()), std::to_string(total),
                    c.implemented.empty() ? "not emulated yet" : "emulated"});
  }
  PrintTable(rows);
  if (args->Has("missing"))
    for (const auto& c : coverage)
      for (const auto& op : c.missing) std::printf("%s: %s not implemented\n", c.service.c_str(), op.c_str());
  return kOk;
}

}  // namespace sim::simctl
