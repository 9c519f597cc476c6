#pragma once
// HCL native syntax parser: configuration files (bodies of attributes and
// blocks) and standalone expressions. Errors are HclError values whose message
// starts with "file:line:col:".

#include <filesystem>
#include <string>
#include <string_view>

#include "sim/core/result.h"
#include "sim/hcl/ast.h"

namespace sim::hcl {

// `filename` names the source in error positions.
Result<File> ParseConfig(std::string_view source, const std::string& filename);

// Reads and parses `path`. Positions name the file as `display_name`, or as
// `path` when that is empty.
Result<File> ParseConfigFile(const std::filesystem::path& path,
                             const std::string& display_name = "");

// One expression, e.g. `merge(local.a, { b = 1 })`; newlines are allowed.
Result<ExpressionPtr> ParseExpression(std::string_view source, const std::string& filename = "");

}  // namespace sim::hcl
