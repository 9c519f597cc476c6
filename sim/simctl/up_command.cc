// simctl up: runs the sim in the foreground, or detached with a run file.

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "sim/core/clock.h"
#include "sim/runtime/runtime.h"
#include "sim/simctl/admin_client.h"
#include "sim/simctl/args.h"
#include "sim/simctl/commands.h"

namespace sim::simctl {
namespace {

constexpr const char* kUpHelp = R"(usage: simctl up [ENV...] [options]

Runs the sim for the named environments (default: dev) until Ctrl-C or SIGTERM.

options:
  --detach                 run in the background; `simctl down` stops it
  --host ADDR              listen address (default 127.0.0.1)
  --port N                 AWS front door port (default 4566; 0 picks a free one)
  --data-ports plan|auto   data-plane ports (Redis, ...) from environments/ports.yaml
                           (default) or any free ones
  --environments-dir DIR   where environments live (default ./environments)
  --state-dir DIR          state directory root (default ./.sim)
  --ephemeral              keep all state in memory
  --clock real|sim         real time (default) or a simulated clock moved by `simctl clock`
  --start ISO-8601         simulated clock start (default: now)
  --seed N                 seed for ids, passwords and fault draws (default 1)
  --busy-poll-us N         keep the event loop polling N microseconds after its last
                           event before it sleeps (default 100; 0: sleep at once).
                           Faster answers under load, for some CPU while busy
)";

std::string FormatEndpoints(const Runtime& runtime, double ready_ms) {
  std::vector<std::vector<std::string>> rows = {{"ENVIRONMENT", "SERVICE", "PROTOCOL", "ENDPOINT"}};
  for (const auto& ep : runtime.endpoints())
    rows.push_back({ep.environment.empty() ? "*" : ep.environment, ep.service, ep.protocol, ep.address});
  char ready[64];
  std::snprintf(ready, sizeof ready, "ready in %.1f ms\n", ready_ms);
  return FormatTable(rows) + ready;
}

bool ProcessAlive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

}  // namespace

int UpCommand(const Words& words) {
  Stopwatch since_start;
  std::string error;
  auto args = Args::Parse(words, {"help", "detach", "ephemeral"},
                          {"host", "port", "data-ports", "environments-dir", "state-dir", "clock", "start", "seed",
                           "busy-poll-us"},
                          &error);
  if (!args) return Fail(kUsage, error);
  if (args->Has("help")) return std::fputs(kUpHelp, stdout), kOk;

  RuntimeOptions options;
  if (!args->positional().empty()) options.environments = args->positional();
  options.host = args->GetOr("host", options.host);
  options.environments_dir = args->GetOr("environments-dir", options.environments_dir.string());
  options.state_dir = args->GetOr("state-dir", options.state_dir.string());
  options.ephemeral = args->Has("ephemeral");
  std::string data_ports = args->GetOr("data-ports", "plan");
  if (data_ports != "plan" && data_ports != "auto") return Fail(kUsage, "--data-ports takes plan or auto");
  options.planned_data_ports = data_ports == "plan";
  try {
    if (auto port = args->Get("port")) {
      int p = std::stoi(*port);
      if (p < 0 || p > 65535) throw std::out_of_range("port");
      options.port = static_cast<std::uint16_t>(p);
    }
    if (auto seed = args->Get("seed")) options.seed = std::stoull(*seed);
    if (auto poll = args->Get("busy-poll-us")) {
      int us = std::stoi(*poll);
      if (us < 0 || us > 1'000'000) throw std::out_of_range("busy-poll-us");
      options.busy_poll = std::chrono::microseconds(us);
    }
  } catch (const std::exception&) {
    return Fail(kUsage, "--port takes 0-65535, --seed a whole number and --busy-poll-us 0-1000000");
  }
  std::string clock = args->GetOr("clock", "real");
  if (clock != "real" && clock != "sim") return Fail(kUsage, "--clock takes real or sim");
  options.simulated_clock = clock == "sim";
  if (auto start = args->Get("start")) {
    TimePoint t;
    if (!ParseIso8601(*start, &t)) return Fail(kUsage, "--start takes an ISO-8601 UTC time, e.g. 2026-01-01T00:00:00Z");
    if (!options.simulated_clock) return Fail(kUsage, "--start needs --clock sim");
    options.start_time = t;
  }

  if (auto running = ReadRunFile(options.state_dir); running && ProcessAlive(running->pid))
    return Fail(kFailed, "a sim is already running (pid " + std::to_string(running->pid) + " on " +
                             running->host + ":" + std::to_string(running->port) +
                             "); stop it with simctl down");

  if (args->Has("detach")) {
    int ready_pipe[2];
    if (pipe(ready_pipe) != 0) return Fail(kFailed, "cannot create a pipe");
    pid_t pid = fork();
    if (pid < 0) return Fail(kFailed, "cannot fork");
    if (pid > 0) {
      close(ready_pipe[1]);
      std::string message;
      char buf[512];
      ssize_t n;
      while ((n = read(ready_pipe[0], buf, sizeof buf)) > 0) message.append(buf, static_cast<std::size_t>(n));
      close(ready_pipe[0]);
      if (message.rfind("ready", 0) != 0)
        return Fail(kFailed, message.empty() ? "the sim exited before it was ready" : message);
      std::fputs(message.substr(6).c_str(), stdout);
      return kOk;
    }
    // The child: its own session, output to the log, readiness through the pipe.
    close(ready_pipe[0]);
    setsid();
    std::filesystem::create_directories(options.state_dir);
    int log = open((options.state_dir / "simctl.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null_in = open("/dev/null", O_RDONLY);
    dup2(null_in, 0);
    Runtime runtime(options);
    try {
      runtime.Start();
    } catch (const std::exception& e) {
      std::string message = e.what();
      (void)!write(ready_pipe[1], message.data(), message.size());
      _exit(kFailed);
    }
    WriteRunFile(options.state_dir, {getpid(), options.host, runtime.aws_port()});
    // The parent prints the table once the child is ready.
    std::string ready = "ready " + FormatEndpoints(runtime, since_start.ElapsedMilliseconds()) +
                        "detached: pid " + std::to_string(getpid()) + " (stop with simctl down)\n";
    (void)!write(ready_pipe[1], ready.data(), ready.size());
    close(ready_pipe[1]);
    dup2(log, 1);
    dup2(log, 2);
    runtime.Run();
    RemoveRunFile(options.state_dir);
    _exit(kOk);
  }

  Runtime runtime(options);
  try {
    runtime.Start();
  } catch (const std::exception& e) {
    return Fail(kFailed, e.what());
  }
  WriteRunFile(options.state_dir, {static_cast<int>(getpid()), options.host, runtime.aws_port()});
  std::fputs(FormatEndpoints(runtime, since_start.ElapsedMilliseconds()).c_str(), stdout);
  std::fflush(stdout);
  runtime.Run();
  RemoveRunFile(options.state_dir);
  std::printf("stopped\n");
  return kOk;
}

}  // namespace sim::simctl
