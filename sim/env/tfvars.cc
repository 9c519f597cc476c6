#include "sim/env/tfvars.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/hcl/diagnostic.h"
#include "sim/hcl/evaluator.h"
#include "sim/hcl/parser.h"

namespace sim::env {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The files Terraform would load, in the order it loads them (later wins).
std::vector<fs::path> TfvarsFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const char* fixed : {"terraform.tfvars", "terraform.tfvars.json"})
    if (fs::is_regular_file(dir / fixed)) files.push_back(dir / fixed);
  std::vector<fs::path> automatic;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) &&
        (name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")))
      automatic.push_back(it->path());
  }
  std::sort(automatic.begin(), automatic.end());
  files.insert(files.end(), automatic.begin(), automatic.end());
  return files;
}

Result<json> ReadJsonTfvars(const fs::path& file, const std::string& display) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return MakeError("InventoryError", display + ": cannot read the file");
  json values = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (values.is_discarded()) return MakeError("InventoryError", display + ": not valid JSON");
  if (!values.is_object())
    return MakeError("InventoryError", display + ": expected an object of variable values");
  return values;
}

// A .tfvars file holds attributes with constant values only.
Result<json> ReadHclTfvars(const fs::path& file, const std::string& display) {
  auto parsed = hcl::ParseConfigFile(file, display);
  if (!parsed.ok()) return parsed.error();
  if (!parsed->body.blocks.empty()) {
    return hcl::MakeHclError(parsed->body.blocks.front().pos,
                             "blocks are not allowed in a variable definitions file");
  }
  json values = json::object();
  hcl::EvalContext context;  // no variables, no functions beyond the built-ins
  for (const hcl::Attribute& attribute : parsed->body.attributes) {
    auto value = hcl::Evaluate(*attribute.expr, context);
    if (!value.ok()) return value.error();
    values[attribute.name] = value->ToJson();
  }
  return values;
}

}  // namespace

std::string DisplayPath(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return path.generic_string();
}

Status ApplyTfvarsFiles(const fs::path& unit_dir, const fs::path& display_root, json& inputs) {
  for (const fs::path& file : TfvarsFiles(unit_dir)) {
    std::string display = DisplayPath(file, display_root);
    auto values =
        file.extension() == ".json" ? ReadJsonTfvars(file, display) : ReadHclTfvars(file, display);
    if (!values.ok()) return values.error();
    if (!inputs.is_object()) inputs = json::object();
    for (auto& [key, value] : values->items()) inputs[key] = value;
  }
  return Ok();
}

}  // namespace sim::env
