#pragma once
// The repository's realm file, read once per test binary.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "emulators/identity/realm/realm_import.h"

#ifndef SIM_SOURCE_DIR
#error "SIM_SOURCE_DIR must name the repository root"
#endif

namespace sim::identity {

inline std::string ReadRepoFile(const std::string& relative) {
  std::ifstream in(std::string(SIM_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline const Realm& Northwind() {
  static const Realm realm = [] {
    auto imported = ImportRealm(ReadRepoFile("app/keycloak/realm-export.json"));
    if (!imported.ok()) ADD_FAILURE() << imported.error().message;
    return imported.ok() ? std::move(imported).value() : Realm{};
  }();
  return realm;
}

}  // namespace sim::identity
