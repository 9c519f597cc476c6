#pragma once
// XML documents more than one operation writes.

#include <string>
#include <string_view>
#include <vector>

#include "emulators/s3/model/s3_model.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {

// <?xml ...?><root xmlns="http://s3.amazonaws.com/doc/2006-03-01/">, left open.
void StartDocument(aws::XmlWriter& xml, std::string_view root);
// <element><ID>owner</ID><DisplayName>owner</DisplayName></element>
void WriteOwner(aws::XmlWriter& xml, std::string_view element, const std::string& owner);
// Appends <CommonPrefixes><Prefix>p</Prefix></CommonPrefixes> per prefix.
void AppendCommonPrefixes(std::string& body, const std::vector<std::string>& prefixes);

// <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>
std::string TaggingXml(const Pairs& tags);
// The AccessControlPolicy S3 returns by default: the owner, FULL_CONTROL.
std::string OwnerFullControlAcl(const std::string& owner);

}  // namespace sim::s3
