#include "sim/core/rng.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <vector>

namespace sim {
namespace {

std::vector<std::uint64_t> Take(Rng rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng.NextU64());
  return out;
}

TEST(RngTest, SameSeedSameSequence) {
  EXPECT_EQ(Take(Rng(42), 100), Take(Rng(42), 100));
  EXPECT_NE(Take(Rng(42), 100), Take(Rng(43), 100));
  Rng a(7), b(7);
  EXPECT_EQ(a.Uuid(), b.Uuid());
  EXPECT_EQ(a.Hex(16), b.Hex(16));
  EXPECT_EQ(a.seed(), 7u);
}

TEST(RngTest, ValuesAreSpread) {
  std::vector<std::uint64_t> values = Take(Rng(1), 1000);
  EXPECT_EQ(std::set<std::uint64_t>(values.begin(), values.end()).size(), values.size());
}

TEST(RngTest, ForkDependsOnNameOnly) {
  Rng root(2026);
  Rng used(2026);
  for (int i = 0; i < 50; ++i) used.NextU64();  // draws on the parent do not shift forks
  EXPECT_EQ(Take(root.Fork("secretsmanager"), 20), Take(used.Fork("secretsmanager"), 20));
  EXPECT_NE(Take(root.Fork("secretsmanager"), 20), Take(root.Fork("s3"), 20));
  EXPECT_NE(Take(root.Fork("s3"), 20), Take(root, 20));
  EXPECT_NE(Take(Rng(1).Fork("s3"), 20), Take(Rng(2).Fork("s3"), 20));
  // A fork's own forks are independent streams too.
  Rng s3 = root.Fork("s3");
  EXPECT_NE(Take(s3.Fork("a"), 10), Take(s3.Fork("b"), 10));
}

TEST(RngTest, BelowStaysInRangeAndCoversIt) {
  Rng rng(5);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 6000; ++i) {
    std::uint64_t v = rng.Below(6);
    ASSERT_LT(v, 6u);
    ++counts[v];
  }
  for (int c : counts) {
    EXPECT_GT(c, 800);
    EXPECT_LT(c, 1200);
  }
  EXPECT_EQ(rng.Below(1), 0u);
}

TEST(RngTest, HexAndDrawUseTheirAlphabet) {
  Rng rng(9);
  std::string hex = rng.Hex(64);
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_TRUE(std::regex_match(hex, std::regex("[0-9a-f]{64}"))) << hex;
  std::string drawn = rng.Draw(200, "xyz");
  EXPECT_EQ(drawn.size(), 200u);
  EXPECT_EQ(drawn.find_first_not_of("xyz"), std::string::npos);
  EXPECT_NE(drawn.find('x'), std::string::npos);
  EXPECT_NE(drawn.find('z'), std::string::npos);
}

TEST(RngTest, UuidHasVersion4Shape) {
  Rng rng(11);
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string id = rng.Uuid();
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace sim
