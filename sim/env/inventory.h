#pragma once
// Maps evaluated Terragrunt units to the typed inventory, as SCHEMA.md in
// environments/ describes. Which mapping applies is decided by the module a
// unit uses (its terraform.source), not by the folder name; units with any
// other module are kept as "modeled, not emulated".

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/result.h"
#include "sim/env/environment.h"

namespace sim::env {

struct EvaluatedUnit {
  std::string path;       // below the environment, '/'-separated: "rds", "route53/zones"
  std::string source;     // terraform.source
  nlohmann::json inputs;  // effective inputs (root inputs, unit inputs, tfvars)
  nlohmann::json locals;  // the unit's own locals
};

// Errors: code "InventoryError", message "unit <path>: <json path>: <problem>".
Result<Inventory> BuildInventory(const std::vector<EvaluatedUnit>& units);

// The registry module address of a terraform.source, without the tfr://
// scheme, host and ?version: "tfr:///terraform-aws-modules/rds/aws?version=6.10.0"
// -> "terraform-aws-modules/rds/aws". Other sources come back without their query.
std::string ModuleAddress(std::string_view source);

}  // namespace sim::env
