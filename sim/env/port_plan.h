#pragma once
// The port plan (environments/ports.yaml): which loopback ports an
// environment's data planes listen on. A missing file or entry means "any
// free port" (0).

#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/core/result.h"

namespace sim::env {

struct PortPlan {
  std::uint16_t redis = 0;  // first Redis group's primary; reader = +1, next group +2
};

inline constexpr const char* kPortPlanFile = "ports.yaml";

// Errors name the file and the bad entry.
Result<PortPlan> LoadPortPlan(const std::filesystem::path& environments_dir,
                              const std::string& environment);

}  // namespace sim::env
