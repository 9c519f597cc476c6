#pragma once
// Shared by the functions_*.cc files: the registry type and argument helpers.
// Function bodies signal a bad argument by throwing FunctionError (through the
// helpers); Wrap() turns that into the Result a Function returns.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/hcl/functions.h"
#include "sim/hcl/value.h"

namespace sim::hcl::internal {

struct FunctionError {
  std::string message;
};

[[noreturn]] inline void ThrowFunctionError(std::string message) {
  throw FunctionError{std::move(message)};
}

using FunctionBody = std::function<Value(const EvalContext& ctx, const std::vector<Value>& args)>;
using FunctionTable = std::map<std::string, BuiltinFunction, std::less<>>;

Function Wrap(FunctionBody body);
void Register(FunctionTable& table, std::string name, int min_args, int max_args,
              FunctionBody body);

// Argument accessors; `i` is 0-based, messages say "argument 1", ...
std::string StringArg(const std::vector<Value>& args, std::size_t i);
double NumberArg(const std::vector<Value>& args, std::size_t i);
long long IntegerArg(const std::vector<Value>& args, std::size_t i);
const Value::List& ListArg(const std::vector<Value>& args, std::size_t i);
const Value::Object& ObjectArg(const std::vector<Value>& args, std::size_t i);
std::string ArgName(std::size_t i);  // "argument 2"

void AddCollectionFunctions(FunctionTable& table);
void AddStringFunctions(FunctionTable& table);
void AddPathFunctions(FunctionTable& table);
void AddEncodingFunctions(FunctionTable& table);

}  // namespace sim::hcl::internal
