// Set commands: being written.
#include "emulators/elasticache/redis/command_registry.h"

namespace sim::elasticache::redis {

void RegisterSetFamily(CommandRegistry&) {}

}  // namespace sim::elasticache::redis
