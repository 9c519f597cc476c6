#include "sim/simctl/admin_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

namespace sim::simctl {

std::filesystem::path RunFilePath(const std::filesystem::path& state_dir) {
  return state_dir / "simctl.json";
}

void WriteRunFile(const std::filesystem::path& state_dir, const RunInfo& info) {
  std::filesystem::create_directories(state_dir);
  std::ofstream out(RunFilePath(state_dir));
  out << nlohmann::json{{"pid", info.pid}, {"host", info.host}, {"port", info.port}}.dump() << "\n";
}

std::optional<RunInfo> ReadRunFile(const std::filesystem::path& state_dir) {
  std::ifstream in(RunFilePath(state_dir));
  if (!in) return std::nullopt;
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return RunInfo{j.value("pid", 0), j.value("host", std::string("127.0.0.1")), j.value("port", 0)};
}

void RemoveRunFile(const std::filesystem::path& state_dir) {
  std::error_code ec;
  std::filesystem::remove(RunFilePath(state_dir), ec);
}

Result<AdminResponse> AdminRequest(const std::string& host, int port, const std::string& method,
                                   const std::string& target, const std::string& body) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    return MakeError("BadAddress", "not an IPv4 address: " + host);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return MakeError("SocketError", std::strerror(errno));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = std::strerror(errno);
    close(fd);
    return MakeError("NotRunning", "no sim answers on " + host + ":" + std::to_string(port) + " (" + why + ")");
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" +
                        "Connection: close\r\nContent-Type: application/json\r\n" +
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return MakeError("SocketError", "sending to the sim failed");
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[16384];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<std::size_t>(n));
  close(fd);
  auto header_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || header_end == std::string::npos)
    return MakeError("BadResponse", "the sim sent no valid HTTP response");
  AdminResponse response;
  response.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  response.body = raw.substr(header_end + 4);
  return response;
}

}  // namespace sim::simctl
