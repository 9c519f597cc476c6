#pragma once
// Syntax tree of an HCL native-syntax file: a body of attributes and blocks,
// and the expressions attributes hold.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/hcl/diagnostic.h"
#include "sim/hcl/value.h"

namespace sim::hcl {

struct Expression;
using ExpressionPtr = std::shared_ptr<const Expression>;

enum class ExprKind {
  kLiteral,      // literal
  kTemplate,     // parts; "${x}" alone is kept as a template with one interpolation
  kVariable,     // name
  kGetAttr,      // a.name
  kIndex,        // a[b]
  kSplat,        // a[*]<b> or a.*<b>: b is evaluated per element, which it sees as kSplatItem
  kSplatItem,    // the current element of the innermost splat
  kCall,         // name(items...), expand_final for f(x...)
  kTuple,        // [items...]
  kObject,       // { object_items... }
  kUnary,        // op a
  kBinary,       // a op b
  kConditional,  // a ? b : c
  kFor,          // [for key_var, value_var in a : for_value if for_cond]
                 // {for key_var, value_var in a : for_key => for_value... if for_cond}
  kParens,       // (a)
};

enum class Operator {
  kNot,
  kNegate,  // unary
  kMultiply,
  kDivide,
  kModulo,  // binary, by precedence group
  kAdd,
  kSubtract,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
};

std::string_view OperatorSymbol(Operator op);

struct TemplatePart {
  enum class Kind { kLiteral, kInterp, kIf, kFor };
  Kind kind = Kind::kLiteral;
  SourcePos pos;
  std::string text;                     // kLiteral
  ExpressionPtr expr;                   // kInterp value, kIf condition, kFor collection
  std::vector<TemplatePart> body;       // kIf true branch, kFor body
  std::vector<TemplatePart> else_body;  // kIf false branch
  std::string key_var;                  // kFor, optional
  std::string value_var;                // kFor
};

struct ObjectItem {
  ExpressionPtr key;  // a bare identifier key is parsed as a string literal
  ExpressionPtr value;
};

struct Expression {
  ExprKind kind = ExprKind::kLiteral;
  SourcePos pos;
  Value literal;
  std::string name;
  std::vector<ExpressionPtr> items;
  std::vector<ObjectItem> object_items;
  std::vector<TemplatePart> parts;
  Operator op = Operator::kAdd;
  ExpressionPtr a, b, c;
  bool expand_final = false;
  std::string key_var, value_var;
  ExpressionPtr for_key, for_value, for_cond;
  bool for_object = false;
  bool grouping = false;
};

struct Attribute {
  std::string name;
  ExpressionPtr expr;
  SourcePos pos;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;  // in source order, names unique
  std::vector<Block> blocks;          // in source order

  const Attribute* FindAttribute(std::string_view name) const;
  std::vector<const Block*> BlocksOfType(std::string_view type) const;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  Body body;
  SourcePos pos;
};

struct File {
  std::string name;
  Body body;
};

// A variable an expression reads: `local.x` gives {"local", "x"}; a bare
// `local` (or `local[expr]`) gives {"local", ""}. Variables bound by for
// expressions and template for directives are not reported.
struct Reference {
  std::string root;
  std::string attribute;
  SourcePos pos;
};
std::vector<Reference> CollectReferences(const Expression& expr);

}  // namespace sim::hcl
