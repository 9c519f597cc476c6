#include "emulators/s3/api/s3_xml.h"

#include "emulators/s3/api/s3_call.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {

void StartDocument(aws::XmlWriter& xml, std::string_view root) {
  xml.Declaration();
  xml.StartElement(root);
  xml.Attribute("xmlns", kS3Namespace);
}

void WriteOwner(aws::XmlWriter& xml, std::string_view element, const std::string& owner) {
  xml.StartElement(element);
  xml.Element("ID", owner);
  xml.Element("DisplayName", owner);
  xml.EndElement();
}

void AppendCommonPrefixes(std::string& body, const std::vector<std::string>& prefixes) {
  for (const auto& prefix : prefixes) {
    body += "<CommonPrefixes><Prefix>";
    aws::AppendXmlEscaped(body, prefix, false);
    body += "</Prefix></CommonPrefixes>";
  }
}

std::string TaggingXml(const Pairs& tags) {
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "Tagging");
  xml.StartElement("TagSet");
  for (const auto& [k, v] : tags) {
    xml.StartElement("Tag");
    xml.Element("Key", k);
    xml.Element("Value", v);
    xml.EndElement();
  }
  xml.EndElement();
  xml.EndElement();
  return body;
}

std::string OwnerFullControlAcl(const std::string& owner) {
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "AccessControlPolicy");
  WriteOwner(xml, "Owner", owner);
  xml.StartElement("AccessControlList");
  xml.StartElement("Grant");
  xml.StartElement("Grantee");
  xml.Attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  xml.Attribute("xsi:type", "CanonicalUser");
  xml.Element("ID", owner);
  xml.Element("DisplayName", owner);
  xml.EndElement();
  xml.Element("Permission", "FULL_CONTROL");
  xml.EndElement();
  xml.EndElement();
  xml.EndElement();
  return body;
}

}  // namespace sim::s3
