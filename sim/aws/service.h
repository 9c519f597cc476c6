#pragma once
// What a service emulator implements: operations on JSON-shaped values. The
// protocol layer (json, query, rest-json, rest-xml) parses the wire request
// into `input` following the botocore model, validates it, calls the handler,
// and serializes the returned value or Error in the protocol's wire form.
// Services never see HTTP.
//
// Value conventions between the protocol layer and handlers:
//   - structures are JSON objects keyed by the model's member names;
//   - blobs are base64 text (exactly as the json protocol carries them);
//   - timestamps are JSON numbers, seconds since the epoch (fraction allowed);
//   - absent members are absent (never null).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/clock.h"
#include "sim/core/result.h"

namespace sim {
class Journal;
class Rng;
class StateStore;
}  // namespace sim

namespace sim::aws {

// Who is calling, where, and when; filled by the front door.
struct RequestContext {
  std::string service;     // botocore model name, e.g. "secretsmanager"
  std::string operation;   // e.g. "GetSecretValue"
  std::string account_id;  // from the caller's credentials
  std::string region;      // from the SigV4 credential scope
  std::string request_id;
  std::string access_key_id;
  TimePoint now{};
};

using OperationHandler =
    std::function<Result<nlohmann::json>(const RequestContext&, const nlohmann::json& input)>;

// name -> handler. An operation the model has and this table lacks answers a
// not-implemented error naming service and operation.
using OperationTable = std::map<std::string, OperationHandler, std::less<>>;

// Shared kernel pieces a service is built with.
struct ServiceEnv {
  Clock* clock = nullptr;
  Journal* journal = nullptr;
  StateStore* store = nullptr;
  Rng* rng = nullptr;  // the service's own fork
};

class Service {
 public:
  virtual ~Service() = default;
  // botocore model name (and SigV4 signing name), e.g. "secretsmanager".
  virtual std::string_view Name() const = 0;
  virtual const OperationTable& Operations() const = 0;
  // Reloads persisted state; called once before serving.
  virtual void Load() {}
};

}  // namespace sim::aws
