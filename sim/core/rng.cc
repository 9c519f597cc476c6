#include "sim/core/rng.h"

namespace sim {
namespace {

// splitmix64: tiny, fast, and good enough for ids and passwords in a simulator.
std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

Rng Rng::Fork(std::string_view name) const {
  std::uint64_t mix = seed_ ^ Fnv1a(name);
  return Rng(SplitMix(mix));
}

std::uint64_t Rng::NextU64() { return SplitMix(state_); }

std::uint64_t Rng::Below(std::uint64_t bound) {
  // Rejection sampling keeps the distribution uniform.
  std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t v;
  do v = NextU64();
  while (v >= limit);
  return v % bound;
}

std::string Rng::Hex(std::size_t n) {
  // Sixteen hex digits per draw: request ids are made on every call.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n, '0');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 16 == 0) bits = NextU64();
    out[i] = kDigits[bits & 0xf];
    bits >>= 4;
  }
  return out;
}

std::string Rng::Uuid() {
  std::string s = Hex(32);
  s[12] = '4';
  s[16] = "89ab"[Below(4)];
  return s.substr(0, 8) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4) + "-" + s.substr(16, 4) +
         "-" + s.substr(20);
}

std::string Rng::Draw(std::size_t n, std::string_view alphabet) {
  std::string out(n, '\0');
  for (auto& c : out) c = alphabet[Below(alphabet.size())];
  return out;
}

}  // namespace sim
