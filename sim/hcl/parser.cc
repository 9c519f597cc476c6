#include "sim/hcl/parser.h"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/hcl/lexer.h"
#include "sim/hcl/template_items.h"

namespace sim::hcl {
namespace {

// Thrown inside the parser only; the public functions turn it into a Result.
struct ParseFailure {
  Error error;
};

[[noreturn]] void Fail(const SourcePos& pos, const std::string& message) {
  throw ParseFailure{MakeHclError(pos, message)};
}

std::shared_ptr<Expression> NewExpr(ExprKind kind, const SourcePos& pos) {
  auto e = std::make_shared<Expression>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

ExpressionPtr Literal(Value v, const SourcePos& pos) {
  auto e = NewExpr(ExprKind::kLiteral, pos);
  e->literal = std::move(v);
  return e;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
    significant_newlines_.push_back(true);
  }

  Body ParseFileBody() { return ParseBody(/*nested=*/false); }

  ExpressionPtr ParseStandalone() {
    NewlineScope scope(*this, false);
    ExpressionPtr e = ParseExpr();
    if (Peek().type != TokenType::kEof) {
      Fail(Peek().pos, "unexpected " + DescribeToken(Peek()) + " after expression");
    }
    return e;
  }

 private:
  class NewlineScope {
   public:
    NewlineScope(Parser& parser, bool significant) : parser_(parser) {
      parser_.significant_newlines_.push_back(significant);
    }
    ~NewlineScope() { parser_.significant_newlines_.pop_back(); }

   private:
    Parser& parser_;
  };

  std::size_t Skip(std::size_t i) const {
    if (!significant_newlines_.back()) {
      while (tokens_[i].type == TokenType::kNewline) ++i;
    }
    return i;
  }
  const Token& Peek(std::size_t ahead = 0) const {
    std::size_t i = Skip(pos_);
    for (std::size_t k = 0; k < ahead && tokens_[i].type != TokenType::kEof; ++k) i = Skip(i + 1);
    return tokens_[i];
  }
  const Token& Next() {
    std::size_t i = Skip(pos_);
    if (tokens_[i].type != TokenType::kEof) pos_ = i + 1;
    return tokens_[i];
  }
  bool Accept(TokenType type) {
    if (Peek().type != type) return false;
    Next();
    return true;
  }
  const Token& Expect(TokenType type, const std::string& what) {
    if (Peek().type != type)
      Fail(Peek().pos, "expected " + what + ", found " + DescribeToken(Peek()));
    return Next();
  }
  bool PeekKeyword(std::string_view word, std::size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.type == TokenType::kIdent && t.text == word;
  }

  // ---- Bodies ----

  Body ParseBody(bool nested) {
    Body body;
    std::map<std::string, int> attribute_lines;
    while (true) {
      const Token& t = Peek();
      if (t.type == TokenType::kNewline) {
        Next();
        continue;
      }
      if (nested && t.type == TokenType::kRBrace) return body;
      if (t.type == TokenType::kEof) {
        if (nested) Fail(t.pos, "unexpected end of file; missing '}' to close a block");
        return body;
      }
      if (t.type != TokenType::kIdent) {
        Fail(t.pos, "expected an attribute or block name, found " + DescribeToken(t));
      }
      Token name = Next();
      const Token& after = Peek();
      if (after.type == TokenType::kAssign) {
        Next();
        ExpressionPtr expr = ParseExpr();
        EndOfItem(nested, "attribute \"" + name.text + "\"");
        auto [it, inserted] = attribute_lines.emplace(name.text, name.pos.line);
        if (!inserted) {
          Fail(name.pos, "attribute \"" + name.text + "\" is already defined at line " +
                             std::to_string(it->second));
        }
        body.attributes.push_back(Attribute{name.text, std::move(expr), name.pos});
      } else if (after.type == TokenType::kLBrace || after.type == TokenType::kOQuote ||
                 after.type == TokenType::kIdent) {
        Block block;
        block.type = name.text;
        block.pos = name.pos;
        while (true) {
          const Token& label = Peek();
          if (label.type == TokenType::kIdent) {
            block.labels.push_back(Next().text);
          } else if (label.type == TokenType::kOQuote) {
            block.labels.push_back(ParseLabel());
          } else {
            break;
          }
        }
        Expect(TokenType::kLBrace, "'{' to open the \"" + name.text + "\" block");
        block.body = ParseBody(/*nested=*/true);
        Expect(TokenType::kRBrace, "'}'");
        EndOfItem(nested, "block \"" + name.text + "\"");
        body.blocks.push_back(std::move(block));
      } else {
        Fail(after.pos, "expected '=' or '{' after \"" + name.text + "\"");
      }
    }
  }

  void EndOfItem(bool nested, const std::string& what) {
    const Token& t = Peek();
    if (t.type == TokenType::kNewline) {
      Next();
      return;
    }
    if (t.type == TokenType::kEof || (nested && t.type == TokenType::kRBrace)) return;
    Fail(t.pos, "expected a newline after " + what + ", found " + DescribeToken(t));
  }

  std::string ParseLabel() {
    const Token& open = Next();  // "
    std::string text;
    while (true) {
      const Token& t = Next();
      if (t.type == TokenType::kCQuote) return text;
      if (t.type != TokenType::kTemplateLiteral) {
        Fail(open.pos, "a block label must be a plain string, without ${ or %{ sequences");
      }
      text += t.text;
    }
  }

  // ---- Expressions ----

  ExpressionPtr ParseExpr() {
    ExpressionPtr cond = ParseBinary(0);
    if (Peek().type != TokenType::kQuestion) return cond;
    const Token& q = Next();
    auto e = NewExpr(ExprKind::kConditional, q.pos);
    e->a = cond;
    e->b = ParseExpr();
    Expect(TokenType::kColon, "':' in conditional expression");
    e->c = ParseExpr();
    return e;
  }

  static bool BinaryOperatorAt(int level, TokenType type, Operator* op) {
    struct Entry {
      int level;
      TokenType type;
      Operator op;
    };
    static constexpr Entry kTable[] = {
        {0, TokenType::kOr, Operator::kOr},
        {1, TokenType::kAnd, Operator::kAnd},
        {2, TokenType::kEqual, Operator::kEqual},
        {2, TokenType::kNotEqual, Operator::kNotEqual},
        {3, TokenType::kLess, Operator::kLess},
        {3, TokenType::kLessEqual, Operator::kLessEqual},
        {3, TokenType::kGreater, Operator::kGreater},
        {3, TokenType::kGreaterEqual, Operator::kGreaterEqual},
        {4, TokenType::kPlus, Operator::kAdd},
        {4, TokenType::kMinus, Operator::kSubtract},
        {5, TokenType::kStar, Operator::kMultiply},
        {5, TokenType::kSlash, Operator::kDivide},
        {5, TokenType::kPercent, Operator::kModulo},
    };
    for (const Entry& entry : kTable) {
      if (entry.level == level && entry.type == type) {
        *op = entry.op;
        return true;
      }
    }
    return false;
  }

  ExpressionPtr ParseBinary(int level) {
    if (level > 5) return ParseUnary();
    ExpressionPtr lhs = ParseBinary(level + 1);
    Operator op;
    while (BinaryOperatorAt(level, Peek().type, &op)) {
      const Token& t = Next();
      auto e = NewExpr(ExprKind::kBinary, t.pos);
      e->op = op;
      e->a = lhs;
      e->b = ParseBinary(level + 1);
      lhs = e;
    }
    return lhs;
  }

  ExpressionPtr ParseUnary() {
    const Token& t = Peek();
    if (t.type == TokenType::kBang || t.type == TokenType::kMinus) {
      Next();
      auto e = NewExpr(ExprKind::kUnary, t.pos);
      e->op = t.type == TokenType::kBang ? Operator::kNot : Operator::kNegate;
      e->a = ParseUnary();
      return e;
    }
    return ParsePostfix(ParsePrimary());
  }

  ExpressionPtr ParsePostfix(ExpressionPtr e) {
    while (true) {
      const Token& t = Peek();
      if (t.type == TokenType::kDot) {
        Next();
        const Token& n = Peek();
        if (n.type == TokenType::kIdent) {
          Next();
          auto attr = NewExpr(ExprKind::kGetAttr, n.pos);
          attr->a = e;
          attr->name = n.text;
          e = attr;
        } else if (n.type == TokenType::kNumber) {
          e = LegacyIndex(e, Next());
        } else if (n.type == TokenType::kStar) {
          Next();
          e = AttributeSplat(e, t.pos);
        } else {
          Fail(n.pos, "expected an attribute name after '.', found " + DescribeToken(n));
        }
      } else if (t.type == TokenType::kLBrack) {
        Next();
        NewlineScope scope(*this, false);
        if (Peek().type == TokenType::kStar && Peek(1).type == TokenType::kRBrack) {
          Next();
          Next();
          auto splat = NewExpr(ExprKind::kSplat, t.pos);
          splat->a = e;
          splat->b = ParsePostfix(NewExpr(ExprKind::kSplatItem, t.pos));
          e = splat;
        } else {
          auto index = NewExpr(ExprKind::kIndex, t.pos);
          index->a = e;
          index->b = ParseExpr();
          Expect(TokenType::kRBrack, "']' to close the index");
          e = index;
        }
      } else {
        return e;
      }
    }
  }

  // `a.0` (and `a.0.1`, which the lexer reads as the number "0.1").
  ExpressionPtr LegacyIndex(ExpressionPtr e, const Token& number) {
    std::stringstream digits(number.text);
    std::string part;
    while (std::getline(digits, part, '.')) {
      if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) {
        Fail(number.pos, "expected an attribute name or index after '.', found " + number.text);
      }
      auto index = NewExpr(ExprKind::kIndex, number.pos);
      index->a = e;
      index->b = Literal(Value(std::stod(part)), number.pos);
      e = index;
    }
    return e;
  }

  // `a.*.b.c`: only attribute steps belong to the splat.
  ExpressionPtr AttributeSplat(ExpressionPtr source, const SourcePos& pos) {
    ExpressionPtr each = NewExpr(ExprKind::kSplatItem, pos);
    while (Peek().type == TokenType::kDot &&
           (Peek(1).type == TokenType::kIdent || Peek(1).type == TokenType::kNumber)) {
      Next();
      const Token& n = Next();
      if (n.type == TokenType::kNumber) {
        each = LegacyIndex(each, n);
      } else {
        auto attr = NewExpr(ExprKind::kGetAttr, n.pos);
        attr->a = each;
        attr->name = n.text;
        each = attr;
      }
    }
    auto splat = NewExpr(ExprKind::kSplat, pos);
    splat->a = std::move(source);
    splat->b = std::move(each);
    return splat;
  }

  ExpressionPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.type) {
      case TokenType::kNumber: {
        Next();
        double n = 0;
        auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), n);
        if (ec != std::errc() || ptr != t.text.data() + t.text.size()) {
          Fail(t.pos, "invalid number " + t.text);
        }
        return Literal(Value(n), t.pos);
      }
      case TokenType::kIdent: {
        Next();
        if (t.text == "true") return Literal(Value(true), t.pos);
        if (t.text == "false") return Literal(Value(false), t.pos);
        if (t.text == "null") return Literal(Value(), t.pos);
        if (Peek().type == TokenType::kLParen) return ParseCall(t);
        auto e = NewExpr(ExprKind::kVariable, t.pos);
        e->name = t.text;
        return e;
      }
      case TokenType::kOQuote: {
        Next();
        std::vector<TemplateItem> items = ParseTemplateItems(TokenType::kCQuote);
        return BuildTemplate(std::move(items), t.pos);
      }
      case TokenType::kOHeredoc: {
        Next();
        std::vector<TemplateItem> items = ParseTemplateItems(TokenType::kCHeredoc);
        if (t.flush) FlushHeredocIndent(items);
        return BuildTemplate(std::move(items), t.pos);
      }
      case TokenType::kLParen: {
        Next();
        NewlineScope scope(*this, false);
        auto e = NewExpr(ExprKind::kParens, t.pos);
        e->a = ParseExpr();
        Expect(TokenType::kRParen, "')'");
        return e;
      }
      case TokenType::kLBrack:
        return ParseTuple();
      case TokenType::kLBrace:
        return ParseObject();
      default:
        Fail(t.pos, "expected an expression, found " + DescribeToken(t));
    }
  }

  ExpressionPtr ParseCall(const Token& name) {
    Next();  // (
    NewlineScope scope(*this, false);
    auto e = NewExpr(ExprKind::kCall, name.pos);
    e->name = name.text;
    while (Peek().type != TokenType::kRParen) {
      e->items.push_back(ParseExpr());
      if (Accept(TokenType::kEllipsis)) {
        e->expand_final = true;
        break;
      }
      if (Accept(TokenType::kComma)) continue;
      if (Peek().type != TokenType::kRParen) {
        Fail(Peek().pos, "expected ',' or ')' in call to \"" + name.text + "\", found " +
                             DescribeToken(Peek()));
      }
    }
    Expect(TokenType::kRParen, "')' to close the call to \"" + name.text + "\"");
    return e;
  }

  ExpressionPtr ParseTuple() {
    const Token& open = Next();
    NewlineScope scope(*this, false);
    if (PeekKeyword("for")) return ParseFor(/*object=*/false, open.pos);
    auto e = NewExpr(ExprKind::kTuple, open.pos);
    while (Peek().type != TokenType::kRBrack) {
      e->items.push_back(ParseExpr());
      if (Accept(TokenType::kComma)) continue;
      if (Peek().type != TokenType::kRBrack) {
        Fail(Peek().pos, "expected ',' or ']' in tuple, found " + DescribeToken(Peek()));
      }
    }
    Next();
    return e;
  }

  ExpressionPtr ParseObject() {
    const Token& open = Next();
    {
      NewlineScope scope(*this, false);
      if (PeekKeyword("for") && Peek(1).type == TokenType::kIdent) {
        return ParseFor(/*object=*/true, open.pos);
      }
    }
    NewlineScope scope(*this, true);
    auto e = NewExpr(ExprKind::kObject, open.pos);
    while (true) {
      while (Accept(TokenType::kNewline)) {
      }
      if (Peek().type == TokenType::kRBrace) break;
      ObjectItem item;
      item.key = ParseExpr();
      if (item.key->kind == ExprKind::kVariable) {
        item.key = Literal(Value(item.key->name), item.key->pos);
      }
      if (!Accept(TokenType::kAssign) && !Accept(TokenType::kColon)) {
        Fail(Peek().pos, "expected '=' or ':' after object key, found " + DescribeToken(Peek()));
      }
      item.value = ParseExpr();
      e->object_items.push_back(std::move(item));
      const Token& t = Peek();
      if (t.type == TokenType::kComma || t.type == TokenType::kNewline) {
        Next();
      } else if (t.type != TokenType::kRBrace) {
        Fail(t.pos, "expected ',', newline or '}' after object item, found " + DescribeToken(t));
      }
    }
    Next();
    return e;
  }

  // After '[' or '{'; newlines are already insignificant.
  ExpressionPtr ParseFor(bool object, const SourcePos& open_pos) {
    NewlineScope scope(*this, false);
    Next();  // for
    auto e = NewExpr(ExprKind::kFor, open_pos);
    e->for_object = object;
    std::string first = Expect(TokenType::kIdent, "a variable name after 'for'").text;
    if (Accept(TokenType::kComma)) {
      e->key_var = first;
      e->value_var = Expect(TokenType::kIdent, "a value variable name after ','").text;
    } else {
      e->value_var = first;
    }
    if (!PeekKeyword("in")) Fail(Peek().pos, "expected 'in', found " + DescribeToken(Peek()));
    Next();
    e->a = ParseExpr();
    Expect(TokenType::kColon, "':' after the for collection");
    if (object) {
      e->for_key = ParseExpr();
      Expect(TokenType::kFatArrow, "'=>' between key and value in a for expression");
      e->for_value = ParseExpr();
      e->grouping = Accept(TokenType::kEllipsis);
    } else {
      e->for_value = ParseExpr();
    }
    if (PeekKeyword("if")) {
      Next();
      e->for_cond = ParseExpr();
    }
    Expect(object ? TokenType::kRBrace : TokenType::kRBrack,
           object ? "'}' to close the for expression" : "']' to close the for expression");
    return e;
  }

  // ---- Templates ----

  std::vector<TemplateItem> ParseTemplateItems(TokenType end) {
    std::vector<TemplateItem> items;
    while (true) {
      const Token& t = tokens_[pos_];
      if (t.type == end) {
        ++pos_;
        return items;
      }
      TemplateItem item;
      item.pos = t.pos;
      if (t.type == TokenType::kTemplateLiteral) {
        item.kind = TemplateItem::Kind::kLiteral;
        item.text = t.text;
        ++pos_;
      } else if (t.type == TokenType::kTemplateInterp) {
        ++pos_;
        NewlineScope scope(*this, false);
        item.kind = TemplateItem::Kind::kInterp;
        item.strip_before = t.strip;
        item.expr = ParseExpr();
        item.strip_after =
            Expect(TokenType::kTemplateSeqEnd, "'}' to close the interpolation").strip;
      } else if (t.type == TokenType::kTemplateControl) {
        ++pos_;
        NewlineScope scope(*this, false);
        item.strip_before = t.strip;
        ParseDirective(item);
        item.strip_after = Expect(TokenType::kTemplateSeqEnd, "'}' to close the directive").strip;
      } else {
        Fail(t.pos, "unexpected " + DescribeToken(t) + " in template");
      }
      items.push_back(std::move(item));
    }
  }

  void ParseDirective(TemplateItem& item) {
    const Token& keyword = Peek();
    if (keyword.type == TokenType::kIdent) {
      if (keyword.text == "if") {
        Next();
        item.kind = TemplateItem::Kind::kIf;
        item.expr = ParseExpr();
        return;
      }
      if (keyword.text == "for") {
        Next();
        item.kind = TemplateItem::Kind::kFor;
        std::string first = Expect(TokenType::kIdent, "a variable name after 'for'").text;
        if (Accept(TokenType::kComma)) {
          item.key_var = first;
          item.value_var = Expect(TokenType::kIdent, "a value variable name after ','").text;
        } else {
          item.value_var = first;
        }
        if (!PeekKeyword("in")) Fail(Peek().pos, "expected 'in', found " + DescribeToken(Peek()));
        Next();
        item.expr = ParseExpr();
        return;
      }
      static const std::map<std::string, TemplateItem::Kind> kBare = {
          {"else", TemplateItem::Kind::kElse},
          {"endif", TemplateItem::Kind::kEndIf},
          {"endfor", TemplateItem::Kind::kEndFor},
      };
      auto it = kBare.find(keyword.text);
      if (it != kBare.end()) {
        Next();
        item.kind = it->second;
        return;
      }
    }
    Fail(keyword.pos,
         "expected 'if', 'else', 'endif', 'for' or 'endfor' in template directive, found " +
             DescribeToken(keyword));
  }

  ExpressionPtr BuildTemplate(std::vector<TemplateItem> items, const SourcePos& pos) {
    Result<std::vector<TemplatePart>> built = BuildTemplateParts(std::move(items));
    if (!built.ok()) throw ParseFailure{built.error()};
    std::vector<TemplatePart> parts = std::move(built).value();
    bool all_literal = true;
    std::string text;
    for (const TemplatePart& part : parts) {
      if (part.kind != TemplatePart::Kind::kLiteral) {
        all_literal = false;
        break;
      }
      text += part.text;
    }
    if (all_literal) return Literal(Value(std::move(text)), pos);
    auto e = NewExpr(ExprKind::kTemplate, pos);
    e->parts = std::move(parts);
    return e;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::vector<bool> significant_newlines_;
};

}  // namespace

Result<File> ParseConfig(std::string_view source, const std::string& filename) {
  Result<std::vector<Token>> tokens = Lex(source, filename);
  if (!tokens.ok()) return tokens.error();
  try {
    Parser parser(std::move(tokens).value());
    File file;
    file.name = filename;
    file.body = parser.ParseFileBody();
    return file;
  } catch (const ParseFailure& failure) {
    return failure.error;
  }
}

Result<File> ParseConfigFile(const std::filesystem::path& path, const std::string& display_name) {
  std::string name = display_name.empty() ? path.string() : display_name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeHclError(name + ": cannot read file");
  std::stringstream content;
  content << in.rdbuf();
  return ParseConfig(content.str(), name);
}

Result<ExpressionPtr> ParseExpression(std::string_view source, const std::string& filename) {
  Result<std::vector<Token>> tokens = Lex(source, filename);
  if (!tokens.ok()) return tokens.error();
  try {
    Parser parser(std::move(tokens).value());
    return parser.ParseStandalone();
  } catch (const ParseFailure& failure) {
    return failure.error;
  }
}

}  // namespace sim::hcl
