#include "emulators/elasticache/resp/resp_parser.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace sim::elasticache {
namespace {

bool IsCSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::int64_t> ParseRedisInteger(std::string_view text) {
  // LONG_STR_SIZE is 21: longer strings are rejected before looking at them.
  if (text.empty() || text.size() >= 21) return std::nullopt;
  if (text == "0") return 0;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    if (++i == text.size()) return std::nullopt;
  }
  if (text[i] < '1' || text[i] > '9') return std::nullopt;
  std::uint64_t v = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > kMax / 10) return std::nullopt;
    v *= 10;
    if (v > kMax - digit) return std::nullopt;
    v += digit;
  }
  constexpr auto kLlongMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (v > kLlongMax + 1) return std::nullopt;
    if (v == kLlongMax + 1) return std::numeric_limits<std::int64_t>::min();
    return -static_cast<std::int64_t>(v);
  }
  if (v > kLlongMax) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

std::optional<std::vector<std::string>> SplitRedisArgs(std::string_view line) {
  // The C original works on a NUL-terminated string.
  line = line.substr(0, line.find('\0'));
  auto at = [&](std::size_t i) { return i < line.size() ? line[i] : '\0'; };
  std::vector<std::string> args;
  std::size_t p = 0;
  while (true) {
    while (at(p) != '\0' && IsCSpace(at(p))) ++p;
    if (at(p) == '\0') return args;
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    std::string current;
    while (!done) {
      char c = at(p);
      if (in_double) {
        if (c == '\\' && at(p + 1) == 'x' && HexValue(at(p + 2)) >= 0 && HexValue(at(p + 3)) >= 0) {
          current.push_back(static_cast<char>(HexValue(at(p + 2)) * 16 + HexValue(at(p + 3))));
          p += 3;
        } else if (c == '\\' && at(p + 1) != '\0') {
          ++p;
          switch (at(p)) {
            case 'n':
              current.push_back('\n');
              break;
            case 'r':
              current.push_back('\r');
              break;
            case 't':
              current.push_back('\t');
              break;
            case 'b':
              current.push_back('\b');
              break;
            case 'a':
              current.push_back('\a');
              break;
            default:
              current.push_back(at(p));
              break;
          }
        } else if (c == '"') {
          if (at(p + 1) != '\0' && !IsCSpace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          current.push_back(c);
        }
      } else if (in_single) {
        if (c == '\\' && at(p + 1) == '\'') {
          ++p;
          current.push_back('\'');
        } else if (c == '\'') {
          if (at(p + 1) != '\0' && !IsCSpace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          current.push_back(c);
        }
      } else {
        switch (c) {
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case '\0':
            done = true;
            break;
          case '"':
            in_double = true;
            break;
          case '\'':
            in_single = true;
            break;
          default:
            current.push_back(c);
            break;
        }
      }
      if (at(p) != '\0') ++p;
    }
    args.push_back(std::move(current));
  }
}

RespParser::RespParser(RespParserLimits limits) : limits_(limits) {}

void RespParser::Feed(std::string_view bytes) {
  if (failed()) return;
  if (buffer_.empty()) {
    // The common case: parse straight from the caller's bytes, keep only the tail.
    std::size_t consumed = Parse(bytes);
    if (!failed()) buffer_.assign(bytes.substr(consumed));
    return;
  }
  buffer_.append(bytes);
  std::size_t consumed = Parse(buffer_);
  if (!failed()) buffer_.erase(0, consumed);
}

std::optional<RespCommand> RespParser::Next() {
  if (ready_.empty()) return std::nullopt;
  RespCommand command = std::move(ready_.front());
  ready_.pop_front();
  return command;
}

bool RespParser::Next(RespCommand& out) {
  if (ready_.empty()) return false;
  constexpr std::size_t kMaxSpare = 16;
  if (out.capacity() > 0 && spare_.size() < kMaxSpare) {
    out.clear();
    spare_.push_back(std::move(out));
  }
  out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

std::size_t RespParser::Parse(std::string_view in) {
  std::size_t pos = 0;
  while (!failed()) {
    bool progressed = false;
    switch (state_) {
      case State::kCommandStart:
        if (pos == in.size()) return pos;
        state_ = in[pos] == '*' ? State::kMultibulkLen : State::kInline;
        progressed = true;
        break;
      case State::kInline:
        progressed = StepInline(in, pos);
        break;
      case State::kMultibulkLen:
        progressed = StepMultibulkLen(in, pos);
        break;
      case State::kBulkLen:
        progressed = StepBulkLen(in, pos);
        break;
      case State::kBulkBody:
        progressed = StepBulkBody(in, pos);
        break;
      case State::kBulkCrlf:
        progressed = StepBulkCrlf(in, pos);
        break;
    }
    if (!progressed) return pos;
  }
  return pos;
}

bool RespParser::StepInline(std::string_view in, std::size_t& pos) {
  std::size_t newline = in.find('\n', pos);
  if (newline == std::string_view::npos) {
    if (in.size() - pos > limits_.max_inline_size) {
      Fail("Protocol error: too big inline request");
    }
    return false;
  }
  std::string_view line = in.substr(pos, newline - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto args = SplitRedisArgs(line);
  if (!args) {
    Fail("Protocol error: unbalanced quotes in request");
    return false;
  }
  pos = newline + 1;
  if (!args->empty()) ready_.push_back(std::move(*args));
  state_ = State::kCommandStart;
  return true;
}

std::optional<std::string_view> RespParser::HeaderLine(std::string_view in, std::size_t pos,
                                                       const char* too_big) {
  std::size_t cr = in.find('\r', pos);
  if (cr == std::string_view::npos) {
    if (in.size() - pos > limits_.max_inline_size) Fail(too_big);
    return std::nullopt;
  }
  if (cr + 2 > in.size()) return std::nullopt;  // the '\n' has not arrived
  return in.substr(pos + 1, cr - pos - 1);
}

bool RespParser::StepMultibulkLen(std::string_view in, std::size_t& pos) {
  auto line = HeaderLine(in, pos, "Protocol error: too big mbulk count string");
  if (!line) return false;
  auto count = ParseRedisInteger(*line);
  if (!count || *count > limits_.max_multibulk_len) {
    Fail("Protocol error: invalid multibulk length");
    return false;
  }
  pos += line->size() + 3;  // prefix, digits, "\r\n"
  if (*count <= 0) {  // `*0` and `*-1` are consumed without a command
    state_ = State::kCommandStart;
    return true;
  }
  args_left_ = *count;
  if (current_.capacity() == 0 && !spare_.empty()) {
    current_ = std::move(spare_.back());
    spare_.pop_back();
  }
  current_.clear();
  current_.reserve(static_cast<std::size_t>(std::min<std::int64_t>(*count, 1024)));
  state_ = State::kBulkLen;
  return true;
}

bool RespParser::StepBulkLen(std::string_view in, std::size_t& pos) {
  auto line = HeaderLine(in, pos, "Protocol error: too big bulk count string");
  if (!line) return false;
  if (in[pos] != '$') {
    Fail(std::string("Protocol error: expected '$', got '") + in[pos] + "'");
    return false;
  }
  auto len = ParseRedisInteger(*line);
  if (!len || *len < 0 || *len > limits_.max_bulk_len) {
    Fail("Protocol error: invalid bulk length");
    return false;
  }
  pos += line->size() + 3;  // '$', digits, "\r\n"
  bulk_len_ = *len;
  current_.emplace_back().reserve(
      std::min(static_cast<std::size_t>(*len), limits_.max_bulk_reservation));
  state_ = State::kBulkBody;
  return true;
}

bool RespParser::StepBulkBody(std::string_view in, std::size_t& pos) {
  std::string& arg = current_.back();
  auto want = static_cast<std::size_t>(bulk_len_);
  std::size_t take = std::min(want - arg.size(), in.size() - pos);
  if (take > 0) {
    if (arg.capacity() < arg.size() + take) {
      // Grow geometrically, but never past the declared length.
      arg.reserve(std::min(want, std::max(arg.capacity() * 2, arg.size() + take)));
    }
    arg.append(in.substr(pos, take));
    pos += take;
  }
  if (arg.size() < want) return false;
  crlf_left_ = 2;
  state_ = State::kBulkCrlf;
  return true;
}

bool RespParser::StepBulkCrlf(std::string_view in, std::size_t& pos) {
  // Redis skips the two bytes after a bulk body without looking at them.
  std::size_t skip = std::min(crlf_left_, in.size() - pos);
  pos += skip;
  crlf_left_ -= skip;
  if (crlf_left_ > 0) return false;
  FinishArgument();
  return true;
}

void RespParser::FinishArgument() {
  if (--args_left_ > 0) {
    state_ = State::kBulkLen;
    return;
  }
  ready_.push_back(std::move(current_));
  current_ = {};
  state_ = State::kCommandStart;
}

void RespParser::Fail(std::string message) {
  error_ = MakeError("ERR", std::move(message));
  buffer_.clear();
  buffer_.shrink_to_fit();
  current_.clear();
}

}  // namespace sim::elasticache
