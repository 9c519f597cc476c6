// ZSet commands: being written.
#include "emulators/elasticache/redis/command_registry.h"

namespace sim::elasticache::redis {

void RegisterZSetFamily(CommandRegistry&) {}

}  // namespace sim::elasticache::redis
