#pragma once
// Request documents: S3 answers MalformedXML unless the body is well-formed
// XML with exactly one root element of the expected name. (pugixml alone
// accepts several top-level elements.)

#include <pugixml.hpp>

#include <string>

namespace sim::s3 {

// Parses `body` into `doc` and returns its `root` element; throws
// MalformedXml.
pugi::xml_node ParseXmlBody(pugi::xml_document& doc, const std::string& body, const char* root);

}  // namespace sim::s3
