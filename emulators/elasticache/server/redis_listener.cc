#include "emulators/elasticache/server/redis_listener.h"

#include <array>
#include <stdexcept>
#include <unordered_set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "emulators/elasticache/server/session.h"

namespace sim::elasticache::redis {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Stop reading from a client whose unsent replies pass this, until they drain
// (Redis's client-output-buffer-limit protects the server the same way).
constexpr std::size_t kOutputHighWater = 64 * 1024 * 1024;

std::string Address(const tcp::endpoint& endpoint) {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

struct Connection;

struct RedisListener::State {
  State(asio::io_context& io_context, RedisInstance* inst, bool ro)
      : io(io_context), acceptor(io_context), instance(inst), read_only(ro) {}
  asio::io_context& io;
  tcp::acceptor acceptor;
  RedisInstance* instance;
  bool read_only;
  std::unordered_set<std::shared_ptr<Connection>> connections;
};

struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket s, std::weak_ptr<RedisListener::State> owner)
      : socket(std::move(s)), listener(std::move(owner)) {}

  void Start(RedisInstance* instance, bool read_only) {
    boost::system::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    socket.non_blocking(true, ec);  // Flush writes without blocking
    SessionOptions options;
    options.read_only = read_only;
    auto peer = socket.remote_endpoint(ec);
    if (!ec) options.peer_address = Address(peer);
    auto local = socket.local_endpoint(ec);
    if (!ec) options.local_address = Address(local);
    std::weak_ptr<Connection> weak = weak_from_this();
    session = std::make_unique<Session>(instance, std::move(options), [weak] {
      if (auto self = weak.lock()) self->Flush();
    });
    Read();
  }

  void Read() {
    if (closed || reading) return;
    reading = true;
    socket.async_read_some(asio::buffer(buffer),
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                             self->reading = false;
                             if (ec || self->closed) return self->Close();
                             self->session->Feed(std::string_view(self->buffer.data(), n));
                             self->Flush();
                             if (self->session && self->session->output_bytes() < kOutputHighWater)
                               self->Read();
                           });
  }

  void Flush() {
    if (closed || writing || !session) return;
    if (!session->has_output()) {
      // Close after the last reply went out (QUIT, protocol error, KILL);
      // posted so a session never dies inside its own call.
      if (session->closing()) asio::post(socket.get_executor(), [self = shared_from_this()] { self->Close(); });
      return;
    }
    pending = session->TakeOutput();
    // Replies usually fit the socket buffer: send them now, and only fall
    // back to an asynchronous write (and its completion) for the rest.
    boost::system::error_code ec;
    std::size_t sent = socket.write_some(asio::buffer(pending), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      sent = 0;
      ec.clear();
    }
    if (ec) return Close();
    if (sent == pending.size()) {
      pending.clear();
      AfterWrite();
      return;
    }
    pending.erase(0, sent);
    writing = true;
    asio::async_write(socket, asio::buffer(pending),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        self->writing = false;
                        if (ec) return self->Close();
                        self->pending.clear();
                        self->AfterWrite();
                      });
  }

  // More output may have appeared meanwhile; a reader paused for a full
  // output buffer resumes.
  void AfterWrite() {
    if (closed || !session) return;
    if (session->has_output() || session->closing()) return Flush();
    if (!reading) Read();
  }

  void Close() {
    if (closed) return;
    closed = true;
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    session.reset();
    if (auto owner = listener.lock()) owner->connections.erase(shared_from_this());
  }

  tcp::socket socket;
  std::weak_ptr<RedisListener::State> listener;
  std::unique_ptr<Session> session;
  std::array<char, 16 * 1024> buffer{};
  std::string pending;
  bool reading = false;
  bool writing = false;
  bool closed = false;
};

namespace {

void Accept(const std::shared_ptr<RedisListener::State>& state) {
  std::weak_ptr<RedisListener::State> weak = state;
  state->acceptor.async_accept([weak](boost::system::error_code ec, tcp::socket socket) {
    auto state = weak.lock();
    if (!state || !state->acceptor.is_open()) return;
    if (!ec) {
      auto connection = std::make_shared<Connection>(std::move(socket), weak);
      state->connections.insert(connection);
      connection->Start(state->instance, state->read_only);
    }
    Accept(state);
  });
}

}  // namespace

RedisListener::RedisListener(asio::io_context& io, RedisInstance* instance, bool read_only)
    : state_(std::make_shared<State>(io, instance, read_only)) {}

RedisListener::~RedisListener() {
  boost::system::error_code ec;
  state_->acceptor.close(ec);
  CloseConnections();
}

std::uint16_t RedisListener::Listen(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("invalid listen address " + host);
  tcp::endpoint endpoint(address, port);
  tcp::acceptor& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
  Accept(state_);
  return acceptor.local_endpoint().port();
}

std::uint16_t RedisListener::port() const {
  boost::system::error_code ec;
  auto endpoint = state_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void RedisListener::CloseConnections() {
  auto connections = state_->connections;  // Close() edits the set
  for (const auto& connection : connections) connection->Close();
}

std::size_t RedisListener::connection_count() const { return state_->connections.size(); }

}  // namespace sim::elasticache::redis
