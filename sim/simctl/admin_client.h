#pragma once
// simctl's way to a running sim: a tiny blocking HTTP/1.1 client for the
// admin API, and the run file (`<state-dir>/simctl.json`) that `up` writes so
// other commands can find the sim (pid, host, port).

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/result.h"

namespace sim::simctl {

struct RunInfo {
  int pid = 0;
  std::string host;
  int port = 0;
};

std::filesystem::path RunFilePath(const std::filesystem::path& state_dir);
void WriteRunFile(const std::filesystem::path& state_dir, const RunInfo& info);
std::optional<RunInfo> ReadRunFile(const std::filesystem::path& state_dir);
void RemoveRunFile(const std::filesystem::path& state_dir);

struct AdminResponse {
  int status = 0;
  std::string body;
};

// One request with Connection: close. Error "NotRunning" when nothing listens.
Result<AdminResponse> AdminRequest(const std::string& host, int port, const std::string& method,
                                   const std::string& target, const std::string& body = "");

}  // namespace sim::simctl
