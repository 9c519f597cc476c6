#pragma once
// A template before its directives are nested. The parser first flattens a
// string or heredoc template into items, so that strip markers (~) and <<-
// indentation can look at neighbouring literals, then nests the directives
// into TemplateParts. Used by the parser only.

#include <string>
#include <vector>

#include "sim/core/result.h"
#include "sim/hcl/ast.h"

namespace sim::hcl {

struct TemplateItem {
  enum class Kind { kLiteral, kInterp, kIf, kElse, kEndIf, kFor, kEndFor };
  Kind kind = Kind::kLiteral;
  SourcePos pos;
  std::string text;                // kLiteral
  ExpressionPtr expr;              // kInterp value, kIf condition, kFor collection
  std::string key_var, value_var;  // kFor
  bool strip_before = false;       // ${~ / %{~ : trim whitespace at the end of the previous literal
  bool strip_after = false;        // ~}       : trim whitespace at the start of the next literal
};

// <<- heredocs: removes the smallest leading indentation of any line from
// every line. Blank lines do not count; a line that starts with an
// interpolation counts as not indented.
void FlushHeredocIndent(std::vector<TemplateItem>& items);

// Applies the strip markers, then nests if/else/endif and for/endfor.
// Errors (HclError): a directive without its end, or an end without its start.
Result<std::vector<TemplatePart>> BuildTemplateParts(std::vector<TemplateItem> items);

}  // namespace sim::hcl
