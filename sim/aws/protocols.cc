#include "sim/aws/json_protocol.h"
#include "sim/aws/protocol.h"
#include "sim/aws/query_protocol.h"
#include "sim/aws/rest_json_protocol.h"
#include "sim/aws/rest_xml_protocol.h"

namespace sim::aws {

const Protocol* FindProtocol(std::string_view name) {
  static const JsonProtocol json;
  static const QueryProtocol query;
  static const RestJsonProtocol rest_json;
  static const RestXmlProtocol rest_xml;
  if (name == "json") return &json;
  if (name == "query") return &query;
  if (name == "rest-json") return &rest_json;
  if (name == "rest-xml") return &rest_xml;
  return nullptr;
}

}  // namespace sim::aws
