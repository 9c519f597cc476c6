#include "sim/http/file_window.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace sim::http {

FileWindow::~FileWindow() { Close(); }

bool FileWindow::Open(const std::string& path) {
  if (fd_ >= 0 && path == path_) return true;
  Close();
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return false;
  path_ = path;
  return true;
}

std::string_view FileWindow::Map(std::uint64_t offset, std::uint64_t length) {
  if (fd_ < 0 || length == 0) return {};
  if (!base_ || offset < window_offset_ || offset >= window_offset_ + window_length_) {
    Unmap();
    static const std::uint64_t kPage = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    std::uint64_t start = offset - offset % kPage;
    std::uint64_t span = std::min(window_, offset - start + length);
    // MAP_POPULATE maps the whole window in one call rather than page
    // fault by page fault while the socket copies from it.
    void* base = ::mmap(nullptr, span, PROT_READ, MAP_SHARED | MAP_POPULATE, fd_, static_cast<off_t>(start));
    if (base == MAP_FAILED) return {};
    base_ = base;
    window_offset_ = start;
    window_length_ = span;
  }
  std::uint64_t in_window = window_offset_ + window_length_ - offset;
  return {static_cast<const char*>(base_) + (offset - window_offset_),
          static_cast<std::size_t>(std::min(length, in_window))};
}

void FileWindow::Unmap() {
  if (base_) ::munmap(base_, window_length_);
  base_ = nullptr;
  window_length_ = 0;
}

void FileWindow::Close() {
  Unmap();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  path_.clear();
}

}  // namespace sim::http
