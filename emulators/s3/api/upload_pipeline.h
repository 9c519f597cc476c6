#pragma once
// Runs the per-byte work of a large upload (SHA-256, aws-chunked decoding,
// MD5 for the ETag, the checksum, the write to the blob) on a worker thread,
// while the event loop goes on reading the socket: one core hashes while the
// other receives, instead of one doing both. Only the upload's own reader and
// blob writer are touched on the worker; no emulator state is.
//
// Bounded: Push waits while `max_queued` bytes are pending, so a client
// faster than the hashing cannot grow memory.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sim::s3 {

class UploadPipeline {
 public:
  using Work = std::function<void(std::string_view bytes)>;

  explicit UploadPipeline(Work work, std::size_t max_queued = 8 * 1024 * 1024);
  // Stops the worker, dropping whatever is still queued.
  ~UploadPipeline();
  UploadPipeline(const UploadPipeline&) = delete;
  UploadPipeline& operator=(const UploadPipeline&) = delete;

  // Queues a copy of `bytes`. Rethrows the first exception the work threw.
  void Push(std::string_view bytes);
  // Waits until the work has taken everything queued; rethrows its first exception.
  void Drain();

 private:
  void Run();
  void RethrowLocked();

  Work work_;
  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  std::vector<std::string> spare_;  // buffers to reuse
  std::size_t queued_bytes_ = 0;
  bool busy_ = false;  // the worker is inside work_
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace sim::s3
