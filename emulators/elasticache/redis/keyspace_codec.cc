#include "emulators/elasticache/redis/keyspace_codec.h"

#include <bit>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "emulators/elasticache/redis/redis_errors.h"

namespace sim::elasticache::redis {
namespace {

constexpr std::string_view kMagic = "AWSSIMKS";
constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kNoExpiry = 0;
constexpr std::uint8_t kHasExpiry = 1;

// ---- writing ----

void PutByte(std::string& out, std::uint8_t b) { out.push_back(static_cast<char>(b)); }

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    PutByte(out, static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  PutByte(out, static_cast<std::uint8_t>(v));
}

void PutFixed64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) PutByte(out, static_cast<std::uint8_t>(v >> (8 * i)));
}

void PutBytes(std::string& out, std::string_view bytes) {
  PutVarint(out, bytes.size());
  out.append(bytes);
}

void PutValue(std::string& out, const Value& value) {
  switch (value.type()) {
    case ValueType::kString:
      PutBytes(out, *value.AsString());
      return;
    case ValueType::kList:
      PutVarint(out, value.AsList()->size());
      for (const std::string& item : *value.AsList()) PutBytes(out, item);
      return;
    case ValueType::kSet:
      PutVarint(out, value.AsSet()->size());
      value.AsSet()->ForEach([&](const std::string& member, NoValue) { PutBytes(out, member); });
      return;
    case ValueType::kZSet:
      PutVarint(out, value.AsZSet()->size());
      for (const SortedSet::Element& e : value.AsZSet()->ordered()) {
        PutBytes(out, e.member);
        PutFixed64(out, std::bit_cast<std::uint64_t>(e.score));
      }
      return;
    case ValueType::kHash:
      PutVarint(out, value.AsHash()->size());
      value.AsHash()->ForEach([&](const std::string& field, const std::string& v) {
        PutBytes(out, field);
        PutBytes(out, v);
      });
      return;
  }
}

// ---- reading ----

// Bounds-checked cursor over the input. Every read fails (returns false)
// rather than step past the end; the first failure's message is kept.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool AtEnd() const { return pos_ == in_.size(); }
  // True (and consumes it) if the input continues with `literal`.
  bool Skip(std::string_view literal) {
    if (in_.substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }
  const std::string& error() const { return error_; }

  // Records why the input is refused (only the first reason) and returns false.
  bool Corrupt(std::string_view what) {
    return Fail("corrupt snapshot at byte " + std::to_string(pos_) + ": " + std::string(what));
  }
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  bool Byte(std::uint8_t* out) {
    if (pos_ >= in_.size()) return Corrupt("truncated");
    *out = static_cast<std::uint8_t>(in_[pos_++]);
    return true;
  }

  bool Varint(std::uint64_t* out) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = 0;
      if (!Byte(&b)) return false;
      // The 10th byte holds only bit 63.
      if (shift == 63 && b > 1) return Corrupt("varint overflows 64 bits");
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        *out = v;
        return true;
      }
    }
    return Corrupt("varint overflows 64 bits");
  }

  bool Fixed64(std::uint64_t* out) {
    if (in_.size() - pos_ < 8) return Corrupt("truncated");
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    *out = v;
    return true;
  }

  // A length-prefixed byte string. The length is checked against what is
  // left before anything is allocated, so a corrupt length cannot ask for
  // gigabytes.
  bool Bytes(std::string* out) {
    std::uint64_t len = 0;
    if (!Varint(&len)) return false;
    if (len > in_.size() - pos_) return Corrupt("truncated");
    out->assign(in_.substr(pos_, len));
    pos_ += len;
    return true;
  }

  // The element count of an aggregate: never zero (Redis never stores an
  // empty list, set, sorted set or hash).
  bool Count(std::uint64_t* out) {
    if (!Varint(out)) return false;
    if (*out == 0) return Corrupt("empty aggregate");
    return true;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  std::string error_;
};

struct Header {
  std::uint64_t total_keys = 0;
  std::uint64_t db_count = 0;
};

bool ReadHeader(Reader& r, Header* header) {
  if (!r.Skip(kMagic)) return r.Fail("not a keyspace snapshot (bad magic header)");
  std::uint8_t version = 0;
  if (!r.Byte(&version)) return false;
  if (version != kVersion)
    return r.Fail("unsupported keyspace snapshot version " + std::to_string(version));
  return r.Varint(&header->total_keys) && r.Varint(&header->db_count);
}

std::optional<Value> ReadValue(Reader& r, std::uint8_t tag) {
  std::uint64_t count = 0;
  std::string a;
  std::string b;
  switch (tag) {
    case static_cast<std::uint8_t>(ValueType::kString):
      if (!r.Bytes(&a)) return std::nullopt;
      return Value::String(std::move(a));
    case static_cast<std::uint8_t>(ValueType::kList): {
      if (!r.Count(&count)) return std::nullopt;
      Value value = Value::NewList();
      // Each element consumes input, so a huge corrupt count ends at the
      // first truncated read instead of looping on.
      for (std::uint64_t i = 0; i < count; ++i) {
        if (!r.Bytes(&a)) return std::nullopt;
        value.AsList()->push_back(std::move(a));
      }
      return value;
    }
    case static_cast<std::uint8_t>(ValueType::kSet): {
      if (!r.Count(&count)) return std::nullopt;
      Value value = Value::NewSet();
      for (std::uint64_t i = 0; i < count; ++i) {
        if (!r.Bytes(&a)) return std::nullopt;
        if (!value.AsSet()->TryEmplace(a).second) {
          r.Corrupt("duplicate set member");
          return std::nullopt;
        }
      }
      return value;
    }
    case static_cast<std::uint8_t>(ValueType::kZSet): {
      if (!r.Count(&count)) return std::nullopt;
      Value value = Value::NewZSet();
      for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t bits = 0;
        if (!r.Bytes(&a) || !r.Fixed64(&bits)) return std::nullopt;
        double score = std::bit_cast<double>(bits);
        if (std::isnan(score)) {
          r.Corrupt("NaN sorted set score");
          return std::nullopt;
        }
        if (!value.AsZSet()->Set(a, score)) {
          r.Corrupt("duplicate sorted set member");
          return std::nullopt;
        }
      }
      return value;
    }
    case static_cast<std::uint8_t>(ValueType::kHash): {
      if (!r.Count(&count)) return std::nullopt;
      Value value = Value::NewHash();
      for (std::uint64_t i = 0; i < count; ++i) {
        if (!r.Bytes(&a) || !r.Bytes(&b)) return std::nullopt;
        if (!value.AsHash()->TryEmplace(a, std::move(b)).second) {
          r.Corrupt("duplicate hash field");
          return std::nullopt;
        }
      }
      return value;
    }
    default:
      r.Corrupt("unknown type tag " + std::to_string(tag));
      return std::nullopt;
  }
}

// One key: name, type, expiry, value. Stored in `db` unless already expired.
bool ReadKey(Reader& r, Database& db) {
  std::string key;
  std::uint8_t tag = 0;
  std::uint8_t expiry_marker = 0;
  if (!r.Bytes(&key) || !r.Byte(&tag) || !r.Byte(&expiry_marker)) return false;
  std::optional<std::int64_t> expiry;
  if (expiry_marker == kHasExpiry) {
    std::uint64_t bits = 0;
    if (!r.Fixed64(&bits)) return false;
    expiry = static_cast<std::int64_t>(bits);
  } else if (expiry_marker != kNoExpiry) {
    return r.Corrupt("bad expiry marker");
  }
  std::optional<Value> value = ReadValue(r, tag);
  if (!value) return false;
  // Same rule as Database::IsExpired: due at `now` is expired.
  if (expiry && *expiry <= db.NowMs()) return true;
  std::size_t before = db.size();
  // The value is complete before Set, so a ready-key listener sees it whole.
  db.Set(key, std::move(*value));
  if (db.size() == before) return r.Corrupt("duplicate key");
  if (expiry) db.SetExpire(key, *expiry);
  return true;
}

bool ReadSnapshot(Reader& r, Keyspace& into) {
  Header header;
  if (!ReadHeader(r, &header)) return false;
  std::vector<bool> seen(static_cast<std::size_t>(into.database_count()), false);
  std::uint64_t keys_read = 0;
  for (std::uint64_t d = 0; d < header.db_count; ++d) {
    std::uint64_t index = 0;
    std::uint64_t key_count = 0;
    if (!r.Varint(&index)) return false;
    if (index >= seen.size())
      return r.Fail("snapshot holds DB index " + std::to_string(index) + " but the keyspace has " +
                    std::to_string(seen.size()) + " databases");
    if (seen[index]) return r.Corrupt("DB " + std::to_string(index) + " appears twice");
    seen[index] = true;
    if (!r.Varint(&key_count)) return false;
    if (key_count == 0) return r.Corrupt("empty database");
    Database& db = into.db(static_cast<int>(index));
    for (std::uint64_t k = 0; k < key_count; ++k)
      if (!ReadKey(r, db)) return false;
    keys_read += key_count;
  }
  if (!r.AtEnd()) return r.Corrupt("trailing bytes after the last database");
  if (keys_read != header.total_keys) return r.Corrupt("key count does not match the header");
  return true;
}

}  // namespace

std::string SerializeKeyspace(const Keyspace& keyspace) {
  std::string body;
  std::uint64_t total_keys = 0;
  std::uint64_t db_count = 0;
  for (int i = 0; i < keyspace.database_count(); ++i) {
    const Database& db = keyspace.db(i);
    // Keys go to a buffer first: the count precedes them, and counting in a
    // separate pass could disagree if a key expires in between (RealClock).
    std::string keys;
    std::uint64_t key_count = 0;
    db.ForEachLive([&](const std::string& key, const Value& value) {
      PutBytes(keys, key);
      PutByte(keys, static_cast<std::uint8_t>(value.type()));
      if (std::optional<std::int64_t> when = db.GetExpire(key)) {
        PutByte(keys, kHasExpiry);
        PutFixed64(keys, static_cast<std::uint64_t>(*when));
      } else {
        PutByte(keys, kNoExpiry);
      }
      PutValue(keys, value);
      ++key_count;
    });
    if (key_count == 0) continue;
    PutVarint(body, static_cast<std::uint64_t>(i));
    PutVarint(body, key_count);
    body += keys;
    total_keys += key_count;
    ++db_count;
  }
  std::string out(kMagic);
  PutByte(out, kVersion);
  PutVarint(out, total_keys);
  PutVarint(out, db_count);
  return out + body;
}

Status LoadKeyspace(std::string_view bytes, Keyspace& into) {
  for (int i = 0; i < into.database_count(); ++i)
    if (into.db(i).size() != 0)
      return RedisError("cannot load a snapshot into a non-empty keyspace");
  Reader reader(bytes);
  if (!ReadSnapshot(reader, into)) {
    // All or nothing: a half-loaded keyspace would pass for a good restore.
    into.FlushAll();
    return RedisError(reader.error());
  }
  return Ok();
}

Result<SnapshotSummary> SummarizeSnapshot(std::string_view bytes) {
  Reader reader(bytes);
  Header header;
  if (!ReadHeader(reader, &header)) return RedisError(reader.error());
  return SnapshotSummary{header.total_keys, bytes.size()};
}

}  // namespace sim::elasticache::redis
