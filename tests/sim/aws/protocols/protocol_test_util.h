#pragma once
// Builds wire requests the way botocore sends them and reads responses back,
// for the protocol tests.

#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/aws/http_message.h"
#include "sim/aws/model.h"
#include "sim/aws/protocol.h"

namespace sim::aws::testing {

inline HttpRequest MakeRequest(std::string method, std::string target, std::string body = "",
                               HeaderList headers = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

inline std::string HeaderOf(const HttpResponse& response, std::string_view name) {
  for (const auto& [k, v] : response.headers)
    if (EqualsIgnoreCase(k, name)) return v;
  return "<absent>";
}

inline const ServiceModel& Model(std::string_view name) {
  const ServiceModel* model = FindModel(name);
  EXPECT_NE(model, nullptr) << name;
  return *model;
}

inline const Operation& Op(const ServiceModel& model, std::string_view name) {
  const Operation* op = model.FindOperation(name);
  EXPECT_NE(op, nullptr) << name;
  return *op;
}

inline const Protocol& ProtocolOf(const ServiceModel& model) {
  const Protocol* protocol = FindProtocol(model.protocol);
  EXPECT_NE(protocol, nullptr) << model.protocol;
  return *protocol;
}

}  // namespace sim::aws::testing
