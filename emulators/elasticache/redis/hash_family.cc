// Hash commands: being written.
#include "emulators/elasticache/redis/command_registry.h"

namespace sim::elasticache::redis {

void RegisterHashFamily(CommandRegistry&) {}

}  // namespace sim::elasticache::redis
