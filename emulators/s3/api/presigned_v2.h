#pragma once
// S3's legacy query-string authentication (signature version 2), which
// boto3 before 1.36 still uses for generate_presigned_url unless told
// s3v4: ?AWSAccessKeyId=..&Expires=<epoch seconds>&Signature=<base64 HMAC-SHA1>
// over
//   METHOD \n Content-MD5 \n Content-Type \n Expires \n
//   [x-amz-* headers, sorted, "name:value\n"] /bucket/key[?subresources]

#include <string>

#include "sim/aws/dispatcher.h"
#include "sim/aws/http_message.h"

namespace sim::s3 {

bool IsPresignedV2(const aws::HttpRequest& request);

// The caller's credential; throws S3Error (AccessDenied with S3's wording,
// InvalidAccessKeyId, SignatureDoesNotMatch). `bucket_in_host` is the bucket
// of a virtual-host request (it leads the signed resource), else empty.
const aws::Credential& VerifyPresignedV2(const aws::HttpRequest& request, const std::string& bucket_in_host,
                                         const aws::Dispatcher& auth);

}  // namespace sim::s3
