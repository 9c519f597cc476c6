#pragma once
// The sim's own steering API under /_sim/ on the front door: what simctl and
// scenarios use. JSON in, JSON out.
//
//   GET    /_sim/health             per-service state, environments, endpoints
//   GET    /_sim/clock              {"now", "simulated", "pending_timers"}
//   POST   /_sim/clock              {"advance": "1d2h"} | {"to": ISO-8601} (simulated only)
//   GET    /_sim/faults             the fault rules
//   POST   /_sim/faults             add a rule -> {"id"}
//   DELETE /_sim/faults[/ID]        clear all, or one
//   GET    /_sim/journal?service=&action=&after=&limit=
//   GET    /_sim/services           operations implemented per service

#include <functional>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/http_message.h"
#include "sim/core/clock.h"
#include "sim/core/faults.h"
#include "sim/core/journal.h"

namespace sim {

class AdminApi {
 public:
  AdminApi(Clock& clock, Journal& journal, Faults& faults, std::function<nlohmann::json()> health);

  static bool Owns(const aws::HttpRequest& request);
  aws::HttpReply Handle(const aws::HttpRequest& request);

 private:
  Clock& clock_;
  Journal& journal_;
  Faults& faults_;
  std::function<nlohmann::json()> health_;
};

// JSON forms shared by the admin API and simctl.
nlohmann::json FaultRuleToJson(const FaultRule& rule);
Result<FaultRule> FaultRuleFromJson(const nlohmann::json& j);
nlohmann::json JournalEntryToJson(const JournalEntry& entry);

}  // namespace sim
