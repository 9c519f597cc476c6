#pragma once
// The built-in function library: the Terraform functions Terragrunt files use
// and the Terragrunt path/env helpers. try() and can() need unevaluated
// arguments, so the evaluator implements them itself.

#include <string>
#include <string_view>
#include <vector>

#include "sim/hcl/eval_context.h"

namespace sim::hcl {

struct BuiltinFunction {
  int min_args = 0;
  int max_args = 0;  // -1: variadic
  Function impl;
};

// nullptr when `name` is not a built-in.
const BuiltinFunction* FindBuiltinFunction(std::string_view name);

// Every built-in name, sorted (try and can included).
std::vector<std::string> BuiltinFunctionNames();

}  // namespace sim::hcl
