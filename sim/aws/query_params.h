#pragma once
// AWS query-protocol parameters ("Tags.Tag.1.Key=env") as a sim value, the
// mirror image of botocore's QuerySerializer: structure members joined with
// '.', list items numbered from 1 under ".member" (or the item's locationName;
// directly under the name when flattened), maps as ".entry.N.key/value", an
// empty list as the bare name with an empty value.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

using QueryParameters = std::vector<std::pair<std::string, std::string>>;

// Reads the members of structure `shape` from decoded parameters; names the
// shape does not know are ignored. A value of the wrong type is refused with
// InvalidParameterValue (400).
Result<nlohmann::json> ParseQueryParameters(const Shape& shape, const QueryParameters& params);

}  // namespace sim::aws
