#include "sim/hcl/lexer.h"

#include <gtest/gtest.h>

namespace sim::hcl {
namespace {

std::vector<TokenType> Types(const std::string& source) {
  Result<std::vector<Token>> tokens = Lex(source, "t.hcl");
  EXPECT_TRUE(tokens.ok()) << (tokens.ok() ? "" : tokens.error().message);
  std::vector<TokenType> out;
  if (tokens.ok()) {
    for (const Token& t : *tokens) out.push_back(t.type);
  }
  return out;
}

std::string LexError(const std::string& source) {
  Result<std::vector<Token>> tokens = Lex(source, "t.hcl");
  EXPECT_FALSE(tokens.ok());
  return tokens.ok() ? "" : tokens.error().message;
}

using T = TokenType;

TEST(LexerTest, OperatorsAndPunctuation) {
  EXPECT_EQ(
      Types("a == b != c <= d >= e && f || !g => ... ? : , . + - * / % < > = ( ) [ ]"),
      (std::vector<T>{T::kIdent,     T::kEqual,    T::kIdent,        T::kNotEqual, T::kIdent,
                      T::kLessEqual, T::kIdent,    T::kGreaterEqual, T::kIdent,    T::kAnd,
                      T::kIdent,     T::kOr,       T::kBang,         T::kIdent,    T::kFatArrow,
                      T::kEllipsis,  T::kQuestion, T::kColon,        T::kComma,    T::kDot,
                      T::kPlus,      T::kMinus,    T::kStar,         T::kSlash,    T::kPercent,
                      T::kLess,      T::kGreater,  T::kAssign,       T::kLParen,   T::kRParen,
                      T::kLBrack,    T::kRBrack,   T::kEof}));
}

TEST(LexerTest, IdentifiersMayContainDashes) {
  Result<std::vector<Token>> tokens = Lex("my-name_2", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].type, T::kIdent);
  EXPECT_EQ((*tokens)[0].text, "my-name_2");
}

TEST(LexerTest, Numbers) {
  Result<std::vector<Token>> tokens = Lex("1 2.5 1e3 4E-2 7.", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].text, "1");
  EXPECT_EQ((*tokens)[1].text, "2.5");
  EXPECT_EQ((*tokens)[2].text, "1e3");
  EXPECT_EQ((*tokens)[3].text, "4E-2");
  EXPECT_EQ((*tokens)[4].text, "7");  // a trailing dot is its own token
  EXPECT_EQ((*tokens)[5].type, T::kDot);
}

TEST(LexerTest, CommentsAreSkippedButNewlinesKept) {
  EXPECT_EQ(Types("a # one\nb // two\n/* three\nlines */ c"),
            (std::vector<T>{T::kIdent, T::kNewline, T::kIdent, T::kNewline, T::kIdent, T::kEof}));
}

TEST(LexerTest, QuotedStringWithEscapesAndInterpolation) {
  Result<std::vector<Token>> tokens = Lex(R"("a\n\t\"\\\u00e9$${x}%%{y} ${ z }!")", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  const std::vector<Token>& t = *tokens;
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[0].type, T::kOQuote);
  EXPECT_EQ(t[1].type, T::kTemplateLiteral);
  EXPECT_EQ(t[1].text, "a\n\t\"\\\xC3\xA9${x}%{y} ");
  EXPECT_EQ(t[2].type, T::kTemplateInterp);
  EXPECT_EQ(t[3].type, T::kIdent);
  EXPECT_EQ(t[4].type, T::kTemplateSeqEnd);
  EXPECT_EQ(t[5].type, T::kTemplateLiteral);
  EXPECT_EQ(t[5].text, "!");
  EXPECT_EQ(t[6].type, T::kCQuote);
  EXPECT_EQ(t[7].type, T::kEof);
}

TEST(LexerTest, NestedBracesAndStringsInsideInterpolation) {
  // The } of the object and the " of the inner string do not end the template.
  EXPECT_EQ(Types(R"("${ {a = "}"}.a }")"),
            (std::vector<T>{T::kOQuote, T::kTemplateInterp, T::kLBrace, T::kIdent, T::kAssign,
                            T::kOQuote, T::kTemplateLiteral, T::kCQuote, T::kRBrace, T::kDot,
                            T::kIdent, T::kTemplateSeqEnd, T::kCQuote, T::kEof}));
}

TEST(LexerTest, StripMarkers) {
  Result<std::vector<Token>> tokens = Lex(R"("${~ x ~}%{~ if y }")", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  EXPECT_TRUE((*tokens)[1].strip);  // ${~
  EXPECT_TRUE((*tokens)[3].strip);  // ~}
  EXPECT_EQ((*tokens)[4].type, T::kTemplateControl);
  EXPECT_TRUE((*tokens)[4].strip);   // %{~
  EXPECT_FALSE((*tokens)[7].strip);  // }
}

TEST(LexerTest, HeredocSplitsLinesAndFindsIndentedMarker) {
  Result<std::vector<Token>> tokens = Lex("x = <<-EOT\n  a ${b}\n  c\n  EOT\ny = 1", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  const std::vector<Token>& t = *tokens;
  EXPECT_EQ(t[2].type, T::kOHeredoc);
  EXPECT_EQ(t[2].text, "EOT");
  EXPECT_TRUE(t[2].flush);
  EXPECT_EQ(t[3].text, "  a ");
  EXPECT_EQ(t[4].type, T::kTemplateInterp);
  EXPECT_EQ(t[7].text, "\n");
  EXPECT_EQ(t[8].text, "  c\n");
  EXPECT_EQ(t[9].type, T::kCHeredoc);
  EXPECT_EQ(t[10].type, T::kNewline);
  EXPECT_EQ(t[11].text, "y");
}

TEST(LexerTest, HeredocMarkerMustBeAloneOnItsLine) {
  Result<std::vector<Token>> tokens = Lex("<<EOT\nEOT more\nEOT\n", "t.hcl");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[1].text, "EOT more\n");
  EXPECT_EQ((*tokens)[2].type, T::kCHeredoc);
}

TEST(LexerTest, PositionsCountLinesAndColumns) {
  Result<std::vector<Token>> tokens = Lex("a = 1\n  bb = \"é${c}\"", "dir/f.hcl");
  ASSERT_TRUE(tokens.ok());
  const Token& bb = (*tokens)[4];
  EXPECT_EQ(bb.text, "bb");
  EXPECT_EQ(bb.pos.ToString(), "dir/f.hcl:2:3");
  const Token& c = (*tokens)[9];
  EXPECT_EQ(c.text, "c");
  EXPECT_EQ(c.pos.column, 12);  // é is one column
}

TEST(LexerTest, Errors) {
  EXPECT_EQ(LexError("a = \"abc\nb"),
            "t.hcl:1:5: unterminated string; a quoted string must end on the line it starts");
  EXPECT_EQ(LexError("a = \"\\q\""), "t.hcl:1:6: invalid escape sequence '\\q'");
  EXPECT_EQ(LexError("a = \"\\u12\""), "t.hcl:1:6: invalid \\u escape; expected 4 hex digits");
  EXPECT_EQ(LexError("x = <<EOT\nabc\n"),
            "t.hcl:1:5: unterminated heredoc; expected a line containing only EOT");
  EXPECT_EQ(LexError("x = <<EOT abc\n"),
            "t.hcl:1:5: invalid heredoc; expected <<NAME or <<-NAME followed by a newline");
  EXPECT_EQ(LexError("/* open"), "t.hcl:1:1: unterminated comment; missing '*/'");
  EXPECT_EQ(LexError("a = @"), "t.hcl:1:5: invalid character '@'");
  EXPECT_EQ(LexError("a = \"${ b"), "t.hcl:1:6: unterminated template sequence; missing '}'");
  EXPECT_EQ(LexError("a = ~"), "t.hcl:1:5: invalid character '~'");
}

}  // namespace
}  // namespace sim::hcl
