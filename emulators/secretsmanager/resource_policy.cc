#include "emulators/secretsmanager/resource_policy.h"

#include <nlohmann/json.hpp>

namespace sim::secretsmanager {
namespace {

using nlohmann::json;

bool IsWildcardPrincipal(const json& principal) {
  if (principal.is_string()) return principal.get<std::string>() == "*";
  if (!principal.is_object()) return false;
  auto aws = principal.find("AWS");
  if (aws == principal.end()) return false;
  if (aws->is_string()) return aws->get<std::string>() == "*";
  if (aws->is_array())
    for (const auto& p : *aws)
      if (p.is_string() && p.get<std::string>() == "*") return true;
  return false;
}

std::optional<std::string> CheckStatement(const json& statement) {
  if (!statement.is_object()) return "Each statement must be a JSON object.";
  auto effect = statement.find("Effect");
  if (effect == statement.end() || !effect->is_string() ||
      (effect->get<std::string>() != "Allow" && effect->get<std::string>() != "Deny"))
    return "Each statement needs an Effect of Allow or Deny.";
  if (!statement.contains("Action") && !statement.contains("NotAction"))
    return "Each statement needs an Action or NotAction.";
  return std::nullopt;
}

}  // namespace

PolicyCheck CheckResourcePolicy(const std::string& document) {
  PolicyCheck check;
  json policy = json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (policy.is_discarded() || !policy.is_object()) {
    check.syntax_error = "The policy document is not a valid JSON object.";
    return check;
  }
  auto statements = policy.find("Statement");
  if (statements == policy.end() || !(statements->is_object() || statements->is_array()) ||
      (statements->is_array() && statements->empty())) {
    check.syntax_error = "The policy document needs at least one Statement.";
    return check;
  }
  json list = statements->is_array() ? *statements : json::array({*statements});
  for (const auto& statement : list) {
    if (auto error = CheckStatement(statement)) {
      check.syntax_error = error;
      return check;
    }
    auto principal = statement.find("Principal");
    if (statement.at("Effect") == "Allow" && principal != statement.end() &&
        IsWildcardPrincipal(*principal) && !statement.contains("Condition"))
      check.grants_broad_access = true;
  }
  return check;
}

}  // namespace sim::secretsmanager
