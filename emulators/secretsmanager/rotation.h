#pragma once
// Rotation without Lambda. The emulator cannot run a rotation function, so a
// rotation does what the AWS single-user templates do to the secret itself:
// create an AWSPENDING version holding a fresh value, then promote it to
// AWSCURRENT (the old current becomes AWSPREVIOUS) and drop AWSPENDING.
// The fresh value is a new random password, or, when the current SecretString
// is a JSON object with a string "password" member, the same object with only
// that member regenerated.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "emulators/secretsmanager/secret_state.h"
#include "sim/core/clock.h"
#include "sim/core/result.h"
#include "sim/core/rng.h"

namespace sim::secretsmanager {

struct RotationRules {
  std::optional<std::int64_t> automatically_after_days;
  std::optional<std::string> schedule_expression;
  std::optional<std::string> duration;
};

// Validates RotateSecret's RotationRules: AutomaticallyAfterDays 1..1000 or a
// ScheduleExpression (rate() in whole hours, at least 4, or days; or cron()),
// not both; Duration "<1..24>h". Errors are InvalidParameterException.
Result<RotationRules> ParseRotationRules(const nlohmann::json& rules);

// When the next scheduled rotation is due, strictly after `now`; nullopt when
// rotation is off or has no schedule. Windows open at midnight UTC, as in AWS:
// AutomaticallyAfterDays N is the start of the UTC day N days from now, a
// rate() counts from today's midnight, a cron() is evaluated as written.
std::optional<TimePoint> NextRotation(const RotationConfig& config, TimePoint now);

// The value a rotation stores, given the current one (empty when the secret has
// no current version).
SecretValue RotatedValue(const SecretValue& current, Rng& rng);

// Rotates once, creating version `version_id`. InvalidRequestException when an
// earlier rotation left AWSPENDING on a version other than AWSCURRENT.
// Updates LastRotatedDate/LastChangedDate and, when enabled, NextRotationDate.
Result<std::string> RotateOnce(Secret& secret, const std::string& version_id, TimePoint now,
                               Rng& rng);

}  // namespace sim::secretsmanager
