#pragma once
// A chained hash table keyed by byte strings, sized in powers of two like
// Redis's dict.c. The power-of-two size is what makes SCAN's reverse-binary
// cursor sound: every element present for a whole scan is returned at least
// once even if the table grows or shrinks in between. It also gives Redis's
// random pick (a random non-empty bucket, then a random node in its chain).
// Resizing is done at once (load factor 1 to grow, 1/8 to shrink) rather than
// incrementally, since the emulator's tables are small next to Redis's.
//
// With kInsertionOrder, the nodes are also linked oldest to newest and
// ForEach visits them in that order (a field updated in place keeps its
// place). Hashes use it: Redis keeps a small hash as a listpack, whose fields
// come back in insertion order, and clients see that order in HGETALL and
// HKEYS. A large Redis hash comes back in table order, which no client can
// rely on, so insertion order serves there too.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/rng.h"

namespace sim::elasticache::redis {

template <class V, bool kInsertionOrder = false>
class Dict {
 public:
  struct Node;

 private:
  struct Links {
    Node* older = nullptr;
    Node* newer = nullptr;
  };
  struct Ends {
    Node* oldest = nullptr;
    Node* newest = nullptr;
  };
  struct Nothing {};

 public:
  struct Node {
    Node* next;
    std::string key;
    V value;
    [[no_unique_address]] std::conditional_t<kInsertionOrder, Links, Nothing> order{};
  };

  Dict() = default;
  ~Dict() { Clear(); }
  Dict(Dict&& other) noexcept
      : buckets_(std::move(other.buckets_)),
        size_(std::exchange(other.size_, 0)),
        ends_(std::exchange(other.ends_, {})) {}
  Dict& operator=(Dict&& other) noexcept {
    if (this != &other) {
      Clear();
      buckets_ = std::move(other.buckets_);
      size_ = std::exchange(other.size_, 0);
      ends_ = std::exchange(other.ends_, {});
    }
    return *this;
  }
  Dict(const Dict& other) {
    other.ForEach([this](const std::string& key, const V& value) { TryEmplace(key, value); });
  }
  Dict& operator=(const Dict& other) {
    if (this != &other) {
      Dict copy(other);
      *this = std::move(copy);
    }
    return *this;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t bucket_count() const { return buckets_.size(); }

  V* Find(std::string_view key) {
    Node* node = FindNode(key);
    return node ? &node->value : nullptr;
  }
  const V* Find(std::string_view key) const {
    const Node* node = FindNode(key);
    return node ? &node->value : nullptr;
  }
  bool Contains(std::string_view key) const { return FindNode(key) != nullptr; }

  // Inserts `key` with V(args...) unless present. Returns the value and
  // whether it was inserted.
  template <class... Args>
  std::pair<V*, bool> TryEmplace(std::string_view key, Args&&... args) {
    if (Node* node = FindNode(key)) return {&node->value, false};
    if (size_ >= buckets_.size()) Resize(buckets_.empty() ? kMinBuckets : buckets_.size() * 2);
    std::size_t b = Bucket(key);
    Node* node = new Node{buckets_[b], std::string(key), V(std::forward<Args>(args)...)};
    buckets_[b] = node;
    ++size_;
    if constexpr (kInsertionOrder) {
      node->order.older = ends_.newest;
      (ends_.newest ? ends_.newest->order.newer : ends_.oldest) = node;
      ends_.newest = node;
    }
    return {&node->value, true};
  }

  bool Erase(std::string_view key) {
    if (buckets_.empty()) return false;
    Node** link = &buckets_[Bucket(key)];
    while (*link != nullptr) {
      if ((*link)->key == key) {
        Node* dead = *link;
        *link = dead->next;
        if constexpr (kInsertionOrder) {
          (dead->order.older ? dead->order.older->order.newer : ends_.oldest) = dead->order.newer;
          (dead->order.newer ? dead->order.newer->order.older : ends_.newest) = dead->order.older;
        }
        delete dead;
        --size_;
        if (buckets_.size() > kMinBuckets && size_ * kShrinkRatio < buckets_.size())
          Resize(buckets_.size() / 2);
        return true;
      }
      link = &(*link)->next;
    }
    return false;
  }

  void Clear() {
    for (Node* head : buckets_) {
      while (head != nullptr) {
        Node* next = head->next;
        delete head;
        head = next;
      }
    }
    buckets_.clear();
    size_ = 0;
    ends_ = {};
  }

  // Visits every element (oldest first with kInsertionOrder, otherwise in
  // table order); `visit(const std::string& key, const V& value)`. The table
  // must not change during the visit.
  template <class F>
  void ForEach(F&& visit) const {
    if constexpr (kInsertionOrder) {
      for (const Node* n = ends_.oldest; n != nullptr; n = n->order.newer) visit(n->key, n->value);
    } else {
      for (const Node* head : buckets_)
        for (const Node* n = head; n != nullptr; n = n->next) visit(n->key, n->value);
    }
  }
  template <class F>
  void ForEachMutable(F&& visit) {
    if constexpr (kInsertionOrder) {
      for (Node* n = ends_.oldest; n != nullptr; n = n->order.newer) visit(n->key, n->value);
    } else {
      for (Node* head : buckets_)
        for (Node* n = head; n != nullptr; n = n->next) visit(n->key, n->value);
    }
  }

  // One SCAN step (dictScan): visits the bucket `cursor` designates and
  // returns the next cursor, 0 when the scan is complete.
  template <class F>
  std::uint64_t Scan(std::uint64_t cursor, F&& visit) const {
    if (buckets_.empty()) return 0;
    std::uint64_t mask = buckets_.size() - 1;
    for (const Node* n = buckets_[cursor & mask]; n != nullptr; n = n->next) visit(n->key, n->value);
    // Increment the reversed cursor, so that buckets are visited in an order
    // that survives the table doubling or halving between calls.
    cursor |= ~mask;
    cursor = ReverseBits(cursor);
    ++cursor;
    return ReverseBits(cursor);
  }

  // A random element (dictGetRandomKey), or nullptr when empty.
  const Node* Random(Rng& rng) const {
    if (size_ == 0) return nullptr;
    const Node* head = nullptr;
    while (head == nullptr) head = buckets_[rng.Below(buckets_.size())];
    std::size_t chain = 0;
    for (const Node* n = head; n != nullptr; n = n->next) ++chain;
    std::size_t pick = rng.Below(chain);
    while (pick-- > 0) head = head->next;
    return head;
  }

 private:
  static constexpr std::size_t kMinBuckets = 4;
  static constexpr std::size_t kShrinkRatio = 8;

  static std::uint64_t ReverseBits(std::uint64_t v) {
    std::uint64_t r = 0;
    for (int i = 0; i < 64; ++i) {
      r = (r << 1) | (v & 1);
      v >>= 1;
    }
    return r;
  }
  static std::size_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  std::size_t Bucket(std::string_view key) const { return Hash(key) & (buckets_.size() - 1); }

  Node* FindNode(std::string_view key) const {
    if (buckets_.empty()) return nullptr;
    for (Node* n = buckets_[Bucket(key)]; n != nullptr; n = n->next)
      if (n->key == key) return n;
    return nullptr;
  }

  void Resize(std::size_t new_count) {
    std::vector<Node*> fresh(new_count, nullptr);
    for (Node* head : buckets_) {
      while (head != nullptr) {
        Node* next = head->next;
        std::size_t b = Hash(head->key) & (new_count - 1);
        head->next = fresh[b];
        fresh[b] = head;
        head = next;
      }
    }
    buckets_ = std::move(fresh);
  }

  std::vector<Node*> buckets_;
  std::size_t size_ = 0;
  [[no_unique_address]] std::conditional_t<kInsertionOrder, Ends, Nothing> ends_{};
};

}  // namespace sim::elasticache::redis
