#include "sim/http/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "sim/http/file_window.h"

namespace sim::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Shared {
  StreamingHandler handler;
  HttpServerOptions options;
};

// Adapts a RequestHandler: keeps the body (up to a limit), then hands over
// the whole request.
class BufferingSink final : public BodySink {
 public:
  BufferingSink(aws::HttpRequest head, std::shared_ptr<RequestHandler> handler)
      : request_(std::move(head)), handler_(std::move(handler)) {}

  std::optional<aws::HttpReply> Append(std::string_view bytes) override {
    request_.body.append(bytes);
    return std::nullopt;
  }
  void Finish(Respond respond) override { respond((*handler_)(request_)); }

 private:
  aws::HttpRequest request_;
  std::shared_ptr<RequestHandler> handler_;
};

// The size of one piece handed to a BodySink.
constexpr std::size_t kBodyChunk = 64 * 1024;
// The size of one piece of a streamed response body.
constexpr std::size_t kStreamChunk = 1024 * 1024;
// File-backed stretches from this size are sent from a mapping of the file.
constexpr std::uint64_t kMappedSend = 1024 * 1024;

// One write: a response head and (a piece of) its body.
struct Wire {
  std::string head;
  std::string body;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : socket_(std::move(socket)),
        shared_(std::move(shared)),
        delay_timer_(socket_.get_executor()),
        idle_timer_(socket_.get_executor()) {}

  void Start() {
    ArmIdleTimer();
    ReadNext();
  }

 private:
  void ReadNext() {
    // A fresh parser per message: limits apply to each request on its own.
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
    // The body limit depends on the handler's admission; Beast would check a
    // Content-Length against its own default while reading the head.
    parser_->body_limit(boost::none);
    bhttp::async_read_header(socket_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               self->OnHeader(ec);
                             });
  }

  // Idle timeout without re-arming a timer per request: the timer fires every
  // idle_timeout and closes the connection if nothing moved since last time
  // (so an idle connection lives between one and two timeouts).
  void ArmIdleTimer() {
    idle_timer_.expires_after(shared_->options.idle_timeout);
    idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->socket_.is_open()) return;
      if (self->activity_ == self->activity_seen_) return self->Close();
      self->activity_seen_ = self->activity_;
      self->ArmIdleTimer();
    });
  }

  // Whether `ec` just means the peer went away (nothing to answer).
  bool Gone(beast::error_code ec) const {
    return ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset || ec == asio::error::eof || !socket_.is_open();
  }

  void OnHeader(beast::error_code ec) {
    ++activity_;
    if (Gone(ec)) return Close();
    if (ec == bhttp::error::header_limit) return RefuseAndClose(431, "Request headers too large");
    if (ec) return RefuseAndClose(400, "Malformed HTTP request: " + ec.message());

    const auto& message = parser_->get();
    aws::HttpRequest head;
    head.method = std::string(message.method_string());
    head.target = std::string(message.target());
    head.headers.reserve(16);
    for (const auto& field : message)
      head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    keep_alive_ = message.keep_alive();
    head_request_ = message.method() == bhttp::verb::head;

    Admission admission = shared_->handler(head);
    if (admission.reply) {
      // Answered before the body: what is left of it is never read, so the
      // connection cannot carry another request.
      if (!parser_->is_done()) {
        keep_alive_ = false;
        body_unread_ = true;
      }
      return Respond(std::move(*admission.reply));
    }
    if (auto length = parser_->content_length(); length && *length > admission.body_limit) {
      body_unread_ = true;
      return RefuseAndClose(413, "Request body too large");
    }
    sink_ = std::move(admission.sink);
    parser_->body_limit(admission.body_limit);  // chunked bodies are checked as they arrive
    // A client that asked to be told first (AWS SDKs do for uploads) waits
    // for this before it sends the body. Also for an empty body: botocore
    // sends Expect with one too and loses track of its connection without
    // the interim answer (boto/botocore#3755).
    auto expect = message.find(bhttp::field::expect);
    if (expect != message.end() && aws::EqualsIgnoreCase(expect->value(), "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(socket_, asio::buffer(kContinue),
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (ec) {
                                   self->sink_->Abort();
                                   return self->Close();
                                 }
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return FinishBody();
    chunk_.resize(kBodyChunk);
    parser_->get().body().data = chunk_.data();
    parser_->get().body().size = chunk_.size();
    // Beast reads as much as the buffer has room for (at least 512 bytes):
    // room for a whole chunk keeps large bodies at a few syscalls per chunk.
    if (buffer_.capacity() - buffer_.size() < kBodyChunk) buffer_.reserve(buffer_.size() + kBodyChunk);
    bhttp::async_read_some(socket_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->OnBody(ec);
                           });
  }

  void OnBody(beast::error_code ec) {
    ++activity_;
    if (ec == bhttp::error::need_buffer) ec = {};  // the chunk is full: hand it over
    if (ec) {
      sink_->Abort();
      sink_.reset();
      if (Gone(ec)) return Close();
      if (ec == bhttp::error::body_limit) return RefuseAndClose(413, "Request body too large");
      return RefuseAndClose(400, "Malformed HTTP request body: " + ec.message());
    }
    std::size_t filled = chunk_.size() - parser_->get().body().size;
    if (filled > 0) {
      if (auto stop = sink_->Append(std::string_view(chunk_.data(), filled))) {
        sink_->Abort();
        sink_.reset();
        keep_alive_ = false;
        body_unread_ = !parser_->is_done();
        return Respond(std::move(*stop));
      }
    }
    ReadBody();
  }

  void FinishBody() {
    // The sink goes before the answer is sent: it may answer later, with
    // nothing of it needed by then.
    std::unique_ptr<BodySink> sink = std::move(sink_);
    sink->Finish([self = shared_from_this()](aws::HttpReply reply) { self->Respond(std::move(reply)); });
  }

  void Respond(aws::HttpReply reply) {
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
    head_request_ = false;
    aws::HttpResponse response;
    response.status = status;
    response.SetHeader("Content-Type", "text/plain");
    response.body = std::move(text) + "\n";
    Write(std::move(response));
  }

  // Serializes the response head by hand into one buffer next to the body:
  // a Beast message would allocate once per header field on every request.
  void Write(aws::HttpResponse response) {
    std::shared_ptr<const aws::BodySource> source = std::move(response.body_source);
    std::uint64_t length = source ? source->size() : response.body.size();
    auto wire = std::make_shared<Wire>();
    std::string& head = wire->head;
    head.reserve(256);
    head += "HTTP/1.1 ";
    head += std::to_string(response.status);
    head += ' ';
    head += bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(response.status)));
    head += "\r\nServer: ";
    head += shared_->options.server_name;
    for (const auto& [name, value] : response.headers) {
      // Framing headers are ours to write.
      if (aws::EqualsIgnoreCase(name, "Content-Length") || aws::EqualsIgnoreCase(name, "Connection"))
        continue;
      head += "\r\n";
      head += name;
      head += ": ";
      head += value;
    }
    // 304 and 204 answers have no body and say nothing about its length.
    if (response.status != 304 && response.status != 204) {
      head += "\r\nContent-Length: ";
      head += std::to_string(length);
    }
    if (!keep_alive_) head += "\r\nConnection: close";
    head += "\r\n\r\n";
    // A response to HEAD describes the body without sending it.
    if (head_request_) return Send(std::move(wire));
    if (!source) {
      wire->body = std::move(response.body);
      return Send(std::move(wire));
    }
    stream_ = std::move(source);
    stream_offset_ = 0;
    stream_length_ = length;
    SendStreamed(std::move(wire));
  }

  // The response head (if not yet sent) and the next piece of a streamed
  // body, read just before it is written: one piece in memory at a time.
  void SendStreamed(std::shared_ptr<Wire> wire) {
    std::uint64_t left = stream_length_ - stream_offset_;
    if (left > 0 && stream_->FileAt(stream_offset_)) {
      // File-backed bytes go by sendfile once the head is out.
      if (wire->head.empty()) return SendFromFile();
      wire->body.clear();
      return asio::async_write(socket_, asio::buffer(wire->head),
                               [self = shared_from_this(), wire](beast::error_code ec, std::size_t) {
                                 ++self->activity_;
                                 if (ec) return self->Close();
                                 self->SendFromFile();
                               });
    }
    if (left > 0) {
      wire->body.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left, kStreamChunk)));
      std::size_t n = 0;
      try {
        n = stream_->Read(stream_offset_, wire->body.data(), wire->body.size());
      } catch (const std::exception&) {
        n = 0;
      }
      // The head promised a length that can no longer be kept: only closing tells.
      if (n == 0) return Close();
      wire->body.resize(n);
      stream_offset_ += n;
    }
    if (stream_offset_ == stream_length_) stream_.reset();
    bool more = stream_ != nullptr;
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(wire->head), asio::buffer(wire->body)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), wire, more](beast::error_code ec, std::size_t) {
                        ++self->activity_;
                        if (ec) return self->Close();
                        if (!more) return self->Written();
                        wire->head.clear();
                        self->SendStreamed(wire);
                      });
  }

  // Streams file-backed body bytes until the socket is full, then waits for
  // it to drain; yields to other connections every few MiB. Large stretches
  // go by send() from a mapped window (see FileWindow), the rest by sendfile.
  void SendFromFile() {
    std::size_t sent_this_turn = 0;
    while (stream_offset_ < stream_length_) {
      auto slice = stream_->FileAt(stream_offset_);
      if (!slice) return SendStreamed(std::make_shared<Wire>());  // not a file here: read and write
      if (!file_.Open(slice->path)) return Close();  // the head promised bytes that cannot come
      if (!socket_.native_non_blocking()) {
        beast::error_code ec;
        socket_.native_non_blocking(true, ec);
        // Room for several calls' worth: fewer wake-ups per GiB.
        socket_.set_option(asio::socket_base::send_buffer_size(8 * 1024 * 1024), ec);
      }
      std::uint64_t left = std::min(slice->length, stream_length_ - stream_offset_);
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kStreamChunk * 4));
      ssize_t n;
      if (left >= kMappedSend) {
        // The window maps up to 16 MiB ahead; each send takes `want` of it.
        std::string_view bytes = file_.Map(slice->offset, left);
        if (bytes.empty()) return Close();
        n = ::send(socket_.native_handle(), bytes.data(), std::min(bytes.size(), want), MSG_NOSIGNAL);
      } else {
        off_t offset = static_cast<off_t>(slice->offset);
        n = ::sendfile(socket_.native_handle(), file_.fd(), &offset, want);
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](beast::error_code wait_ec) {
          if (wait_ec) return self->Close();
          self->SendFromFile();
        });
        return;
      }
      if (n <= 0) return Close();
      ++activity_;
      stream_offset_ += static_cast<std::uint64_t>(n);
      sent_this_turn += static_cast<std::size_t>(n);
      if (sent_this_turn >= 4 * kStreamChunk && stream_offset_ < stream_length_) {
        asio::post(socket_.get_executor(), [self = shared_from_this()] { self->SendFromFile(); });
        return;
      }
    }
    file_.Close();
    stream_.reset();
    Written();
  }

  void Send(std::shared_ptr<Wire> wire) {
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(wire->head), asio::buffer(wire->body)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), wire](beast::error_code ec, std::size_t) {
                        ++self->activity_;
                        if (ec) return self->Close();
                        self->Written();
                      });
  }

  void Written() {
    if (!keep_alive_) return body_unread_ ? CloseAfterAnswer() : Close();
    ReadNext();
  }

  // After an answer sent before the whole request body was read (an error
  // in the middle of an upload): closing at once would make the kernel reset
  // the connection, and a client still sending would see the reset instead
  // of the answer. So the sending side is shut and what the client still
  // sends is read and dropped, up to a limit.
  void CloseAfterAnswer() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    DiscardInput();
  }

  void DiscardInput() {
    constexpr std::uint64_t kDiscardLimit = 64ull * 1024 * 1024;
    chunk_.resize(kBodyChunk);
    socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      ++self->activity_;
      self->discarded_ += n;
      if (ec || self->discarded_ > kDiscardLimit) return self->Close();
      self->DiscardInput();
    });
  }

  void Close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    idle_timer_.cancel();
    delay_timer_.cancel();
    stream_.reset();
    file_.Close();
  }

  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::shared_ptr<Shared> shared_;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser_;
  std::unique_ptr<BodySink> sink_;  // the body of the request being read
  std::string chunk_;               // where the next piece of body is read
  asio::steady_timer delay_timer_;
  asio::steady_timer idle_timer_;
  std::uint64_t activity_ = 0;       // reads and writes completed
  std::uint64_t activity_seen_ = 0;  // activity_ when the idle timer last fired
  aws::HttpResponse pending_;
  std::shared_ptr<const aws::BodySource> stream_;  // the body being streamed, if any
  std::uint64_t stream_offset_ = 0;
  std::uint64_t stream_length_ = 0;
  FileWindow file_;  // the file a streamed body is being sent from
  bool keep_alive_ = true;
  bool head_request_ = false;
  bool body_unread_ = false;        // an answer went before the request body was read
  std::uint64_t discarded_ = 0;    // bytes dropped after such an answer
};

}  // namespace

Admission BufferWholeBody(aws::HttpRequest& head, std::shared_ptr<RequestHandler> handler,
                          std::uint64_t body_limit) {
  Admission admission;
  // Room for the whole body up front, when it says its size and fits.
  if (const std::string* length = head.Header("Content-Length")) {
    unsigned long long n = std::strtoull(length->c_str(), nullptr, 10);
    if (n <= body_limit) head.body.reserve(n);
  }
  admission.sink = std::make_unique<BufferingSink>(std::move(head), std::move(handler));
  admission.body_limit = body_limit;
  return admission;
}

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

HttpServer::HttpServer(asio::io_context& io, StreamingHandler handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(
          io, std::make_shared<Shared>(Shared{std::move(handler), std::move(options)}))) {}

HttpServer::HttpServer(asio::io_context& io, RequestHandler handler, HttpServerOptions options)
    : HttpServer(
          io,
          [whole = std::make_shared<RequestHandler>(std::move(handler)),
           limit = options.body_limit](aws::HttpRequest& head) { return BufferWholeBody(head, whole, limit); },
          options) {}

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
