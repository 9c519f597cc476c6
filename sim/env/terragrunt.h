#pragma once
// Evaluates one module's terragrunt.hcl the way Terragrunt does, without ever
// running Terraform:
//   - `include "name" { path = ..., expose = true, merge_strategy = ... }`
//     (and the legacy unnamed `include {}`): the included file is evaluated
//     on behalf of the module (get_terragrunt_dir() is the module's), its
//     inputs are merged under the module's ("shallow" by default, "deep" or
//     "no_merge" on request), and exposed includes are visible as
//     include.<name>.locals / .inputs / .dependency / ...; one level only.
//   - `locals` and `dependency "x" { config_path, mock_outputs }` blocks, in
//     any order, referencing each other (a local may read dependency.x.outputs,
//     a dependency block may read locals); cycles are errors.
//     dependency.x.outputs are the mock outputs: Terraform never runs.
//     `dependencies { paths }` is recorded too.
//   - read_terragrunt_config(path[, default]) returns another file evaluated
//     the same way, as an object (locals, inputs, dependency, terraform, ...).
//   - `terraform { source }` is read; remote_state, generate and other blocks
//     are accepted and not evaluated.
// Errors: code "HclError", message "file:line:col: ...".

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/core/result.h"
#include "sim/hcl/eval_context.h"
#include "sim/hcl/value.h"

namespace sim::env {

struct TerragruntOptions {
  // get_env() reads through this; unset means no variable is set. The library
  // never reads the process environment itself.
  hcl::EnvGetter get_env;
  // Error messages name files relative to this directory (when they are
  // under it); empty means the current working directory.
  std::filesystem::path display_root;
  // Functions added to the built-ins, e.g. get_aws_account_id() answering
  // with the sim's account.
  std::map<std::string, hcl::Function, std::less<>> extra_functions;
};

struct TerragruntModule {
  std::string name;           // the module's folder name
  std::filesystem::path dir;  // absolute
  std::string source;         // terraform.source; empty when there is none
  nlohmann::json inputs;      // included inputs merged with the module's (module wins)
  nlohmann::json locals;      // the module's own locals
  // Absolute, normalized directories this module depends on: config_path of
  // each dependency block, then dependencies.paths, the included file's
  // after the module's own; without duplicates.
  std::vector<std::string> dependencies;
};

Result<TerragruntModule> EvaluateTerragrunt(const std::filesystem::path& hcl_file,
                                            const TerragruntOptions& options);

// What read_terragrunt_config(hcl_file) returns: an object with locals,
// inputs, dependency, dependencies, terraform and the top-level attributes.
Result<hcl::Value> ReadTerragruntConfig(const std::filesystem::path& hcl_file,
                                        const TerragruntOptions& options);

}  // namespace sim::env
