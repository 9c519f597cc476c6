// RotateSecret and CancelRotateSecret. See rotation.h for what a rotation does
// without Lambda.

#include "emulators/secretsmanager/operation_support.h"
#include "emulators/secretsmanager/rotation.h"
#include "emulators/secretsmanager/secret_operations.h"

namespace sim::secretsmanager {

using namespace support;  // NOLINT: internal helpers of this emulator

Result<Json> RotateSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto token = in.String("ClientRequestToken");
  auto lambda_arn = in.String("RotationLambdaARN");
  bool rotate_now = in.Bool("RotateImmediately").value_or(true);
  if (in.error()) return *in.error();
  if (auto e = CheckClientRequestToken(token)) return *e;
  std::optional<RotationRules> rules;
  if (const Json* raw = in.Raw("RotationRules")) {
    auto parsed = ParseRotationRules(*raw);
    if (!parsed.ok()) return parsed.error();
    rules = *parsed;
  }
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  const Secret& live = **found;
  Json out = ArnAndName(live);

  // A retried request whose rotation already happened.
  if (token && rotate_now) {
    if (const SecretVersion* done = live.FindVersion(*token); done && done->HasStage(kCurrent)) {
      out["VersionId"] = done->id;
      return out;
    }
  }

  const TimePoint now = host.Now();
  Secret secret = live;
  if (lambda_arn) secret.rotation.lambda_arn = lambda_arn->empty() ? std::nullopt : lambda_arn;
  if (rules) {
    secret.rotation.automatically_after_days = rules->automatically_after_days;
    secret.rotation.schedule_expression = rules->schedule_expression;
    secret.rotation.duration = rules->duration;
  }
  // Rotating again turns a cancelled schedule back on, as in AWS.
  secret.rotation.enabled =
      secret.rotation.automatically_after_days || secret.rotation.schedule_expression;
  if (rotate_now) {
    auto version_id = RotateOnce(secret, NewVersionId(host, token), now, host.rng());
    if (!version_id.ok()) return version_id.error();
    out["VersionId"] = *version_id;
  }
  secret.rotation.next_rotation = NextRotation(secret.rotation, now);
  secret.last_changed = now;
  host.Commit(std::move(secret));
  return out;
}

Result<Json> CancelRotateSecret(OperationHost& host, const Ctx& ctx, const Json& input) {
  auto found = FindInputSecret(host, ctx, input, false);
  if (!found.ok()) return found.error();
  Secret secret = **found;
  secret.rotation.enabled = false;
  secret.rotation.next_rotation.reset();
  secret.last_changed = host.Now();
  Json out = ArnAndName(secret);
  // The version a rotation in progress was creating, if any.
  if (const SecretVersion* pending = secret.VersionWithStage(kPending))
    out["VersionId"] = pending->id;
  host.Commit(std::move(secret));
  return out;
}

}  // namespace sim::secretsmanager
