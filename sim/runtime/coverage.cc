#include "sim/runtime/coverage.h"

#include <boost/asio/io_context.hpp>

#include <algorithm>

#include "emulators/elasticache/control/elasticache.h"
#include "emulators/s3/api/routing.h"
#include "emulators/secretsmanager/secrets_manager.h"
#include "sim/aws/model.h"
#include "sim/core/journal.h"
#include "sim/core/rng.h"
#include "sim/store/state_store.h"

namespace sim {

std::vector<aws::ServiceCoverage> ModelCoverage() {
  SimClock clock(TimePoint{});
  Journal journal(clock);
  auto store = StateStore::OpenInMemory();
  Rng rng(1);
  secretsmanager::SecretsManager secrets({&clock, &journal, store.get(), &rng});
  // Never run: ElastiCache only needs a loop to exist to be constructed.
  boost::asio::io_context io;
  elasticache::ElastiCache elasticache({&clock, &journal, store.get(), &rng}, io, "127.0.0.1", nullptr);
  const aws::Service* emulators[] = {&secrets, &elasticache};

  std::vector<aws::ServiceCoverage> out;
  for (std::string_view name : aws::ModelNames()) {
    const aws::ServiceModel* model = aws::FindModel(name);
    const aws::OperationTable* table = nullptr;
    for (const aws::Service* s : emulators)
      if (s->Name() == name) table = &s->Operations();
    aws::ServiceCoverage c{std::string(name), {}, {}};
    // S3 has its own streaming front end instead of an operation table.
    const auto& s3_served = s3::ServedOperations();
    auto served = [&](const std::string& op) {
      if (name == "s3") return std::find(s3_served.begin(), s3_served.end(), op) != s3_served.end();
      return table != nullptr && table->count(op) > 0;
    };
    for (const auto& [op, _] : model->operations) (served(op) ? c.implemented : c.missing).push_back(op);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace sim
