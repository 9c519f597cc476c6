#pragma once
// S3's errors: an HTTP status, a code, S3's message and the extra elements
// S3 adds (BucketName, Key, Condition, ...). Operations throw S3Error; the
// front end renders it as S3 does:
//   <Error><Code>NoSuchKey</Code><Message>...</Message><Key>k</Key>
//   <RequestId>...</RequestId><HostId>...</HostId></Error>

#include <string>
#include <utility>
#include <vector>

#include "sim/aws/http_message.h"

namespace sim::s3 {

struct S3Error {
  using Fields = std::vector<std::pair<std::string, std::string>>;
  S3Error(int status_, std::string code_, std::string message_, Fields details_ = {}, Fields headers_ = {})
      : status(status_), code(std::move(code_)), message(std::move(message_)), details(std::move(details_)),
        headers(std::move(headers_)) {}

  int status = 400;
  std::string code;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;  // extra elements, in order
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
};

aws::HttpResponse ErrorResponse(const S3Error& error, const std::string& request_id);

// The common ones, worded as S3 words them.
S3Error NoSuchBucket(const std::string& bucket);
S3Error NoSuchKey(const std::string& key);
S3Error NoSuchVersion(const std::string& key, const std::string& version_id);
S3Error NoSuchUpload(const std::string& upload_id);
S3Error InvalidArgument(const std::string& message, const std::string& name = {},
                        const std::string& value = {});
S3Error InvalidRequest(const std::string& message);
S3Error MalformedXml();
S3Error PreconditionFailed(const std::string& condition);
S3Error NotImplemented(const std::string& what);
S3Error MethodNotAllowed(const std::string& method, const std::string& resource_type);

}  // namespace sim::s3
