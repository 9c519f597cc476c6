#pragma once
// HTTP/1.1 listener (Boost.Beast) for the AWS front door and other HTTP
// surfaces. Keep-alive, a fresh parser per message with header and body limits,
// an idle timeout on every socket. Beast stays inside http_server.cc.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sim/aws/http_message.h"
#include "sim/core/clock.h"

namespace boost::asio {
class io_context;
}

namespace sim::http {

using RequestHandler = std::function<aws::HttpReply(aws::HttpRequest& request)>;

struct HttpServerOptions {
  std::size_t header_limit = 64 * 1024;
  std::uint64_t body_limit = 64ull * 1024 * 1024;
  // Socket idle timeout: real time on purpose, it protects the process, not the simulation.
  std::chrono::seconds idle_timeout{120};
  std::string server_name = "awssim";
};

class HttpServer {
 public:
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
