#pragma once
// The variable files Terraform loads by itself from a module's working
// directory, whose values win over Terragrunt's inputs (passed as TF_VAR_*):
// terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and
// *.auto.tfvars.json in lexical order. Each file's top-level keys replace the
// inputs' keys of the same name.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/core/result.h"

namespace sim::env {

// Errors name files relative to `display_root`: "HclError" (file:line:col) for
// .tfvars files, "InventoryError" for .tfvars.json files.
Status ApplyTfvarsFiles(const std::filesystem::path& unit_dir,
                        const std::filesystem::path& display_root, nlohmann::json& inputs);

// `path` relative to `root` when it is below it, else as given; '/'-separated.
std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace sim::env
