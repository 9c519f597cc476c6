#include "emulators/secretsmanager/rotation.h"

#include <nlohmann/json.hpp>

#include "emulators/secretsmanager/random_password.h"
#include "sim/core/schedule.h"

namespace sim::secretsmanager {
namespace {

using nlohmann::json;

constexpr Duration kHour = std::chrono::hours(1);
constexpr Duration kDay = std::chrono::hours(24);

Error Invalid(std::string message) {
  return MakeError("InvalidParameterException", std::move(message));
}

// Characters the AWS rotation templates keep out of generated passwords,
// because they break connection strings and shells.
constexpr std::string_view kRotationExcludedCharacters = "/@\"'\\";

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string NewPassword(Rng& rng) {
  PasswordOptions options;
  options.exclude_characters = std::string(kRotationExcludedCharacters);
  // The defaults always leave characters of every type, so this cannot fail.
  return GenerateRandomPassword(options, rng).value();
}

Result<std::optional<std::string>> ParseDuration(const json& rules) {
  auto it = rules.find("Duration");
  if (it == rules.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Invalid("RotationRules.Duration must be a string.");
  const auto& text = it->get_ref<const std::string&>();
  std::size_t hours = 0;
  bool ok = text.size() >= 2 && text.size() <= 3 && text.back() == 'h';
  for (std::size_t i = 0; ok && i + 1 < text.size(); ++i) {
    ok = text[i] >= '0' && text[i] <= '9';
    hours = hours * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  if (!ok || hours < 1 || hours > 24)
    return Invalid("RotationRules.Duration must be between 1h and 24h.");
  return std::optional<std::string>(text);
}

}  // namespace

Result<RotationRules> ParseRotationRules(const json& rules) {
  RotationRules out;
  if (!rules.is_object()) return Invalid("RotationRules must be a structure.");
  auto days = rules.find("AutomaticallyAfterDays");
  auto expression = rules.find("ScheduleExpression");
  bool has_days = days != rules.end() && !days->is_null();
  bool has_expression = expression != rules.end() && !expression->is_null();
  if (has_days && has_expression)
    return Invalid("You cannot specify both rotation frequency and schedule expression together.");
  if (has_days) {
    if (!days->is_number_integer() || days->get<std::int64_t>() < 1 ||
        days->get<std::int64_t>() > 1000)
      return Invalid("RotationRules.AutomaticallyAfterDays must be within 1-1000.");
    out.automatically_after_days = days->get<std::int64_t>();
  }
  if (has_expression) {
    if (!expression->is_string())
      return Invalid("RotationRules.ScheduleExpression must be a string.");
    auto parsed = ScheduleExpression::Parse(expression->get<std::string>());
    if (!parsed.ok()) return Invalid(parsed.error().message);
    if (parsed->kind == ScheduleExpression::Kind::kAt)
      return Invalid("Rotation schedules use rate() or cron() expressions.");
    bool in_minutes = expression->get<std::string>().find("minute") != std::string::npos;
    if (parsed->kind == ScheduleExpression::Kind::kRate &&
        (in_minutes || parsed->period < 4 * kHour || parsed->period > 1000 * kDay))
      return Invalid("A rotation rate must be in whole hours or days, from 4 hours to 1000 days.");
    out.schedule_expression = expression->get<std::string>();
  }
  auto duration = ParseDuration(rules);
  if (!duration.ok()) return duration.error();
  out.duration = *duration;
  return out;
}

std::optional<TimePoint> NextRotation(const RotationConfig& config, TimePoint now) {
  if (!config.enabled) return std::nullopt;
  TimePoint midnight = StartOfUtcDay(now);
  if (config.automatically_after_days) return midnight + *config.automatically_after_days * kDay;
  if (config.schedule_expression) {
    auto parsed = ScheduleExpression::Parse(*config.schedule_expression);
    if (!parsed.ok()) return std::nullopt;
    return parsed->NextAfter(now, midnight);
  }
  return std::nullopt;
}

SecretValue RotatedValue(const SecretValue& current, Rng& rng) {
  SecretValue next;
  if (current.binary) {
    next.binary = Base64(NewPassword(rng));
    return next;
  }
  if (current.string) {
    json parsed = json::parse(*current.string, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_object()) {
      auto password = parsed.find("password");
      if (password != parsed.end() && password->is_string()) {
        *password = NewPassword(rng);
        next.string = parsed.dump();
        return next;
      }
    }
  }
  next.string = NewPassword(rng);
  return next;
}

Result<std::string> RotateOnce(Secret& secret, const std::string& version_id, TimePoint now,
                               Rng& rng) {
  const SecretVersion* current = secret.VersionWithStage(kCurrent);
  const SecretVersion* pending = secret.VersionWithStage(kPending);
  if (pending && pending != current)
    return MakeError("InvalidRequestException",
                     "A previous rotation isn't complete. That rotation will be reattempted.");
  if (secret.FindVersion(version_id))
    return MakeError("ResourceExistsException",
                     "A version with ClientRequestToken " + version_id + " already exists.");
  if (pending) secret.RemoveStage(kPending, pending->id);

  SecretVersion version;
  version.id = version_id;
  version.value = RotatedValue(current ? current->value : SecretValue{}, rng);
  version.created = now;
  version.kms_key_id = secret.kms_key_id;
  // createSecret step: the new value waits under AWSPENDING ...
  secret.AddVersion(std::move(version), {std::string(kPending)});
  // ... finishSecret step: it becomes AWSCURRENT and the label is released.
  secret.MoveStage(kCurrent, version_id);
  secret.RemoveStage(kPending, version_id);
  secret.PruneDeprecatedVersions();

  secret.rotation.last_rotated = now;
  secret.rotation.next_rotation = NextRotation(secret.rotation, now);
  secret.last_changed = now;
  return version_id;
}

}  // namespace sim::secretsmanager
