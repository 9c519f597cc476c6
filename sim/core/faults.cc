#include "sim/core/faults.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sim {
namespace {

Error Invalid(std::string message) { return MakeError("ValidationException", std::move(message)); }

// "*" matches anything, "prefix*" matches by prefix, anything else exactly.
bool PatternMatches(std::string_view pattern, std::string_view value) {
  if (pattern == "*") return true;
  if (!pattern.empty() && pattern.back() == '*') {
    return value.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  }
  return pattern == value;
}

// A '*' anywhere but at the end would silently match only a literal '*'.
std::optional<Error> CheckPattern(std::string_view field, std::string_view pattern) {
  if (pattern.empty()) return Invalid(std::string(field) + " pattern must not be empty");
  auto star = pattern.find('*');
  if (star != std::string_view::npos && star != pattern.size() - 1) {
    return Invalid(std::string(field) + " pattern '" + std::string(pattern) +
                   "' may only contain '*' as its last character");
  }
  return std::nullopt;
}

// Uniform in [0, 1) from the top 53 bits.
double UnitInterval(Rng& rng) { return static_cast<double>(rng.NextU64() >> 11) * 0x1.0p-53; }

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLatency:
      return "latency";
    case FaultKind::kError:
      return "error";
    case FaultKind::kOutage:
      return "outage";
    case FaultKind::kNodeFailure:
      return "node_failure";
  }
  return "unknown";
}

std::optional<FaultKind> ParseFaultKind(std::string_view name) {
  for (FaultKind kind :
       {FaultKind::kLatency, FaultKind::kError, FaultKind::kOutage, FaultKind::kNodeFailure}) {
    if (FaultKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Result<std::string> Faults::Add(FaultRule rule) {
  if (FaultKindName(rule.kind) == "unknown") return Invalid("unknown fault kind");
  for (auto [field, pattern] :
       {std::pair<std::string_view, std::string_view>{"service", rule.service},
        {"operation", rule.operation},
        {"resource", rule.resource}}) {
    if (auto error = CheckPattern(field, pattern)) return *error;
  }
  if (!(rule.probability >= 0.0 && rule.probability <= 1.0)) {
    return Invalid("probability must be between 0 and 1");
  }
  if (rule.remaining && *rule.remaining <= 0) return Invalid("remaining must be positive");
  if (rule.latency < Duration::zero()) return Invalid("latency must not be negative");
  if (rule.kind == FaultKind::kLatency && rule.latency == Duration::zero()) {
    return Invalid("a latency fault needs a positive latency");
  }
  if (rule.latency > std::chrono::hours(1)) return Invalid("latency must be at most one hour");
  if (rule.kind == FaultKind::kError || rule.kind == FaultKind::kNodeFailure) {
    if (rule.error_code.empty()) return Invalid("an error fault needs an error_code");
    if (rule.http_status < 100 || rule.http_status > 599) {
      return Invalid("http_status " + std::to_string(rule.http_status) + " is not in 100-599");
    }
  }
  if (rule.id.empty()) {
    // Skip ids a caller already chose explicitly.
    do rule.id = "f-" + std::to_string(next_id_++);
    while (std::any_of(rules_.begin(), rules_.end(),
                       [&](const FaultRule& r) { return r.id == rule.id; }));
  } else if (std::any_of(rules_.begin(), rules_.end(),
                         [&](const FaultRule& r) { return r.id == rule.id; })) {
    return Invalid("a fault rule with id '" + rule.id + "' already exists");
  }
  rules_.push_back(std::move(rule));
  return rules_.back().id;
}

bool Faults::Remove(const std::string& id) {
  auto it =
      std::find_if(rules_.begin(), rules_.end(), [&](const FaultRule& r) { return r.id == id; });
  if (it == rules_.end()) return false;
  rules_.erase(it);
  return true;
}

std::optional<FaultRule> Faults::Match(std::string_view service, std::string_view operation,
                                       std::string_view resource) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!PatternMatches(it->service, service) || !PatternMatches(it->operation, operation) ||
        !PatternMatches(it->resource, resource)) {
      continue;
    }
    // Certain outcomes draw nothing, so adding an always-on rule does not shift
    // the random stream that decides the probabilistic ones.
    if (it->probability <= 0.0) continue;
    if (it->probability < 1.0 && UnitInterval(rng_) >= it->probability) continue;
    FaultRule fired = *it;
    if (it->remaining) {
      fired.remaining = --*it->remaining;
      if (*it->remaining <= 0) rules_.erase(it);
    }
    return fired;
  }
  return std::nullopt;
}

}  // namespace sim
