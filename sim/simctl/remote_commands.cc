// Commands that steer a running sim through its admin API: status, down,
// clock, fault, journal.

#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "sim/core/clock.h"
#include "sim/simctl/admin_client.h"
#include "sim/simctl/args.h"
#include "sim/simctl/commands.h"

namespace sim::simctl {
namespace {

using nlohmann::json;

const std::set<std::string> kRemoteOptions = {"endpoint", "state-dir"};

struct Target {
  std::string host;
  int port = 0;
  int pid = 0;
};

// Where the sim is: --endpoint HOST:PORT, $SIMCTL_ENDPOINT, or the run file.
std::optional<Target> FindSim(const Args& args, std::string* why) {
  std::string endpoint = args.GetOr("endpoint", "");
  if (endpoint.empty())
    if (const char* env = std::getenv("SIMCTL_ENDPOINT")) endpoint = env;
  if (!endpoint.empty()) {
    if (endpoint.rfind("http://", 0) == 0) endpoint = endpoint.substr(7);
    auto colon = endpoint.rfind(':');
    if (colon == std::string::npos) {
      *why = "--endpoint takes HOST:PORT";
      return std::nullopt;
    }
    return Target{endpoint.substr(0, colon), std::atoi(endpoint.c_str() + colon + 1), 0};
  }
  std::filesystem::path state_dir = args.GetOr("state-dir", ".sim");
  auto info = ReadRunFile(state_dir);
  if (!info) {
    *why = "no sim is running (no " + RunFilePath(state_dir).string() + "; start one with simctl up)";
    return std::nullopt;
  }
  return Target{info->host, info->port, info->pid};
}

struct Call {
  int exit_code = kOk;
  json body;
};

// One admin request; prints the error and sets the exit code on failure.
Call Admin(const Args& args, const std::string& method, const std::string& target,
           const json& body = nullptr) {
  std::string why;
  auto sim = FindSim(args, &why);
  if (!sim) return {Fail(kNotRunning, why), nullptr};
  auto response = AdminRequest(sim->host, sim->port, method, target, body.is_null() ? "" : body.dump());
  if (!response.ok())
    return {Fail(response.error().code == "NotRunning" ? kNotRunning : kFailed, response.error().message), nullptr};
  json parsed = json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) return {Fail(kFailed, "the sim answered with invalid JSON"), nullptr};
  if (response->status >= 400) {
    std::string message = parsed.contains("error") ? parsed["error"].value("message", response->body)
                                                   : response->body;
    return {Fail(kFailed, message), parsed};
  }
  return {kOk, parsed};
}

std::optional<Args> ParseOrFail(const Words& words, std::set<std::string> switches,
                                std::set<std::string> options, int* code) {
  switches.insert("help");
  switches.insert("json");
  options.insert(kRemoteOptions.begin(), kRemoteOptions.end());
  std::string error;
  auto args = Args::Parse(words, switches, options, &error);
  if (!args) *code = Fail(kUsage, error);
  return args;
}

void PrintJson(const json& j) { std::printf("%s\n", j.dump(2).c_str()); }

constexpr const char* kCommonHelp =
    "  --endpoint HOST:PORT   the sim to talk to (default: from .sim/simctl.json or $SIMCTL_ENDPOINT)\n"
    "  --state-dir DIR        where `simctl up` wrote its run file (default ./.sim)\n"
    "  --json                 machine-readable output\n";

}  // namespace

int StatusCommand(const Words& words) {
  int code = kOk;
  auto args = ParseOrFail(words, {}, {}, &code);
  if (!args) return code;
  if (args->Has("help"))
    return std::printf("usage: simctl status [options]\n\nWhat the running sim serves.\n\n%s", kCommonHelp), kOk;
  Call call = Admin(*args, "GET", "/_sim/health");
  if (call.exit_code != kOk) return call.exit_code;
  if (args->Has("json")) return PrintJson(call.body), kOk;
  const json& h = call.body;
  std::printf("status: %s   clock: %s (%s)   state: %s   seed: %llu\n", h.value("status", "?").c_str(),
              h["clock"].value("now", "?").c_str(), h["clock"].value("simulated", false) ? "simulated" : "real",
              h.value("state", "?").c_str(), h.value("seed", 0ULL));
  std::vector<std::vector<std::string>> rows = {{"ENVIRONMENT", "SERVICE", "PROTOCOL", "ENDPOINT"}};
  for (const auto& ep : h["endpoints"]) {
    std::string env = ep.value("environment", "");
    rows.push_back({env.empty() ? "*" : env, ep.value("service", ""), ep.value("protocol", ""), ep.value("address", "")});
  }
  PrintTable(rows);
  return kOk;
}

int DownCommand(const Words& words) {
  int code = kOk;
  auto args = ParseOrFail(words, {}, {}, &code);
  if (!args) return code;
  if (args->Has("help"))
    return std::printf("usage: simctl down [--state-dir DIR]\n\nStops the sim started with `simctl up --detach`.\n"), kOk;
  std::filesystem::path state_dir = args->GetOr("state-dir", ".sim");
  auto info = ReadRunFile(state_dir);
  if (!info || info->pid <= 0) return Fail(kNotRunning, "no sim is running (no " + RunFilePath(state_dir).string() + ")");
  if (kill(info->pid, SIGTERM) != 0) {
    RemoveRunFile(state_dir);
    return Fail(kNotRunning, "no sim is running (pid " + std::to_string(info->pid) + " is gone)");
  }
  // Wait up to 10 s for the process to finish its shutdown.
  for (int i = 0; i < 1000 && kill(info->pid, 0) == 0; ++i) SleepRealMilliseconds(10);
  if (kill(info->pid, 0) == 0) return Fail(kFailed, "pid " + std::to_string(info->pid) + " did not stop within 10 s");
  RemoveRunFile(state_dir);
  std::printf("stopped pid %d\n", info->pid);
  return kOk;
}

int ClockCommand(const Words& words) {
  int code = kOk;
  auto args = ParseOrFail(words, {}, {}, &code);
  if (!args) return code;
  if (args->Has("help"))
    return std::printf(
               "usage: simctl clock [advance DURATION | set ISO-8601] [options]\n\n"
               "Shows the sim's clock, or moves a simulated clock forward (durations: 90s, 15m, 2h, 7d, 1d12h).\n\n%s",
               kCommonHelp), kOk;
  const auto& pos = args->positional();
  Call call;
  if (pos.empty()) {
    call = Admin(*args, "GET", "/_sim/clock");
  } else if (pos[0] == "advance" && pos.size() == 2) {
    Duration d;
    if (!ParseHumanDuration(pos[1], &d)) return Fail(kUsage, "advance takes a duration such as 90s, 2h, 7d, 1d12h");
    call = Admin(*args, "POST", "/_sim/clock", {{"advance", pos[1]}});
  } else if (pos[0] == "set" && pos.size() == 2) {
    call = Admin(*args, "POST", "/_sim/clock", {{"to", pos[1]}});
  } else {
    return Fail(kUsage, "usage: simctl clock [advance DURATION | set ISO-8601]");
  }
  if (call.exit_code != kOk) return call.exit_code;
  if (args->Has("json")) return PrintJson(call.body), kOk;
  std::printf("%s (%s, %llu timers pending)\n", call.body.value("now", "?").c_str(),
              call.body.value("simulated", false) ? "simulated" : "real",
              call.body.value("pending_timers", 0ULL));
  return kOk;
}

int FaultCommand(const Words& words) {
  int code = kOk;
  auto args = ParseOrFail(words, {},
                          {"service", "operation", "resource", "kind", "latency-ms", "error-code",
                           "message", "status", "probability", "count"},
                          &code);
  if (!args) return code;
  if (args->Has("help") || args->positional().empty())
    return std::printf(
               "usage: simctl fault add --service S [--operation O] [--resource R] --kind K [...]\n"
               "       simctl fault list\n"
               "       simctl fault clear [ID]\n\n"
               "kinds: latency (--latency-ms N), error (--error-code C --status N --message M),\n"
               "       outage (connection dropped), node_failure (data planes)\n"
               "  --probability P        0..1, drawn from the sim's seeded generator (default 1)\n"
               "  --count N              fire at most N times\n%s",
               kCommonHelp), args->Has("help") ? kOk : kUsage;
  const std::string& verb = args->positional()[0];
  Call call;
  if (verb == "list") {
    call = Admin(*args, "GET", "/_sim/faults");
    if (call.exit_code != kOk) return call.exit_code;
    if (args->Has("json")) return PrintJson(call.body), kOk;
    std::vector<std::vector<std::string>> rows = {{"ID", "SERVICE", "OPERATION", "RESOURCE", "KIND", "DETAIL"}};
    for (const auto& f : call.body["faults"]) {
      std::string detail = f.contains("latency_ms") ? std::to_string(f["latency_ms"].get<long long>()) + " ms"
                           : f.contains("error_code") ? f["error_code"].get<std::string>() + " " + std::to_string(f["http_status"].get<int>())
                                                      : "";
      rows.push_back({f.value("id", ""), f.value("service", ""), f.value("operation", ""), f.value("resource", ""),
                      f.value("kind", ""), detail});
    }
    PrintTable(rows);
    return kOk;
  }
  if (verb == "clear") {
    call = args->positional().size() > 1 ? Admin(*args, "DELETE", "/_sim/faults/" + args->positional()[1])
                                         : Admin(*args, "DELETE", "/_sim/faults");
    if (call.exit_code == kOk) args->Has("json") ? PrintJson(call.body) : (void)std::printf("cleared\n");
    return call.exit_code;
  }
  if (verb == "add") {
    json rule = {{"kind", args->GetOr("kind", "error")}};
    for (const char* key : {"service", "operation", "resource"})
      if (auto v = args->Get(key)) rule[key] = *v;
    try {
      if (auto v = args->Get("latency-ms")) rule["latency_ms"] = std::stoll(*v);
      if (auto v = args->Get("status")) rule["http_status"] = std::stoi(*v);
      if (auto v = args->Get("probability")) rule["probability"] = std::stod(*v);
      if (auto v = args->Get("count")) rule["remaining"] = std::stoll(*v);
    } catch (const std::exception&) {
      return Fail(kUsage, "--latency-ms, --status, --count take whole numbers and --probability 0..1");
    }
    if (auto v = args->Get("error-code")) rule["error_code"] = *v;
    if (auto v = args->Get("message")) rule["error_message"] = *v;
    call = Admin(*args, "POST", "/_sim/faults", rule);
    if (call.exit_code == kOk)
      args->Has("json") ? PrintJson(call.body) : (void)std::printf("%s\n", call.body.value("id", "").c_str());
    return call.exit_code;
  }
  return Fail(kUsage, "unknown fault command '" + verb + "' (add, list, clear)");
}

int JournalCommand(const Words& words) {
  int code = kOk;
  auto args = ParseOrFail(words, {}, {"service", "action", "after", "limit"}, &code);
  if (!args) return code;
  if (args->Has("help"))
    return std::printf(
               "usage: simctl journal [--service S] [--action A] [--after SEQ] [--limit N] [options]\n\n"
               "What happened in the sim, in simulated time (secret values never appear).\n\n%s",
               kCommonHelp), kOk;
  std::string query;
  for (const char* key : {"service", "action", "after", "limit"})
    if (auto v = args->Get(key)) query += (query.empty() ? "?" : "&") + std::string(key) + "=" + *v;
  Call call = Admin(*args, "GET", "/_sim/journal" + query);
  if (call.exit_code != kOk) return call.exit_code;
  if (args->Has("json")) return PrintJson(call.body), kOk;
  std::vector<std::vector<std::string>> rows = {{"SEQ", "TIME", "SERVICE", "ACTION", "RESOURCE", "OUTCOME", "REQUEST ID"}};
  for (const auto& e : call.body["entries"])
    rows.push_back({std::to_string(e.value("sequence", 0ULL)), e.value("time", ""), e.value("service", ""),
                    e.value("action", ""), e.value("resource", ""), e.value("outcome", ""), e.value("request_id", "")});
  PrintTable(rows);
  return kOk;
}

}  // namespace sim::simctl
