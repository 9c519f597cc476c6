#pragma once
// Keys shared by the identity JWT tests: generating RSA keys is the slowest
// thing these tests do, so each is made once per process.

#include <gtest/gtest.h>

#include "emulators/identity/jwt/signing_key.h"

namespace sim::identity::test_keys {

inline const SigningKey& KeyA() {
  static const SigningKey key = [] {
    auto k = SigningKey::Generate();
    if (!k) ADD_FAILURE() << k.error().message;
    return std::move(k).value();
  }();
  return key;
}

inline const SigningKey& KeyB() {
  static const SigningKey key = [] {
    auto k = SigningKey::Generate();
    if (!k) ADD_FAILURE() << k.error().message;
    return std::move(k).value();
  }();
  return key;
}

}  // namespace sim::identity::test_keys
