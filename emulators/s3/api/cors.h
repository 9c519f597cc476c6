#pragma once
// CORS as S3 applies a bucket's CORSConfiguration: preflight OPTIONS
// requests are answered from the first rule that allows the origin, method
// and headers; actual requests carrying Origin get the matching rule's
// Access-Control-* headers.

#include "emulators/s3/api/s3_call.h"

namespace sim::s3 {

// Throws S3Error 403 AccessForbidden when no rule allows the request.
aws::HttpResponse PreflightCors(S3Context& s3, const S3Call& call);
// Adds the headers for a request with an Origin header (no-op otherwise).
void AddCorsHeaders(S3Context& s3, const S3Call& call, aws::HttpResponse& response);

}  // namespace sim::s3
