#include "sim/hcl/lexer.h"

#include <cctype>
#include <cstdio>
#include <memory>
#include <optional>

namespace sim::hcl {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || std::isdigit(c) || c == '-'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view source, const std::string& file)
      : src_(source), file_(std::make_shared<const std::string>(file)) {}

  Result<std::vector<Token>> Run() {
    frames_.emplace_back(Mode::kNormal);
    while (!done_) {
      std::optional<Error> error;
      switch (frames_.back().mode) {
        case Mode::kNormal:
          error = LexNormal();
          break;
        case Mode::kQuoted:
          error = LexQuoted();
          break;
        case Mode::kHeredoc:
          error = LexHeredoc();
          break;
      }
      if (error) return *error;
    }
    return std::move(tokens_);
  }

 private:
  enum class Mode { kNormal, kQuoted, kHeredoc };
  struct Frame {
    explicit Frame(Mode m) : mode(m) {}
    Mode mode;
    int depth = 0;             // open { inside a template interpolation
    bool in_template = false;  // a kNormal frame opened by ${ or %{
    std::string delimiter;     // kHeredoc
    bool at_line_start = false;
    SourcePos open_pos;
  };

  bool AtEnd() const { return pos_ >= src_.size(); }
  char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  bool LookingAt(std::string_view s) const { return src_.substr(pos_, s.size()) == s; }
  SourcePos Here() const { return SourcePos{file_, line_, column_}; }

  void Advance(std::size_t n = 1) {
    for (std::size_t i = 0; i < n && pos_ < src_.size(); ++i, ++pos_) {
      unsigned char c = static_cast<unsigned char>(src_[pos_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {  // UTF-8 continuation bytes share a column
        ++column_;
      }
    }
  }

  void Emit(TokenType type, SourcePos pos, std::string text = {}, bool strip = false) {
    Token token;
    token.type = type;
    token.pos = std::move(pos);
    token.text = std::move(text);
    token.strip = strip;
    tokens_.push_back(std::move(token));
  }

  // ${ or %{ at the current position: emits the opener and enters expression mode.
  void OpenTemplateSequence() {
    SourcePos at = Here();
    TokenType type = Peek() == '$' ? TokenType::kTemplateInterp : TokenType::kTemplateControl;
    Advance(2);
    bool strip = Peek() == '~';
    if (strip) Advance();
    Emit(type, at, {}, strip);
    Frame frame(Mode::kNormal);
    frame.in_template = true;
    frame.open_pos = at;
    frames_.push_back(std::move(frame));
  }

  std::optional<Error> LexNormal() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\r')) Advance();
    if (AtEnd()) {
      if (frames_.size() > 1) {
        return MakeHclError(frames_.back().open_pos, "unterminated template sequence; missing '}'");
      }
      Emit(TokenType::kEof, Here());
      done_ = true;
      return std::nullopt;
    }
    SourcePos at = Here();
    char c = Peek();
    Frame& frame = frames_.back();

    if (c == '\n') {
      Emit(TokenType::kNewline, at);
      Advance();
      return std::nullopt;
    }
    if (c == '#' || LookingAt("//")) {
      while (!AtEnd() && Peek() != '\n') Advance();
      return std::nullopt;
    }
    if (LookingAt("/*")) {
      std::size_t end = src_.find("*/", pos_ + 2);
      if (end == std::string_view::npos)
        return MakeHclError(at, "unterminated comment; missing '*/'");
      Advance(end + 2 - pos_);
      return std::nullopt;
    }
    if (IsIdentStart(static_cast<unsigned char>(c))) {
      std::size_t start = pos_;
      while (!AtEnd() && IsIdentChar(static_cast<unsigned char>(Peek()))) Advance();
      Emit(TokenType::kIdent, at, std::string(src_.substr(start, pos_ - start)));
      return std::nullopt;
    }
    if (IsDigit(c)) {
      std::size_t start = pos_;
      while (IsDigit(Peek())) Advance();
      if (Peek() == '.' && IsDigit(Peek(1))) {
        Advance();
        while (IsDigit(Peek())) Advance();
      }
      if ((Peek() == 'e' || Peek() == 'E') &&
          (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
        Advance(2);
        while (IsDigit(Peek())) Advance();
      }
      Emit(TokenType::kNumber, at, std::string(src_.substr(start, pos_ - start)));
      return std::nullopt;
    }
    if (c == '"') {
      Emit(TokenType::kOQuote, at);
      Advance();
      Frame quoted(Mode::kQuoted);
      quoted.open_pos = at;
      frames_.push_back(std::move(quoted));
      return std::nullopt;
    }
    if (LookingAt("<<")) return LexHeredocOpener(at);
    if (c == '{') {
      ++frame.depth;
      Emit(TokenType::kLBrace, at);
      Advance();
      return std::nullopt;
    }
    if (c == '}' || (c == '~' && Peek(1) == '}')) {
      if (frame.in_template && frame.depth == 0) {
        bool strip = c == '~';
        Advance(strip ? 2 : 1);
        Emit(TokenType::kTemplateSeqEnd, at, {}, strip);
        frames_.pop_back();
        return std::nullopt;
      }
      if (c == '~')
        return MakeHclError(at, "unexpected '~'; a strip marker must end a template sequence");
      --frame.depth;
      Emit(TokenType::kRBrace, at);
      Advance();
      return std::nullopt;
    }

    struct Op {
      std::string_view text;
      TokenType type;
    };
    static constexpr Op kOps[] = {
        {"...", TokenType::kEllipsis},    {"==", TokenType::kEqual},
        {"!=", TokenType::kNotEqual},     {"<=", TokenType::kLessEqual},
        {">=", TokenType::kGreaterEqual}, {"&&", TokenType::kAnd},
        {"||", TokenType::kOr},           {"=>", TokenType::kFatArrow},
        {"=", TokenType::kAssign},        {":", TokenType::kColon},
        {",", TokenType::kComma},         {".", TokenType::kDot},
        {"?", TokenType::kQuestion},      {"+", TokenType::kPlus},
        {"-", TokenType::kMinus},         {"*", TokenType::kStar},
        {"/", TokenType::kSlash},         {"%", TokenType::kPercent},
        {"<", TokenType::kLess},          {">", TokenType::kGreater},
        {"!", TokenType::kBang},          {"[", TokenType::kLBrack},
        {"]", TokenType::kRBrack},        {"(", TokenType::kLParen},
        {")", TokenType::kRParen},
    };
    for (const Op& op : kOps) {
      if (LookingAt(op.text)) {
        Emit(op.type, at);
        Advance(op.text.size());
        return std::nullopt;
      }
    }
    char shown[8];
    if (std::isprint(static_cast<unsigned char>(c))) {
      std::snprintf(shown, sizeof(shown), "%c", c);
    } else {
      std::snprintf(shown, sizeof(shown), "\\x%02X", static_cast<unsigned char>(c));
    }
    return MakeHclError(at, std::string("invalid character '") + shown + "'");
  }

  std::optional<Error> LexHeredocOpener(const SourcePos& at) {
    std::size_t i = pos_ + 2;
    bool flush = i < src_.size() && src_[i] == '-';
    if (flush) ++i;
    std::size_t name_start = i;
    if (i < src_.size() && IsIdentStart(static_cast<unsigned char>(src_[i]))) {
      while (i < src_.size() && IsIdentChar(static_cast<unsigned char>(src_[i]))) ++i;
    }
    std::string delimiter(src_.substr(name_start, i - name_start));
    if (i < src_.size() && src_[i] == '\r') ++i;
    if (delimiter.empty() || i >= src_.size() || src_[i] != '\n') {
      return MakeHclError(at, "invalid heredoc; expected <<NAME or <<-NAME followed by a newline");
    }
    Token token;
    token.type = TokenType::kOHeredoc;
    token.pos = at;
    token.text = delimiter;
    token.flush = flush;
    tokens_.push_back(std::move(token));
    Advance(i + 1 - pos_);
    Frame heredoc(Mode::kHeredoc);
    heredoc.delimiter = std::move(delimiter);
    heredoc.at_line_start = true;
    heredoc.open_pos = at;
    frames_.push_back(std::move(heredoc));
    return std::nullopt;
  }

  std::optional<Error> LexQuoted() {
    std::string literal;
    SourcePos literal_pos = Here();
    auto flush_literal = [&] {
      if (!literal.empty()) Emit(TokenType::kTemplateLiteral, literal_pos, std::move(literal));
    };
    while (true) {
      if (AtEnd() || Peek() == '\n') {
        return MakeHclError(frames_.back().open_pos,
                            "unterminated string; a quoted string must end on the line it starts");
      }
      char c = Peek();
      if (c == '"') {
        flush_literal();
        Emit(TokenType::kCQuote, Here());
        Advance();
        frames_.pop_back();
        return std::nullopt;
      }
      if (c == '\\') {
        SourcePos escape_pos = Here();
        char e = Peek(1);
        switch (e) {
          case 'n':
            literal += '\n';
            Advance(2);
            continue;
          case 'r':
            literal += '\r';
            Advance(2);
            continue;
          case 't':
            literal += '\t';
            Advance(2);
            continue;
          case '"':
            literal += '"';
            Advance(2);
            continue;
          case '\\':
            literal += '\\';
            Advance(2);
            continue;
          case 'u':
          case 'U': {
            std::size_t digits = e == 'u' ? 4 : 8;
            unsigned cp = 0;
            for (std::size_t k = 0; k < digits; ++k) {
              char h = Peek(2 + k);
              if (!std::isxdigit(static_cast<unsigned char>(h))) {
                return MakeHclError(escape_pos, std::string("invalid \\") + e +
                                                    " escape; expected " + std::to_string(digits) +
                                                    " hex digits");
              }
              cp = cp * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                       ? h - '0'
                                                       : std::tolower(h) - 'a' + 10);
            }
            if (cp > 0x10FFFF)
              return MakeHclError(escape_pos, "invalid unicode code point in escape");
            AppendUtf8(literal, cp);
            Advance(2 + digits);
            continue;
          }
          default:
            return MakeHclError(escape_pos, std::string("invalid escape sequence '\\") +
                                                (e == '\0' ? std::string() : std::string(1, e)) +
                                                "'");
        }
      }
      if ((c == '$' || c == '%') && Peek(1) == c && Peek(2) == '{') {
        literal += c;
        literal += '{';
        Advance(3);
        continue;
      }
      if ((c == '$' || c == '%') && Peek(1) == '{') {
        flush_literal();
        OpenTemplateSequence();
        return std::nullopt;
      }
      literal += c;
      Advance();
    }
  }

  std::optional<Error> LexHeredoc() {
    Frame& frame = frames_.back();
    if (frame.at_line_start && IsClosingMarker(frame.delimiter)) {
      while (Peek() == ' ' || Peek() == '\t') Advance();
      Emit(TokenType::kCHeredoc, Here(), frame.delimiter);
      Advance(frame.delimiter.size());
      frames_.pop_back();
      return std::nullopt;
    }
    if (AtEnd()) {
      return MakeHclError(frame.open_pos, "unterminated heredoc; expected a line containing only " +
                                              frame.delimiter);
    }
    frame.at_line_start = false;
    std::string literal;
    SourcePos literal_pos = Here();
    while (!AtEnd()) {
      char c = Peek();
      if ((c == '$' || c == '%') && Peek(1) == c && Peek(2) == '{') {
        literal += c;
        literal += '{';
        Advance(3);
        continue;
      }
      if ((c == '$' || c == '%') && Peek(1) == '{') {
        if (!literal.empty()) Emit(TokenType::kTemplateLiteral, literal_pos, std::move(literal));
        OpenTemplateSequence();  // invalidates `frame`
        return std::nullopt;
      }
      literal += c;
      Advance();
      if (c == '\n') {
        frame.at_line_start = true;
        break;
      }
    }
    if (!literal.empty()) Emit(TokenType::kTemplateLiteral, literal_pos, std::move(literal));
    return std::nullopt;
  }

  // Optional spaces or tabs, the delimiter, then a newline or the end.
  bool IsClosingMarker(const std::string& delimiter) const {
    std::size_t i = pos_;
    while (i < src_.size() && (src_[i] == ' ' || src_[i] == '\t')) ++i;
    if (src_.substr(i, delimiter.size()) != delimiter) return false;
    i += delimiter.size();
    if (i < src_.size() && src_[i] == '\r') ++i;
    return i >= src_.size() || src_[i] == '\n';
  }

  std::string_view src_;
  std::shared_ptr<const std::string> file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::vector<Frame> frames_;
  std::vector<Token> tokens_;
  bool done_ = false;
};

}  // namespace

std::string DescribeToken(const Token& token) {
  switch (token.type) {
    case TokenType::kEof:
      return "end of file";
    case TokenType::kNewline:
      return "newline";
    case TokenType::kIdent:
      return "\"" + token.text + "\"";
    case TokenType::kNumber:
      return "number " + token.text;
    case TokenType::kOQuote:
      return "string";
    case TokenType::kCQuote:
      return "'\"'";
    case TokenType::kOHeredoc:
      return "heredoc";
    case TokenType::kCHeredoc:
      return "heredoc end";
    case TokenType::kTemplateLiteral:
      return "string literal";
    case TokenType::kTemplateInterp:
      return "'${'";
    case TokenType::kTemplateControl:
      return "'%{'";
    case TokenType::kTemplateSeqEnd:
      return "'}'";
    case TokenType::kLBrace:
      return "'{'";
    case TokenType::kRBrace:
      return "'}'";
    case TokenType::kLBrack:
      return "'['";
    case TokenType::kRBrack:
      return "']'";
    case TokenType::kLParen:
      return "'('";
    case TokenType::kRParen:
      return "')'";
    case TokenType::kAssign:
      return "'='";
    case TokenType::kColon:
      return "':'";
    case TokenType::kComma:
      return "','";
    case TokenType::kDot:
      return "'.'";
    case TokenType::kEllipsis:
      return "'...'";
    case TokenType::kQuestion:
      return "'?'";
    case TokenType::kFatArrow:
      return "'=>'";
    case TokenType::kPlus:
      return "'+'";
    case TokenType::kMinus:
      return "'-'";
    case TokenType::kStar:
      return "'*'";
    case TokenType::kSlash:
      return "'/'";
    case TokenType::kPercent:
      return "'%'";
    case TokenType::kEqual:
      return "'=='";
    case TokenType::kNotEqual:
      return "'!='";
    case TokenType::kLess:
      return "'<'";
    case TokenType::kLessEqual:
      return "'<='";
    case TokenType::kGreater:
      return "'>'";
    case TokenType::kGreaterEqual:
      return "'>='";
    case TokenType::kAnd:
      return "'&&'";
    case TokenType::kOr:
      return "'||'";
    case TokenType::kBang:
      return "'!'";
  }
  return "token";
}

Result<std::vector<Token>> Lex(std::string_view source, const std::string& file) {
  return Lexer(source, file).Run();
}

}  // namespace sim::hcl
