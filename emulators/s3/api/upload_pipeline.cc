#include "emulators/s3/api/upload_pipeline.h"

namespace sim::s3 {

UploadPipeline::UploadPipeline(Work work, std::size_t max_queued)
    : work_(std::move(work)), max_queued_(max_queued), worker_([this] { Run(); }) {}

UploadPipeline::~UploadPipeline() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void UploadPipeline::RethrowLocked() {
  if (error_) std::rethrow_exception(error_);
}

void UploadPipeline::Push(std::string_view bytes) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return queued_bytes_ < max_queued_ || error_; });
  RethrowLocked();
  std::string buffer;
  if (!spare_.empty()) {
    buffer = std::move(spare_.back());
    spare_.pop_back();
  }
  buffer.assign(bytes);
  queued_bytes_ += buffer.size();
  queue_.push_back(std::move(buffer));
  lock.unlock();
  changed_.notify_all();
}

void UploadPipeline::Drain() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
  RethrowLocked();
}

void UploadPipeline::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (stopping_) return;
    std::string buffer = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      work_(buffer);
    } catch (...) {
      failed = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    queued_bytes_ -= buffer.size();
    spare_.push_back(std::move(buffer));
    if (failed && !error_) error_ = failed;
    changed_.notify_all();
    if (error_) {
      // Nothing after a failure is worth the work.
      for (auto& rest : queue_) queued_bytes_ -= rest.size();
      queue_.clear();
    }
  }
}

}  // namespace sim::s3
