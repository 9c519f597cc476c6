// Tags, resource policies and GetRandomPassword.

#include "emulators/secretsmanager/operation_support.h"
#include "emulators/secretsmanager/random_password.h"
#include "emulators/secretsmanager/resource_policy.h"
#include "emulators/secretsmanager/secret_operations.h"

namespace sim::secretsmanager {
namespace {

using namespace support;  // NOLINT: internal helpers of this emulator

constexpr std::size_t kMaxPolicyLength = 20480;

std::optional<Error> CheckPolicyLength(const std::string& policy) {
  if (policy.empty() || policy.size() > kMaxPolicyLength)
    return InvalidParameter("ResourcePolicy must be between 1 and 20480 characters.");
  return std::nullopt;
}

}  // namespace

Result<Json> TagResource(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto tags = in.Tags("Tags", true);
  if (in.error()) return *in.error();
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  if (auto e = CheckTags((*found)->tags, *tags)) return *e;
  Secret secret = **found;
  secret.SetTags(*tags);
  secret.last_changed = host.Now();
  host.Commit(std::move(secret));
  return Json::object();
}

Result<Json> UntagResource(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto keys = in.Strings("TagKeys", true);
  if (in.error()) return *in.error();
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  Secret secret = **found;
  secret.RemoveTags(*keys);
  secret.last_changed = host.Now();
  host.Commit(std::move(secret));
  return Json::object();
}

Result<Json> GetResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input) {
  auto found = FindInputSecret(host, ctx, input, true);
  if (!found.ok()) return found.error();
  Json out = ArnAndName(**found);
  if ((*found)->policy) out["ResourcePolicy"] = *(*found)->policy;
  return out;
}

Result<Json> PutResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto policy = in.String("ResourcePolicy", true);
  bool block_public = in.Bool("BlockPublicPolicy").value_or(false);
  if (in.error()) return *in.error();
  if (auto e = CheckPolicyLength(*policy)) return *e;
  auto found = FindSecret(host, ctx, *secret_id, false);
  if (!found.ok()) return found.error();
  PolicyCheck check = CheckResourcePolicy(*policy);
  if (check.syntax_error)
    return MakeError("MalformedPolicyDocumentException",
                     "This resource policy contains a syntax error: " + *check.syntax_error);
  if (block_public && check.grants_broad_access)
    return MakeError("PublicPolicyException",
                     "BlockPublicPolicy is set and this resource policy grants broad access to "
                     "the secret.");
  Secret secret = **found;
  secret.policy = *policy;
  secret.last_changed = host.Now();
  Json out = ArnAndName(secret);
  host.Commit(std::move(secret));
  return out;
}

Result<Json> DeleteResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input) {
  auto found = FindInputSecret(host, ctx, input, false);
  if (!found.ok()) return found.error();
  Json out = ArnAndName(**found);
  if (!(*found)->policy) return out;
  Secret secret = **found;
  secret.policy.reset();
  secret.last_changed = host.Now();
  host.Commit(std::move(secret));
  return out;
}

Result<Json> ValidateResourcePolicy(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId");
  auto policy = in.String("ResourcePolicy", true);
  if (in.error()) return *in.error();
  if (auto e = CheckPolicyLength(*policy)) return *e;
  if (secret_id) {
    auto found = FindSecret(host, ctx, *secret_id, true);
    if (!found.ok()) return found.error();
  }
  // Syntax only: broad access is refused by PutResourcePolicy's BlockPublicPolicy.
  PolicyCheck check = CheckResourcePolicy(*policy);
  Json errors = Json::array();
  if (check.syntax_error)
    errors.push_back({{"CheckName", "SYNTAX_CHECKING"}, {"ErrorMessage", *check.syntax_error}});
  return Json{{"PolicyValidationPassed", errors.empty()}, {"ValidationErrors", std::move(errors)}};
}

Result<Json> GetRandomPassword(OperationHost& host, const Ctx&, const Json& input) {
  InputReader in(input);
  PasswordOptions options;
  options.length = in.Int("PasswordLength").value_or(options.length);
  options.exclude_characters = in.String("ExcludeCharacters").value_or("");
  options.exclude_numbers = in.Bool("ExcludeNumbers").value_or(false);
  options.exclude_punctuation = in.Bool("ExcludePunctuation").value_or(false);
  options.exclude_uppercase = in.Bool("ExcludeUppercase").value_or(false);
  options.exclude_lowercase = in.Bool("ExcludeLowercase").value_or(false);
  options.include_space = in.Bool("IncludeSpace").value_or(false);
  options.require_each_included_type = in.Bool("RequireEachIncludedType").value_or(true);
  if (in.error()) return *in.error();
  auto password = GenerateRandomPassword(options, host.rng());
  if (!password.ok()) return password.error();
  return Json{{"RandomPassword", *password}};
}

}  // namespace sim::secretsmanager
