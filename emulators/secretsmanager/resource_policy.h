#pragma once
// The checks PutResourcePolicy and ValidateResourcePolicy make on a policy
// document: IAM policy syntax (a JSON object whose Statement entries each have
// an Allow/Deny Effect and an Action or NotAction), and whether it grants broad
// access (an unconditional Allow to the principal "*"). The emulator does not
// evaluate policies on requests.

#include <optional>
#include <string>

namespace sim::secretsmanager {

struct PolicyCheck {
  std::optional<std::string> syntax_error;  // why the document is malformed
  bool grants_broad_access = false;
};

PolicyCheck CheckResourcePolicy(const std::string& document);

}  // namespace sim::secretsmanager
