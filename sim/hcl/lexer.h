#pragma once
// HCL native syntax tokens. Strings and heredocs are templates, so the lexer
// keeps a stack of modes: inside "..." or a heredoc it emits literal chunks
// (escapes already decoded) and, for each ${ or %{, switches back to
// expression tokens until the matching }.

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/result.h"
#include "sim/hcl/diagnostic.h"

namespace sim::hcl {

enum class TokenType {
  kEof,
  kNewline,
  kIdent,
  kNumber,
  kOQuote,           // "
  kCQuote,           // closing "
  kOHeredoc,         // <<EOF or <<-EOF (text: the delimiter, flush: '-' form)
  kCHeredoc,         // the closing delimiter line
  kTemplateLiteral,  // literal text of a string or heredoc, escapes decoded
  kTemplateInterp,   // ${  (strip: ${~)
  kTemplateControl,  // %{  (strip: %{~)
  kTemplateSeqEnd,   // } closing ${ or %{  (strip: ~})
  kLBrace,
  kRBrace,
  kLBrack,
  kRBrack,
  kLParen,
  kRParen,
  kAssign,  // =
  kColon,
  kComma,
  kDot,
  kEllipsis,  // ...
  kQuestion,
  kFatArrow,  // =>
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEqual,     // ==
  kNotEqual,  // !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,  // &&
  kOr,   // ||
  kBang,
};

struct Token {
  TokenType type = TokenType::kEof;
  std::string text;  // identifier, number, decoded literal, heredoc delimiter
  SourcePos pos;
  bool strip = false;  // ~ marker on a template interp/control/seq-end
  bool flush = false;  // <<- heredoc
};

// Human name of a token for messages: "'='", "newline", "identifier \"foo\"".
std::string DescribeToken(const Token& token);

// Splits `source` into tokens ending with kEof. `file` names the source in
// error positions.
Result<std::vector<Token>> Lex(std::string_view source, const std::string& file);

}  // namespace sim::hcl
