#pragma once
// A Redis sorted set: member → score for O(1) lookups (ZSCORE) plus the
// members ordered by (score, member bytes), Redis's zset order. The order is
// a balanced tree, so ranks are found by walking it (O(rank)); Redis's
// skiplist keeps span counts to find them in O(log N).

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "emulators/elasticache/redis/dict.h"

namespace sim::elasticache::redis {

class SortedSet {
 public:
  struct Element {
    double score;
    std::string member;
  };
  // A position between elements by score alone: before every element with
  // `score`, or after all of them when `after`. Score ranges (ZRANGEBYSCORE,
  // ZCOUNT, ...) find their ends with it in O(log N).
  struct ScoreKey {
    double score;
    bool after;
  };
  struct Order {
    using is_transparent = void;
    bool operator()(const Element& a, const Element& b) const {
      if (a.score != b.score) return a.score < b.score;
      return a.member < b.member;
    }
    bool operator()(const Element& a, const ScoreKey& k) const {
      return k.after ? a.score <= k.score : a.score < k.score;
    }
    bool operator()(const ScoreKey& k, const Element& a) const {
      return k.after ? k.score < a.score : k.score <= a.score;
    }
  };
  using Ordered = std::set<Element, Order>;

  std::size_t size() const { return scores_.size(); }
  bool empty() const { return scores_.empty(); }

  std::optional<double> Score(std::string_view member) const {
    const double* s = scores_.Find(member);
    return s ? std::optional<double>(*s) : std::nullopt;
  }
  // Adds `member` or moves it to `score`; true if it was added.
  bool Set(std::string_view member, double score) {
    auto [slot, added] = scores_.TryEmplace(member, score);
    if (!added) {
      if (*slot == score) return false;
      ordered_.erase(Element{*slot, std::string(member)});
      *slot = score;
    }
    ordered_.insert(Element{score, std::string(member)});
    return added;
  }
  // True if it was there.
  bool Erase(std::string_view member) {
    const double* s = scores_.Find(member);
    if (s == nullptr) return false;
    ordered_.erase(Element{*s, std::string(member)});
    scores_.Erase(member);
    return true;
  }
  // 0-based position in ascending order, or nullopt if absent.
  std::optional<std::size_t> Rank(std::string_view member) const {
    const double* s = scores_.Find(member);
    if (s == nullptr) return std::nullopt;
    auto it = ordered_.find(Element{*s, std::string(member)});
    return static_cast<std::size_t>(std::distance(ordered_.begin(), it));
  }

  // The first element with a score >= `score` (> `score` when `after`).
  Ordered::const_iterator ScoreLowerBound(double score, bool after) const {
    return ordered_.lower_bound(ScoreKey{score, after});
  }

  // Ascending (score, member) order.
  const Ordered& ordered() const { return ordered_; }
  // member → score, for SCAN and random picks.
  const Dict<double>& scores() const { return scores_; }

 private:
  Dict<double> scores_;
  Ordered ordered_;
};

}  // namespace sim::elasticache::redis
