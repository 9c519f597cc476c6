#pragma once
// S3's operations over S3Call. Each throws S3Error (s3_error.h) or returns
// the response. Bodies that carry object data (PutObject, UploadPart) are
// streamed: their operations take what the PayloadReader computed and the
// committed blob.

#include "emulators/s3/api/object_settings.h"
#include "emulators/s3/api/payload.h"
#include "emulators/s3/api/s3_call.h"

namespace sim::s3 {

// Buckets (bucket_operations.cc)
aws::HttpResponse ListBuckets(S3Context& s3, const S3Call& call);
aws::HttpResponse CreateBucket(S3Context& s3, const S3Call& call);
aws::HttpResponse DeleteBucket(S3Context& s3, const S3Call& call);
aws::HttpResponse HeadBucket(S3Context& s3, const S3Call& call);
aws::HttpResponse GetBucketLocation(S3Context& s3, const S3Call& call);
aws::HttpResponse PutBucketVersioning(S3Context& s3, const S3Call& call);
aws::HttpResponse GetBucketVersioning(S3Context& s3, const S3Call& call);

// Stored bucket configurations (bucket_config_operations.cc): tagging,
// policy, acl, cors, lifecycle, encryption, publicAccessBlock,
// ownershipControls, object-lock.
aws::HttpResponse PutBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource);
aws::HttpResponse GetBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource);
aws::HttpResponse DeleteBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource);
// The subresources above; empty when the query names none.
std::string BucketConfigSubresource(const S3Call& call);

// Objects (object_operations.cc)
// Checks made before a PutObject body is read; the settings its headers give.
ObjectSettings PreparePutObject(S3Context& s3, const S3Call& call);
aws::HttpResponse FinishPutObject(S3Context& s3, const S3Call& call, ObjectSettings settings, BodyRef body,
                                  const PayloadDigests& digests);
aws::HttpResponse GetObject(S3Context& s3, const S3Call& call, bool head);
aws::HttpResponse DeleteObject(S3Context& s3, const S3Call& call);
aws::HttpResponse DeleteObjects(S3Context& s3, const S3Call& call);
aws::HttpResponse CopyObject(S3Context& s3, const S3Call& call);
aws::HttpResponse PutObjectTagging(S3Context& s3, const S3Call& call);
aws::HttpResponse GetObjectTagging(S3Context& s3, const S3Call& call);
aws::HttpResponse DeleteObjectTagging(S3Context& s3, const S3Call& call);
aws::HttpResponse GetObjectAttributes(S3Context& s3, const S3Call& call);
aws::HttpResponse GetObjectAcl(S3Context& s3, const S3Call& call);
aws::HttpResponse PutObjectAcl(S3Context& s3, const S3Call& call);

// Listing (listing_operations.cc)
aws::HttpResponse ListObjects(S3Context& s3, const S3Call& call, bool v2);
aws::HttpResponse ListObjectVersions(S3Context& s3, const S3Call& call);

// Multipart (multipart_operations.cc)
aws::HttpResponse CreateMultipartUpload(S3Context& s3, const S3Call& call);
void PrepareUploadPart(S3Context& s3, const S3Call& call);
aws::HttpResponse FinishUploadPart(S3Context& s3, const S3Call& call, BodyRef body, const PayloadDigests& digests);
aws::HttpResponse UploadPartCopy(S3Context& s3, const S3Call& call);
aws::HttpResponse CompleteMultipartUpload(S3Context& s3, const S3Call& call);
aws::HttpResponse AbortMultipartUpload(S3Context& s3, const S3Call& call);
aws::HttpResponse ListParts(S3Context& s3, const S3Call& call);
aws::HttpResponse ListMultipartUploads(S3Context& s3, const S3Call& call);

}  // namespace sim::s3
