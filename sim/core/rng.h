#pragma once
// One seeded generator for the whole sim, forked per service by name, so a
// service's draws do not depend on how many draws other services made.
// Same seed + same steps = same request ids, version ids and passwords.

#include <cstdint>
#include <string>
#include <string_view>

namespace sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed), seed_(seed) {}
  std::uint64_t seed() const { return seed_; }

  // An independent stream derived from this generator's seed and `name`.
  Rng Fork(std::string_view name) const;

  std::uint64_t NextU64();
  // Uniform in [0, bound). bound must be > 0.
  std::uint64_t Below(std::uint64_t bound);
  // Lower-case hex, `n` characters.
  std::string Hex(std::size_t n);
  // RFC 4122 version-4 shaped UUID.
  std::string Uuid();
  // `n` characters drawn from `alphabet`.
  std::string Draw(std::size_t n, std::string_view alphabet);

 private:
  std::uint64_t state_;
  std::uint64_t seed_;
};

}  // namespace sim
