#pragma once
// JSON text for responses. Strings may carry bytes a client sent (a header
// echoed in an error message); invalid UTF-8 is replaced rather than letting
// nlohmann::json throw on the response path.

#include <string>

#include <nlohmann/json.hpp>

namespace sim::aws {

inline std::string ToJsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sim::aws
