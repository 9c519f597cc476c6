#include "emulators/s3/api/xml_input.h"

#include <cstring>

#include "emulators/s3/api/s3_error.h"

namespace sim::s3 {

pugi::xml_node ParseXmlBody(pugi::xml_document& doc, const std::string& body, const char* root) {
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata_single))
    throw MalformedXml();
  pugi::xml_node element;
  for (pugi::xml_node node : doc.children()) {
    if (node.type() == pugi::node_element) {
      if (element) throw MalformedXml();  // a second root
      element = node;
    } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      throw MalformedXml();  // text outside the root
    }
  }
  if (!element || std::strcmp(element.name(), root) != 0) throw MalformedXml();
  return element;
}

}  // namespace sim::s3
