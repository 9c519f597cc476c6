#pragma once
// The values HCL expressions produce: null, bool, number, string, list (HCL's
// tuple/list/set) and object (HCL's object/map). Lists and objects are shared
// and immutable, so copying a Value is cheap. Objects keep their keys sorted,
// as HCL iterates them in lexical order.

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sim::hcl {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kList, kObject };
  using List = std::vector<Value>;
  using Object = std::map<std::string, Value, std::less<>>;

  Value() = default;                                                                  // null
  Value(bool b) : data_(b) {}                                                         // NOLINT
  Value(double n) : data_(n) {}                                                       // NOLINT
  Value(int n) : data_(static_cast<double>(n)) {}                                     // NOLINT
  Value(std::string s) : data_(std::move(s)) {}                                       // NOLINT
  Value(const char* s) : data_(std::string(s)) {}                                     // NOLINT
  Value(List items) : data_(std::make_shared<const List>(std::move(items))) {}        // NOLINT
  Value(Object fields) : data_(std::make_shared<const Object>(std::move(fields))) {}  // NOLINT

  static Value Null() { return Value(); }
  static Value EmptyList() { return Value(List{}); }
  static Value EmptyObject() { return Value(Object{}); }

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_number() const { return kind() == Kind::kNumber; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_object() const { return kind() == Kind::kObject; }

  // Accessors; calling one for another kind is a programming error (throws).
  bool AsBool() const { return std::get<bool>(data_); }
  double AsNumber() const { return std::get<double>(data_); }
  const std::string& AsString() const { return std::get<std::string>(data_); }
  const List& AsList() const { return *std::get<std::shared_ptr<const List>>(data_); }
  const Object& AsObject() const { return *std::get<std::shared_ptr<const Object>>(data_); }

  // Field of an object, or nullptr when absent or when this is not an object.
  const Value* Find(std::string_view key) const;

  // "null", "bool", "number", "string", "tuple", "object": for error messages.
  std::string_view TypeName() const;

  // Deep equality; numbers compare by value, 1 != "1".
  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }

  // Integral numbers within int64 range become JSON integers.
  nlohmann::json ToJson() const;
  static Value FromJson(const nlohmann::json& json);

 private:
  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<const List>,
               std::shared_ptr<const Object>>
      data_;
};

// HCL's number to string conversion: shortest decimal that round-trips,
// never in exponent form ("5", "0.1", "100000000000000000000").
std::string FormatNumber(double n);

// HCL's automatic conversions. Each returns nullopt when the value cannot be
// converted (null included).
std::optional<std::string> ConvertToString(const Value& v);  // string, number, bool
std::optional<double> ConvertToNumber(const Value& v);       // number, numeric string
std::optional<bool> ConvertToBool(const Value& v);           // bool, "true"/"false"

}  // namespace sim::hcl
