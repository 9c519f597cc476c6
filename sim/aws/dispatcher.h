#pragma once
// The AWS front door's brain: finds the service a request names (SigV4
// credential scope; X-Amz-Target for unsigned requests, so they are refused in
// their protocol's form) and the operation (through that service's protocol:
// X-Amz-Target, Query Action, REST method and URI), verifies the signature,
// consults the fault rules, runs the operation through the service's protocol,
// and journals the outcome. Owns no sockets.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/aws/http_message.h"
#include "sim/aws/model.h"
#include "sim/aws/protocol.h"
#include "sim/aws/service.h"
#include "sim/aws/sigv4.h"
#include "sim/core/faults.h"
#include "sim/core/journal.h"
#include "sim/core/rng.h"

namespace sim::aws {

struct Credential {
  std::string access_key_id;
  std::string secret_access_key;
  std::string account_id;
};

struct ServiceCoverage {
  std::string service;
  std::vector<std::string> implemented;
  std::vector<std::string> missing;  // in the model, not in the operation table
};

class Dispatcher {
 public:
  Dispatcher(Clock& clock, Journal& journal, Faults& faults, Rng request_ids,
             std::string default_region);

  void AddCredential(Credential credential);
  // Routes the service's model (embedded) to it. Throws if no model exists.
  void Register(Service& service);

  HttpReply Handle(const HttpRequest& request);

  // Verifies a parsed signature against the configured credentials, with
  // the clocks every service uses (see Authenticate); for front ends that
  // serve a service outside Handle (S3 streams its bodies). `body_sha256` as
  // for sigv4 Verify.
  Result<const Credential*> VerifyCaller(const HttpRequestView& view,
                                         const SigV4Credential& signature,
                                         std::optional<std::string_view> body_sha256,
                                         AuthDialect dialect) const;
  // For S3's legacy (SigV2) presigned URLs, which sigv4 does not cover.
  const Credential* FindCredential(std::string_view access_key_id) const;
  // The time presigned URLs expire against (see VerifyCaller).
  TimePoint PresignedNow() const { return wall_clock_.Now() + clock_.AdvancedBy(); }


 private:
  struct Route {
    Service* service;
    const ServiceModel* model;
    const Protocol* protocol;
  };
  struct Caller {
    const Credential* credential = nullptr;
    std::string region;
  };

  const Route* RouteByTarget(const HttpRequest& request) const;
  Result<Caller> Authenticate(const Route& route, const HttpRequest& request,
                              const HttpRequestView& view,
                              const Result<SigV4Credential>& signature) const;
  HttpReply Fail(const Route* route, const Error& error, const std::string& request_id) const;

  Clock& clock_;
  RealClock wall_clock_;  // for signature dates only
  Journal& journal_;
  Faults& faults_;
  Rng request_ids_;
  std::string default_region_;
  std::map<std::string, Credential, std::less<>> credentials_;  // by access key id
  std::map<std::string, Route, std::less<>> by_signing_name_;
  std::map<std::string, Route*, std::less<>> by_target_prefix_;
};

}  // namespace sim::aws
