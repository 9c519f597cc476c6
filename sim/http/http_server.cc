#include "sim/http/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <stdexcept>

namespace sim::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Shared {
  RequestHandler handler;
  HttpServerOptions options;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)), delay_timer_(stream_.get_executor()) {}

  void Start() { ReadNext(); }

 private:
  void ReadNext() {
    // A fresh parser per message: limits apply to each request on its own.
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
    parser_->body_limit(shared_->options.body_limit);
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->OnRead(ec);
                      });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) return RefuseAndClose(413, "Request body too large");
    if (ec == bhttp::error::header_limit) return RefuseAndClose(431, "Request headers too large");
    if (ec) return RefuseAndClose(400, "Malformed HTTP request: " + ec.message());

    auto message = parser_->release();
    aws::HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.headers.reserve(16);
    for (const auto& field : message)
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    keep_alive_ = message.keep_alive();

    aws::HttpReply reply = shared_->handler(request);
    if (reply.drop) return Close();
    if (reply.delay.count() > 0) {
      pending_ = std::move(reply.response);
      delay_timer_.expires_after(reply.delay);
      delay_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->Write(std::move(self->pending_));
      });
      return;
    }
    Write(std::move(reply.response));
  }

  void RefuseAndClose(int status, std::string text) {
    keep_alive_ = false;
    aws::HttpResponse response;
    response.status = status;
    response.SetHeader("Content-Type", "text/plain");
    response.body = std::move(text) + "\n";
    Write(std::move(response));
  }

  void Write(aws::HttpResponse response) {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    out->set(bhttp::field::server, shared_->options.server_name);
    for (auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive_);
    out->prepare_payload();
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
                         if (ec || !self->keep_alive_) return self->Close();
                         self->ReadNext();
                       });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<Shared> shared_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  asio::steady_timer delay_timer_;
  aws::HttpResponse pending_;
  bool keep_alive_ = true;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io, std::shared_ptr<Shared> shared) : acceptor(io), shared(std::move(shared)) {}

  void Accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), self->shared)->Start();
      }
      self->Accept();
    });
  }

  tcp::acceptor acceptor;
  std::shared_ptr<Shared> shared;
};

HttpServer::HttpServer(asio::io_context& io, RequestHandler handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(
          io, std::make_shared<Shared>(Shared{std::move(handler), std::move(options)}))) {}

HttpServer::~HttpServer() { Stop(); }

std::uint16_t HttpServer::Listen(const std::string& host, std::uint16_t port) {
  auto fail = [&](const std::string& why) {
    return std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + why);
  };
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw fail("not an IP address");
  tcp::endpoint endpoint(address, port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw fail(ec.message());
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec) throw fail(ec.message());
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail(ec.message());
  impl_->Accept();
  return acceptor.local_endpoint().port();
}

void HttpServer::Stop() {
  beast::error_code ec;
  if (impl_->acceptor.is_open()) impl_->acceptor.close(ec);
}

}  // namespace sim::http
