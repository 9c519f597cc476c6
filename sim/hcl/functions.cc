#include "sim/hcl/functions.h"

#include <algorithm>
#include <cmath>

#include "sim/hcl/diagnostic.h"
#include "sim/hcl/functions_internal.h"

namespace sim::hcl {
namespace internal {

Function Wrap(FunctionBody body) {
  return [body = std::move(body)](const EvalContext& ctx,
                                  const std::vector<Value>& args) -> Result<Value> {
    try {
      return body(ctx, args);
    } catch (const FunctionError& error) {
      return MakeHclError(error.message);
    }
  };
}

void Register(FunctionTable& table, std::string name, int min_args, int max_args,
              FunctionBody body) {
  table[std::move(name)] = BuiltinFunction{min_args, max_args, Wrap(std::move(body))};
}

std::string ArgName(std::size_t i) { return "argument " + std::to_string(i + 1); }

namespace {
[[noreturn]] void WrongType(const std::vector<Value>& args, std::size_t i, const char* wanted) {
  ThrowFunctionError(ArgName(i) + " must be " + wanted + ", got " +
                     std::string(args[i].TypeName()));
}
}  // namespace

std::string StringArg(const std::vector<Value>& args, std::size_t i) {
  std::optional<std::string> s = ConvertToString(args.at(i));
  if (!s) WrongType(args, i, "a string");
  return *s;
}

double NumberArg(const std::vector<Value>& args, std::size_t i) {
  std::optional<double> n = ConvertToNumber(args.at(i));
  if (!n) WrongType(args, i, "a number");
  return *n;
}

long long IntegerArg(const std::vector<Value>& args, std::size_t i) {
  double n = NumberArg(args, i);
  if (std::trunc(n) != n) ThrowFunctionError(ArgName(i) + " must be a whole number");
  return static_cast<long long>(n);
}

const Value::List& ListArg(const std::vector<Value>& args, std::size_t i) {
  if (!args.at(i).is_list()) WrongType(args, i, "a list");
  return args[i].AsList();
}

const Value::Object& ObjectArg(const std::vector<Value>& args, std::size_t i) {
  if (!args.at(i).is_object()) WrongType(args, i, "an object or map");
  return args[i].AsObject();
}

}  // namespace internal

namespace {

const internal::FunctionTable& Table() {
  static const internal::FunctionTable table = [] {
    internal::FunctionTable t;
    internal::AddCollectionFunctions(t);
    internal::AddStringFunctions(t);
    internal::AddPathFunctions(t);
    internal::AddEncodingFunctions(t);
    return t;
  }();
  return table;
}

}  // namespace

const BuiltinFunction* FindBuiltinFunction(std::string_view name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : &it->second;
}

std::vector<std::string> BuiltinFunctionNames() {
  std::vector<std::string> names = {"can", "try"};  // evaluated by the evaluator itself
  for (const auto& [name, fn] : Table()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sim::hcl
