#include "sim/core/journal.h"

#include <gtest/gtest.h>

namespace sim {
namespace {

JournalEntry Entry(std::string service, std::string action, std::string outcome = "ok") {
  JournalEntry e;
  e.service = std::move(service);
  e.action = std::move(action);
  e.outcome = std::move(outcome);
  return e;
}

std::vector<std::uint64_t> Sequences(const std::vector<JournalEntry>& entries) {
  std::vector<std::uint64_t> out;
  for (const auto& e : entries) out.push_back(e.sequence);
  return out;
}

TEST(JournalTest, RecordAssignsSequenceAndClockTime) {
  SimClock clock(TimePoint(std::chrono::hours(1000)));
  Journal journal(clock);
  EXPECT_EQ(journal.LastSequence(), 0u);
  JournalEntry in = Entry("secretsmanager", "CreateSecret");
  in.sequence = 99;       // ignored
  in.time = TimePoint{};  // ignored
  in.resource = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db";
  in.request_id = "req-1";
  const JournalEntry& first = journal.Record(in);
  EXPECT_EQ(first.sequence, 1u);
  EXPECT_EQ(first.time, clock.Now());
  EXPECT_EQ(first.resource, in.resource);
  EXPECT_EQ(first.request_id, "req-1");
  clock.Advance(std::chrono::seconds(30));
  const JournalEntry& second = journal.Record(Entry("s3", "PutObject", "NoSuchBucket"));
  EXPECT_EQ(second.sequence, 2u);
  EXPECT_EQ(second.time, clock.Now());
  EXPECT_EQ(journal.LastSequence(), 2u);

  auto all = journal.Query({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].action, "CreateSecret");
  EXPECT_EQ(all[1].outcome, "NoSuchBucket");
  EXPECT_EQ(all[1].time - all[0].time, std::chrono::seconds(30));
}

TEST(JournalTest, QueryFiltersByServiceActionAndSequence) {
  SimClock clock(TimePoint{});
  Journal journal(clock);
  journal.Record(Entry("s3", "CreateBucket"));                // 1
  journal.Record(Entry("secretsmanager", "GetSecretValue"));  // 2
  journal.Record(Entry("s3", "PutObject"));                   // 3
  journal.Record(Entry("s3", "PutObject"));                   // 4
  journal.Record(Entry("sim", "fault"));                      // 5

  JournalQuery by_service;
  by_service.service = "s3";
  EXPECT_EQ(Sequences(journal.Query(by_service)), (std::vector<std::uint64_t>{1, 3, 4}));

  JournalQuery by_action;
  by_action.action = "PutObject";
  EXPECT_EQ(Sequences(journal.Query(by_action)), (std::vector<std::uint64_t>{3, 4}));

  JournalQuery both;
  both.service = "secretsmanager";
  both.action = "PutObject";
  EXPECT_TRUE(journal.Query(both).empty());

  JournalQuery after;
  after.after_sequence = 3;
  EXPECT_EQ(Sequences(journal.Query(after)), (std::vector<std::uint64_t>{4, 5}));
  after.after_sequence = 5;
  EXPECT_TRUE(journal.Query(after).empty());
}

TEST(JournalTest, LimitKeepsTheMostRecentInOrder) {
  SimClock clock(TimePoint{});
  Journal journal(clock);
  for (int i = 0; i < 10; ++i) journal.Record(Entry(i % 2 ? "s3" : "sim", "op"));
  JournalQuery q;
  q.limit = 3;
  EXPECT_EQ(Sequences(journal.Query(q)), (std::vector<std::uint64_t>{8, 9, 10}));
  q.service = "s3";  // sequences 2, 4, 6, 8, 10
  EXPECT_EQ(Sequences(journal.Query(q)), (std::vector<std::uint64_t>{6, 8, 10}));
  q.limit = 0;
  EXPECT_TRUE(journal.Query(q).empty());
}

TEST(JournalTest, CapacityDropsOldestButSequencesContinue) {
  SimClock clock(TimePoint{});
  Journal journal(clock, 3);
  for (int i = 0; i < 5; ++i) journal.Record(Entry("s3", "op" + std::to_string(i)));
  auto all = journal.Query({});
  EXPECT_EQ(Sequences(all), (std::vector<std::uint64_t>{3, 4, 5}));
  EXPECT_EQ(all.front().action, "op2");
  EXPECT_EQ(journal.LastSequence(), 5u);
}

TEST(JournalTest, ZeroCapacityStillReturnsTheRecordedEntry) {
  SimClock clock(TimePoint{});
  Journal journal(clock, 0);
  const JournalEntry& e = journal.Record(Entry("s3", "op"));
  EXPECT_EQ(e.action, "op");
  EXPECT_EQ(journal.Record(Entry("s3", "op2")).sequence, 2u);
  EXPECT_EQ(journal.Query({}).size(), 1u);
}

}  // namespace
}  // namespace sim
