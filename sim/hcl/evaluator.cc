#include "sim/hcl/evaluator.h"

#include <cmath>
#include <exception>
#include <utility>

#include "sim/hcl/functions.h"
#include "sim/hcl/parser.h"

namespace sim::hcl {
namespace {

// Thrown inside the evaluator only: Evaluate() turns it into a Result, and
// try()/can() catch it.
struct EvalFailure {
  Error error;
};

[[noreturn]] void Fail(const SourcePos& pos, const std::string& message) {
  throw EvalFailure{MakeHclError(pos, message)};
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

  Value Eval(const Expression& e) {
    switch (e.kind) {
      case ExprKind::kLiteral:
        return e.literal;
      case ExprKind::kParens:
        return Eval(*e.a);
      case ExprKind::kVariable:
        return LookupVariable(e);
      case ExprKind::kGetAttr:
        return GetAttr(Eval(*e.a), e.name, e.pos);
      case ExprKind::kIndex:
        return Index(Eval(*e.a), Eval(*e.b), e.b->pos);
      case ExprKind::kSplat:
        return Splat(e);
      case ExprKind::kSplatItem:
        if (splat_items_.empty()) Fail(e.pos, "splat item used outside of a splat");
        return splat_items_.back();
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kTuple: {
        Value::List items;
        items.reserve(e.items.size());
        for (const ExpressionPtr& item : e.items) items.push_back(Eval(*item));
        return Value(std::move(items));
      }
      case ExprKind::kObject:
        return Object(e);
      case ExprKind::kUnary:
        return Unary(e);
      case ExprKind::kBinary:
        return Binary(e);
      case ExprKind::kConditional:
        return RequireBool(Eval(*e.a), e.a->pos, "condition") ? Eval(*e.b) : Eval(*e.c);
      case ExprKind::kFor:
        return For(e);
      case ExprKind::kTemplate: {
        if (e.parts.size() == 1 && e.parts[0].kind == TemplatePart::Kind::kInterp) {
          return Eval(*e.parts[0].expr);  // "${x}" is x itself, whatever its type
        }
        std::string out;
        Render(e.parts, out);
        return Value(std::move(out));
      }
    }
    Fail(e.pos, "unsupported expression");
  }

 private:
  Value LookupVariable(const Expression& e) {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->first == e.name) return it->second;
    }
    auto it = ctx_.variables.find(e.name);
    if (it == ctx_.variables.end()) Fail(e.pos, "unknown variable " + Quote(e.name));
    return it->second;
  }

  static Value GetAttr(const Value& v, const std::string& name, const SourcePos& pos) {
    if (v.is_object()) {
      const Value* field = v.Find(name);
      if (!field) Fail(pos, "object has no attribute " + Quote(name));
      return *field;
    }
    if (v.is_null()) Fail(pos, "cannot get attribute " + Quote(name) + " of a null value");
    if (v.is_list()) {
      Fail(pos, "cannot get attribute " + Quote(name) +
                    " of a tuple; use an index like [0] or a splat like [*]");
    }
    Fail(pos, "cannot get attribute " + Quote(name) + " of a " + std::string(v.TypeName()));
  }

  static Value Index(const Value& v, const Value& key, const SourcePos& pos) {
    if (v.is_list()) {
      std::optional<double> n = ConvertToNumber(key);
      if (!n) Fail(pos, "a tuple index must be a number, got " + std::string(key.TypeName()));
      const Value::List& items = v.AsList();
      if (std::trunc(*n) != *n || *n < 0 || *n >= static_cast<double>(items.size())) {
        Fail(pos, "index " + FormatNumber(*n) + " is out of range for a tuple of " +
                      Plural(items.size(), "element"));
      }
      return items[static_cast<std::size_t>(*n)];
    }
    if (v.is_object()) {
      std::optional<std::string> k = ConvertToString(key);
      if (!k) Fail(pos, "an object key must be a string, got " + std::string(key.TypeName()));
      const Value* field = v.Find(*k);
      if (!field) Fail(pos, "object has no element with key " + Quote(*k));
      return *field;
    }
    Fail(pos, "cannot index a " + std::string(v.TypeName()) + " value");
  }

  Value Splat(const Expression& e) {
    Value source = Eval(*e.a);
    Value::List elements;
    if (source.is_list()) {
      elements = source.AsList();
    } else if (!source.is_null()) {
      elements.push_back(source);  // a single value splats as a one-element tuple
    }
    Value::List out;
    out.reserve(elements.size());
    for (const Value& element : elements) {
      splat_items_.push_back(element);
      out.push_back(Eval(*e.b));
      splat_items_.pop_back();
    }
    return Value(std::move(out));
  }

  Value Object(const Expression& e) {
    Value::Object fields;
    for (const ObjectItem& item : e.object_items) {
      Value key = Eval(*item.key);
      if (key.is_null()) Fail(item.key->pos, "an object key must not be null");
      std::optional<std::string> name = ConvertToString(key);
      if (!name)
        Fail(item.key->pos, "an object key must be a string, got " + std::string(key.TypeName()));
      fields.insert_or_assign(std::move(*name), Eval(*item.value));
    }
    return Value(std::move(fields));
  }

  static bool RequireBool(const Value& v, const SourcePos& pos, const std::string& what) {
    if (v.is_null()) Fail(pos, "the " + what + " must be a bool, got null");
    std::optional<bool> b = ConvertToBool(v);
    if (!b) Fail(pos, "the " + what + " must be a bool, got " + std::string(v.TypeName()));
    return *b;
  }

  static double RequireNumber(const Value& v, const SourcePos& pos, Operator op) {
    std::optional<double> n = ConvertToNumber(v);
    if (!n) {
      Fail(pos, "unsuitable value for " + std::string(OperatorSymbol(op)) +
                    " operator: a number is required, got " +
                    (v.is_string() ? Quote(v.AsString()) : std::string(v.TypeName())));
    }
    return *n;
  }

  Value Unary(const Expression& e) {
    Value v = Eval(*e.a);
    if (e.op == Operator::kNot) return Value(!RequireBool(v, e.a->pos, "operand of !"));
    return Value(-RequireNumber(v, e.a->pos, e.op));
  }

  Value Binary(const Expression& e) {
    switch (e.op) {
      case Operator::kAnd:
        // Short-circuits, so `x != null && x.y` works.
        if (!RequireBool(Eval(*e.a), e.a->pos, "left operand of &&")) return Value(false);
        return Value(RequireBool(Eval(*e.b), e.b->pos, "right operand of &&"));
      case Operator::kOr:
        if (RequireBool(Eval(*e.a), e.a->pos, "left operand of ||")) return Value(true);
        return Value(RequireBool(Eval(*e.b), e.b->pos, "right operand of ||"));
      case Operator::kEqual:
        return Value(Eval(*e.a) == Eval(*e.b));
      case Operator::kNotEqual:
        return Value(Eval(*e.a) != Eval(*e.b));
      default:
        break;
    }
    double lhs = RequireNumber(Eval(*e.a), e.a->pos, e.op);
    double rhs = RequireNumber(Eval(*e.b), e.b->pos, e.op);
    switch (e.op) {
      case Operator::kAdd:
        return Value(lhs + rhs);
      case Operator::kSubtract:
        return Value(lhs - rhs);
      case Operator::kMultiply:
        return Value(lhs * rhs);
      case Operator::kDivide:
        if (rhs == 0) Fail(e.pos, "division by zero");
        return Value(lhs / rhs);
      case Operator::kModulo:
        if (rhs == 0) Fail(e.pos, "modulo by zero");
        return Value(std::fmod(lhs, rhs));
      case Operator::kLess:
        return Value(lhs < rhs);
      case Operator::kLessEqual:
        return Value(lhs <= rhs);
      case Operator::kGreater:
        return Value(lhs > rhs);
      case Operator::kGreaterEqual:
        return Value(lhs >= rhs);
      default:
        Fail(e.pos, "unsupported operator");
    }
  }

  // Key/value pairs of a collection being iterated by a for expression or
  // directive: index and element for tuples, key and field for objects.
  static std::vector<std::pair<Value, Value>> Iterate(const Value& collection,
                                                      const SourcePos& pos) {
    std::vector<std::pair<Value, Value>> out;
    if (collection.is_list()) {
      const Value::List& items = collection.AsList();
      for (std::size_t i = 0; i < items.size(); ++i) {
        out.emplace_back(Value(static_cast<double>(i)), items[i]);
      }
    } else if (collection.is_object()) {
      for (const auto& [key, field] : collection.AsObject()) out.emplace_back(Value(key), field);
    } else {
      Fail(pos, "cannot iterate over a " + std::string(collection.TypeName()) + " value");
    }
    return out;
  }

  class ScopeGuard {
   public:
    ScopeGuard(Evaluator& ev, const std::string& key_var, const std::string& value_var,
               const std::pair<Value, Value>& kv)
        : ev_(ev), size_(ev.scope_.size()) {
      if (!key_var.empty()) ev_.scope_.emplace_back(key_var, kv.first);
      ev_.scope_.emplace_back(value_var, kv.second);
    }
    ~ScopeGuard() { ev_.scope_.resize(size_); }

   private:
    Evaluator& ev_;
    std::size_t size_;
  };

  Value For(const Expression& e) {
    Value collection = Eval(*e.a);
    Value::List list_out;
    Value::Object object_out;
    std::map<std::string, Value::List> groups;
    for (const auto& kv : Iterate(collection, e.a->pos)) {
      ScopeGuard guard(*this, e.key_var, e.value_var, kv);
      if (e.for_cond && !RequireBool(Eval(*e.for_cond), e.for_cond->pos, "for condition")) continue;
      if (!e.for_object) {
        list_out.push_back(Eval(*e.for_value));
        continue;
      }
      Value key = Eval(*e.for_key);
      std::optional<std::string> name = key.is_null() ? std::nullopt : ConvertToString(key);
      if (!name) {
        Fail(e.for_key->pos,
             "a for expression key must be a string, got " + std::string(key.TypeName()));
      }
      Value value = Eval(*e.for_value);
      if (e.grouping) {
        groups[*name].push_back(std::move(value));
      } else if (!object_out.emplace(*name, std::move(value)).second) {
        Fail(e.for_key->pos, "duplicate key " + Quote(*name) +
                                 " in for expression; add '...' after the value to group by key");
      }
    }
    if (!e.for_object) return Value(std::move(list_out));
    if (e.grouping) {
      for (auto& [key, items] : groups) object_out.emplace(key, Value(std::move(items)));
    }
    return Value(std::move(object_out));
  }

  void Render(const std::vector<TemplatePart>& parts, std::string& out) {
    for (const TemplatePart& part : parts) {
      switch (part.kind) {
        case TemplatePart::Kind::kLiteral:
          out += part.text;
          break;
        case TemplatePart::Kind::kInterp: {
          Value v = Eval(*part.expr);
          if (v.is_null()) Fail(part.expr->pos, "cannot use a null value in a string template");
          std::optional<std::string> s = ConvertToString(v);
          if (!s) {
            Fail(part.expr->pos, "cannot use a " + std::string(v.TypeName()) +
                                     " value in a string template; a string is required");
          }
          out += *s;
          break;
        }
        case TemplatePart::Kind::kIf:
          Render(RequireBool(Eval(*part.expr), part.expr->pos, "%{ if } condition")
                     ? part.body
                     : part.else_body,
                 out);
          break;
        case TemplatePart::Kind::kFor:
          for (const auto& kv : Iterate(Eval(*part.expr), part.expr->pos)) {
            ScopeGuard guard(*this, part.key_var, part.value_var, kv);
            Render(part.body, out);
          }
          break;
      }
    }
  }

  // Evaluates `expr`, returning nullopt (and the error) instead of failing.
  std::optional<Value> Attempt(const Expression& expr, Error* error) {
    std::size_t scope_size = scope_.size();
    std::size_t splat_size = splat_items_.size();
    try {
      return Eval(expr);
    } catch (const EvalFailure& failure) {
      scope_.resize(scope_size);
      splat_items_.resize(splat_size);
      *error = failure.error;
      return std::nullopt;
    }
  }

  Value Call(const Expression& e) {
    const std::string& name = e.name;
    if (name == "try") {
      if (e.items.empty()) Fail(e.pos, "function \"try\" expects at least 1 argument, got 0");
      Error last;
      for (const ExpressionPtr& arg : e.items) {
        if (std::optional<Value> v = Attempt(*arg, &last)) return *v;
      }
      Fail(e.pos,
           "call to function \"try\" failed: no expression succeeded; last error: " + last.message);
    }
    if (name == "can") {
      if (e.items.size() != 1) {
        Fail(e.pos, "function \"can\" expects 1 argument, got " + std::to_string(e.items.size()));
      }
      Error ignored;
      return Value(Attempt(*e.items[0], &ignored).has_value());
    }

    const Function* fn = nullptr;
    const BuiltinFunction* builtin = nullptr;
    if (auto it = ctx_.functions.find(name); it != ctx_.functions.end()) {
      fn = &it->second;
    } else if ((builtin = FindBuiltinFunction(name))) {
      fn = &builtin->impl;
    } else {
      Fail(e.pos, "unknown function " + Quote(name));
    }

    std::vector<Value> args;
    for (std::size_t i = 0; i < e.items.size(); ++i) {
      Value v = Eval(*e.items[i]);
      if (e.expand_final && i + 1 == e.items.size()) {
        if (!v.is_list()) {
          Fail(e.items[i]->pos,
               "the argument before '...' must be a tuple, got " + std::string(v.TypeName()));
        }
        for (const Value& item : v.AsList()) args.push_back(item);
      } else {
        args.push_back(std::move(v));
      }
    }
    if (builtin) CheckArity(name, *builtin, args.size(), e.pos);

    Result<Value> result = Value();
    try {
      result = (*fn)(ctx_, args);
    } catch (const std::exception& ex) {
      Fail(e.pos, "call to function " + Quote(name) + " failed: " + ex.what());
    }
    if (!result.ok()) {
      Fail(e.pos, "call to function " + Quote(name) + " failed: " + result.error().message);
    }
    return std::move(result).value();
  }

  static void CheckArity(const std::string& name, const BuiltinFunction& fn, std::size_t got,
                         const SourcePos& pos) {
    int n = static_cast<int>(got);
    if (n >= fn.min_args && (fn.max_args < 0 || n <= fn.max_args)) return;
    std::string expected;
    if (fn.max_args < 0) {
      expected = "at least " + Plural(fn.min_args, "argument");
    } else if (fn.min_args == fn.max_args) {
      expected = Plural(fn.min_args, "argument");
    } else {
      expected = std::to_string(fn.min_args) + " to " + Plural(fn.max_args, "argument");
    }
    Fail(pos, "function " + Quote(name) + " expects " + expected + ", got " + std::to_string(n));
  }

  const EvalContext& ctx_;
  std::vector<std::pair<std::string, Value>> scope_;  // for-expression variables, innermost last
  std::vector<Value> splat_items_;
};

}  // namespace

Result<Value> Evaluate(const Expression& expr, const EvalContext& ctx) {
  try {
    return Evaluator(ctx).Eval(expr);
  } catch (const EvalFailure& failure) {
    return failure.error;
  }
}

Result<Value> EvaluateString(std::string_view source, const EvalContext& ctx,
                             const std::string& filename) {
  Result<ExpressionPtr> expr = ParseExpression(source, filename);
  if (!expr.ok()) return expr.error();
  return Evaluate(**expr, ctx);
}

}  // namespace sim::hcl
