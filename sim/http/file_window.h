#pragma once
// The file a streamed response body is being sent from: kept open between
// sends, and for large stretches mapped a window at a time so the server can
// send() straight from the page cache. On this kernel that moves about twice
// the bytes per second sendfile does over loopback (sendfile hands the socket
// one 4 KiB page fragment at a time; send copies into full-sized buffers).
// Only for files that never change once written (S3's blobs): a mapping of a
// file truncated underneath would fault.

#include <cstdint>
#include <string>
#include <string_view>

namespace sim::http {

class FileWindow {
 public:
  // Mapped pages count in the process's RSS: 16 MiB was as fast as 64 MiB
  // here (bench/RESULTS.md, S3 1 GiB GET).
  static constexpr std::uint64_t kDefaultWindow = 16ull * 1024 * 1024;
  explicit FileWindow(std::uint64_t window = kDefaultWindow) : window_(window) {}
  ~FileWindow();
  FileWindow(const FileWindow&) = delete;
  FileWindow& operator=(const FileWindow&) = delete;

  // Opens `path` unless it is the file already open. False when it cannot be.
  bool Open(const std::string& path);
  int fd() const { return fd_; }

  // Up to `length` bytes of the open file from `offset`, mapped (a new window
  // of at most `window` bytes when the current one does not hold `offset`).
  // Empty when the mapping fails.
  std::string_view Map(std::uint64_t offset, std::uint64_t length);

  void Close();

 private:
  void Unmap();

  std::uint64_t window_;
  int fd_ = -1;
  std::string path_;
  void* base_ = nullptr;          // the mapped window, or null
  std::uint64_t window_offset_ = 0;  // in the file, page aligned
  std::uint64_t window_length_ = 0;
};

}  // namespace sim::http
