#pragma once
// Turns an environment's inventory into the AWS operations a user would call
// (CreateSecret, ...), through each service's own operation table, so
// provisioning exercises the same code paths as a client. Idempotent: a
// resource that already exists (state kept from an earlier run) is left as is.

#include "sim/aws/service.h"
#include "sim/core/journal.h"
#include "sim/env/environment.h"

namespace sim {

// Inventory kinds (keys of env::InventoryToJson) that have an emulator today;
// the others are read and shown as "modeled, not emulated".
bool IsEmulatedKind(std::string_view kind);

// The services provisioning goes through.
struct ProvisioningTargets {
  aws::Service* secrets_manager = nullptr;
  aws::Service* elasticache = nullptr;
};

Status ProvisionEnvironment(const env::Environment& environment, const ProvisioningTargets& targets,
                            Clock& clock, Journal& journal);

}  // namespace sim
