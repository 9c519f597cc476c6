#pragma once
// Evaluates HCL expressions to Values. Errors are HclError values whose
// message starts with the position of the failing sub-expression.

#include "sim/core/result.h"
#include "sim/hcl/ast.h"
#include "sim/hcl/eval_context.h"
#include "sim/hcl/value.h"

namespace sim::hcl {

Result<Value> Evaluate(const Expression& expr, const EvalContext& ctx);

// Parses and evaluates `source` as one expression (handy for tests and tools).
Result<Value> EvaluateString(std::string_view source, const EvalContext& ctx,
                             const std::string& filename = "");

}  // namespace sim::hcl
