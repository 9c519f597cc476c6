#pragma once
// Incremental parser of client requests exactly as Redis reads them
// (networking.c processMultibulkBuffer / processInlineBuffer): multibulk
// `*N\r\n$len\r\narg\r\n...` and inline `PING arg "quoted"\r\n` commands, fed in
// any split, with Redis's limits and "Protocol error: ..." wording. A protocol
// error is final: the server replies `-ERR <message>` and closes the connection.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/result.h"

namespace sim::elasticache {

struct RespParserLimits {
  // proto-max-bulk-len: the largest bulk argument a client may declare.
  std::int64_t max_bulk_len = 512LL * 1024 * 1024;
  // The largest argument count of one multibulk request.
  std::int64_t max_multibulk_len = 1024 * 1024;
  // PROTO_INLINE_MAX_SIZE: the most bytes buffered while looking for the end
  // of an inline request or of a `*N` / `$len` header line.
  std::size_t max_inline_size = 64 * 1024;
  // The most bytes reserved up front for one bulk argument; the rest grows
  // as the bytes actually arrive, so a client cannot make us allocate what it
  // only declared.
  std::size_t max_bulk_reservation = 1024 * 1024;
};

using RespCommand = std::vector<std::string>;

class RespParser {
 public:
  explicit RespParser(RespParserLimits limits = {});

  // Consumes bytes from the connection. Complete commands queue up for Next();
  // parsing stops for good at the first protocol error. Bulk argument bytes
  // are copied once, straight into their argument, unless they arrive in the
  // same read as an unfinished header line.
  void Feed(std::string_view bytes);

  // The next complete command (never empty: empty inline lines, `*0` and
  // `*-1` are consumed silently as Redis does), or nullopt when more bytes
  // are needed or the parser has failed. Drain it before checking failed():
  // commands ahead of the bad bytes run before the error reply.
  std::optional<RespCommand> Next();
  // The same, into `out` (false when there is none). `out`'s previous
  // contents are dropped and its storage reused for later commands, which
  // spares an allocation per command on the server's hot path.
  bool Next(RespCommand& out);

  bool failed() const { return error_.has_value(); }
  // The error to send (code "ERR", message "Protocol error: ...") before
  // closing; meaningful only when failed().
  const Error& error() const { return *error_; }

  // Bytes held for an unfinished header, inline line or small bulk tail; for
  // tests and connection memory accounting.
  std::size_t buffered_bytes() const { return buffer_.size(); }

 private:
  enum class State {
    kCommandStart,  // next byte decides multibulk ('*') or inline
    kInline,        // looking for '\n'
    kMultibulkLen,  // reading the `*N` line
    kBulkLen,       // reading a `$len` line
    kBulkBody,      // copying `len` bytes into the current argument
    kBulkCrlf,      // skipping the 2 bytes after the body (Redis does not check them)
  };

  // Parses as much of `in` as possible; returns how many bytes it consumed.
  std::size_t Parse(std::string_view in);
  // Each step consumes from `in` at `pos`; false means "need more bytes" or failure.
  bool StepInline(std::string_view in, std::size_t& pos);
  // The complete "<prefix><digits>\r\n" line at `pos`, as the span between
  // prefix and "\r"; nullopt while it has not all arrived (failing with
  // `too_big` when it grows past the inline limit). Does not advance `pos`.
  std::optional<std::string_view> HeaderLine(std::string_view in, std::size_t pos,
                                             const char* too_big);
  bool StepMultibulkLen(std::string_view in, std::size_t& pos);
  bool StepBulkLen(std::string_view in, std::size_t& pos);
  bool StepBulkBody(std::string_view in, std::size_t& pos);
  bool StepBulkCrlf(std::string_view in, std::size_t& pos);
  void FinishArgument();
  void Fail(std::string message);

  RespParserLimits limits_;
  State state_ = State::kCommandStart;
  std::string buffer_;  // unconsumed bytes of an unfinished header or inline line
  std::int64_t args_left_ = 0;
  std::int64_t bulk_len_ = 0;
  std::size_t crlf_left_ = 0;
  RespCommand current_;
  std::deque<RespCommand> ready_;
  std::vector<RespCommand> spare_;  // emptied argument vectors to reuse
  std::optional<Error> error_;
};

// Redis's string2ll: strict decimal (no '+', no leading zeros, no spaces,
// "-0" rejected) within int64; nullopt otherwise.
std::optional<std::int64_t> ParseRedisInteger(std::string_view text);

// Redis's sdssplitargs: splits an inline request on whitespace with "double"
// quotes (\n \r \t \b \a \xHH and \<c> escapes) and 'single' quotes (only \'
// escaped); a closing quote must be followed by whitespace or the end. nullopt
// on unbalanced quotes. Like the C original it stops at a NUL byte.
std::optional<std::vector<std::string>> SplitRedisArgs(std::string_view line);

}  // namespace sim::elasticache
