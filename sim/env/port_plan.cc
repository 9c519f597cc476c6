#include "sim/env/port_plan.h"

#include <yaml-cpp/yaml.h>

namespace sim::env {

namespace {

// entry[key], when present, into `port`; "<key> must be a port from 1 to <max>" otherwise.
Status ReadPort(const YAML::Node& entry, const char* key, int max, std::uint16_t& port) {
  YAML::Node node = entry[key];
  if (!node) return Ok();
  int value = node.as<int>();
  if (value < 1 || value > max) {
    return MakeError("InvalidPortPlan", std::string(key) + " must be a port from 1 to " + std::to_string(max));
  }
  port = static_cast<std::uint16_t>(value);
  return Ok();
}

}  // namespace

Result<PortPlan> LoadPortPlan(const std::filesystem::path& environments_dir,
                              const std::string& environment) {
  PortPlan plan;
  std::filesystem::path file = environments_dir / kPortPlanFile;
  if (!std::filesystem::exists(file)) return plan;
  try {
    YAML::Node root = YAML::LoadFile(file.string());
    YAML::Node entry = root[environment];
    if (!entry) return plan;
    // The Redis reader endpoint takes the port after the primary's.
    for (Status read : {ReadPort(entry, "redis", 65534, plan.redis),
                        ReadPort(entry, "identity", 65535, plan.identity)}) {
      if (!read.ok()) {
        return MakeError("InvalidPortPlan",
                         file.string() + ": " + environment + "." + read.error().message);
      }
    }
  } catch (const YAML::Exception& e) {
    return MakeError("InvalidPortPlan", file.string() + ": " + e.what());
  }
  return plan;
}

Result<std::vector<std::filesystem::path>> LoadRealmFiles(const std::filesystem::path& environments_dir,
                                                          const std::string& environment) {
  std::vector<std::filesystem::path> files;
  std::filesystem::path file = environments_dir / kRealmFilesFile;
  if (!std::filesystem::exists(file)) return files;
  std::filesystem::path root = (std::filesystem::absolute(environments_dir) / "..").lexically_normal();
  try {
    YAML::Node entry = YAML::LoadFile(file.string())[environment];
    if (!entry) return files;
    if (!entry.IsSequence()) {
      return MakeError("InvalidRealmList", file.string() + ": " + environment + " must be a list of paths");
    }
    for (const auto& item : entry) files.push_back(root / item.as<std::string>());
  } catch (const YAML::Exception& e) {
    return MakeError("InvalidRealmList", file.string() + ": " + e.what());
  }
  return files;
}

}  // namespace sim::env
