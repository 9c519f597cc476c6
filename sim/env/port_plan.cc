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
  } catch (const YAML::Exception& e) {
    return MakeError("InvalidPortPlan", file.string() + ": " + e.what());
  }
  return plan;
}

}  // namespace sim::env
