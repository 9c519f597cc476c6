#pragma once
// Group commit for the request handlers of one event loop. The writes of the
// requests finished in one turn of the loop share one SQLite commit, and
// their answers are released after it. A 4 KiB PutObject alone would pay a
// whole commit: WAL frames for the same few B-tree pages, file locks, a
// checkpoint every so often. An answer still never leaves before the write
// it acknowledges is committed, so it survives a kill -9 as before.
//
// Use: run the request's writes inside a StateStore::BatchScope, then hand
// its answer to AfterCommit.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sim {

class StateStore;

class CommitBatch {
 public:
  // Runs a task once the loop has run the handlers that are ready now
  // (asio::post on a one-thread io_context).
  using Post = std::function<void(std::function<void()>)>;
  // `error` is empty when the commit succeeded.
  using Answer = std::function<void(const std::optional<std::string>& error)>;

  // `after_commit(committed)` runs after each commit, before the answers
  // (S3 removes the bytes the committed writes released, or, when the commit
  // failed, keeps them: the database may still name them).
  CommitBatch(StateStore& store, Post post, std::function<void(bool committed)> after_commit = {});
  // Commits what is open; answers not yet given are dropped (the loop stops).
  ~CommitBatch();
  CommitBatch(const CommitBatch&) = delete;
  CommitBatch& operator=(const CommitBatch&) = delete;

  // Calls `answer` once the writes made so far are committed: at once when
  // nothing is pending (no batch or Transaction open, no answer waiting),
  // otherwise at the end of the loop's turn.
  void AfterCommit(Answer answer);

 private:
  void Flush();

  StateStore& store_;
  Post post_;
  std::function<void(bool committed)> after_commit_;
  std::vector<Answer> waiting_;
  bool flush_posted_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace sim
