#include "sim/aws/rest_binding.h"

#include <nlohmann/json.hpp>

#include "sim/aws/crypto.h"
#include "sim/aws/rest_routing.h"
#include "sim/aws/text.h"
#include "sim/aws/timestamp_format.h"
#include "sim/aws/uri_template.h"
#include "sim/aws/wire_scalar.h"

namespace sim::aws {
namespace {

using nlohmann::json;
using QueryPairs = std::vector<std::pair<std::string, std::string>>;

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string_view> SplitHeaderList(std::string_view header) {
  std::vector<std::string_view> items;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = TrimSpaces(header.substr(0, comma));
    if (!item.empty()) items.push_back(item);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return items;
}

// Reads the bound members of one request into `input`; each Read* returns
// false after recording the error.
class BindingReader {
 public:
  BindingReader(const Operation& op, const HttpRequest& request, const std::string& error_code)
      : op_(op),
        request_(request),
        error_code_(error_code),
        query_(ParseQueryString(request.RawQuery())),
        match_(MatchOperationUri(op, request, query_)) {}

  bool Read(json& input) {
    for (const Member& m : op_.input->members) {
      bool ok = true;
      if (m.location == "uri") {
        ok = ReadUriLabel(m, input);
      } else if (m.location == "querystring") {
        ok = m.shape->type == ShapeType::kMap ? ReadQueryMap(m, input) : ReadQueryValue(m, input);
      } else if (m.location == "header") {
        ok = ReadHeader(m, input);
      } else if (m.location == "headers") {
        ok = ReadHeaderMap(m, input);
      }
      if (!ok) return false;
    }
    return true;
  }

  const Error& error() const { return error_; }

 private:
  bool ReadUriLabel(const Member& m, json& input) {
    if (!match_) return true;
    for (const auto& [label, text] : match_->labels)
      if (label == m.WireName()) return Scalar(*m.shape, text, m, input[m.name]);
    return true;
  }

  // A scalar from the first parameter of its name, a list from all of them.
  bool ReadQueryValue(const Member& m, json& input) {
    std::vector<std::string_view> values;
    for (const auto& [k, v] : query_)
      if (k == m.WireName()) values.push_back(v);
    if (values.empty()) return true;
    if (m.shape->type == ShapeType::kList) return List(m, values, input[m.name]);
    return Scalar(*m.shape, values.front(), m, input[m.name]);
  }

  // Every parameter no other member and no template literal claims.
  bool ReadQueryMap(const Member& map_member, json& input) {
    std::string_view literals;
    if (auto q = op_.request_uri.find('?'); q != std::string::npos)
      literals = std::string_view(op_.request_uri).substr(q + 1);
    bool list_values = map_member.shape->value.shape->type == ShapeType::kList;
    json map = json::object();
    for (const auto& [k, v] : query_) {
      if (IsQueryLiteralKey(literals, k) || ClaimedByQueryMember(k, map_member)) continue;
      if (list_values) {
        map[k].push_back(v);
      } else if (!map.contains(k)) {
        map[k] = v;
      }
    }
    if (!map.empty()) input[map_member.name] = std::move(map);
    return true;
  }

  bool ClaimedByQueryMember(std::string_view key, const Member& except) const {
    for (const Member& m : op_.input->members)
      if (&m != &except && m.location == "querystring" && m.WireName() == key) return true;
    return false;
  }

  bool ReadHeader(const Member& m, json& input) {
    const std::string* header = request_.Header(m.WireName());
    if (!header) return true;
    if (m.shape->type == ShapeType::kList) return List(m, SplitHeaderList(*header), input[m.name]);
    return Scalar(*m.shape, TrimSpaces(*header), m, input[m.name]);
  }

  // Headers starting with the member's prefix ("x-amz-meta-"), keyed by the
  // rest of the name in lower case, as header names are case-insensitive.
  bool ReadHeaderMap(const Member& m, json& input) {
    const std::string& prefix = m.WireName();
    json map = json::object();
    for (const auto& [name, value] : request_.headers) {
      if (name.size() == prefix.size() || !StartsWithIgnoreCase(name, prefix)) continue;
      if (!Scalar(*m.shape->value.shape, value, m, map[ToLower(name.substr(prefix.size()))]))
        return false;
    }
    if (!map.empty()) input[m.name] = std::move(map);
    return true;
  }

  bool Scalar(const Shape& shape, std::string_view text, const Member& m, json& out) {
    const char* expected = "";
    if (ParseScalarText(shape, text, &out, &expected)) return true;
    error_ = MakeError(
        error_code_,
        "Invalid value '" + std::string(text) + "' for " + m.WireName() + ": expected " + expected,
        400);
    return false;
  }

  bool List(const Member& m, const std::vector<std::string_view>& items, json& out) {
    out = json::array();
    for (std::string_view item : items) {
      json value;
      if (!Scalar(*m.shape->member.shape, item, m, value)) return false;
      out.push_back(std::move(value));
    }
    return true;
  }

  const Operation& op_;
  const HttpRequest& request_;
  const std::string& error_code_;
  QueryPairs query_;
  std::optional<UriMatch> match_;
  Error error_;
};

}  // namespace

Result<json> ReadRequestBindings(const Operation& op, const HttpRequest& request,
                                 const std::string& error_code) {
  json input = json::object();
  if (!op.input) return input;
  BindingReader reader(op, request, error_code);
  if (!reader.Read(input)) return reader.error();
  return input;
}

void WriteResponseBindings(const Shape& output, const json& value, HttpResponse& response) {
  if (!value.is_object()) return;
  for (const Member& m : output.members) {
    if (m.location.empty()) continue;
    auto it = value.find(m.name);
    if (it == value.end() || it->is_null()) continue;
    if (m.location == "statusCode") {
      if (it->is_number()) response.status = it->get<int>();
    } else if (m.location == "header") {
      std::string_view format = TimestampFormatOf(m, kRfc822);
      if (it->is_array()) {
        std::string joined;
        for (const auto& item : *it) {
          if (!joined.empty()) joined += ",";
          joined += ScalarText(*m.shape->member.shape, item, format);
        }
        response.SetHeader(m.WireName(), joined);
      } else {
        response.SetHeader(m.WireName(), ScalarText(*m.shape, *it, format));
      }
    } else if (m.location == "headers" && it->is_object()) {
      for (auto& [k, v] : it->items())
        response.SetHeader(m.WireName() + k, ScalarText(*m.shape->value.shape, v, kRfc822));
    }
  }
}

const Member* PayloadMember(const Shape& shape) {
  return shape.payload.empty() ? nullptr : shape.FindMember(shape.payload);
}

bool IsRawPayload(const Member& payload) {
  return payload.shape->type == ShapeType::kBlob || payload.shape->type == ShapeType::kString;
}

json RawPayloadValue(const Member& payload, const std::string& body) {
  return payload.shape->type == ShapeType::kBlob ? Base64Encode(body) : body;
}

void WriteRawPayload(const Member& payload, const json& value, HttpResponse& response) {
  if (!value.is_string()) return;
  bool blob = payload.shape->type == ShapeType::kBlob;
  response.SetHeader("Content-Type", blob ? "application/octet-stream" : "text/plain");
  response.body = blob ? Base64Decode(value.get_ref<const std::string&>()).value_or(std::string())
                       : value.get<std::string>();
}

bool HasBodyMembers(const Shape& shape) {
  for (const Member& m : shape.members)
    if (m.location.empty()) return true;
  return false;
}

}  // namespace sim::aws
