#pragma once
// HTTP/1.1 listener (Boost.Beast) for the AWS front door and other HTTP
// surfaces. Keep-alive, a fresh parser per message with header and body limits,
// an idle timeout on every socket. Beast stays inside http_server.cc.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/aws/http_message.h"
#include "sim/core/clock.h"

namespace boost::asio {
class io_context;
}

namespace sim::http {

// A request whose body is consumed as it arrives, piece by piece, so an
// upload is never held whole in memory by the transport.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // The next piece of the body, in order. A reply stops the upload: it is
  // sent and the connection closed (the rest of the body is never read).
  virtual std::optional<aws::HttpReply> Append(std::string_view bytes) = 0;
  // The whole body arrived: answer through `respond`, now or later from the
  // event loop (S3 answers once its group commit is done).
  using Respond = std::function<void(aws::HttpReply)>;
  virtual void Finish(Respond respond) = 0;
  // The body will never complete (client gone, malformed framing, too large):
  // drop whatever was kept of it.
  virtual void Abort() {}
};

// What a streaming handler says once a request's head is in: answer now
// (`reply`, for requests refused before their body), or read the body into
// `sink`, up to `body_limit` bytes.
struct Admission {
  std::optional<aws::HttpReply> reply;
  std::unique_ptr<BodySink> sink;
  std::uint64_t body_limit = 0;
};

// Called with the request's method, target and headers (body empty).
using StreamingHandler = std::function<Admission(aws::HttpRequest& head)>;

// A handler of whole requests; the server buffers the body (up to
// HttpServerOptions::body_limit) and calls it once the body is complete.
using RequestHandler = std::function<aws::HttpReply(aws::HttpRequest& request)>;

// The admission a RequestHandler gets: keep the body (up to `body_limit`
// bytes), then call `handler` with the whole request. For streaming handlers
// that buffer some requests.
Admission BufferWholeBody(aws::HttpRequest& head, std::shared_ptr<RequestHandler> handler,
                          std::uint64_t body_limit);

struct HttpServerOptions {
  std::size_t header_limit = 64 * 1024;
  std::uint64_t body_limit = 64ull * 1024 * 1024;  // for buffered (RequestHandler) bodies
  // Socket idle timeout: real time on purpose, it protects the process, not the simulation.
  std::chrono::seconds idle_timeout{120};
  std::string server_name = "awssim";
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, StreamingHandler handler, HttpServerOptions options = {});
  // Buffers each body and hands over whole requests.
  HttpServer(boost::asio::io_context& io, RequestHandler handler, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Returns the bound port (useful with port 0).
  // Throws std::runtime_error "cannot listen on HOST:PORT: reason".
  std::uint16_t Listen(const std::string& host, std::uint16_t port);
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace sim::http
