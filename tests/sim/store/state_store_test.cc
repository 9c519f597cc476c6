#include "sim/store/state_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace sim {
namespace {

TEST(StateStoreTest, PutScanEraseInMemory) {
  auto store = StateStore::OpenInMemory();
  EXPECT_FALSE(store->persistent());
  Scope a{"111111111111", "eu-west-1"}, b{"222222222222", "eu-west-1"};
  store->Put("t", a, "k1", "v1");
  store->Put("t", b, "k1", "other");
  store->Put("t", a, "k1", "v2");  // overwrite
  store->Put("u", a, "k9", "elsewhere");
  auto docs = store->Scan("t");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].scope, a);
  EXPECT_EQ(docs[0].body, "v2");
  EXPECT_EQ(docs[1].scope, b);
  store->Erase("t", a, "k1");
  EXPECT_EQ(store->Scan("t").size(), 1u);
}

TEST(StateStoreTest, SurvivesReopen) {
  auto dir = std::filesystem::temp_directory_path() / ("state-store-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  {
    auto store = StateStore::OpenDirectory(dir);
    EXPECT_TRUE(store->persistent());
    store->Put("t", {"1", "r"}, "k", std::string("bin\0ary", 7));
  }
  auto store = StateStore::OpenDirectory(dir);
  auto docs = store->Scan("t");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].body, std::string("bin\0ary", 7));
  std::filesystem::remove_all(dir);
}

TEST(StateStoreTest, UnwritableDirectoryNamesThePath) {
  try {
    StateStore::OpenDirectory("/proc/no-such-place/state");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/no-such-place/state"), std::string::npos);
  }
}

}  // namespace
}  // namespace sim
