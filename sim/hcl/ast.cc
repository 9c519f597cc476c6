#include "sim/hcl/ast.h"

#include <set>

namespace sim::hcl {

std::string_view OperatorSymbol(Operator op) {
  switch (op) {
    case Operator::kNot:
      return "!";
    case Operator::kNegate:
      return "-";
    case Operator::kMultiply:
      return "*";
    case Operator::kDivide:
      return "/";
    case Operator::kModulo:
      return "%";
    case Operator::kAdd:
      return "+";
    case Operator::kSubtract:
      return "-";
    case Operator::kLess:
      return "<";
    case Operator::kLessEqual:
      return "<=";
    case Operator::kGreater:
      return ">";
    case Operator::kGreaterEqual:
      return ">=";
    case Operator::kEqual:
      return "==";
    case Operator::kNotEqual:
      return "!=";
    case Operator::kAnd:
      return "&&";
    case Operator::kOr:
      return "||";
  }
  return "?";
}

const Attribute* Body::FindAttribute(std::string_view name) const {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

std::vector<const Block*> Body::BlocksOfType(std::string_view type) const {
  std::vector<const Block*> out;
  for (const Block& block : blocks) {
    if (block.type == type) out.push_back(&block);
  }
  return out;
}

namespace {

class ReferenceCollector {
 public:
  std::vector<Reference> Take() { return std::move(refs_); }

  void Visit(const ExpressionPtr& expr) {
    if (expr) Visit(*expr);
  }

  void Visit(const Expression& e) {
    switch (e.kind) {
      case ExprKind::kLiteral:
      case ExprKind::kSplatItem:
        return;
      case ExprKind::kVariable:
        Add(e.name, "", e.pos);
        return;
      case ExprKind::kGetAttr:
        if (e.a && e.a->kind == ExprKind::kVariable) {
          Add(e.a->name, e.name, e.a->pos);
          return;
        }
        Visit(e.a);
        return;
      case ExprKind::kIndex:
        if (e.a && e.a->kind == ExprKind::kVariable && e.b && e.b->kind == ExprKind::kLiteral &&
            e.b->literal.is_string()) {
          Add(e.a->name, e.b->literal.AsString(), e.a->pos);
        } else {
          Visit(e.a);
        }
        Visit(e.b);
        return;
      case ExprKind::kTemplate:
        VisitParts(e.parts);
        return;
      case ExprKind::kFor: {
        Visit(e.a);
        Bind({e.key_var, e.value_var});
        Visit(e.for_key);
        Visit(e.for_value);
        Visit(e.for_cond);
        bound_.pop_back();
        return;
      }
      default:
        break;
    }
    Visit(e.a);
    Visit(e.b);
    Visit(e.c);
    for (const ExpressionPtr& item : e.items) Visit(item);
    for (const ObjectItem& item : e.object_items) {
      Visit(item.key);
      Visit(item.value);
    }
  }

 private:
  void VisitParts(const std::vector<TemplatePart>& parts) {
    for (const TemplatePart& part : parts) {
      Visit(part.expr);
      if (part.kind == TemplatePart::Kind::kFor) {
        Bind({part.key_var, part.value_var});
        VisitParts(part.body);
        bound_.pop_back();
      } else {
        VisitParts(part.body);
        VisitParts(part.else_body);
      }
    }
  }

  void Bind(std::set<std::string> names) {
    names.erase("");
    bound_.push_back(std::move(names));
  }

  void Add(const std::string& root, const std::string& attribute, const SourcePos& pos) {
    for (const auto& scope : bound_) {
      if (scope.count(root)) return;
    }
    refs_.push_back(Reference{root, attribute, pos});
  }

  std::vector<std::set<std::string>> bound_;
  std::vector<Reference> refs_;
};

}  // namespace

std::vector<Reference> CollectReferences(const Expression& expr) {
  ReferenceCollector collector;
  collector.Visit(expr);
  return collector.Take();
}

}  // namespace sim::hcl
