#pragma once
// Appends Redis replies to an output buffer in the connection's protocol
// version (RESP2 by default, RESP3 after `HELLO 3`), with the same bytes
// Redis 7.0 writes: RESP3-only types degrade to their RESP2 forms (map →
// flat array, set/push → array, boolean → integer, double / verbatim / big
// number → bulk string, null → `$-1` or `*-1`).
//
// Aggregates are written as a header followed by their elements:
//   writer.ArrayHeader(2); writer.Bulk("a"); writer.Integer(1);

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/result.h"

namespace sim::elasticache {

enum class RespProtocol { kResp2 = 2, kResp3 = 3 };

class RespWriter {
 public:
  // `out` must outlive the writer; replies are appended to it.
  explicit RespWriter(std::string* out, RespProtocol protocol = RespProtocol::kResp2)
      : out_(out), protocol_(protocol) {}

  RespProtocol protocol() const { return protocol_; }
  void set_protocol(RespProtocol protocol) { protocol_ = protocol; }

  // `+text\r\n`; CR and LF inside are replaced by spaces.
  void SimpleString(std::string_view text);
  void Ok() { SimpleString("OK"); }
  // Redis's addReplyError: a message starting with '-' carries its own code
  // ("-WRONGTYPE Operation ..."), anything else gets "-ERR ". CR and LF inside
  // are replaced by spaces.
  void Error(std::string_view message);
  // `-CODE message`; an empty code means "ERR".
  void Error(std::string_view code, std::string_view message);
  void Error(const sim::Error& error) { Error(error.code, error.message); }
  void Integer(std::int64_t value);
  void Bulk(std::string_view bytes);
  // A missing value: RESP2 `$-1`, RESP3 `_`.
  void Null();
  // A missing aggregate (e.g. BLPOP timeout, EXEC abort): RESP2 `*-1`, RESP3 `_`.
  void NullArray();
  void ArrayHeader(std::size_t count);
  // `pairs` key/value pairs follow: RESP3 `%pairs`, RESP2 `*2*pairs`.
  void MapHeader(std::size_t pairs);
  // RESP3 `~count`, RESP2 `*count`.
  void SetHeader(std::size_t count);
  // Out-of-band messages (pub/sub, invalidation): RESP3 `>count`, RESP2 `*count`.
  void PushHeader(std::size_t count);
  // Redis 7.0 addReplyDouble: "%.17g", inf/-inf spelled out, NaN as "nan";
  // RESP3 `,value`, RESP2 bulk string.
  void Double(double value);
  // RESP3 `#t` / `#f`, RESP2 `:1` / `:0`.
  void Boolean(bool value);
  // RESP3 `=len\r\nfmt:text` (fmt is 3 bytes: "txt" or "mkd"), RESP2 bulk of text.
  void Verbatim(std::string_view text, std::string_view format = "txt");
  // RESP3 `(digits`, RESP2 bulk string. `digits` is an optional '-' and decimal digits.
  void BigNumber(std::string_view digits);
  // Bytes already in wire form (e.g. a cached reply).
  void Raw(std::string_view bytes) { out_->append(bytes); }

 private:
  bool resp3() const { return protocol_ == RespProtocol::kResp3; }
  void Header(char type, std::int64_t count);
  void LineWithoutNewlines(std::string_view text);

  std::string* out_;
  RespProtocol protocol_;
};

// The text addReplyDouble sends for `value` (Redis 7.0: "%.17g").
std::string FormatRedisDouble(double value);

}  // namespace sim::elasticache
