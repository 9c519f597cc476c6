#include "sim/store/commit_batch.h"

#include "sim/store/state_store.h"

namespace sim {

CommitBatch::CommitBatch(StateStore& store, Post post, std::function<void(bool committed)> after_commit)
    : store_(store), post_(std::move(post)), after_commit_(std::move(after_commit)) {}

CommitBatch::~CommitBatch() { store_.CommitBatch(); }

void CommitBatch::AfterCommit(Answer answer) {
  if (!store_.in_transaction() && waiting_.empty()) return answer(std::nullopt);
  waiting_.push_back(std::move(answer));
  if (flush_posted_) return;
  flush_posted_ = true;
  // The loop may outlive this batch (shutdown): the task checks it still is.
  post_([this, alive = std::weak_ptr<int>(alive_)] {
    if (!alive.expired()) Flush();
  });
}

void CommitBatch::Flush() {
  flush_posted_ = false;
  std::optional<std::string> error = store_.CommitBatch();
  if (after_commit_) after_commit_(!error.has_value());
  std::vector<Answer> waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& answer : waiting) answer(error);
}

}  // namespace sim
