// Loading an environment: vars.yaml for the account facts, then every unit
// evaluated with the Terragrunt layer, its tfvars files applied, and the
// result mapped to the inventory.

#include "sim/env/environment.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "sim/env/inventory.h"
#include "sim/env/terragrunt.h"
#include "sim/env/tfvars.h"
#include "sim/hcl/functions.h"
#include "sim/hcl/value.h"

namespace sim::env {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kTerragruntFile = "terragrunt.hcl";
constexpr const char* kVarsFile = "vars.yaml";

bool IsEnvironmentDir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kTerragruntFile, ec) && fs::is_regular_file(dir / kVarsFile, ec);
}

// vars.yaml decoded exactly as the root's yamldecode(file(...)) sees it.
Result<json> ReadVars(const fs::path& file, const std::string& display) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return MakeError("InventoryError", display + ": cannot read the file");
  const hcl::BuiltinFunction* yamldecode = hcl::FindBuiltinFunction("yamldecode");
  if (!yamldecode) return MakeError("InventoryError", "the HCL library has no yamldecode");
  auto decoded = yamldecode->impl(hcl::EvalContext{}, {hcl::Value(text.str())});
  if (!decoded.ok()) return MakeError("InventoryError", display + ": " + decoded.error().message);
  if (!decoded->is_object())
    return MakeError("InventoryError", display + ": expected a mapping at the top level");
  return decoded->ToJson();
}

Result<std::string> VarString(const json& vars, const char* key, const std::string& display) {
  auto it = vars.find(key);
  std::optional<std::string> text;
  if (it != vars.end() && !it->is_null()) text = hcl::ConvertToString(hcl::Value::FromJson(*it));
  if (!text || text->empty())
    return MakeError("InventoryError", display + ": " + key + ": expected a string");
  return *text;
}

// The folders below `dir` holding a terragrunt.hcl, as '/'-separated paths
// relative to it, sorted. Hidden folders (.terragrunt-cache, .git) are skipped.
std::vector<std::string> FindUnits(const fs::path& dir) {
  std::vector<std::string> units;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    if (it->path().filename().string().starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if (fs::is_regular_file(it->path() / kTerragruntFile, ec))
      units.push_back(it->path().lexically_relative(dir).generic_string());
  }
  std::sort(units.begin(), units.end());
  return units;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

}  // namespace

std::vector<std::string> ListEnvironments(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && IsEnvironmentDir(it->path()))
      names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<Environment> LoadEnvironment(const fs::path& root, const std::string& name) {
  fs::path abs_root = fs::absolute(root).lexically_normal();
  std::vector<std::string> available = ListEnvironments(abs_root);
  // Only a listed name is accepted, so "../x" or "dev/rds" never reach the loader.
  if (std::find(available.begin(), available.end(), name) == available.end()) {
    return MakeError(
        "EnvironmentNotFound",
        "no environment \"" + name + "\": " + (abs_root / name).string() +
            " is not a folder with terragrunt.hcl and vars.yaml; available: " + Join(available),
        404);
  }

  Environment env;
  env.name = name;
  env.dir = abs_root / name;

  std::string vars_display = DisplayPath(env.dir / kVarsFile, abs_root);
  auto vars = ReadVars(env.dir / kVarsFile, vars_display);
  if (!vars.ok()) return vars.error();
  env.vars = std::move(vars).value();
  for (auto [field, key] : {std::pair{&env.account_id, "account_id"},
                            std::pair{&env.region, "region"}, std::pair{&env.project, "project"}}) {
    auto value = VarString(env.vars, key, vars_display);
    if (!value.ok()) return value.error();
    *field = std::move(value).value();
  }
  // The root lower-cases the project for every name it builds.
  std::transform(env.project.begin(), env.project.end(), env.project.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (env.account_id.size() != 12 ||
      !std::all_of(env.account_id.begin(), env.account_id.end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return MakeError("InventoryError", vars_display + ": account_id: expected 12 digits, got \"" +
                                           env.account_id + "\" (quote it in YAML)");
  }

  TerragruntOptions options;
  options.display_root = abs_root;  // messages name "dev/rds/terragrunt.hcl:12:3"
  std::vector<EvaluatedUnit> units;
  for (const std::string& path : FindUnits(env.dir)) {
    fs::path unit_dir = env.dir / path;
    auto module = EvaluateTerragrunt(unit_dir / kTerragruntFile, options);
    if (!module.ok()) return module.error();
    EvaluatedUnit unit{path, module->source, std::move(module->inputs), std::move(module->locals)};
    Status applied = ApplyTfvarsFiles(unit_dir, abs_root, unit.inputs);
    if (!applied.ok()) return applied.error();
    units.push_back(std::move(unit));
  }

  auto inventory = BuildInventory(units);
  if (!inventory.ok()) {
    return MakeError(inventory.error().code,
                     "environment " + name + ": " + inventory.error().message);
  }
  env.inventory = std::move(inventory).value();
  return env;
}

}  // namespace sim::env
