#pragma once
// A sim value (service.h) as the JSON body a rest-json service sends, the
// mirror image of botocore's JSON parser: member keys by locationName
// ("brokerName"), timestamps per timestampFormat (epoch seconds unless the
// model says iso8601 or rfc822), members the model lacks dropped.

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"

namespace sim::aws {

// With `body_only`, members bound to headers, URI labels, the query string or
// the status code are left out (they travel elsewhere).
nlohmann::json ToWireJson(const Shape& shape, const nlohmann::json& value, bool body_only);

}  // namespace sim::aws
