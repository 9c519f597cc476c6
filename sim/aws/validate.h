#pragma once
// Checks a parsed input value against its model shape the way AWS's service
// front ends do: required members, value ranges, lengths, enums and patterns.
// Type mismatches are the protocol parser's business (each protocol words them
// differently); this runs on values already shaped by a parser.

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

// Ok, or ValidationException with AWS's wording:
// "1 validation error detected: Value null at 'secretId' failed to satisfy
//  constraint: Member must not be null".
Status ValidateInput(const Shape& shape, const nlohmann::json& value);

}  // namespace sim::aws
