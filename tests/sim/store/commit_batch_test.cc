// Group commit: writes in a BatchScope stay uncommitted (invisible to a
// second connection) until the batch commits; a write outside any scope
// commits the batch first; answers wait for the commit.

#include "sim/store/commit_batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/store/state_store.h"

namespace sim {
namespace {

const Scope kScope{"111111111111", "eu-west-1"};

class CommitBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("commit-batch-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    store_ = StateStore::OpenDirectory(dir_);
    reader_ = StateStore::OpenDirectory(dir_);  // another connection sees only what is committed
  }
  void TearDown() override {
    store_.reset();
    reader_.reset();
    std::filesystem::remove_all(dir_);
  }
  bool Committed(std::string_view key) { return reader_->Get("t", kScope, key).has_value(); }

  std::filesystem::path dir_;
  std::unique_ptr<StateStore> store_, reader_;
};

TEST_F(CommitBatchTest, BatchedWritesCommitTogetherWhenTheBatchCommits) {
  {
    StateStore::BatchScope scope(*store_);
    store_->Put("t", kScope, "a", "1");
    StateStore::Transaction inner(*store_);  // joins the batch, commits nothing
    store_->Put("t", kScope, "b", "2");
  }
  {
    StateStore::BatchScope scope(*store_);
    store_->Put("t", kScope, "c", "3");
  }
  EXPECT_TRUE(store_->batch_open());
  EXPECT_EQ(store_->Get("t", kScope, "a"), "1");  // the writer sees its own writes
  EXPECT_FALSE(Committed("a"));
  EXPECT_FALSE(Committed("c"));
  EXPECT_EQ(store_->CommitBatch(), std::nullopt);
  EXPECT_FALSE(store_->batch_open());
  EXPECT_TRUE(Committed("a"));
  EXPECT_TRUE(Committed("b"));
  EXPECT_TRUE(Committed("c"));
}

TEST_F(CommitBatchTest, AWriteOutsideTheBatchCommitsItFirst) {
  {
    StateStore::BatchScope scope(*store_);
    store_->Put("t", kScope, "batched", "1");
  }
  store_->Put("t", kScope, "alone", "2");
  EXPECT_FALSE(store_->batch_open());
  EXPECT_TRUE(Committed("batched"));
  EXPECT_TRUE(Committed("alone"));
  {
    StateStore::BatchScope scope(*store_);
    store_->Erase("t", kScope, "alone");
  }
  { StateStore::Transaction transaction(*store_); }
  EXPECT_FALSE(Committed("alone"));
}

TEST_F(CommitBatchTest, AnswersWaitForTheCommitAtTheEndOfTheTurn) {
  std::vector<std::function<void()>> posted;
  int after_commit = 0;
  CommitBatch batch(*store_, [&](std::function<void()> task) { posted.push_back(std::move(task)); },
                    [&](bool committed) { after_commit += committed ? 1 : 100; });
  std::vector<std::string> answered;
  auto answer = [&](std::string name) {
    return [&answered, name](const std::optional<std::string>& error) {
      answered.push_back(error ? "error" : name);
    };
  };
  // Nothing written: answered at once.
  batch.AfterCommit(answer("read"));
  EXPECT_EQ(answered, std::vector<std::string>{"read"});
  EXPECT_TRUE(posted.empty());

  for (std::string key : {"x", "y"}) {
    {
      StateStore::BatchScope scope(*store_);
      store_->Put("t", kScope, key, "v");
    }
    batch.AfterCommit(answer(key));
  }
  batch.AfterCommit(answer("read-after-write"));  // waits too: it may have seen x and y
  EXPECT_EQ(answered.size(), 1u);
  ASSERT_EQ(posted.size(), 1u);  // one commit for the turn
  EXPECT_FALSE(Committed("x"));
  posted[0]();
  EXPECT_TRUE(Committed("x"));
  EXPECT_TRUE(Committed("y"));
  EXPECT_EQ(after_commit, 1);
  EXPECT_EQ(answered, (std::vector<std::string>{"read", "x", "y", "read-after-write"}));
}

TEST_F(CommitBatchTest, DestroyingTheBatchCommitsAndItsPostedTaskDoesNothing) {
  std::vector<std::function<void()>> posted;
  bool answered = false;
  {
    CommitBatch batch(*store_, [&](std::function<void()> task) { posted.push_back(std::move(task)); });
    {
      StateStore::BatchScope scope(*store_);
      store_->Put("t", kScope, "k", "v");
    }
    batch.AfterCommit([&](const std::optional<std::string>&) { answered = true; });
  }
  EXPECT_TRUE(Committed("k"));
  ASSERT_EQ(posted.size(), 1u);
  posted[0]();  // the loop runs it after the batch is gone
  EXPECT_FALSE(answered);
}

}  // namespace
}  // namespace sim
