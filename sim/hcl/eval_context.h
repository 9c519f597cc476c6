#pragma once
// Everything an expression can see while it is evaluated: variables, extra
// functions, and the filesystem / Terragrunt facts the built-in functions
// need (which file is being read, which module, which includes). The library
// never reads the process environment: get_env() goes through `get_env`.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/result.h"
#include "sim/hcl/value.h"

namespace sim::hcl {

struct EvalContext;

// A function callable from HCL. Errors are returned without a position
// (MakeHclError(message)); the evaluator adds the call's position and name.
using Function =
    std::function<Result<Value>(const EvalContext& ctx, const std::vector<Value>& args)>;

// Returns the variable's value, or nullopt when it is not set.
using EnvGetter = std::function<std::optional<std::string>(const std::string& name)>;

// An `include` block of the module being evaluated.
struct IncludeInfo {
  std::string name;                   // label; empty for the legacy unnamed include
  std::filesystem::path config_path;  // absolute path of the included file
};

struct EvalContext {
  // Directory of the file the expression comes from: file() and other
  // relative paths resolve against it. Absolute.
  std::filesystem::path file_dir;
  // Directory of the module being evaluated (get_terragrunt_dir()); while an
  // included root file is evaluated it is still the child's. Absolute.
  std::filesystem::path terragrunt_dir;
  // The module's include blocks, and which of them is being evaluated right
  // now (-1: the module's own file).
  std::vector<IncludeInfo> includes;
  int current_include = -1;
  // get_env(); unset means no variable is set.
  EnvGetter get_env;
  // Root variables: `local`, `include`, `dependency`, ...
  std::map<std::string, Value, std::less<>> variables;
  // Functions added to (or replacing) the built-in ones.
  std::map<std::string, Function, std::less<>> functions;
};

}  // namespace sim::hcl
