#include "sim/aws/dispatcher.h"

#include <nlohmann/json.hpp>

#include <exception>

#include "sim/aws/crypto.h"
#include "sim/aws/xml_writer.h"
#include "sim/aws/validate.h"

namespace sim::aws {

using nlohmann::json;

namespace {

// The resource an operation acts on, for fault matching and the journal: the
// first member of the input whose name says it identifies something.
std::string ResourceOf(const json& input) {
  static const char* kIdMembers[] = {"SecretId", "Name", "Bucket", "ReplicationGroupId",
                                     "DBInstanceIdentifier", "BrokerId", "HostedZoneId",
                                     "BackupPlanId", "BackupVaultName", "ResourceArn"};
  if (!input.is_object()) return {};
  for (const char* name : kIdMembers) {
    auto it = input.find(name);
    // Bounded: the journal keeps this, and input is only validated later.
    if (it != input.end() && it->is_string()) return it->get<std::string>().substr(0, 2048);
  }
  return {};
}

HttpReply GenericError(int status, const std::string& code, const std::string& message,
                       const std::string& request_id) {
  HttpReply reply;
  reply.response.status = status;
  reply.response.SetHeader("Content-Type", "application/xml");
  reply.response.SetHeader("x-amzn-RequestId", request_id);
  std::string& body = reply.response.body;
  body = "<ErrorResponse><Error><Code>";
  AppendXmlEscaped(body, code, false);
  body += "</Code><Message>";
  AppendXmlEscaped(body, message, false);
  body += "</Message></Error><RequestId>" + request_id + "</RequestId></ErrorResponse>";
  return reply;
}

}  // namespace

Dispatcher::Dispatcher(Clock& clock, Journal& journal, Faults& faults, Rng request_ids,
                       std::string default_region)
    : clock_(clock),
      journal_(journal),
      faults_(faults),
      request_ids_(request_ids),
      default_region_(std::move(default_region)) {}

void Dispatcher::AddCredential(Credential credential) {
  std::string key = credential.access_key_id;
  credentials_[key] = std::move(credential);
}

void Dispatcher::Register(Service& service) {
  const ServiceModel* model = FindModel(service.Name());
  if (!model) throw std::runtime_error("no AWS model embedded for service " + std::string(service.Name()));
  const Protocol* protocol = FindProtocol(model->protocol);
  if (!protocol) throw std::runtime_error("protocol " + model->protocol + " is not supported");
  auto& route = by_signing_name_[model->signing_name];
  route = Route{&service, model, protocol};
  if (!model->target_prefix.empty()) by_target_prefix_[model->target_prefix] = &route;
}

const Dispatcher::Route* Dispatcher::RouteByTarget(const HttpRequest& request) const {
  const std::string* target = request.Header("X-Amz-Target");
  if (!target) return nullptr;
  std::string_view t = *target;
  auto it = by_target_prefix_.find(t.substr(0, t.rfind('.')));
  return it == by_target_prefix_.end() ? nullptr : it->second;
}

namespace {

HttpRequestView ViewOf(const HttpRequest& request) {
  HttpRequestView view{request.method, request.target, {}};
  view.headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) view.headers.emplace_back(name, value);
  return view;
}

AuthDialect DialectOf(const ServiceModel& model) {
  if (model.name == "s3") return AuthDialect::kS3;
  if (model.protocol == "json" || model.protocol == "rest-json") return AuthDialect::kJson;
  return AuthDialect::kQuery;
}

}  // namespace

Result<const Credential*> Dispatcher::VerifyCaller(const HttpRequestView& view,
                                                   const SigV4Credential& signature,
                                                   std::optional<std::string_view> body_sha256,
                                                   AuthDialect dialect) const {
  SigV4Options options;
  options.dialect = dialect;
  auto it = credentials_.find(signature.access_key_id);
  if (it == credentials_.end()) return MakeAuthError(AuthFailure::kUnknownAccessKey, options.dialect);
  // Clients date signatures on their wall clocks, so header-signed requests
  // are checked against wall time: advancing a simulated clock must not make
  // every SDK call "skewed". Presigned URLs expire in that same frame plus the
  // time the simulation was advanced, so `clock advance` expires them.
  TimePoint wall = wall_clock_.Now();
  TimePoint now = signature.presigned ? wall + clock_.AdvancedBy() : wall;
  Status verified = Verify(view, signature, it->second.secret_access_key, body_sha256, now, options);
  if (!verified.ok()) return verified.error();
  return &it->second;
}

const Credential* Dispatcher::FindCredential(std::string_view access_key_id) const {
  auto it = credentials_.find(access_key_id);
  return it == credentials_.end() ? nullptr : &it->second;
}

Result<Dispatcher::Caller> Dispatcher::Authenticate(
    const Route& route, const HttpRequest& request, const HttpRequestView& view,
    const Result<SigV4Credential>& signature) const {
  if (!signature.ok()) return signature.error();
  std::string body_hash = Sha256Hex(request.body);
  auto credential = VerifyCaller(view, signature.value(), body_hash, DialectOf(*route.model));
  if (!credential.ok()) return credential.error();
  return Caller{credential.value(), signature->region};
}

HttpReply Dispatcher::Fail(const Route* route, const Error& error,
                           const std::string& request_id) const {
  if (!route) return GenericError(error.http_status, error.code, error.message, request_id);
  HttpReply reply;
  route->protocol->WriteError(*route->model, error, request_id, reply.response);
  return reply;
}

HttpReply Dispatcher::Handle(const HttpRequest& request) {
  std::string request_id = request_ids_.Uuid();
  // The credential scope names the service of every signed request; unsigned
  // ones can still be routed by X-Amz-Target, to refuse them in their protocol.
  const HttpRequestView view = ViewOf(request);
  Result<SigV4Credential> signature = ParseAuthorization(view);
  const Route* route = nullptr;
  if (signature.ok()) {
    auto it = by_signing_name_.find(signature->service);
    if (it == by_signing_name_.end())
      return GenericError(400, "UnknownService",
                          "Service '" + signature->service + "' is not emulated by this simulator",
                          request_id);
    route = &it->second;
  } else {
    route = RouteByTarget(request);
    if (!route) return GenericError(signature.error().http_status, signature.error().code,
                                    signature.error().message, request_id);
  }
  const ServiceModel& model = *route->model;
  auto record = [&](const std::string& operation, const std::string& resource,
                    const std::string& outcome) {
    journal_.Record({0, {}, model.name, resource, operation, outcome, request_id});
  };

  auto caller = Authenticate(*route, request, view, signature);
  if (!caller.ok()) {
    record("Authenticate", "", caller.error().code);
    return Fail(route, caller.error(), request_id);
  }
  auto op = route->protocol->ResolveOperation(model, request);
  if (!op.ok()) return Fail(route, op.error(), request_id);
  const Operation& operation = *op.value();

  auto input = route->protocol->ParseInput(model, operation, request);
  if (!input.ok()) {
    record(operation.name, "", input.error().code);
    return Fail(route, input.error(), request_id);
  }
  std::string resource = ResourceOf(input.value());

  Duration delay{0};
  if (auto fault = faults_.Match(model.name, operation.name, resource)) {
    record(operation.name, resource, "fault:" + std::string(FaultKindName(fault->kind)));
    switch (fault->kind) {
      case FaultKind::kOutage: {
        HttpReply dropped;
        dropped.drop = true;
        return dropped;
      }
      case FaultKind::kLatency:
        delay = fault->latency;  // then served as usual
        break;
      case FaultKind::kError:
      case FaultKind::kNodeFailure:
        return Fail(route, MakeError(fault->error_code, fault->error_message, fault->http_status),
                    request_id);
    }
  }

  // From here every outcome is journaled and answered after the injected delay.
  auto answer = [&](const Result<json>& output) {
    HttpReply reply;
    if (output.ok()) {
      record(operation.name, resource, "ok");
      route->protocol->WriteOutput(model, operation, output.value(), request_id, reply.response);
    } else {
      record(operation.name, resource, output.error().code);
      reply = Fail(route, output.error(), request_id);
    }
    reply.delay = delay;
    return reply;
  };

  if (operation.input) {
    if (Status valid = ValidateInput(*operation.input, input.value()); !valid.ok())
      return answer(valid.error());
  }
  const OperationTable& table = route->service->Operations();
  auto handler = table.find(operation.name);
  if (handler == table.end()) {
    return answer(MakeError("NotImplemented",
                            "Operation " + operation.name + " of service " + model.name +
                                " is not implemented by this simulator",
                            501));
  }
  RequestContext context{model.name,  operation.name, caller->credential->account_id,
                         caller->region.empty() ? default_region_ : caller->region,
                         request_id, caller->credential->access_key_id, clock_.Now()};
  Result<json> output = MakeError("InternalFailure", "the operation gave no result", 500);
  try {
    output = handler->second(context, input.value());
  } catch (const std::exception& e) {
    output = MakeError("InternalFailure", std::string("internal error: ") + e.what(), 500);
  }
  return answer(output);
}

}  // namespace sim::aws
