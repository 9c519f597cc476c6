// Collection, number and type-conversion functions (Terraform semantics).

#include <algorithm>
#include <cmath>

#include "sim/hcl/functions_internal.h"

namespace sim::hcl::internal {
namespace {

using Args = std::vector<Value>;

std::size_t Utf8Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void FlattenInto(const Value::List& items, Value::List& out) {
  for (const Value& item : items) {
    if (item.is_list()) {
      FlattenInto(item.AsList(), out);
    } else {
      out.push_back(item);
    }
  }
}

Value::List Distinct(const Value::List& items) {
  Value::List out;
  for (const Value& item : items) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  return out;
}

// HCL sets of strings or numbers iterate in sorted order; others keep the
// order of first appearance.
Value::List ToSet(const Value::List& items) {
  Value::List out = Distinct(items);
  auto all = [&](Value::Kind kind) {
    return std::all_of(out.begin(), out.end(), [&](const Value& v) { return v.kind() == kind; });
  };
  if (all(Value::Kind::kString)) {
    std::sort(out.begin(), out.end(),
              [](const Value& a, const Value& b) { return a.AsString() < b.AsString(); });
  } else if (all(Value::Kind::kNumber)) {
    std::sort(out.begin(), out.end(),
              [](const Value& a, const Value& b) { return a.AsNumber() < b.AsNumber(); });
  }
  return out;
}

bool BoolElement(const Value& v, const char* fn) {
  std::optional<bool> b = ConvertToBool(v);
  if (!b)
    ThrowFunctionError(std::string(fn) + " needs a list of bools, got a " +
                       std::string(v.TypeName()) + " element");
  return *b;
}

double NumberElement(const Value& v, const char* fn) {
  std::optional<double> n = ConvertToNumber(v);
  if (!n) ThrowFunctionError(std::string(fn) + " needs numbers, got " + std::string(v.TypeName()));
  return *n;
}

std::size_t IndexArg(const Args& args, std::size_t i, std::size_t limit) {
  long long n = IntegerArg(args, i);
  if (n < 0 || static_cast<std::size_t>(n) > limit) {
    ThrowFunctionError(ArgName(i) + " is out of range (0 to " + std::to_string(limit) + ")");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

void AddCollectionFunctions(FunctionTable& t) {
  Register(t, "merge", 0, -1, [](const EvalContext&, const Args& args) {
    Value::Object out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i].is_null()) continue;
      for (const auto& [key, value] : ObjectArg(args, i)) out.insert_or_assign(key, value);
    }
    return Value(std::move(out));
  });
  Register(t, "lookup", 2, 3, [](const EvalContext&, const Args& args) {
    const Value::Object& fields = ObjectArg(args, 0);
    std::string key = StringArg(args, 1);
    auto it = fields.find(key);
    if (it != fields.end()) return it->second;
    if (args.size() == 3) return args[2];
    ThrowFunctionError("lookup failed to find key \"" + key + "\"");
  });
  Register(t, "concat", 0, -1, [](const EvalContext&, const Args& args) {
    Value::List out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const Value::List& items = ListArg(args, i);
      out.insert(out.end(), items.begin(), items.end());
    }
    return Value(std::move(out));
  });
  Register(t, "coalesce", 1, -1, [](const EvalContext&, const Args& args) {
    for (const Value& v : args) {
      if (v.is_null() || (v.is_string() && v.AsString().empty())) continue;
      return v;
    }
    ThrowFunctionError("no non-null, non-empty-string arguments");
  });
  Register(t, "keys", 1, 1, [](const EvalContext&, const Args& args) {
    Value::List out;
    for (const auto& [key, value] : ObjectArg(args, 0)) out.push_back(Value(key));
    return Value(std::move(out));
  });
  Register(t, "values", 1, 1, [](const EvalContext&, const Args& args) {
    Value::List out;
    for (const auto& [key, value] : ObjectArg(args, 0)) out.push_back(value);
    return Value(std::move(out));
  });
  Register(t, "length", 1, 1, [](const EvalContext&, const Args& args) {
    const Value& v = args[0];
    if (v.is_string()) return Value(static_cast<double>(Utf8Length(v.AsString())));
    if (v.is_list()) return Value(static_cast<double>(v.AsList().size()));
    if (v.is_object()) return Value(static_cast<double>(v.AsObject().size()));
    ThrowFunctionError("argument must be a string, list or object, got " +
                       std::string(v.TypeName()));
  });
  Register(t, "contains", 2, 2, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    return Value(std::find(items.begin(), items.end(), args[1]) != items.end());
  });
  Register(t, "index", 2, 2, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    auto it = std::find(items.begin(), items.end(), args[1]);
    if (it == items.end()) ThrowFunctionError("item not found");
    return Value(static_cast<double>(it - items.begin()));
  });
  Register(t, "element", 2, 2, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    long long index = IntegerArg(args, 1);
    if (items.empty()) ThrowFunctionError("cannot use element function with an empty list");
    if (index < 0) ThrowFunctionError("cannot use element function with a negative index");
    return items[static_cast<std::size_t>(index) % items.size()];  // wraps around, as Terraform
  });
  Register(t, "flatten", 1, 1, [](const EvalContext&, const Args& args) {
    Value::List out;
    FlattenInto(ListArg(args, 0), out);
    return Value(std::move(out));
  });
  Register(t, "distinct", 1, 1,
           [](const EvalContext&, const Args& args) { return Value(Distinct(ListArg(args, 0))); });
  Register(t, "compact", 1, 1, [](const EvalContext&, const Args& args) {
    Value::List out;
    for (const Value& item : ListArg(args, 0)) {
      if (item.is_null()) continue;
      std::optional<std::string> s = ConvertToString(item);
      if (!s)
        ThrowFunctionError("compact needs a list of strings, got a " +
                           std::string(item.TypeName()) + " element");
      if (!s->empty()) out.push_back(Value(*s));
    }
    return Value(std::move(out));
  });
  Register(t, "reverse", 1, 1, [](const EvalContext&, const Args& args) {
    Value::List out = ListArg(args, 0);
    std::reverse(out.begin(), out.end());
    return Value(std::move(out));
  });
  Register(t, "slice", 3, 3, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    std::size_t start = IndexArg(args, 1, items.size());
    std::size_t end = IndexArg(args, 2, items.size());
    if (start > end) ThrowFunctionError("the start index must not be greater than the end index");
    return Value(Value::List(items.begin() + static_cast<std::ptrdiff_t>(start),
                             items.begin() + static_cast<std::ptrdiff_t>(end)));
  });
  Register(t, "sort", 1, 1, [](const EvalContext&, const Args& args) {
    std::vector<std::string> strings;
    for (const Value& item : ListArg(args, 0)) {
      std::optional<std::string> s = item.is_null() ? std::nullopt : ConvertToString(item);
      if (!s)
        ThrowFunctionError("sort needs a list of strings, got a " + std::string(item.TypeName()) +
                           " element");
      strings.push_back(*s);
    }
    std::sort(strings.begin(), strings.end());
    Value::List out(strings.begin(), strings.end());
    return Value(std::move(out));
  });
  Register(t, "range", 1, 3, [](const EvalContext&, const Args& args) {
    double start = 0, limit = 0, step = 1;
    if (args.size() == 1) {
      limit = NumberArg(args, 0);
    } else {
      start = NumberArg(args, 0);
      limit = NumberArg(args, 1);
      step = args.size() == 3 ? NumberArg(args, 2) : (start <= limit ? 1 : -1);
    }
    if (step == 0) ThrowFunctionError("step must not be zero");
    if ((step > 0 && start > limit) || (step < 0 && start < limit)) {
      ThrowFunctionError("step must move start towards limit");
    }
    Value::List out;
    for (double v = start; step > 0 ? v < limit : v > limit; v += step) {
      if (out.size() >= 1024) ThrowFunctionError("more than 1024 values were generated");
      out.push_back(Value(v));
    }
    return Value(std::move(out));
  });
  Register(t, "zipmap", 2, 2, [](const EvalContext&, const Args& args) {
    const Value::List& keys = ListArg(args, 0);
    const Value::List& values = ListArg(args, 1);
    if (keys.size() != values.size()) {
      ThrowFunctionError("the keys and values lists must have the same length");
    }
    Value::Object out;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::optional<std::string> key = ConvertToString(keys[i]);
      if (!key) ThrowFunctionError("zipmap keys must be strings");
      out.insert_or_assign(*key, values[i]);
    }
    return Value(std::move(out));
  });
  Register(t, "one", 1, 1, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    if (items.size() > 1) ThrowFunctionError("must be a list with at most one element");
    return items.empty() ? Value() : items[0];
  });
  Register(t, "alltrue", 1, 1, [](const EvalContext&, const Args& args) {
    for (const Value& item : ListArg(args, 0)) {
      if (!BoolElement(item, "alltrue")) return Value(false);
    }
    return Value(true);
  });
  Register(t, "anytrue", 1, 1, [](const EvalContext&, const Args& args) {
    for (const Value& item : ListArg(args, 0)) {
      if (BoolElement(item, "anytrue")) return Value(true);
    }
    return Value(false);
  });
  Register(t, "sum", 1, 1, [](const EvalContext&, const Args& args) {
    const Value::List& items = ListArg(args, 0);
    if (items.empty()) ThrowFunctionError("cannot sum an empty list");
    double total = 0;
    for (const Value& item : items) total += NumberElement(item, "sum");
    return Value(total);
  });
  Register(t, "min", 1, -1, [](const EvalContext&, const Args& args) {
    double out = NumberArg(args, 0);
    for (std::size_t i = 1; i < args.size(); ++i) out = std::min(out, NumberArg(args, i));
    return Value(out);
  });
  Register(t, "max", 1, -1, [](const EvalContext&, const Args& args) {
    double out = NumberArg(args, 0);
    for (std::size_t i = 1; i < args.size(); ++i) out = std::max(out, NumberArg(args, i));
    return Value(out);
  });
  Register(t, "abs", 1, 1, [](const EvalContext&, const Args& args) {
    return Value(std::fabs(NumberArg(args, 0)));
  });
  Register(t, "floor", 1, 1, [](const EvalContext&, const Args& args) {
    return Value(std::floor(NumberArg(args, 0)));
  });
  Register(t, "ceil", 1, 1, [](const EvalContext&, const Args& args) {
    return Value(std::ceil(NumberArg(args, 0)));
  });

  // Type conversions. null converts to null, as in Terraform.
  Register(t, "tostring", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    std::optional<std::string> s = ConvertToString(args[0]);
    if (!s) ThrowFunctionError("cannot convert " + std::string(args[0].TypeName()) + " to string");
    return Value(*s);
  });
  Register(t, "tonumber", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    std::optional<double> n = ConvertToNumber(args[0]);
    if (!n) {
      ThrowFunctionError("cannot convert " +
                         (args[0].is_string() ? "\"" + args[0].AsString() + "\""
                                              : std::string(args[0].TypeName())) +
                         " to number");
    }
    return Value(*n);
  });
  Register(t, "tobool", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    std::optional<bool> b = ConvertToBool(args[0]);
    if (!b) ThrowFunctionError("cannot convert " + std::string(args[0].TypeName()) + " to bool");
    return Value(*b);
  });
  Register(t, "tolist", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    return Value(ListArg(args, 0));
  });
  Register(t, "toset", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    return Value(ToSet(ListArg(args, 0)));
  });
  Register(t, "tomap", 1, 1, [](const EvalContext&, const Args& args) {
    if (args[0].is_null()) return Value();
    return Value(ObjectArg(args, 0));
  });
}

}  // namespace sim::hcl::internal
