#include "emulators/s3/storage/blob_store.h"

#include "sim/store/state_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sim::s3 {
namespace {

namespace fs = std::filesystem;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("blob-store-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::size_t FilesUnder(const std::string& sub) const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / sub))
      if (e.is_regular_file()) ++n;
    return n;
  }

  std::string ReadAll(const Blob& blob) const {
    std::string out(blob.size(), '\0');
    EXPECT_EQ(blob.Read(0, out.data(), out.size()), out.size());
    return out;
  }

  // Big enough to get a file of its own.
  static std::string Big(char c) { return std::string(kInlineBlobSize + 1, c); }

  fs::path dir_;
  std::unique_ptr<StateStore> documents_ = StateStore::OpenInMemory();
};

TEST_F(BlobStoreTest, CommittedBytesReadBackAndGoWithTheLastReference) {
  auto store = BlobStore::OpenDirectory(dir_, *documents_);
  auto writer = store->NewWriter();
  writer->Append("hello ");
  writer->Append(Big('w'));
  EXPECT_EQ(FilesUnder("incoming"), 1u);
  BlobRef blob = writer->Commit();
  EXPECT_EQ(FilesUnder("incoming"), 0u);
  EXPECT_EQ(FilesUnder("blobs"), 1u);
  EXPECT_EQ(ReadAll(*blob), "hello " + Big('w'));
  char part[5];
  EXPECT_EQ(blob->Read(6, part, 5), 5u);
  EXPECT_EQ(std::string(part, 5), "wwwww");
  EXPECT_EQ(blob->Read(blob->size(), part, 5), 0u);
  BlobRef second = blob;
  blob.reset();
  EXPECT_EQ(FilesUnder("blobs"), 1u);  // still referenced
  second.reset();
  // The bytes wait for RemoveReleased: metadata that stopped naming them commits first.
  EXPECT_EQ(FilesUnder("blobs"), 1u);
  store->RemoveReleased();
  EXPECT_EQ(FilesUnder("blobs"), 0u);
}

TEST_F(BlobStoreTest, AnUncommittedWriterLeavesNothing) {
  auto store = BlobStore::OpenDirectory(dir_, *documents_);
  {
    auto writer = store->NewWriter();
    writer->Append(std::string(100000, 'x'));
  }
  EXPECT_EQ(FilesUnder("incoming"), 0u);
  EXPECT_EQ(FilesUnder("blobs"), 0u);
}

TEST_F(BlobStoreTest, ReopeningKeepsNamedBlobsAndRemovesOrphansAndLeftovers) {
  std::string kept_id, orphan_id;
  {
    auto store = BlobStore::OpenDirectory(dir_, *documents_);
    auto a = store->NewWriter();
    a->Append(Big('k'));
    BlobRef kept = a->Commit();
    auto b = store->NewWriter();
    b->Append(Big('o'));
    BlobRef orphan = b->Commit();
    kept_id = kept->id();
    orphan_id = orphan->id();
    store->KeepOnRelease();  // shutting down: nothing is deleted
  }
  std::ofstream(dir_ / "incoming" / "ffffffffffffffff") << "a crashed upload";
  EXPECT_EQ(FilesUnder("blobs"), 2u);

  auto store = BlobStore::OpenDirectory(dir_, *documents_);
  EXPECT_EQ(FilesUnder("incoming"), 0u);
  BlobRef kept = store->Find(kept_id);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(store->Find(kept_id), kept);  // one object per blob
  store->RemoveUnreferenced();
  EXPECT_EQ(FilesUnder("blobs"), 1u);
  EXPECT_EQ(store->Find(orphan_id), nullptr);
  EXPECT_EQ(ReadAll(*kept), Big('k'));
  EXPECT_EQ(store->Find("../../etc/passwd"), nullptr);
  // New ids never reuse stored ones.
  auto writer = store->NewWriter();
  writer->Append("new");
  BlobRef fresh = writer->Commit();
  EXPECT_GT(fresh->id(), kept_id);
}

TEST_F(BlobStoreTest, SmallBlobsLiveInTheStateStoreAndFollowTheSameRules) {
  std::string kept_id, orphan_id;
  {
    auto store = BlobStore::OpenDirectory(dir_, *documents_);
    auto a = store->NewWriter();
    a->Append("small ");
    a->Append("kept");
    BlobRef kept = a->Commit();
    auto b = store->NewWriter();
    b->Append("orphan");
    BlobRef orphan = b->Commit();
    EXPECT_EQ(FilesUnder("blobs") + FilesUnder("incoming"), 0u);
    EXPECT_EQ(ReadAll(*kept), "small kept");
    EXPECT_EQ(documents_->KeySizes("s3-small-blobs", {"", ""}).size(), 2u);
    kept_id = kept->id();
    orphan_id = orphan->id();
    store->KeepOnRelease();
  }
  auto store = BlobStore::OpenDirectory(dir_, *documents_);
  BlobRef kept = store->Find(kept_id);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->size(), 10u);
  store->RemoveUnreferenced();
  EXPECT_EQ(store->Find(orphan_id), nullptr);
  EXPECT_EQ(documents_->KeySizes("s3-small-blobs", {"", ""}).size(), 1u);
  EXPECT_EQ(ReadAll(*kept), "small kept");
  auto writer = store->NewWriter();
  writer->Append("x");
  EXPECT_GT(writer->Commit()->id(), orphan_id);  // ids continue after the small ones too
  kept.reset();
  // Both released ("x" went with its temporary reference); rows stay until RemoveReleased.
  EXPECT_EQ(documents_->KeySizes("s3-small-blobs", {"", ""}).size(), 2u);
  store->RemoveReleased();
  EXPECT_TRUE(documents_->KeySizes("s3-small-blobs", {"", ""}).empty());
}

TEST(MemoryBlobStoreTest, FindsLiveBlobsOnly) {
  auto store = BlobStore::InMemory();
  auto writer = store->NewWriter();
  writer->Append("abc");
  BlobRef blob = writer->Commit();
  std::string id = blob->id();
  EXPECT_EQ(store->Find(id), blob);
  blob.reset();
  EXPECT_EQ(store->Find(id), nullptr);
}

}  // namespace
}  // namespace sim::s3
