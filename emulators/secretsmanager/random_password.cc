#include "emulators/secretsmanager/random_password.h"

#include <utility>
#include <vector>

namespace sim::secretsmanager {
namespace {

std::string Without(std::string_view chars, std::string_view excluded) {
  std::string out;
  for (char c : chars)
    if (excluded.find(c) == std::string_view::npos) out += c;
  return out;
}

}  // namespace

Result<std::string> GenerateRandomPassword(const PasswordOptions& options, Rng& rng) {
  if (options.length < 1 || options.length > 4096)
    return MakeError("InvalidParameterException",
                     "PasswordLength must be between 1 and 4096 characters.");
  const std::string_view excluded = options.exclude_characters;
  // Classes whose presence RequireEachIncludedType guarantees. Space is never
  // required, as in AWS.
  std::vector<std::string> required;
  auto add_class = [&](bool excluded_by_option, std::string_view chars) {
    if (excluded_by_option) return;
    std::string remaining = Without(chars, excluded);
    if (!remaining.empty()) required.push_back(std::move(remaining));
  };
  add_class(options.exclude_lowercase, "abcdefghijklmnopqrstuvwxyz");
  add_class(options.exclude_uppercase, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  add_class(options.exclude_numbers, "0123456789");
  add_class(options.exclude_punctuation, kPunctuation);

  std::string pool;
  for (const auto& chars : required) pool += chars;
  if (options.include_space && excluded.find(' ') == std::string_view::npos) pool += ' ';
  if (pool.empty())
    return MakeError("InvalidParameterException",
                     "The password can't be generated because every character type is excluded.");
  if (!options.require_each_included_type) required.clear();
  auto length = static_cast<std::size_t>(options.length);
  if (required.size() > length)
    return MakeError("InvalidParameterException",
                     "Password length is too short based on the required types.");

  // One character of each required class, the rest from the whole pool, then
  // a Fisher-Yates shuffle so the required ones land anywhere.
  std::string password;
  password.reserve(length);
  for (const auto& chars : required) password += rng.Draw(1, chars);
  password += rng.Draw(length - password.size(), pool);
  for (std::size_t i = password.size(); i > 1; --i)
    std::swap(password[i - 1], password[rng.Below(i)]);
  return password;
}

}  // namespace sim::secretsmanager
