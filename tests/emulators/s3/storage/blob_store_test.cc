#include "emulators/s3/storage/blob_store.h"

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

  fs::path dir_;
};

TEST_F(BlobStoreTest, CommittedBytesReadBackAndGoWithTheLastReference) {
  auto store = BlobStore::OpenDirectory(dir_);
  auto writer = store->NewWriter();
  writer->Append("hello ");
  writer->Append("world");
  EXPECT_EQ(FilesUnder("incoming"), 1u);
  BlobRef blob = writer->Commit();
  EXPECT_EQ(FilesUnder("incoming"), 0u);
  EXPECT_EQ(FilesUnder("blobs"), 1u);
  EXPECT_EQ(ReadAll(*blob), "hello world");
  char part[5];
  EXPECT_EQ(blob->Read(6, part, 5), 5u);
  EXPECT_EQ(std::string(part, 5), "world");
  EXPECT_EQ(blob->Read(11, part, 5), 0u);
  BlobRef second = blob;
  blob.reset();
  EXPECT_EQ(FilesUnder("blobs"), 1u);  // still referenced
  second.reset();
  EXPECT_EQ(FilesUnder("blobs"), 0u);
}

TEST_F(BlobStoreTest, AnUncommittedWriterLeavesNothing) {
  auto store = BlobStore::OpenDirectory(dir_);
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
    auto store = BlobStore::OpenDirectory(dir_);
    auto a = store->NewWriter();
    a->Append("kept");
    BlobRef kept = a->Commit();
    auto b = store->NewWriter();
    b->Append("orphan");
    BlobRef orphan = b->Commit();
    kept_id = kept->id();
    orphan_id = orphan->id();
    store->KeepOnRelease();  // shutting down: nothing is deleted
  }
  std::ofstream(dir_ / "incoming" / "ffffffffffffffff") << "a crashed upload";
  EXPECT_EQ(FilesUnder("blobs"), 2u);

  auto store = BlobStore::OpenDirectory(dir_);
  EXPECT_EQ(FilesUnder("incoming"), 0u);
  BlobRef kept = store->Find(kept_id);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(store->Find(kept_id), kept);  // one object per blob
  store->RemoveUnreferenced();
  EXPECT_EQ(FilesUnder("blobs"), 1u);
  EXPECT_EQ(store->Find(orphan_id), nullptr);
  EXPECT_EQ(ReadAll(*kept), "kept");
  EXPECT_EQ(store->Find("../../etc/passwd"), nullptr);
  // New ids never reuse stored ones.
  auto writer = store->NewWriter();
  writer->Append("new");
  BlobRef fresh = writer->Commit();
  EXPECT_GT(fresh->id(), kept_id);
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
