#include "sim/core/faults.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sim {
namespace {

bool Contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

FaultRule Rule(std::string service, std::string operation = "*", std::string resource = "*") {
  FaultRule r;
  r.service = std::move(service);
  r.operation = std::move(operation);
  r.resource = std::move(resource);
  return r;
}

TEST(FaultKindTest, NamesRoundTrip) {
  EXPECT_EQ(FaultKindName(FaultKind::kLatency), "latency");
  EXPECT_EQ(FaultKindName(FaultKind::kError), "error");
  EXPECT_EQ(FaultKindName(FaultKind::kOutage), "outage");
  EXPECT_EQ(FaultKindName(FaultKind::kNodeFailure), "node_failure");
  for (FaultKind k :
       {FaultKind::kLatency, FaultKind::kError, FaultKind::kOutage, FaultKind::kNodeFailure}) {
    EXPECT_EQ(ParseFaultKind(FaultKindName(k)), k);
  }
  EXPECT_EQ(ParseFaultKind("Latency"), std::nullopt);
  EXPECT_EQ(ParseFaultKind("node-failure"), std::nullopt);
  EXPECT_EQ(ParseFaultKind(""), std::nullopt);
}

TEST(FaultsTest, AddAssignsIdsAndKeepsExplicitOnes) {
  Faults faults(Rng(1));
  auto a = faults.Add(Rule("s3"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "f-1");
  FaultRule named = Rule("s3");
  named.id = "f-2";
  ASSERT_TRUE(faults.Add(named).ok());
  auto c = faults.Add(Rule("s3"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, "f-3");  // skips the id already taken
  auto dup = faults.Add(named);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "ValidationException");
  EXPECT_TRUE(Contains(dup.error().message, "f-2")) << dup.error().message;
  ASSERT_EQ(faults.List().size(), 3u);
  EXPECT_EQ(faults.List()[1].id, "f-2");
}

TEST(FaultsTest, AddValidates) {
  Faults faults(Rng(1));
  auto expect_invalid = [&](FaultRule rule, const std::string& fragment) {
    auto r = faults.Add(std::move(rule));
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_EQ(r.error().code, "ValidationException");
    EXPECT_EQ(r.error().http_status, 400);
    EXPECT_TRUE(Contains(r.error().message, fragment)) << r.error().message;
  };
  FaultRule r = Rule("s3");
  r.probability = 1.5;
  expect_invalid(r, "probability");
  r.probability = -0.1;
  expect_invalid(r, "probability");
  r.probability = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(r, "probability");
  r = Rule("s3");
  r.remaining = 0;
  expect_invalid(r, "remaining");
  r = Rule("s3");
  r.kind = FaultKind::kLatency;
  expect_invalid(r, "latency");
  r.latency = Duration(-5);
  expect_invalid(r, "latency");
  r = Rule("s3");
  r.http_status = 700;
  expect_invalid(r, "700");
  r = Rule("s3");
  r.error_code = "";
  expect_invalid(r, "error_code");
  expect_invalid(Rule("s*3"), "service");
  expect_invalid(Rule("s3", ""), "operation");
  expect_invalid(Rule("s3", "*", "*arn*"), "resource");
  r = Rule("s3");
  r.kind = static_cast<FaultKind>(42);
  expect_invalid(r, "kind");
  EXPECT_TRUE(faults.List().empty());
}

TEST(FaultsTest, MatchesExactWildcardAndPrefix) {
  Faults faults(Rng(1));
  FaultRule r = Rule("secretsmanager", "Get*", "arn:aws:secretsmanager:us-east-1:1:secret:db*");
  r.error_code = "InternalServiceError";
  ASSERT_TRUE(faults.Add(r).ok());
  auto hit = faults.Match("secretsmanager", "GetSecretValue",
                          "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->error_code, "InternalServiceError");
  EXPECT_EQ(hit->id, "f-1");
  EXPECT_TRUE(
      faults.Match("secretsmanager", "Get", "arn:aws:secretsmanager:us-east-1:1:secret:db"));
  EXPECT_FALSE(faults.Match("secretsmanager", "PutSecretValue",
                            "arn:aws:secretsmanager:us-east-1:1:secret:db"));
  EXPECT_FALSE(faults.Match("secretsmanager", "GetSecretValue",
                            "arn:aws:secretsmanager:us-east-1:1:secret:api"));
  EXPECT_FALSE(faults.Match("s3", "GetObject", "arn:aws:secretsmanager:us-east-1:1:secret:db"));
  EXPECT_FALSE(faults.Match("secretsmanagerX", "GetSecretValue",
                            "arn:aws:secretsmanager:us-east-1:1:secret:db"));
}

TEST(FaultsTest, FirstMatchingRuleWins) {
  Faults faults(Rng(1));
  FaultRule specific = Rule("s3", "PutObject");
  specific.kind = FaultKind::kOutage;
  FaultRule broad = Rule("*");
  broad.kind = FaultKind::kLatency;
  broad.latency = std::chrono::seconds(2);
  ASSERT_TRUE(faults.Add(specific).ok());
  ASSERT_TRUE(faults.Add(broad).ok());
  EXPECT_EQ(faults.Match("s3", "PutObject", "b")->kind, FaultKind::kOutage);
  auto other = faults.Match("s3", "GetObject", "b");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->kind, FaultKind::kLatency);
  EXPECT_EQ(other->latency, std::chrono::seconds(2));
}

TEST(FaultsTest, RemainingCountsDownAndRemovesTheRule) {
  Faults faults(Rng(1));
  FaultRule r = Rule("s3");
  r.remaining = 2;
  ASSERT_TRUE(faults.Add(r).ok());
  auto first = faults.Match("s3", "GetObject", "x");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->remaining, 1);
  EXPECT_EQ(faults.List().front().remaining, 1);
  auto second = faults.Match("s3", "GetObject", "x");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->remaining, 0);
  EXPECT_TRUE(faults.List().empty());
  EXPECT_FALSE(faults.Match("s3", "GetObject", "x"));
}

TEST(FaultsTest, NonMatchingCallsDoNotConsumeRemaining) {
  Faults faults(Rng(1));
  FaultRule r = Rule("s3");
  r.remaining = 1;
  ASSERT_TRUE(faults.Add(r).ok());
  EXPECT_FALSE(faults.Match("sqs", "SendMessage", "q"));
  EXPECT_TRUE(faults.Match("s3", "GetObject", "x"));
  EXPECT_FALSE(faults.Match("s3", "GetObject", "x"));
}

TEST(FaultsTest, ProbabilityZeroNeverFires) {
  Faults faults(Rng(1));
  FaultRule r = Rule("*");
  r.probability = 0;
  ASSERT_TRUE(faults.Add(r).ok());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(faults.Match("s3", "GetObject", "x"));
}

TEST(FaultsTest, ProbabilityIsSeededAndRoughlyHonoured) {
  auto run = [](std::uint64_t seed) {
    Faults faults{Rng(seed)};
    FaultRule r = Rule("*");
    r.probability = 0.3;
    EXPECT_TRUE(faults.Add(r).ok());
    std::vector<bool> fired;
    for (int i = 0; i < 2000; ++i)
      fired.push_back(faults.Match("s3", "GetObject", "x").has_value());
    return fired;
  };
  std::vector<bool> a = run(77), b = run(77), c = run(78);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  long hits = std::count(a.begin(), a.end(), true);
  EXPECT_GT(hits, 500);
  EXPECT_LT(hits, 700);
}

TEST(FaultsTest, ProbabilisticMissFallsThroughToNextRule) {
  Faults faults(Rng(3));
  FaultRule never = Rule("s3");
  never.probability = 0.0;
  never.error_code = "First";
  FaultRule always = Rule("s3");
  always.error_code = "Second";
  ASSERT_TRUE(faults.Add(never).ok());
  ASSERT_TRUE(faults.Add(always).ok());
  EXPECT_EQ(faults.Match("s3", "GetObject", "x")->error_code, "Second");
}

TEST(FaultsTest, RemoveAndClear) {
  Faults faults(Rng(1));
  ASSERT_TRUE(faults.Add(Rule("s3")).ok());
  ASSERT_TRUE(faults.Add(Rule("sqs")).ok());
  EXPECT_TRUE(faults.Remove("f-1"));
  EXPECT_FALSE(faults.Remove("f-1"));
  EXPECT_FALSE(faults.Match("s3", "GetObject", "x"));
  EXPECT_TRUE(faults.Match("sqs", "SendMessage", "q"));
  faults.Clear();
  EXPECT_TRUE(faults.List().empty());
  EXPECT_FALSE(faults.Match("sqs", "SendMessage", "q"));
}

}  // namespace
}  // namespace sim
