#pragma once
// XML documents more than one operation writes.

#include <string>

#include "emulators/s3/model/s3_model.h"

namespace sim::s3 {

// <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>
std::string TaggingXml(const Pairs& tags);
// The AccessControlPolicy S3 returns by default: the owner, FULL_CONTROL.
std::string OwnerFullControlAcl(const std::string& owner);

}  // namespace sim::s3
