#pragma once
// Sim values (service.h) as AWS XML and back, following the model the way
// botocore's XML serializer and parser do: element names from locationName,
// lists wrapped in <member> (or the list member's locationName) unless
// flattened, maps as <entry><key/><value/></entry>, xmlAttribute members as
// attributes, ISO-8601 timestamps unless the model says otherwise. Used by
// query responses and by rest-xml requests and responses.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sim/aws/model.h"
#include "sim/aws/wire_error.h"
#include "sim/aws/xml_writer.h"
#include "sim/core/result.h"

namespace sim::aws {

// The element name `member` is written under: its locationName, except that a
// flattened list whose items have a locationName repeats under that name.
const std::string& XmlElementName(const Member& member);

// Writes the members of structure `shape` present in `value` into the element
// `writer` has open, attributes first. With `body_only`, members bound to
// headers, URI labels, the query string or the status code are left out.
void WriteXmlMembers(XmlWriter& writer, const Shape& shape, const nlohmann::json& value,
                     bool body_only);

// Writes one member as its element(s) (several for flattened lists and maps).
void WriteXmlMember(XmlWriter& writer, const Member& member, const nlohmann::json& value);

// The model's XML namespace, else the one AWS answers under:
// "<scheme>://<endpointPrefix>.amazonaws.com/doc/<apiVersion>/" (query
// services use http, rest-xml services https).
std::string ServiceXmlNamespace(const ServiceModel& model, std::string_view scheme);

// Writes AWS's error document: <ErrorResponse xmlns><Error><Type/><Code/>
// <Message/></Error><RequestId/></ErrorResponse>.
void WriteXmlErrorResponse(XmlWriter& writer, const WireError& wire, std::string_view xmlns,
                           const std::string& request_id);

// Reads an XML document whose root element holds the members of `shape` (the
// root's name is not checked, as AWS does not). With `body_only`, members
// bound elsewhere are ignored. Malformed XML or values give
// Error{error_code, ..., 400}.
Result<nlohmann::json> ReadXmlDocument(const Shape& shape, std::string_view xml, bool body_only,
                                       const std::string& error_code);

}  // namespace sim::aws
