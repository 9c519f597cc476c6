#include "sim/env/input_reader.h"

#include <cctype>
#include <cmath>
#include <limits>

#include "sim/hcl/value.h"

namespace sim::env {

using nlohmann::json;

namespace {

// What the message shows for a value of the wrong type.
std::string Describe(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "list";
    default: {
      std::string text = value.dump();
      return text.size() > 60 ? text.substr(0, 57) + "..." : text;
    }
  }
}

bool IsIdentifier(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

}  // namespace

Input Input::operator[](std::string_view key) const {
  // Keys such as zone names ("dev.northwind.io") are quoted so the path stays readable.
  std::string path = path_ + (IsIdentifier(key) ? "." + std::string(key)
                                                : "[" + json(std::string(key)).dump() + "]");
  const json* child = nullptr;
  if (value_ && value_->is_object()) {
    auto it = value_->find(key);
    if (it != value_->end()) child = &*it;
  }
  return Input(*unit_, child, std::move(path));
}

Input Input::operator[](std::size_t index) const {
  const json* child =
      value_ && value_->is_array() && index < value_->size() ? &(*value_)[index] : nullptr;
  return Input(*unit_, child, path_ + "[" + std::to_string(index) + "]");
}

void Input::Fail(const std::string& what) const {
  throw InventoryException("unit " + *unit_ + ": " + path_ + ": " + what);
}

std::optional<std::string> Input::OptionalString() const {
  if (unset()) return std::nullopt;
  auto converted = hcl::ConvertToString(hcl::Value::FromJson(*value_));
  if (!converted) Fail("expected a string, got " + Describe(*value_));
  return converted;
}

std::string Input::String(std::string fallback) const {
  return OptionalString().value_or(std::move(fallback));
}

std::string Input::RequiredString() const {
  if (unset()) Fail(absent() ? "required, but not set" : "required, but null");
  return *OptionalString();
}

std::optional<int> Input::OptionalInt() const {
  if (unset()) return std::nullopt;
  auto number = hcl::ConvertToNumber(hcl::Value::FromJson(*value_));
  if (!number) Fail("expected a number, got " + Describe(*value_));
  if (*number != std::floor(*number) || std::abs(*number) > std::numeric_limits<int>::max())
    Fail("expected a whole number, got " + Describe(*value_));
  return static_cast<int>(*number);
}

int Input::Int(int fallback) const { return OptionalInt().value_or(fallback); }

bool Input::Bool(bool fallback) const {
  if (unset()) return fallback;
  auto converted = hcl::ConvertToBool(hcl::Value::FromJson(*value_));
  if (!converted) Fail("expected a bool, got " + Describe(*value_));
  return *converted;
}

Tags Input::StringMap() const {
  Tags out;
  if (unset()) return out;
  if (!value_->is_object()) Fail("expected a map of strings, got " + Describe(*value_));
  for (const auto& [key, value] : value_->items()) {
    Input entry = (*this)[key];
    // Terraform drops map entries whose value is null.
    if (auto text = entry.OptionalString()) out[key] = *text;
  }
  return out;
}

json Input::List() const {
  if (unset()) return json::array();
  if (!value_->is_array()) Fail("expected a list, got " + Describe(*value_));
  return *value_;
}

void Input::ExpectObjectOrUnset() const {
  if (!unset() && !value_->is_object()) Fail("expected an object, got " + Describe(*value_));
}

Input WrapperItem::Arg(std::string_view name) const {
  Input own = item_[name];
  if (!own.absent()) return own;
  Input shared = defaults_[name];
  // Set nowhere: name the item's path, where the argument was expected.
  return shared.absent() ? own : shared;
}

}  // namespace sim::env
