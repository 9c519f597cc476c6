#include "sim/aws/wire_error.h"

#include "sim/aws/http_message.h"

namespace sim::aws {
namespace {

const Shape* FindExceptionShape(const ServiceModel& model, const std::string& code) {
  if (const Shape* shape = model.FindShape(code); shape && shape->exception) return shape;
  for (const auto& [name, shape] : model.shapes)
    if (shape.exception && shape.error_code == code) return &shape;
  return nullptr;
}

}  // namespace

WireError ResolveWireError(const ServiceModel& model, const Error& error) {
  WireError wire;
  wire.code = error.code;
  wire.message = &error.message;
  wire.http_status = error.http_status;
  wire.sender_fault = error.sender_fault;
  wire.shape = FindExceptionShape(model, error.code);
  if (!wire.shape) return wire;
  if (!wire.shape->error_code.empty()) wire.code = wire.shape->error_code;
  // 400 is Error's default: a service that did not choose gets the model's.
  if (error.http_status == 400 && wire.shape->error_http_status != 0 &&
      wire.shape->error_http_status != 400) {
    wire.http_status = wire.shape->error_http_status;
    wire.sender_fault = wire.http_status < 500;
  }
  return wire;
}

const std::string& MessageKeyOf(const Shape* shape, const std::string& fallback) {
  if (shape) {
    for (const Member& m : shape->members)
      if (EqualsIgnoreCase(m.name, "message")) return m.WireName();
  }
  return fallback;
}

}  // namespace sim::aws
