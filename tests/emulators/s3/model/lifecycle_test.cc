#include "emulators/s3/model/lifecycle.h"

#include <gtest/gtest.h>

namespace sim::s3 {
namespace {

using std::chrono::hours;

// 2026-03-10T15:00:00Z
const TimePoint kStart = TimePoint(std::chrono::seconds(1773154800));

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest() : documents_(StateStore::OpenInMemory()), blobs_(BlobStore::InMemory()), store_(*documents_, *blobs_) {
    Bucket b;
    b.name = "lc";
    b.scope = {"000000000000", "eu-west-1"};
    b.created = kStart;
    bucket_ = &store_.AddBucket(std::move(b));
  }

  void Put(const std::string& key, TimePoint at, std::string version_id = "null") {
    ObjectVersion v;
    v.version_id = std::move(version_id);
    v.body = ObjectBody::Empty();
    v.last_modified = at;
    v.seq = bucket_->next_seq++;
    auto& versions = bucket_->objects[key].versions;
    versions.insert(versions.begin(), v);
    store_.SaveVersion(*bucket_, key, v);
  }

  std::vector<LifecycleAction> Run(TimePoint now) {
    int n = 0;
    return ApplyLifecycle(store_, *bucket_, now, [&n] { return "v" + std::to_string(++n); });
  }

  std::unique_ptr<StateStore> documents_;
  std::unique_ptr<BlobStore> blobs_;
  S3Store store_;
  Bucket* bucket_;
};

TEST(NextMidnightTest, RoundsUpToMidnightUtc) {
  EXPECT_EQ(NextMidnight(kStart), TimePoint(std::chrono::seconds(1773187200)));  // 2026-03-11T00:00Z
  TimePoint midnight = TimePoint(std::chrono::seconds(1773187200));
  EXPECT_EQ(NextMidnight(midnight), midnight);
}

TEST_F(LifecycleTest, ExpirationWaitsForTheMidnightAfterItsAge) {
  bucket_->configs["lifecycle"] =
      "<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>"
      "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
  Put("logs/a", kStart);
  Put("data/b", kStart);
  // Created 15:00 on the 10th: one day later is 15:00 on the 11th, rounded up to the 12th.
  EXPECT_TRUE(Run(kStart + hours(33) - Duration(1)).empty());
  auto actions = Run(kStart + hours(33));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].what, "Expiration");
  EXPECT_EQ(actions[0].key, "logs/a");
  EXPECT_EQ(bucket_->objects.count("logs/a"), 0u);
  EXPECT_EQ(bucket_->objects.count("data/b"), 1u);
}

TEST_F(LifecycleTest, DisabledRulesAndOtherPrefixesAreLeftAlone) {
  bucket_->configs["lifecycle"] =
      "<LifecycleConfiguration><Rule><Prefix>x/</Prefix><Status>Disabled</Status>"
      "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
  Put("x/a", kStart);
  EXPECT_TRUE(Run(kStart + hours(24 * 30)).empty());
}

TEST_F(LifecycleTest, NoncurrentVersionsExpireCountedFromTheirSuccessor) {
  bucket_->versioning = "Enabled";
  bucket_->configs["lifecycle"] =
      "<LifecycleConfiguration><Rule><Filter/><Status>Enabled</Status>"
      "<NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays></NoncurrentVersionExpiration>"
      "</Rule></LifecycleConfiguration>";
  Put("k", kStart, "one");
  Put("k", kStart + hours(24 * 5), "two");  // "one" is noncurrent from here
  EXPECT_TRUE(Run(kStart + hours(24 * 6)).empty());
  auto actions = Run(kStart + hours(24 * 8));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].what, "NoncurrentVersionExpiration");
  ASSERT_EQ(bucket_->objects["k"].versions.size(), 1u);
  EXPECT_EQ(bucket_->objects["k"].versions[0].version_id, "two");
}

TEST_F(LifecycleTest, VersionedExpirationAddsADeleteMarker) {
  bucket_->versioning = "Enabled";
  bucket_->configs["lifecycle"] =
      "<LifecycleConfiguration><Rule><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
      "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
  Put("k", kStart, "one");
  Run(kStart + hours(24 * 3));
  auto& versions = bucket_->objects["k"].versions;
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_TRUE(versions[0].delete_marker);
  EXPECT_EQ(versions[1].version_id, "one");
  Run(kStart + hours(24 * 4));
  EXPECT_EQ(versions.size(), 2u);  // a delete marker does not expire again
}

}  // namespace
}  // namespace sim::s3
