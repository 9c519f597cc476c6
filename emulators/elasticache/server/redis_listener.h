#pragma once
// A loopback TCP endpoint serving one RedisInstance with RESP: each accepted
// socket gets a Session; bytes read are fed to it and its replies written
// back, with published messages and unblocked commands flushed as they
// appear. A replication group's primary and reader endpoints are two
// listeners on one instance (the reader refuses writes). Asio stays inside
// redis_listener.cc.

#include <cstdint>
#include <memory>
#include <string>

#include "emulators/elasticache/server/redis_instance.h"

namespace boost::asio {
class io_context;
}

namespace sim::elasticache::redis {

class RedisListener {
 public:
  RedisListener(boost::asio::io_context& io, RedisInstance* instance, bool read_only);
  // Closes the acceptor and every connection.
  ~RedisListener();
  RedisListener(const RedisListener&) = delete;
  RedisListener& operator=(const RedisListener&) = delete;

  // Binds host:port (0 picks a free port) and starts accepting. Returns the
  // bound port; throws std::runtime_error naming the address on failure.
  std::uint16_t Listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const;
  // Drops every open connection (a node failing); the listener keeps accepting.
  void CloseConnections();
  std::size_t connection_count() const;

  struct State;  // defined in redis_listener.cc

 private:
  std::shared_ptr<State> state_;
};

}  // namespace sim::elasticache::redis
