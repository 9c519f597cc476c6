#pragma once
// The port plan (environments/ports.yaml): which loopback ports an
// environment's data planes listen on. A missing file or entry means "any
// free port" (0).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/result.h"

namespace sim::env {

struct PortPlan {
  std::uint16_t redis = 0;  // first Redis group's primary; reader = +1, next group +2
  std::uint16_t identity = 0;  // the OIDC provider (Keycloak's endpoints)
};

inline constexpr const char* kRealmFilesFile = "identity.yaml";

// The Keycloak realm exports an environment imports (environments/identity.yaml),
// as paths resolved against the repository root (the environments folder's parent).
Result<std::vector<std::filesystem::path>> LoadRealmFiles(const std::filesystem::path& environments_dir,
                                                          const std::string& environment);

inline constexpr const char* kPortPlanFile = "ports.yaml";

// Errors name the file and the bad entry.
Result<PortPlan> LoadPortPlan(const std::filesystem::path& environments_dir,
                              const std::string& environment);

}  // namespace sim::env
