#pragma once
// Operations each emulator implements against every embedded AWS model,
// computed offline (in-memory emulators), for `simctl services`.

#include <vector>

#include "sim/aws/dispatcher.h"

namespace sim {

std::vector<aws::ServiceCoverage> ModelCoverage();

}  // namespace sim
