#pragma once
// S3's general purpose bucket naming rules.

#include <string_view>

namespace sim::s3 {

// 3-63 characters of lower-case letters, digits, '.' and '-'; starts and
// ends with a letter or digit; no "..", not an IPv4 address, none of the
// reserved prefixes and suffixes.
bool IsValidBucketName(std::string_view name);

}  // namespace sim::s3
