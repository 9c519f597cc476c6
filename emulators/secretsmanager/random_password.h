#pragma once
// GetRandomPassword's generator: AWS's character classes and options, drawn
// from the service's seeded Rng so a replay yields the same passwords.

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/result.h"
#include "sim/core/rng.h"

namespace sim::secretsmanager {

// The punctuation AWS draws from: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @
// [ \ ] ^ _ ` { | } ~
inline constexpr std::string_view kPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

struct PasswordOptions {
  std::int64_t length = 32;
  std::string exclude_characters;
  bool exclude_numbers = false;
  bool exclude_punctuation = false;
  bool exclude_uppercase = false;
  bool exclude_lowercase = false;
  bool include_space = false;
  // At least one lowercase, uppercase, digit and punctuation character (of
  // those included); AWS's default.
  bool require_each_included_type = true;
};

// InvalidParameterException when the length is outside 1..4096, when every
// character is excluded, or when the length cannot fit one of each required type.
Result<std::string> GenerateRandomPassword(const PasswordOptions& options, Rng& rng);

}  // namespace sim::secretsmanager
