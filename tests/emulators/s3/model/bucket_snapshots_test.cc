#include "emulators/s3/model/bucket_snapshots.h"

#include <gtest/gtest.h>

namespace sim::s3 {
namespace {

const Scope kScope{"000000000000", "eu-west-1"};

class BucketSnapshotsTest : public ::testing::Test {
 protected:
  BucketSnapshotsTest()
      : documents_(StateStore::OpenInMemory()),
        blobs_(BlobStore::InMemory()),
        store_(*documents_, *blobs_),
        snapshots_(*documents_, store_) {
    Bucket b;
    b.name = "data";
    b.scope = kScope;
    b.versioning = "Enabled";
    b.configs["tagging"] = "<Tagging/>";
    store_.AddBucket(std::move(b));
  }

  void Put(const std::string& key, const std::string& version_id, const std::string& bytes) {
    Bucket& b = *store_.FindBucket("data");
    auto writer = blobs_->NewWriter();
    writer->Append(bytes);
    ObjectVersion v;
    v.version_id = version_id;
    v.body = ObjectBody::Whole(writer->Commit());
    v.seq = b.next_seq++;
    v.tags = {{"k", version_id}};
    auto& versions = b.objects[key].versions;
    versions.insert(versions.begin(), v);
    store_.SaveVersion(b, key, v);
  }

  std::unique_ptr<StateStore> documents_;
  std::unique_ptr<BlobStore> blobs_;
  S3Store store_;
  BucketSnapshots snapshots_;
};

TEST_F(BucketSnapshotsTest, RestoreBringsBackEveryVersionWithTheSameBytes) {
  Put("a", "a1", "first");
  Put("a", "a2", "second");
  Put("b", "b1", "bee");
  auto snapshot = snapshots_.Take(kScope, "data", TimePoint(), "snap-1");
  ASSERT_TRUE(snapshot.ok());

  // Everything changes after the snapshot; the old bodies are only referenced by it.
  Bucket& b = *store_.FindBucket("data");
  b.objects.clear();
  b.versioning = "Suspended";
  Put("c", "c1", "later");

  ASSERT_TRUE(snapshots_.Restore(kScope, *snapshot, "").ok());
  Bucket& restored = *store_.FindBucket("data");
  EXPECT_EQ(restored.versioning, "Enabled");
  EXPECT_EQ(restored.configs.at("tagging"), "<Tagging/>");
  ASSERT_EQ(restored.objects.size(), 2u);
  const auto& versions = restored.objects.at("a").versions;
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version_id, "a2");
  EXPECT_EQ(versions[0].body->ReadAll(), "second");
  EXPECT_EQ(versions[1].body->ReadAll(), "first");
  EXPECT_EQ(versions[1].tags, (Pairs{{"k", "a1"}}));
  EXPECT_EQ(restored.objects.at("b").versions[0].body->ReadAll(), "bee");
}

TEST_F(BucketSnapshotsTest, RestoreIntoANewBucketAndReleaseFreesTheBytes) {
  Put("a", "a1", "bytes");
  auto snapshot = snapshots_.Take(kScope, "data", TimePoint(), "snap-2");
  ASSERT_TRUE(snapshot.ok());
  ASSERT_TRUE(snapshots_.Restore(kScope, *snapshot, "copy").ok());
  EXPECT_EQ(store_.FindBucket("copy")->objects.at("a").versions[0].body->ReadAll(), "bytes");

  std::string blob_id = store_.FindBucket("data")->objects.at("a").versions[0].body->pieces()[0].blob->id();
  store_.RemoveBucket("data");
  store_.RemoveBucket("copy");
  EXPECT_NE(blobs_->Find(blob_id), nullptr);  // the snapshot keeps the body
  ASSERT_TRUE(snapshots_.Release("snap-2").ok());
  EXPECT_EQ(blobs_->Find(blob_id), nullptr);
  EXPECT_FALSE(snapshots_.Restore(kScope, *snapshot, "").ok());
  EXPECT_FALSE(snapshots_.Take(kScope, "missing", TimePoint(), "snap-3").ok());
}

}  // namespace
}  // namespace sim::s3
