#pragma once
// Fault rules, matched per service / operation / resource ("*" matches any;
// a trailing "*" matches a prefix). Consulted by the front door before an
// operation runs and by every data-plane listener. Whether a probabilistic
// rule fires is drawn from a seeded Rng, so drills replay exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/clock.h"
#include "sim/core/result.h"
#include "sim/core/rng.h"

namespace sim {

enum class FaultKind {
  kLatency,      // add `latency` before answering
  kError,        // answer with error_code / http_status
  kOutage,       // refuse: the front door drops the connection
  kNodeFailure,  // a data-plane node is down (used by data-plane emulators)
};

struct FaultRule {
  std::string id;  // assigned by Add when empty ("f-1", "f-2", ...)
  std::string service = "*";
  std::string operation = "*";
  std::string resource = "*";
  FaultKind kind = FaultKind::kError;
  Duration latency{0};
  std::string error_code = "ServiceUnavailable";
  std::string error_message = "Injected fault";
  int http_status = 503;
  double probability = 1.0;              // 0..1
  std::optional<std::int64_t> remaining;  // fire at most this many more times
};

std::string_view FaultKindName(FaultKind kind);
std::optional<FaultKind> ParseFaultKind(std::string_view name);

class Faults {
 public:
  explicit Faults(Rng rng) : rng_(rng) {}

  // Validates the rule (known kind, probability in range, ...), returns its id.
  Result<std::string> Add(FaultRule rule);
  bool Remove(const std::string& id);
  void Clear() { rules_.clear(); }
  const std::vector<FaultRule>& List() const { return rules_; }

  // First rule that matches and fires (probability drawn, `remaining` consumed).
  std::optional<FaultRule> Match(std::string_view service, std::string_view operation,
                                 std::string_view resource);

 private:
  Rng rng_;
  std::vector<FaultRule> rules_;
  std::uint64_t next_id_ = 1;
};

}  // namespace sim
