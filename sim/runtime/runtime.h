#pragma once
// One running sim: the clock, the kernel pieces, the emulators, the front door
// and the admin API, on one event-loop thread. `simctl up` builds one of these;
// so do the conformance tests.

#include <cstdint>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/clock.h"

namespace sim {

struct RuntimeOptions {
  std::vector<std::string> environments{"dev"};
  std::filesystem::path environments_dir = "environments";
  std::filesystem::path state_dir = ".sim";
  bool ephemeral = false;
  bool simulated_clock = false;
  std::optional<TimePoint> start_time;  // simulated clock only; default: now
  std::uint64_t seed = 1;
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  // Data planes (Redis, ...) listen on the environments' port plan
  // (environments/ports.yaml); false picks free ports instead (tests).
  bool planned_data_ports = true;
  // How long the event loop keeps polling after its last event before it
  // sleeps (see busy_poll.h); zero sleeps at once.
  std::chrono::microseconds busy_poll{100};
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
};

struct Endpoint {
  std::string environment;  // empty for process-wide endpoints
  std::string service;
  std::string protocol;     // "aws", "admin", ...
  std::string address;      // URL or host:port
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options);
  ~Runtime();

  // Loads the environments, opens state, starts the emulators, provisions
  // what the environments declare and binds every listener. Throws
  // std::runtime_error with one line saying what failed and where.
  void Start();
  // Serves until Stop() or SIGINT/SIGTERM.
  void Run();
  // Thread-safe: asks the loop to stop.
  void Stop();

  const std::vector<Endpoint>& endpoints() const;
  std::uint16_t aws_port() const;
  nlohmann::json Health() const;

  struct State;  // defined in runtime.cc

 private:
  std::unique_ptr<State> state_;
};

}  // namespace sim
