// The HTTP listener on a real loopback socket: streamed bodies arrive in
// bounded pieces, buffered bodies are limited, early answers close the
// connection, keep-alive carries several requests.

#include "sim/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <utility>

namespace sim::http {
namespace {

// Runs a server on 127.0.0.1:<free port> in a thread for one test.
class ServerThread {
 public:
  template <class Handler>
  explicit ServerThread(Handler handler, HttpServerOptions options = {})
      : server_(io_, std::move(handler), options) {
    port_ = server_.Listen("127.0.0.1", 0);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context io_{1};
  HttpServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// A blocking client socket.
class Client {
 public:
  explicit Client(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  }
  ~Client() { close(fd_); }
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Reads one response with a Content-Length body (none for a HEAD request);
  // what arrived when the peer closed first.
  std::string ReadResponse(bool head_request = false) {
    char buf[4096];
    while (true) {
      auto end = in_.find("\r\n\r\n");
      if (end != std::string::npos) {
        auto cl = in_.find("Content-Length: ");
        std::size_t length =
            cl == std::string::npos || cl > end || head_request ? 0 : std::stoul(in_.substr(cl + 16));
        if (in_.size() >= end + 4 + length) {
          // Pipelined responses may arrive together: keep what follows.
          std::string response = in_.substr(0, end + 4 + length);
          in_.erase(0, end + 4 + length);
          return response;
        }
      }
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return std::exchange(in_, {});
      in_.append(buf, static_cast<std::size_t>(n));
    }
  }
  bool PeerClosed() {
    char c;
    return recv(fd_, &c, 1, 0) == 0;
  }

 private:
  int fd_;
  std::string in_;  // received, not yet returned
};

aws::HttpReply Ok(std::string body) {
  aws::HttpReply reply;
  reply.response.body = std::move(body);
  return reply;
}

struct Counts {
  std::uint64_t bytes = 0;
  std::size_t pieces = 0;
  std::size_t largest_piece = 0;
};

class CountingSink : public BodySink {
 public:
  explicit CountingSink(Counts* counts) : counts_(counts) {}
  std::optional<aws::HttpReply> Append(std::string_view bytes) override {
    counts_->bytes += bytes.size();
    counts_->pieces += 1;
    counts_->largest_piece = std::max(counts_->largest_piece, bytes.size());
    return std::nullopt;
  }
  void Finish(Respond respond) override { respond(Ok(std::to_string(counts_->bytes))); }

 private:
  Counts* counts_;
};

TEST(HttpServerTest, StreamedBodyArrivesInBoundedPieces) {
  Counts counts;
  ServerThread server([&](aws::HttpRequest& head) {
    Admission a;
    a.sink = std::make_unique<CountingSink>(&counts);
    a.body_limit = 1ull << 40;
    return a;
  });
  Client client(server.port());
  const std::uint64_t total = 96ull * 1024 * 1024;  // larger than the buffered limit
  ASSERT_TRUE(client.Send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(total) +
                          "\r\n\r\n"));
  std::string block(1 << 20, 'a');
  for (std::uint64_t sent = 0; sent < total; sent += block.size()) ASSERT_TRUE(client.Send(block));
  std::string response = client.ReadResponse();
  EXPECT_NE(response.find("200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\n\r\n" + std::to_string(total)), std::string::npos);
  EXPECT_EQ(counts.bytes, total);
  EXPECT_GT(counts.pieces, 1000u);
  EXPECT_LE(counts.largest_piece, 64u * 1024);
}

TEST(HttpServerTest, BufferedBodyOverTheLimitIs413AndServerKeepsServing) {
  HttpServerOptions options;
  options.body_limit = 1024;
  ServerThread server(RequestHandler([](aws::HttpRequest& r) { return Ok("got " + std::to_string(r.body.size())); }),
                      options);
  {
    Client client(server.port());
    ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'x')));
    EXPECT_NE(client.ReadResponse().find("413"), std::string::npos);
  }
  Client again(server.port());
  ASSERT_TRUE(again.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
  EXPECT_NE(again.ReadResponse().find("got 5"), std::string::npos);
}

TEST(HttpServerTest, KeepAliveCarriesSeveralRequestsAndHeadHasNoBody) {
  ServerThread server(RequestHandler([](aws::HttpRequest& r) { return Ok(r.method + " " + r.body); }));
  Client client(server.port());
  ASSERT_TRUE(client.Send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                          "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo"));
  EXPECT_NE(client.ReadResponse().find("POST one"), std::string::npos);
  EXPECT_NE(client.ReadResponse().find("POST two"), std::string::npos);
  ASSERT_TRUE(client.Send("HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string head = client.ReadResponse(/*head_request=*/true);
  EXPECT_NE(head.find("Content-Length: 5"), std::string::npos);  // "HEAD "
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
}

// Answers after Finish has returned, from a later turn of the loop (as S3
// does after its group commit); the connection then carries the next request.
TEST(HttpServerTest, SinkCanAnswerLaterAndTheConnectionGoesOn) {
  class Later : public BodySink {
   public:
    Later(boost::asio::io_context& io, std::string path) : io_(io), path_(std::move(path)) {}
    std::optional<aws::HttpReply> Append(std::string_view bytes) override {
      body_.append(bytes);
      return std::nullopt;
    }
    void Finish(Respond respond) override {
      boost::asio::post(io_, [respond = std::move(respond), text = path_ + " " + body_] { respond(Ok(text)); });
    }

   private:
    boost::asio::io_context& io_;
    std::string path_, body_;
  };
  boost::asio::io_context* io = nullptr;
  ServerThread server([&io](aws::HttpRequest& head) {
    Admission a;
    a.sink = std::make_unique<Later>(*io, head.target);
    a.body_limit = 1 << 20;
    return a;
  });
  io = &server.io();
  Client client(server.port());
  ASSERT_TRUE(client.Send("PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"));
  EXPECT_NE(client.ReadResponse().find("/a one"), std::string::npos);
  ASSERT_TRUE(client.Send("PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo"));
  EXPECT_NE(client.ReadResponse().find("/b two"), std::string::npos);
}

struct TwoFiles : aws::BodySource {
  std::filesystem::path dir;
  static constexpr std::uint64_t kFirst = (3 << 20) + 5, kFirstAt = 4097, kSecond = 1000, kSecondAt = 10;
  std::uint64_t size() const override { return kFirst + kSecond; }
  std::size_t Read(std::uint64_t, char*, std::size_t) const override { throw std::runtime_error("not here"); }
  std::optional<FileSlice> FileAt(std::uint64_t offset) const override {
    if (offset < kFirst) return FileSlice{(dir / "one").string(), kFirstAt + offset, kFirst - offset};
    return FileSlice{(dir / "two").string(), kSecondAt + offset - kFirst, size() - offset};
  }
};

// A body that lies in two files: 3 MiB + 5 bytes of the first from an
// unaligned offset (sent from a mapping), then 1000 bytes of the second
// (sent by sendfile).
TEST(HttpServerTest, FileBackedBodyArrivesByteForByte) {
  auto dir = std::filesystem::temp_directory_path() / ("http-server-files-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string first(4 << 20, '\0'), second(4096, '\0');
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = static_cast<char>(i * 7 + i / 4096);
  for (std::size_t i = 0; i < second.size(); ++i) second[i] = static_cast<char>(i * 13);
  std::ofstream(dir / "one", std::ios::binary) << first;
  std::ofstream(dir / "two", std::ios::binary) << second;

  auto source = std::make_shared<TwoFiles>();
  source->dir = dir;
  ServerThread server(RequestHandler([source](aws::HttpRequest&) {
    aws::HttpReply reply;
    reply.response.body_source = source;
    return reply;
  }));
  Client client(server.port());
  for (int round = 0; round < 2; ++round) {  // the connection goes on after a streamed body
    ASSERT_TRUE(client.Send("GET /f HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string response = client.ReadResponse();
    std::string body = response.substr(response.find("\r\n\r\n") + 4);
    ASSERT_EQ(body.size(), TwoFiles::kFirst + TwoFiles::kSecond);
    EXPECT_TRUE(body.substr(0, TwoFiles::kFirst) == first.substr(TwoFiles::kFirstAt, TwoFiles::kFirst));
    EXPECT_TRUE(body.substr(TwoFiles::kFirst) == second.substr(TwoFiles::kSecondAt, TwoFiles::kSecond));
  }
  std::filesystem::remove_all(dir);
}

TEST(HttpServerTest, EarlyAnswerClosesTheConnection) {
  ServerThread server([](aws::HttpRequest& head) {
    Admission a;
    aws::HttpReply refused;
    refused.response.status = 403;
    a.reply = std::move(refused);
    return a;
  });
  Client client(server.port());
  ASSERT_TRUE(client.Send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
  std::string response = client.ReadResponse();
  EXPECT_NE(response.find("403"), std::string::npos);
  EXPECT_NE(response.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(client.PeerClosed());
}

TEST(HttpServerTest, SinkCanStopAnUpload) {
  class Refusing : public BodySink {
   public:
    std::optional<aws::HttpReply> Append(std::string_view) override {
      aws::HttpReply r;
      r.response.status = 400;
      return r;
    }
    void Finish(Respond respond) override { respond(Ok("unreachable")); }
  };
  ServerThread server([](aws::HttpRequest&) {
    Admission a;
    a.sink = std::make_unique<Refusing>();
    a.body_limit = 1 << 20;
    return a;
  });
  Client client(server.port());
  ASSERT_TRUE(client.Send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"));
  EXPECT_NE(client.ReadResponse().find("400"), std::string::npos);
  EXPECT_TRUE(client.PeerClosed());
}

}  // namespace
}  // namespace sim::http
