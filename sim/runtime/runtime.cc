#include "sim/runtime/runtime.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <deque>
#include <stdexcept>

#include "emulators/elasticache/control/elasticache.h"
#include "emulators/identity/oidc/identity_provider.h"
#include "emulators/identity/oidc/realm_directory.h"
#include "emulators/s3/s3.h"
#include "emulators/secretsmanager/secrets_manager.h"
#include "sim/aws/dispatcher.h"
#include "sim/core/journal.h"
#include "sim/core/rng.h"
#include "sim/env/environment.h"
#include "sim/env/port_plan.h"
#include "sim/http/http_server.h"
#include "sim/runtime/admin_api.h"
#include "sim/runtime/bucket_provisioning.h"
#include "sim/runtime/busy_poll.h"
#include "sim/runtime/provisioner.h"
#include "sim/store/state_store.h"

namespace sim {

using nlohmann::json;
namespace asio = boost::asio;

struct Runtime::State {
  explicit State(RuntimeOptions o) : options(std::move(o)), root_rng(options.seed) {}

  RuntimeOptions options;
  asio::io_context io{1};
  std::unique_ptr<Clock> clock;
  Rng root_rng;
  std::unique_ptr<Journal> journal;
  std::unique_ptr<Faults> faults;
  std::unique_ptr<StateStore> store;
  std::vector<env::Environment> environments;
  std::deque<Rng> service_rngs;  // deque: ServiceEnv keeps pointers into it
  std::unique_ptr<secretsmanager::SecretsManager> secrets_manager;
  std::unique_ptr<elasticache::ElastiCache> elasticache;
  std::unique_ptr<s3::S3> s3;
  // One identity provider (and listener) per environment that names realm files.
  std::vector<std::unique_ptr<identity::IdentityProvider>> identity_providers;
  std::vector<std::unique_ptr<http::HttpServer>> identity_servers;
  std::vector<Endpoint> identity_endpoints;  // listed after each environment's AWS services
  std::unique_ptr<aws::Dispatcher> dispatcher;
  std::unique_ptr<AdminApi> admin;
  std::unique_ptr<http::HttpServer> front_door;
  std::unique_ptr<asio::steady_timer> clock_timer;
  std::unique_ptr<asio::signal_set> signals;
  std::vector<Endpoint> endpoints;
  std::uint16_t aws_port = 0;
  std::string started_at;

  aws::ServiceEnv ServiceEnvFor(const std::string& name) {
    service_rngs.push_back(root_rng.Fork(name));
    return aws::ServiceEnv{clock.get(), journal.get(), store.get(), &service_rngs.back()};
  }

  // With the real clock, timers need the event loop to wake up on time.
  void ArmClockTimer(TimePoint deadline) {
    auto delay = deadline - clock->Now();
    clock_timer->expires_after(delay.count() > 0 ? delay : Duration(0));
    clock_timer->async_wait([this](const boost::system::error_code& ec) {
      if (!ec) clock->RunDue();
    });
  }
};

namespace {

// What an environment declares that the sim reads but does not emulate yet:
// inventory kinds without an emulator, then modules without a mapping.
std::vector<std::string> ModeledKinds(const env::Environment& e) {
  std::vector<std::string> out;
  const json inventory = env::InventoryToJson(e.inventory);
  for (auto& [kind, items] : inventory.items())
    if (kind != "modeled_only" && !items.empty() && !IsEmulatedKind(kind)) out.push_back(kind);
  for (const auto& m : e.inventory.modeled_only) out.push_back(m.module);
  return out;
}

// The environment's Keycloak realms on its identity port. The listener is
// bound first: the realms' issuer is the address clients reach.
void StartIdentity(Runtime::State& s, const env::Environment& e) {
  const RuntimeOptions& o = s.options;
  auto files = env::LoadRealmFiles(o.environments_dir, e.name);
  if (!files.ok()) throw std::runtime_error(files.error().message);
  if (files->empty()) return;
  std::uint16_t port = 0;
  if (o.planned_data_ports) {
    auto plan = env::LoadPortPlan(o.environments_dir, e.name);
    if (!plan.ok()) throw std::runtime_error(plan.error().message);
    port = plan->identity;
  }
  s.service_rngs.push_back(s.root_rng.Fork("identity/" + e.name));
  auto provider = std::make_unique<identity::IdentityProvider>(
      s.clock.get(), &s.service_rngs.back(), s.store.get(), Scope{e.account_id, e.region});
  // The master realm's admin, as Keycloak takes it from its environment.
  const char* admin_user = std::getenv("KEYCLOAK_ADMIN");
  const char* admin_password = std::getenv("KEYCLOAK_ADMIN_PASSWORD");
  if (admin_user != nullptr && admin_password != nullptr) provider->set_admin_credentials(admin_user, admin_password);
  identity::IdentityProvider* raw = provider.get();
  auto server = std::make_unique<http::HttpServer>(s.io, [raw](aws::HttpRequest& request) {
    try {
      return raw->Handle(request);
    } catch (const std::exception& ex) {
      aws::HttpReply reply;
      reply.response.status = 500;
      reply.response.body = std::string("internal error: ") + ex.what() + "\n";
      return reply;
    }
  });
  std::uint16_t bound = 0;
  try {
    bound = server->Listen(o.host, port);
  } catch (const std::exception& ex) {
    throw std::runtime_error(std::string(ex.what()) + " (identity port of " + e.name +
                             " in environments/ports.yaml; --data-ports auto picks free ports)");
  }
  std::string base_url = "http://" + o.host + ":" + std::to_string(bound);
  provider->set_base_url(base_url);
  for (const auto& file : *files) {
    auto directories = identity::LoadRealmDirectories(file.string());
    if (!directories.ok()) throw std::runtime_error(directories.error().message);
    for (auto& directory : *directories) {
      std::string realm = directory->policy().name;
      Status added = provider->AddRealm(std::move(directory));
      if (!added.ok()) throw std::runtime_error("realm " + realm + ": " + added.error().message);
      s.identity_endpoints.push_back({e.name, "identity " + realm, "oidc", base_url + "/realms/" + realm});
    }
  }
  s.identity_providers.push_back(std::move(provider));
  s.identity_servers.push_back(std::move(server));
}

}  // namespace

Runtime::Runtime(RuntimeOptions options) : state_(std::make_unique<State>(std::move(options))) {}
Runtime::~Runtime() = default;

void Runtime::Start() {
  State& s = *state_;
  const RuntimeOptions& o = s.options;
  if (o.environments.empty()) throw std::runtime_error("no environment named");

  for (const auto& name : o.environments) {
    auto loaded = env::LoadEnvironment(o.environments_dir, name);
    if (!loaded.ok()) throw std::runtime_error(loaded.error().message);
    s.environments.push_back(std::move(loaded).value());
  }

  if (o.simulated_clock) {
    s.clock = std::make_unique<SimClock>(o.start_time.value_or(RealClock().Now()));
  } else {
    s.clock = std::make_unique<RealClock>();
    s.clock_timer = std::make_unique<asio::steady_timer>(s.io);
    s.clock->SetWakeup([&s](TimePoint deadline) { s.ArmClockTimer(deadline); });
  }
  s.journal = std::make_unique<Journal>(*s.clock);
  s.faults = std::make_unique<Faults>(s.root_rng.Fork("faults"));

  // One state directory per process, named after the environments it serves;
  // documents inside are keyed by (account, region), so environments never mix.
  std::unique_ptr<s3::BlobStore> blobs;
  if (o.ephemeral) {
    s.store = StateStore::OpenInMemory();
    blobs = s3::BlobStore::InMemory();
  } else {
    std::string dir_name;
    for (const auto& name : o.environments) dir_name += (dir_name.empty() ? "" : "+") + name;
    s.store = StateStore::OpenDirectory(o.state_dir / dir_name);
    blobs = s3::BlobStore::OpenDirectory(o.state_dir / dir_name / "s3", *s.store);
  }

  const env::Environment& primary = s.environments.front();
  s.dispatcher = std::make_unique<aws::Dispatcher>(*s.clock, *s.journal, *s.faults,
                                                   s.root_rng.Fork("request-ids"), primary.region);
  // `test`/`test` acts in the first environment; each environment's account id
  // also works as an access key (secret `test`), to reach the others.
  s.dispatcher->AddCredential({o.access_key_id, o.secret_access_key, primary.account_id});
  for (const auto& e : s.environments)
    s.dispatcher->AddCredential({e.account_id, o.secret_access_key, e.account_id});

  s.secrets_manager = std::make_unique<secretsmanager::SecretsManager>(s.ServiceEnvFor("secretsmanager"));
  s.secrets_manager->Load();
  s.dispatcher->Register(*s.secrets_manager);

  s.elasticache = std::make_unique<elasticache::ElastiCache>(s.ServiceEnvFor("elasticache"), s.io,
                                                             o.host, s.faults.get());
  // Ports come before Load: groups kept from an earlier run rebind them.
  for (const auto& e : s.environments) {
    if (!o.planned_data_ports) break;
    auto plan = env::LoadPortPlan(o.environments_dir, e.name);
    if (!plan.ok()) throw std::runtime_error(plan.error().message);
    std::uint16_t next = plan->redis;
    for (const auto& group : e.inventory.redis_groups) {
      if (next == 0) break;
      s.elasticache->ReservePorts({e.account_id, e.region}, group.replication_group_id, next,
                                  static_cast<std::uint16_t>(next + 1));
      next = static_cast<std::uint16_t>(next + 2);
    }
  }
  s.elasticache->Load();
  s.dispatcher->Register(*s.elasticache);

  s.s3 = std::make_unique<s3::S3>(s.ServiceEnvFor("s3"), *s.dispatcher, *s.faults, std::move(blobs),
                                  [&io = s.io](std::function<void()> task) { asio::post(io, std::move(task)); });
  s.s3->Load();
  for (const auto& e : s.environments) ProvisionBuckets(e, *s.s3);

  for (const auto& e : s.environments) {
    Status provisioned = ProvisionEnvironment(e, {s.secrets_manager.get(), s.elasticache.get()},
                                              *s.clock, *s.journal);
    if (!provisioned.ok()) throw std::runtime_error(provisioned.error().message);
  }

  for (const auto& e : s.environments) StartIdentity(s, e);

  s.admin = std::make_unique<AdminApi>(*s.clock, *s.journal, *s.faults,
                                       [this] { return Health(); });
  auto buffered = std::make_shared<http::RequestHandler>([&s](aws::HttpRequest& request) {
    // Nothing a request does may stop the loop that serves everyone else.
    try {
      if (AdminApi::Owns(request)) return s.admin->Handle(request);
      return s.dispatcher->Handle(request);
    } catch (const std::exception& e) {
      aws::HttpReply reply;
      reply.response.status = 500;
      reply.response.SetHeader("Content-Type", "text/plain");
      reply.response.body = std::string("internal error: ") + e.what() + "\n";
      return reply;
    }
  });
  // S3 streams its bodies; every other API is read whole.
  http::StreamingHandler front_door = [&s, buffered](aws::HttpRequest& head) -> http::Admission {
    if (!AdminApi::Owns(head) && s.s3->Claims(head)) {
      try {
        return s.s3->Admit(head);
      } catch (const std::exception& e) {
        http::Admission refused;
        refused.reply.emplace();
        refused.reply->response.status = 500;
        refused.reply->response.SetHeader("Content-Type", "text/plain");
        refused.reply->response.body = std::string("internal error: ") + e.what() + "\n";
        return refused;
      }
    }
    return http::BufferWholeBody(head, buffered, http::HttpServerOptions{}.body_limit);
  };
  s.front_door = std::make_unique<http::HttpServer>(s.io, std::move(front_door));
  s.aws_port = s.front_door->Listen(o.host, o.port);
  std::string url = "http://" + o.host + ":" + std::to_string(s.aws_port);
  s.endpoints.push_back({"", "aws", "aws", url});
  s.endpoints.push_back({"", "admin", "http", url + "/_sim/"});
  for (const auto& e : s.environments) {
    s.endpoints.push_back({e.name, "secretsmanager", "aws", url});
    s.endpoints.push_back({e.name, "elasticache", "aws", url});
    s.endpoints.push_back({e.name, "s3", "aws", url});
    for (const auto& spec : e.inventory.redis_groups) {
      auto* group = s.elasticache->FindGroup({e.account_id, e.region}, spec.replication_group_id);
      if (group == nullptr) continue;
      s.endpoints.push_back({e.name, "redis " + group->id, "redis",
                             o.host + ":" + std::to_string(group->primary_listener->port())});
      s.endpoints.push_back({e.name, "redis " + group->id + " (reader)", "redis",
                             o.host + ":" + std::to_string(group->reader_listener->port())});
    }
    for (const auto& ep : s.identity_endpoints)
      if (ep.environment == e.name) s.endpoints.push_back(ep);
    for (const auto& kind : ModeledKinds(e))
      s.endpoints.push_back({e.name, kind, "modeled, not emulated", "-"});
  }
  s.started_at = FormatIso8601(s.clock->Now());
  s.journal->Record({0, {}, "sim", "", "Start", "ok", ""});
}

void Runtime::Run() {
  State& s = *state_;
  s.signals = std::make_unique<asio::signal_set>(s.io, SIGINT, SIGTERM);
  s.signals->async_wait([&s](const boost::system::error_code& ec, int) {
    if (!ec) s.io.stop();
  });
  RunPolling(s.io, s.options.busy_poll);
}

void Runtime::Stop() { state_->io.stop(); }

const std::vector<Endpoint>& Runtime::endpoints() const { return state_->endpoints; }
std::uint16_t Runtime::aws_port() const { return state_->aws_port; }

json Runtime::Health() const {
  const State& s = *state_;
  json envs = json::array();
  for (const auto& e : s.environments) {
    json modeled = ModeledKinds(e);
    envs.push_back({{"name", e.name}, {"account_id", e.account_id}, {"region", e.region},
                    {"modeled_not_emulated", modeled}});
  }
  json endpoints = json::array();
  for (const auto& ep : s.endpoints)
    endpoints.push_back({{"environment", ep.environment}, {"service", ep.service},
                         {"protocol", ep.protocol}, {"address", ep.address}});
  return {{"status", "running"},
          {"started_at", s.started_at},
          {"clock", {{"now", FormatIso8601(s.clock->Now())}, {"simulated", s.clock->IsSimulated()}}},
          {"seed", s.options.seed},
          {"state", s.store->persistent() ? "persistent" : "ephemeral"},
          {"services", {{"secretsmanager", {{"status", "running"}}},
                        {"s3", {{"status", "running"}, {"buckets", s.s3->store().buckets().size()}}},
                        {"elasticache", {{"status", "running"},
                                         {"groups", s.elasticache->groups().size()}}},
                        {"identity", {{"status", s.identity_providers.empty() ? "off" : "running"},
                                      {"providers", s.identity_providers.size()}}}}},
          {"environments", envs},
          {"endpoints", endpoints}};
}

}  // namespace sim
