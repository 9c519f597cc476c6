#pragma once
// Helpers for the HCL tests: evaluate a snippet and get its Value or error.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/hcl/eval_context.h"
#include "sim/hcl/evaluator.h"
#include "sim/hcl/value.h"

namespace sim::hcl::testing {

// The value of `source`; fails the test (and returns null) on error.
inline Value Eval(const std::string& source, const EvalContext& ctx = {}) {
  Result<Value> result = EvaluateString(source, ctx, "test.hcl");
  EXPECT_TRUE(result.ok()) << source << "\n  -> " << (result.ok() ? "" : result.error().message);
  return result.ok() ? result.value() : Value();
}

// The error message of `source`; fails the test when it evaluates fine.
inline std::string EvalError(const std::string& source, const EvalContext& ctx = {}) {
  Result<Value> result = EvaluateString(source, ctx, "test.hcl");
  EXPECT_FALSE(result.ok()) << source << " evaluated to " << result->ToJson().dump();
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, "HclError");
  return result.error().message;
}

// `source` as compact JSON, for readable expectations.
inline std::string EvalJson(const std::string& source, const EvalContext& ctx = {}) {
  return Eval(source, ctx).ToJson().dump();
}

}  // namespace sim::hcl::testing
