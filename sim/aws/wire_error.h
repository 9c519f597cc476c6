#pragma once
// How a service's Error appears on the wire. Services name an error by its
// model shape ("CacheClusterNotFoundFault") or by its wire code
// ("CacheClusterNotFound"); the model's exception shape supplies the wire code
// and, when the service left the default status, the HTTP status.

#include <string>

#include "sim/aws/model.h"
#include "sim/core/result.h"

namespace sim::aws {

struct WireError {
  std::string code;  // what clients see as the error code
  const std::string* message = nullptr;
  int http_status = 400;
  bool sender_fault = true;
  const Shape* shape = nullptr;  // the model's exception shape, if any
};

WireError ResolveWireError(const ServiceModel& model, const Error& error);

// The member of an exception shape that carries the message ("Message" or
// "message"), as its wire name; `fallback` when the shape has none.
const std::string& MessageKeyOf(const Shape* shape, const std::string& fallback);

}  // namespace sim::aws
