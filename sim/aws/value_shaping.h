#pragma once
// Brings a decoded JSON document into the shape the model says, the way AWS's
// JSON front ends read it: members the model does not know are dropped, type
// mismatches are refused, timestamps become epoch seconds, blobs stay base64
// (checked). Shared by the json and rest-json protocols.

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

// Returns the shaped value, or SerializationException naming the member path.
Result<nlohmann::json> ShapeJsonValue(const Shape& shape, const nlohmann::json& value);

// True when `text` is canonical base64 (padding required, no whitespace).
bool IsBase64(std::string_view text);

}  // namespace sim::aws
