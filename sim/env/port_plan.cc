#include "sim/env/port_plan.h"

#include <yaml-cpp/yaml.h>

namespace sim::env {

Result<PortPlan> LoadPortPlan(const std::filesystem::path& environments_dir,
                              const std::string& environment) {
  PortPlan plan;
  std::filesystem::path file = environments_dir / kPortPlanFile;
  if (!std::filesystem::exists(file)) return plan;
  try {
    YAML::Node root = YAML::LoadFile(file.string());
    YAML::Node entry = root[environment];
    if (!entry) return plan;
    if (YAML::Node redis = entry["redis"]) {
      int port = redis.as<int>();
      // The reader endpoint takes port + 1.
      if (port < 1 || port > 65534) {
        return MakeError("InvalidPortPlan", file.string() + ": " + environment +
                                                ".redis must be a port from 1 to 65534");
      }
      plan.redis = static_cast<std::uint16_t>(port);
    }
    if (YAML::Node identity = entry["identity"]) {
      int port = identity.as<int>();
      if (port < 1 || port > 65535) {
        return MakeError("InvalidPortPlan", file.string() + ": " + environment +
                                                ".identity must be a port from 1 to 65535");
      }
      plan.identity = static_cast<std::uint16_t>(port);
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
