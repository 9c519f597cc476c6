#include "sim/hcl/template_items.h"

#include <algorithm>

#include "sim/hcl/diagnostic.h"

namespace sim::hcl {
namespace {

// Unbalanced directives; BuildTemplateParts returns it as an error.
struct BuildFailure {
  Error error;
};

[[noreturn]] void Fail(const SourcePos& pos, const std::string& message) {
  throw BuildFailure{MakeHclError(pos, message)};
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void ApplyStripMarkers(std::vector<TemplateItem>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].strip_before && i > 0 && items[i - 1].kind == TemplateItem::Kind::kLiteral) {
      std::string& text = items[i - 1].text;
      while (!text.empty() && IsSpace(text.back())) text.pop_back();
    }
    if (items[i].strip_after && i + 1 < items.size() &&
        items[i + 1].kind == TemplateItem::Kind::kLiteral) {
      std::string& text = items[i + 1].text;
      std::size_t n = 0;
      while (n < text.size() && IsSpace(text[n])) ++n;
      text.erase(0, n);
    }
  }
}

const char* DirectiveName(TemplateItem::Kind kind) {
  switch (kind) {
    case TemplateItem::Kind::kElse:
      return "%{ else }";
    case TemplateItem::Kind::kEndIf:
      return "%{ endif }";
    case TemplateItem::Kind::kEndFor:
      return "%{ endfor }";
    default:
      return "directive";
  }
}

// Builds nested parts from items[i...] until one of `stops` (returned in
// `stopped_at`) or the end.
std::vector<TemplatePart> BuildParts(const std::vector<TemplateItem>& items, std::size_t& i,
                                     std::vector<TemplateItem::Kind> stops,
                                     TemplateItem::Kind* stopped_at) {
  std::vector<TemplatePart> parts;
  while (i < items.size()) {
    const TemplateItem& item = items[i];
    switch (item.kind) {
      case TemplateItem::Kind::kLiteral: {
        if (!item.text.empty()) {
          TemplatePart part;
          part.kind = TemplatePart::Kind::kLiteral;
          part.pos = item.pos;
          part.text = item.text;
          parts.push_back(std::move(part));
        }
        ++i;
        break;
      }
      case TemplateItem::Kind::kInterp: {
        TemplatePart part;
        part.kind = TemplatePart::Kind::kInterp;
        part.pos = item.pos;
        part.expr = item.expr;
        parts.push_back(std::move(part));
        ++i;
        break;
      }
      case TemplateItem::Kind::kIf: {
        TemplatePart part;
        part.kind = TemplatePart::Kind::kIf;
        part.pos = item.pos;
        part.expr = item.expr;
        ++i;
        TemplateItem::Kind stop = TemplateItem::Kind::kLiteral;
        part.body =
            BuildParts(items, i, {TemplateItem::Kind::kElse, TemplateItem::Kind::kEndIf}, &stop);
        if (stop == TemplateItem::Kind::kElse) {
          part.else_body = BuildParts(items, i, {TemplateItem::Kind::kEndIf}, &stop);
        }
        if (stop != TemplateItem::Kind::kEndIf)
          Fail(item.pos, "missing %{ endif } for this %{ if }");
        parts.push_back(std::move(part));
        break;
      }
      case TemplateItem::Kind::kFor: {
        TemplatePart part;
        part.kind = TemplatePart::Kind::kFor;
        part.pos = item.pos;
        part.expr = item.expr;
        part.key_var = item.key_var;
        part.value_var = item.value_var;
        ++i;
        TemplateItem::Kind stop = TemplateItem::Kind::kLiteral;
        part.body = BuildParts(items, i, {TemplateItem::Kind::kEndFor}, &stop);
        if (stop != TemplateItem::Kind::kEndFor) {
          Fail(item.pos, "missing %{ endfor } for this %{ for }");
        }
        parts.push_back(std::move(part));
        break;
      }
      default: {
        for (TemplateItem::Kind stop : stops) {
          if (stop == item.kind) {
            *stopped_at = stop;
            ++i;
            return parts;
          }
        }
        Fail(item.pos, std::string("unexpected ") + DirectiveName(item.kind));
      }
    }
  }
  return parts;
}

}  // namespace

void FlushHeredocIndent(std::vector<TemplateItem>& items) {
  std::size_t min_indent = std::string::npos;
  bool line_start = true;
  std::vector<std::size_t> adjust;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const TemplateItem& item = items[i];
    if (line_start) {
      line_start = false;
      if (item.kind == TemplateItem::Kind::kLiteral) {
        std::size_t indent = 0;
        while (indent < item.text.size() &&
               (item.text[indent] == ' ' || item.text[indent] == '\t')) {
          ++indent;
        }
        bool blank = indent == item.text.size() - 1 && item.text.back() == '\n';
        bool blank_crlf = indent == item.text.size() - 2 && item.text.ends_with("\r\n");
        if (!blank && !blank_crlf) {
          adjust.push_back(i);
          min_indent = std::min(min_indent, indent);
        }
      } else {
        min_indent = 0;
      }
    }
    if (item.kind == TemplateItem::Kind::kLiteral && !item.text.empty() &&
        item.text.back() == '\n') {
      line_start = true;
    }
  }
  if (min_indent == std::string::npos || min_indent == 0) return;
  for (std::size_t i : adjust) items[i].text.erase(0, min_indent);
}

Result<std::vector<TemplatePart>> BuildTemplateParts(std::vector<TemplateItem> items) {
  ApplyStripMarkers(items);
  std::size_t i = 0;
  TemplateItem::Kind stop = TemplateItem::Kind::kLiteral;
  try {
    return BuildParts(items, i, {}, &stop);
  } catch (const BuildFailure& failure) {
    return failure.error;
  }
}

}  // namespace sim::hcl
