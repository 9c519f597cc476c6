#include "emulators/elasticache/redis/keyspace_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sim/core/clock.h"
#include "sim/core/rng.h"

namespace sim::elasticache::redis {
namespace {

using namespace std::string_literals;  // "a\0b"s keeps the NUL byte.

constexpr std::int64_t kStartMs = 1700000000000;

// A canonical text of every live key (sets and hashes sorted, TTL included),
// so two keyspaces compare with ==.
std::map<std::string, std::string> Describe(const Keyspace& keyspace) {
  std::map<std::string, std::string> out;
  for (int i = 0; i < keyspace.database_count(); ++i) {
    const Database& db = keyspace.db(i);
    db.ForEachLive([&](const std::string& key, const Value& value) {
      std::vector<std::string> parts;
      switch (value.type()) {
        case ValueType::kString:
          parts.push_back(*value.AsString());
          break;
        case ValueType::kList:
          parts.assign(value.AsList()->begin(), value.AsList()->end());
          break;
        case ValueType::kSet:
          value.AsSet()->ForEach([&](const std::string& m, NoValue) { parts.push_back(m); });
          std::sort(parts.begin(), parts.end());
          break;
        case ValueType::kZSet:
          for (const auto& e : value.AsZSet()->ordered())
            parts.push_back(e.member + "=" + std::to_string(e.score));
          break;
        case ValueType::kHash:
          value.AsHash()->ForEach(
              [&](const std::string& f, const std::string& v) { parts.push_back(f + "=" + v); });
          std::sort(parts.begin(), parts.end());
          break;
      }
      std::string text(TypeName(value.type()));
      if (auto when = db.GetExpire(key)) text += " ttl@" + std::to_string(*when);
      for (const std::string& p : parts) text += "|" + p;
      out[std::to_string(i) + ":" + key] = text;
    });
  }
  return out;
}

bool IsEmpty(const Keyspace& keyspace) {
  for (int i = 0; i < keyspace.database_count(); ++i)
    if (keyspace.db(i).size() != 0) return false;
  return true;
}

class KeyspaceCodecTest : public ::testing::Test {
 protected:
  KeyspaceCodecTest() : clock_(TimePoint(Duration(kStartMs))), source_(&clock_) {}

  // One key of each type, TTLs on some, spread over databases 0, 3 and 15,
  // with NUL and high bytes in keys, members and values.
  void Populate() {
    Database& db0 = source_.db(0);
    db0.Set("plain", Value::String("hello"));
    db0.Set("bin\0key"s, Value::String("\0\xff\0 value"s));
    db0.SetExpire("bin\0key"s, kStartMs + 60'000);
    db0.Set("empty-string", Value::String(""));
    ListValue& list = *db0.Set("list", Value::NewList()).AsList();
    list = {"c", "a", "b", "a", ""};
    db0.SetExpire("list", kStartMs + 5'000);

    Database& db3 = source_.db(3);
    SetValue& set = *db3.Set("set", Value::NewSet()).AsSet();
    for (std::string m : {"x"s, "y"s, "\0"s, "\0\0"s}) set.TryEmplace(m);
    SortedSet& zset = *db3.Set("zset", Value::NewZSet()).AsZSet();
    zset.Set("low", -std::numeric_limits<double>::infinity());
    zset.Set("mid\0"s, 1.5);
    zset.Set("tiny", 5e-324);
    zset.Set("high", std::numeric_limits<double>::infinity());
    db3.SetExpire("zset", kStartMs + 1);

    Database& db15 = source_.db(15);
    HashValue& hash = *db15.Set("hash", Value::NewHash()).AsHash();
    hash.TryEmplace("f1", "v1");
    hash.TryEmplace("f\0"s, "\0v"s);
    hash.TryEmplace("", "empty field");
  }

  SimClock clock_;
  Keyspace source_;
};

TEST_F(KeyspaceCodecTest, RoundTripsEveryTypeWithTtlsAcrossDatabases) {
  Populate();
  std::string snapshot = SerializeKeyspace(source_);
  EXPECT_EQ(snapshot.substr(0, 9), "AWSSIMKS\x01");

  Keyspace restored(&clock_);
  ASSERT_TRUE(LoadKeyspace(snapshot, restored).ok());
  EXPECT_EQ(Describe(restored), Describe(source_));
  EXPECT_EQ(Describe(restored).size(), 7u);

  // Spot checks beyond the description: order, exact scores, TTLs, binary bytes.
  EXPECT_EQ(*restored.db(0).Find("bin\0key"s)->AsString(), "\0\xff\0 value"s);
  EXPECT_EQ(restored.db(0).GetExpire("bin\0key"s), kStartMs + 60'000);
  EXPECT_EQ(restored.db(0).GetExpire("plain"), std::nullopt);
  EXPECT_EQ(*restored.db(0).Find("list")->AsList(), (ListValue{"c", "a", "b", "a", ""}));
  const SortedSet& zset = *restored.db(3).Find("zset")->AsZSet();
  EXPECT_EQ(zset.Score("tiny"), 5e-324);
  EXPECT_EQ(zset.Score("low"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(zset.Rank("high"), 3u);
  EXPECT_EQ(*restored.db(15).Find("hash")->AsHash()->Find("f\0"s), "\0v"s);

  // Serializing the restored keyspace gives a snapshot of the same size.
  EXPECT_EQ(SerializeKeyspace(restored).size(), snapshot.size());
}

TEST_F(KeyspaceCodecTest, SummaryReadsKeyCountAndSize) {
  Populate();
  std::string snapshot = SerializeKeyspace(source_);
  Result<SnapshotSummary> summary = SummarizeSnapshot(snapshot);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->key_count, 7u);
  EXPECT_EQ(summary->bytes, snapshot.size());
  EXPECT_FALSE(SummarizeSnapshot("nope").ok());
}

TEST_F(KeyspaceCodecTest, KeysExpiredAtLoadTimeAreDropped) {
  Database& db = source_.db(2);
  db.Set("gone", Value::String("a"));
  db.SetExpire("gone", kStartMs + 1'000);
  db.Set("stays", Value::String("b"));
  db.SetExpire("stays", kStartMs + 1'001);
  db.Set("forever", Value::String("c"));
  db.Set("already-dead", Value::String("d"));
  db.SetExpire("already-dead", kStartMs);  // past due now: not serialized at all
  std::string snapshot = SerializeKeyspace(source_);
  EXPECT_EQ(SummarizeSnapshot(snapshot)->key_count, 3u);

  clock_.Advance(Duration(1'000));  // "gone" is due exactly now
  Keyspace restored(&clock_);
  ASSERT_TRUE(LoadKeyspace(snapshot, restored).ok());
  EXPECT_EQ(restored.db(2).size(), 2u);
  EXPECT_EQ(restored.db(2).GetExpire("stays"), kStartMs + 1'001);
  EXPECT_TRUE(restored.db(2).Exists("forever"));
}

TEST_F(KeyspaceCodecTest, EmptyKeyspace) {
  std::string snapshot = SerializeKeyspace(source_);
  EXPECT_EQ(snapshot, "AWSSIMKS\x01\x00\x00"s);
  Keyspace restored(&clock_);
  EXPECT_TRUE(LoadKeyspace(snapshot, restored).ok());
  EXPECT_TRUE(IsEmpty(restored));
  EXPECT_EQ(SummarizeSnapshot(snapshot)->key_count, 0u);
}

TEST_F(KeyspaceCodecTest, DatabaseIndexMustFitTheTarget) {
  source_.db(0).Set("a", Value::String("1"));
  Keyspace small(&clock_, 4);
  EXPECT_TRUE(LoadKeyspace(SerializeKeyspace(source_), small).ok());

  source_.db(9).Set("b", Value::String("2"));
  Keyspace smaller(&clock_, 4);
  Status status = LoadKeyspace(SerializeKeyspace(source_), smaller);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ERR");
  EXPECT_EQ(status.error().message, "snapshot holds DB index 9 but the keyspace has 4 databases");
  EXPECT_TRUE(IsEmpty(smaller));  // nothing half-loaded
}

TEST_F(KeyspaceCodecTest, RefusesANonEmptyTarget) {
  source_.db(0).Set("a", Value::String("1"));
  Keyspace target(&clock_);
  target.db(5).Set("mine", Value::String("x"));
  EXPECT_FALSE(LoadKeyspace(SerializeKeyspace(source_), target).ok());
  EXPECT_TRUE(target.db(5).Exists("mine"));
}

TEST_F(KeyspaceCodecTest, WrongMagicAndVersionAreRefused) {
  Populate();
  std::string snapshot = SerializeKeyspace(source_);
  Keyspace restored(&clock_);

  std::string bad_magic = snapshot;
  bad_magic[7] = 'X';
  Status status = LoadKeyspace(bad_magic, restored);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "not a keyspace snapshot (bad magic header)");
  EXPECT_FALSE(LoadKeyspace("REDIS0011", restored).ok());

  std::string bad_version = snapshot;
  bad_version[8] = 2;
  status = LoadKeyspace(bad_version, restored);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "unsupported keyspace snapshot version 2");
  EXPECT_TRUE(IsEmpty(restored));
}

TEST_F(KeyspaceCodecTest, StructuralCorruptionIsRefused) {
  source_.db(0).Set("k", Value::String("v"));
  std::string snapshot = SerializeKeyspace(source_);
  // header(11) db(0) count(1) "\x01k" type expiry "\x01v"
  ASSERT_EQ(snapshot, "AWSSIMKS\x01\x01\x01\x00\x01\x01k\x00\x00\x01v"s);
  Keyspace restored(&clock_);

  Status status = LoadKeyspace(snapshot + "x", restored);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "corrupt snapshot at byte 19: trailing bytes after the last database");

  std::string bad_tag = snapshot;
  bad_tag[15] = 9;
  status = LoadKeyspace(bad_tag, restored);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "corrupt snapshot at byte 17: unknown type tag 9");

  std::string wrong_total = snapshot;
  wrong_total[9] = 2;
  EXPECT_FALSE(LoadKeyspace(wrong_total, restored).ok());
  EXPECT_TRUE(IsEmpty(restored));
}

TEST_F(KeyspaceCodecTest, EveryTruncationFailsCleanly) {
  Populate();
  std::string snapshot = SerializeKeyspace(source_);
  for (std::size_t n = 0; n < snapshot.size(); ++n) {
    Keyspace restored(&clock_);
    Status status = LoadKeyspace(std::string_view(snapshot).substr(0, n), restored);
    ASSERT_FALSE(status.ok()) << "prefix of " << n << " bytes loaded";
    EXPECT_EQ(status.error().code, "ERR");
    EXPECT_FALSE(status.error().message.empty());
    EXPECT_TRUE(IsEmpty(restored)) << n;
  }
}

TEST_F(KeyspaceCodecTest, RandomByteFlipsNeverCrash) {
  Populate();
  const std::string snapshot = SerializeKeyspace(source_);
  Rng rng(7);
  int refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = snapshot;
    std::uint64_t flips = 1 + rng.Below(3);
    for (std::uint64_t f = 0; f < flips; ++f) {
      std::size_t at = rng.Below(mutated.size());
      mutated[at] = static_cast<char>(rng.Below(256));
    }
    Keyspace restored(&clock_);
    Status status = LoadKeyspace(mutated, restored);
    if (!status.ok()) {
      ++refused;
      EXPECT_EQ(status.error().code, "ERR");
      EXPECT_TRUE(IsEmpty(restored));
    }
  }
  // Most flips land in structure (lengths, tags, counts) and are refused;
  // some land in payload bytes and load as different data.
  EXPECT_GT(refused, 0);
  EXPECT_LT(refused, 3000);
}

}  // namespace
}  // namespace sim::elasticache::redis
