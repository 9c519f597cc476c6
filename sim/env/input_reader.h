#pragma once
// Typed reads of a unit's effective inputs for the inventory mapping. Values
// convert the way Terraform converts module arguments (a number where a
// string is expected becomes its decimal text, "true" becomes a bool, ...);
// anything else throws InventoryException naming the unit and the JSON path,
// e.g. `unit rds: inputs.port: expected a number, got array`.

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/env/environment.h"

namespace sim::env {

// Thrown while mapping one environment; LoadEnvironment turns it into an
// "InventoryError" value.
class InventoryException : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A place in a unit's inputs: the value there (nullptr when the key is
// absent) and its JSON path. Cheap to copy; the JSON must outlive it.
class Input {
 public:
  Input(const std::string& unit, const nlohmann::json* value, std::string path)
      : unit_(&unit), value_(value), path_(std::move(path)) {}

  // The child at `key` / `index`; absent when this is not an object / list or
  // lacks it.
  Input operator[](std::string_view key) const;
  Input operator[](std::size_t index) const;

  bool absent() const { return value_ == nullptr; }
  // Absent or JSON null: the module's default applies.
  bool unset() const { return value_ == nullptr || value_->is_null(); }
  const nlohmann::json& value() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& unit() const { return *unit_; }

  // Each returns `fallback` when the input is unset.
  std::string String(std::string fallback = "") const;
  int Int(int fallback) const;
  bool Bool(bool fallback) const;
  std::optional<std::string> OptionalString() const;
  std::optional<int> OptionalInt() const;
  // A map(string): every value converted to a string.
  Tags StringMap() const;
  // The value of a required argument.
  std::string RequiredString() const;

  // The value when it is a list (unset: an empty list), else an error.
  nlohmann::json List() const;
  // Throws unless the input is unset or an object.
  void ExpectObjectOrUnset() const;

  [[noreturn]] void Fail(const std::string& what) const;

 private:
  const std::string* unit_;
  const nlohmann::json* value_;
  std::string path_;
};

// One resource of a wrapper unit (inputs.items.<key> over inputs.defaults):
// an argument is the item's value when the item has the key, even null, else
// the default's. For a plain module unit the item is `inputs` itself.
class WrapperItem {
 public:
  WrapperItem(Input item, Input defaults)
      : item_(std::move(item)), defaults_(std::move(defaults)) {}
  Input Arg(std::string_view name) const;
  const Input& item() const { return item_; }

 private:
  Input item_;
  Input defaults_;
};

}  // namespace sim::env
