#pragma once
// The front door's view of one HTTP exchange, independent of Beast, so the
// protocol layer and its tests need no networking headers.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/aws/text.h"
#include "sim/core/clock.h"

namespace sim::aws {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string target;  // path and query exactly as received
  HeaderList headers;
  std::string body;

  // First header named `name` (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
  std::string_view Path() const;
  std::string_view RawQuery() const;  // without '?'
};

// A response body read in pieces while it is sent (an S3 object on disk),
// so it is never held whole in memory.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual std::uint64_t size() const = 0;
  // Copies up to `n` bytes starting at `offset` (relative to the body) into
  // `out`; returns how many, 0 only past the end. Throws when the bytes
  // cannot be read: the connection is then closed mid-body.
  virtual std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const = 0;

  // Where the bytes from `offset` lie in a file, when they do: the server
  // then sends them from the file (sendfile, or send() from a mapping of it;
  // see sim/http/file_window.h). The file must not change while it is sent.
  struct FileSlice {
    std::string path;
    std::uint64_t offset = 0;  // in the file
    std::uint64_t length = 0;  // contiguous bytes there
  };
  virtual std::optional<FileSlice> FileAt(std::uint64_t /*offset*/) const { return std::nullopt; }
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  // When set, the body is streamed from here and `body` is ignored.
  std::shared_ptr<const BodySource> body_source;
  void SetHeader(std::string name, std::string value);
};

// What a handler answers: a response, possibly late or never (faults).
struct HttpReply {
  HttpResponse response;
  Duration delay{0};  // injected latency before answering
  bool drop = false;  // close the connection without answering (outage fault)
};

// Percent-decoding for query strings and paths ('+' as space when `plus_is_space`).
std::string UrlDecode(std::string_view s, bool plus_is_space);
// Splits "a=1&b=2" into decoded pairs, in order.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query);

}  // namespace sim::aws
