#include "sim/runtime/admin_api.h"

#include <nlohmann/json.hpp>

#include "sim/runtime/coverage.h"
#include "sim/aws/json_text.h"

namespace sim {

using nlohmann::json;

namespace {

aws::HttpReply JsonReply(int status, const json& body) {
  aws::HttpReply reply;
  reply.response.status = status;
  reply.response.SetHeader("Content-Type", "application/json");
  reply.response.body = aws::ToJsonText(body) + "\n";
  return reply;
}

aws::HttpReply ErrorReply(int status, const std::string& code, const std::string& message) {
  return JsonReply(status, {{"error", {{"code", code}, {"message", message}}}});
}

json ClockJson(const Clock& clock) {
  return {{"now", FormatIso8601(clock.Now())},
          {"simulated", clock.IsSimulated()},
          {"pending_timers", clock.PendingTimers()}};
}

}  // namespace

json FaultRuleToJson(const FaultRule& rule) {
  json j = {{"id", rule.id},
            {"service", rule.service},
            {"operation", rule.operation},
            {"resource", rule.resource},
            {"kind", std::string(FaultKindName(rule.kind))},
            {"probability", rule.probability}};
  if (rule.kind == FaultKind::kLatency) j["latency_ms"] = rule.latency.count();
  if (rule.kind == FaultKind::kError || rule.kind == FaultKind::kNodeFailure) {
    j["error_code"] = rule.error_code;
    j["error_message"] = rule.error_message;
    j["http_status"] = rule.http_status;
  }
  if (rule.remaining) j["remaining"] = *rule.remaining;
  return j;
}

Result<FaultRule> FaultRuleFromJson(const json& j) {
  if (!j.is_object()) return MakeError("InvalidFault", "a fault rule is a JSON object");
  FaultRule rule;
  try {
    auto kind = ParseFaultKind(j.value("kind", std::string("error")));
    if (!kind)
      return MakeError("InvalidFault", "kind must be one of latency, error, outage, node_failure");
    rule.kind = *kind;
    rule.service = j.value("service", rule.service);
    rule.operation = j.value("operation", rule.operation);
    rule.resource = j.value("resource", rule.resource);
    rule.latency = Duration(j.value("latency_ms", 0LL));
    rule.error_code = j.value("error_code", rule.error_code);
    rule.error_message = j.value("error_message", rule.error_message);
    rule.http_status = j.value("http_status", rule.http_status);
    rule.probability = j.value("probability", rule.probability);
    if (j.contains("remaining")) rule.remaining = j.at("remaining").get<std::int64_t>();
  } catch (const json::exception& e) {
    return MakeError("InvalidFault", std::string("bad fault rule field: ") + e.what());
  }
  return rule;
}

json JournalEntryToJson(const JournalEntry& e) {
  return {{"sequence", e.sequence}, {"time", FormatIso8601(e.time)}, {"service", e.service},
          {"resource", e.resource}, {"action", e.action},            {"outcome", e.outcome},
          {"request_id", e.request_id}};
}

AdminApi::AdminApi(Clock& clock, Journal& journal, Faults& faults, std::function<json()> health)
    : clock_(clock), journal_(journal), faults_(faults), health_(std::move(health)) {}

bool AdminApi::Owns(const aws::HttpRequest& request) {
  return request.Path().substr(0, 6) == "/_sim/";
}

aws::HttpReply AdminApi::Handle(const aws::HttpRequest& request) {
  std::string_view path = request.Path();
  const std::string& method = request.method;
  json body;
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return ErrorReply(400, "InvalidJson", "request body is not valid JSON");
  }

  if (path == "/_sim/health" && method == "GET") return JsonReply(200, health_());

  if (path == "/_sim/clock") {
    if (method == "GET") return JsonReply(200, ClockJson(clock_));
    if (method != "POST") return ErrorReply(405, "MethodNotAllowed", "use GET or POST");
    auto* sim_clock = dynamic_cast<SimClock*>(&clock_);
    if (!sim_clock)
      return ErrorReply(409, "RealClock",
                        "the clock follows real time; start with --clock=sim to move it");
    if (body.contains("advance") && body["advance"].is_string()) {
      Duration d;
      if (!ParseHumanDuration(body["advance"].get<std::string>(), &d))
        return ErrorReply(400, "InvalidDuration", "advance takes a duration such as 90s, 2h, 7d, 1d12h");
      sim_clock->Advance(d);
    } else if (body.contains("to") && body["to"].is_string()) {
      TimePoint t;
      if (!ParseIso8601(body["to"].get<std::string>(), &t))
        return ErrorReply(400, "InvalidTime", "to takes an ISO-8601 UTC time");
      if (t < sim_clock->Now()) return ErrorReply(400, "InvalidTime", "the clock never goes back");
      sim_clock->AdvanceTo(t);
    } else {
      return ErrorReply(400, "InvalidRequest", "POST /_sim/clock takes {\"advance\": D} or {\"to\": T}");
    }
    return JsonReply(200, ClockJson(clock_));
  }

  if (path == "/_sim/faults") {
    if (method == "GET") {
      json list = json::array();
      for (const auto& rule : faults_.List()) list.push_back(FaultRuleToJson(rule));
      return JsonReply(200, {{"faults", list}});
    }
    if (method == "DELETE") {
      faults_.Clear();
      journal_.Record({0, {}, "sim", "", "ClearFaults", "ok", ""});
      return JsonReply(200, {{"cleared", true}});
    }
    if (method == "POST") {
      auto rule = FaultRuleFromJson(body);
      if (!rule.ok()) return ErrorReply(400, rule.error().code, rule.error().message);
      auto id = faults_.Add(rule.value());
      if (!id.ok()) return ErrorReply(400, id.error().code, id.error().message);
      journal_.Record({0, {}, "sim", id.value(), "AddFault", "ok", ""});
      return JsonReply(201, {{"id", id.value()}});
    }
    return ErrorReply(405, "MethodNotAllowed", "use GET, POST or DELETE");
  }
  if (path.substr(0, 13) == "/_sim/faults/" && method == "DELETE") {
    std::string id(path.substr(13));
    if (!faults_.Remove(id)) return ErrorReply(404, "NoSuchFault", "no fault rule " + id);
    journal_.Record({0, {}, "sim", id, "RemoveFault", "ok", ""});
    return JsonReply(200, {{"removed", id}});
  }

  if (path == "/_sim/journal" && method == "GET") {
    JournalQuery query;
    for (auto& [k, v] : aws::ParseQueryString(request.RawQuery())) {
      if (k == "service") query.service = v;
      if (k == "action") query.action = v;
      try {
        if (k == "after") query.after_sequence = std::stoull(v);
        if (k == "limit") query.limit = std::stoull(v);
      } catch (const std::exception&) {
        return ErrorReply(400, "InvalidQuery", k + " takes a whole number");
      }
    }
    json entries = json::array();
    for (const auto& e : journal_.Query(query)) entries.push_back(JournalEntryToJson(e));
    return JsonReply(200, {{"entries", entries}, {"last_sequence", journal_.LastSequence()}});
  }

  if (path == "/_sim/services" && method == "GET") {
    json services = json::array();
    for (const auto& c : ModelCoverage())
      services.push_back({{"service", c.service}, {"implemented", c.implemented}, {"missing", c.missing}});
    return JsonReply(200, {{"services", services}});
  }

  return ErrorReply(404, "NotFound", "no admin resource " + std::string(path));
}

}  // namespace sim
