#include <utility>

#include "emulators/secretsmanager/secret_operations.h"

namespace sim::secretsmanager {

aws::OperationTable MakeOperationTable(OperationHost& host) {
  using Fn = Result<Json> (*)(OperationHost&, const Ctx&, const Json&);
  const std::pair<const char*, Fn> operations[] = {
      {"BatchGetSecretValue", &BatchGetSecretValue},
      {"CancelRotateSecret", &CancelRotateSecret},
      {"CreateSecret", &CreateSecret},
      {"DeleteResourcePolicy", &DeleteResourcePolicy},
      {"DeleteSecret", &DeleteSecret},
      {"DescribeSecret", &DescribeSecret},
      {"GetRandomPassword", &GetRandomPassword},
      {"GetResourcePolicy", &GetResourcePolicy},
      {"GetSecretValue", &GetSecretValue},
      {"ListSecretVersionIds", &ListSecretVersionIds},
      {"ListSecrets", &ListSecrets},
      {"PutResourcePolicy", &PutResourcePolicy},
      {"PutSecretValue", &PutSecretValue},
      {"RemoveRegionsFromReplication", &RemoveRegionsFromReplication},
      {"ReplicateSecretToRegions", &ReplicateSecretToRegions},
      {"RestoreSecret", &RestoreSecret},
      {"RotateSecret", &RotateSecret},
      {"StopReplicationToReplica", &StopReplicationToReplica},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"UpdateSecret", &UpdateSecret},
      {"UpdateSecretVersionStage", &UpdateSecretVersionStage},
      {"ValidateResourcePolicy", &ValidateResourcePolicy},
  };
  aws::OperationTable table;
  for (const auto& [name, fn] : operations)
    table.emplace(
        name, [&host, fn = fn](const Ctx& ctx, const Json& input) { return fn(host, ctx, input); });
  return table;
}

}  // namespace sim::secretsmanager
