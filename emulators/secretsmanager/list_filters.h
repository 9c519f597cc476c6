#pragma once
// ListSecrets / BatchGetSecretValue filters, matched the way AWS documents
// them: name, tag-key, tag-value, primary-region and owning-service are
// case-sensitive prefix matches, description is a case-insensitive prefix
// match, and `all` splits the value into words that must each start a word of
// the name, description, a tag key or a tag value (case-insensitive). A value
// starting with '!' negates. Values of one filter are OR'ed (negated ones must
// all hold); filters are AND'ed.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "emulators/secretsmanager/secret_state.h"
#include "sim/core/result.h"

namespace sim::secretsmanager {

struct SecretFilter {
  std::string key;
  std::vector<std::string> values;
};

// Parses the Filters member (absent or null = no filters). Unknown keys,
// malformed values and too many filters or values are InvalidParameterException.
Result<std::vector<SecretFilter>> ParseFilters(const nlohmann::json* filters);

bool MatchesFilters(const Secret& secret, const std::vector<SecretFilter>& filters);

}  // namespace sim::secretsmanager
