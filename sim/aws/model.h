#pragma once
// An AWS service model (botocore service-2.json) in a form the protocol layer
// can walk quickly: shapes resolved to pointers, members in model order.

#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace sim::aws {

enum class ShapeType {
  kStructure, kList, kMap, kString, kInteger, kLong, kFloat, kDouble,
  kBoolean, kTimestamp, kBlob, kUnknown,
};

struct Shape;

struct Member {
  std::string name;
  const Shape* shape = nullptr;
  std::string location;       // "", "header", "headers", "uri", "querystring", "statusCode"
  std::string location_name;  // wire name; defaults to `name`
  std::string query_name;     // ec2/query: "queryName"
  std::string timestamp_format;
  bool flattened = false;
  bool xml_attribute = false;
  bool idempotency_token = false;
  bool host_label = false;
  // Wire name for this member in the body: the reference's locationName, else
  // the target shape's, else the member name (botocore's precedence).
  const std::string& WireName() const;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kUnknown;
  std::vector<Member> members;  // structures, in model order
  std::vector<std::string> required;
  Member member;                // lists
  Member key, value;            // maps
  bool flattened = false;
  std::optional<double> min, max;
  std::vector<std::string> enum_values;
  std::string pattern;
  std::string payload;          // rest: member that is the whole body
  std::string location_name;    // shape-level locationName (botocore merges it into refs)
  std::string timestamp_format;
  std::string xml_namespace;
  bool exception = false;
  bool sensitive = false;
  bool streaming = false;
  bool event_stream = false;
  int error_http_status = 0;
  std::string error_code;       // "error": {"code": ...}
  bool error_sender_fault = true;

  const Member* FindMember(std::string_view member_name) const;
  // Compiled `pattern`, or nullptr when empty or not expressible in std::regex.
  const std::regex* PatternRegex() const;

  mutable bool pattern_compiled_ = false;
  mutable std::unique_ptr<std::regex> pattern_regex_;
};

inline const std::string& Member::WireName() const {
  if (!location_name.empty()) return location_name;
  if (shape && !shape->location_name.empty()) return shape->location_name;
  return name;
}

struct Operation {
  std::string name;
  std::string http_method = "POST";
  std::string request_uri = "/";
  int http_response_code = 200;
  const Shape* input = nullptr;
  std::string input_location_name;  // rest-xml: root element of the request body
  std::string input_xml_namespace;
  const Shape* output = nullptr;
  std::string result_wrapper;  // query protocol: output.resultWrapper
  std::vector<const Shape*> errors;
};

struct ServiceModel {
  std::string name;             // botocore folder name
  std::string protocol;         // json, query, rest-json, rest-xml
  std::string api_version;
  std::string endpoint_prefix;
  std::string signing_name;
  std::string target_prefix;    // json
  std::string json_version;     // json
  std::string xml_namespace;    // query / rest-xml
  std::string service_id;
  std::map<std::string, Shape, std::less<>> shapes;
  std::map<std::string, Operation, std::less<>> operations;

  const Operation* FindOperation(std::string_view op) const;
  const Shape* FindShape(std::string_view shape_name) const;
};

// Parses one model. Throws std::runtime_error on a malformed model (a build
// problem, never user input).
std::unique_ptr<ServiceModel> ParseServiceModel(std::string_view name, std::string_view json);

// The embedded model for `name`, parsed once on first use; nullptr if unknown.
const ServiceModel* FindModel(std::string_view name);
// Names of all embedded models.
std::vector<std::string_view> ModelNames();

}  // namespace sim::aws
