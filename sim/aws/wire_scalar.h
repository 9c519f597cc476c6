#pragma once
// Scalars as text: the form they take in query parameters, URI labels,
// headers and XML element content. Shared by the query, rest-json and
// rest-xml protocols so every place reads "true", "42" and dates alike.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"

namespace sim::aws {

// Parses `text` as a value of scalar `shape` into the sim's form (service.h).
// On failure returns false and sets `expected` to what the text should have
// been ("an integer", "a timestamp", ...).
bool ParseScalarText(const Shape& shape, std::string_view text, nlohmann::json* out,
                     const char** expected);

// Text of a scalar value; timestamps written in `timestamp_format`.
std::string ScalarText(const Shape& shape, const nlohmann::json& value,
                       std::string_view timestamp_format);

}  // namespace sim::aws
