#pragma once
// Which S3 operation a request is: method, whether it names a bucket and a
// key, and its subresource (?versioning, ?uploads, ?partNumber&uploadId,
// x-amz-copy-source, ...).

#include <functional>
#include <string>
#include <vector>

#include "emulators/s3/api/s3_call.h"

namespace sim::s3 {

struct Route {
  std::string operation;  // S3's operation name, for the journal and fault rules
  // How the body is read: object data goes to a blob, anything else is
  // buffered (configuration documents, DeleteObjects, ...).
  enum class Body { kBuffered, kPutObject, kUploadPart } body = Body::kBuffered;
  // Runs a buffered operation (empty for the streamed ones).
  std::function<aws::HttpResponse(S3Context&, const S3Call&)> run;
};

// Throws S3Error (MethodNotAllowed, NotImplemented) for requests S3 has no
// operation for here.
Route ResolveRoute(const S3Call& call);

// Every operation ResolveRoute can answer with (for `simctl services`).
const std::vector<std::string>& ServedOperations();

}  // namespace sim::s3
