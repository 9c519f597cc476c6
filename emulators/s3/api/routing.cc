#include "emulators/s3/api/routing.h"

#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"

namespace sim::s3 {
namespace {

Route Run(std::string name, std::function<aws::HttpResponse(S3Context&, const S3Call&)> run) {
  return Route{std::move(name), Route::Body::kBuffered, std::move(run)};
}

const char* ConfigOperation(const std::string& method, const std::string& subresource) {
  struct Name {
    const char* subresource;
    const char* put;
    const char* get;
    const char* del;
  };
  static const Name kNames[] = {
      {"tagging", "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging"},
      {"policy", "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy"},
      {"acl", "PutBucketAcl", "GetBucketAcl", nullptr},
      {"cors", "PutBucketCors", "GetBucketCors", "DeleteBucketCors"},
      {"lifecycle", "PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration", "DeleteBucketLifecycle"},
      {"encryption", "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption"},
      {"publicAccessBlock", "PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock"},
      {"ownershipControls", "PutBucketOwnershipControls", "GetBucketOwnershipControls", "DeleteBucketOwnershipControls"},
      {"object-lock", "PutObjectLockConfiguration", "GetObjectLockConfiguration", nullptr},
  };
  for (const auto& n : kNames)
    if (subresource == n.subresource) return method == "PUT" ? n.put : method == "GET" ? n.get : n.del;
  return nullptr;
}

// Subresources of buckets and objects S3 has and this sim does not serve.
const char* kUnservedBucketSubresources[] = {
    "website", "logging", "notification", "replication", "requestPayment", "accelerate", "analytics",
    "metrics", "inventory", "intelligent-tiering", "metadataTable", "session"};
const char* kUnservedObjectSubresources[] = {"retention", "legal-hold", "torrent", "restore", "select"};

Route ServiceRoute(const S3Call& call) {
  if (call.http->method == "GET") return Run("ListBuckets", ListBuckets);
  throw MethodNotAllowed(call.http->method, "SERVICE");
}

Route BucketRoute(const S3Call& call) {
  const std::string& method = call.http->method;
  for (const char* name : kUnservedBucketSubresources)
    if (call.HasQuery(name)) throw NotImplemented("Bucket subresource ?" + std::string(name));
  std::string config = BucketConfigSubresource(call);
  if (!config.empty()) {
    const char* name = ConfigOperation(method, config);
    if (!name || (method != "PUT" && method != "GET" && method != "DELETE")) throw MethodNotAllowed(method, "BUCKET");
    if (method == "PUT") return Run(name, [config](S3Context& s3, const S3Call& c) { return PutBucketConfig(s3, c, config); });
    if (method == "GET") return Run(name, [config](S3Context& s3, const S3Call& c) { return GetBucketConfig(s3, c, config); });
    return Run(name, [config](S3Context& s3, const S3Call& c) { return DeleteBucketConfig(s3, c, config); });
  }
  if (method == "PUT") {
    if (call.HasQuery("versioning")) return Run("PutBucketVersioning", PutBucketVersioning);
    return Run("CreateBucket", CreateBucket);
  }
  if (method == "GET") {
    if (call.HasQuery("location")) return Run("GetBucketLocation", GetBucketLocation);
    if (call.HasQuery("versioning")) return Run("GetBucketVersioning", GetBucketVersioning);
    if (call.HasQuery("versions")) return Run("ListObjectVersions", ListObjectVersions);
    if (call.HasQuery("uploads")) return Run("ListMultipartUploads", ListMultipartUploads);
    const std::string* list_type = call.Query("list-type");
    if (list_type && *list_type == "2")
      return Run("ListObjectsV2", [](S3Context& s3, const S3Call& c) { return ListObjects(s3, c, true); });
    return Run("ListObjects", [](S3Context& s3, const S3Call& c) { return ListObjects(s3, c, false); });
  }
  if (method == "DELETE") return Run("DeleteBucket", DeleteBucket);
  if (method == "HEAD") return Run("HeadBucket", HeadBucket);
  if (method == "POST" && call.HasQuery("delete")) return Run("DeleteObjects", DeleteObjects);
  throw MethodNotAllowed(method, "BUCKET");
}

Route ObjectRoute(const S3Call& call) {
  const std::string& method = call.http->method;
  for (const char* name : kUnservedObjectSubresources)
    if (call.HasQuery(name)) throw NotImplemented("Object subresource ?" + std::string(name));
  bool upload = call.HasQuery("uploadId");
  if (method == "PUT") {
    if (call.HasQuery("tagging")) return Run("PutObjectTagging", PutObjectTagging);
    if (call.HasQuery("acl")) return Run("PutObjectAcl", PutObjectAcl);
    if (upload && call.HasQuery("partNumber")) {
      if (call.Header("x-amz-copy-source")) return Run("UploadPartCopy", UploadPartCopy);
      return Route{"UploadPart", Route::Body::kUploadPart, {}};
    }
    if (call.Header("x-amz-copy-source")) return Run("CopyObject", CopyObject);
    return Route{"PutObject", Route::Body::kPutObject, {}};
  }
  if (method == "GET") {
    if (call.HasQuery("tagging")) return Run("GetObjectTagging", GetObjectTagging);
    if (call.HasQuery("acl")) return Run("GetObjectAcl", GetObjectAcl);
    if (call.HasQuery("attributes")) return Run("GetObjectAttributes", GetObjectAttributes);
    if (upload) return Run("ListParts", ListParts);
    return Run("GetObject", [](S3Context& s3, const S3Call& c) { return GetObject(s3, c, false); });
  }
  if (method == "HEAD") return Run("HeadObject", [](S3Context& s3, const S3Call& c) { return GetObject(s3, c, true); });
  if (method == "DELETE") {
    if (call.HasQuery("tagging")) return Run("DeleteObjectTagging", DeleteObjectTagging);
    if (upload) return Run("AbortMultipartUpload", AbortMultipartUpload);
    return Run("DeleteObject", DeleteObject);
  }
  if (method == "POST") {
    if (call.HasQuery("uploads")) return Run("CreateMultipartUpload", CreateMultipartUpload);
    if (upload) return Run("CompleteMultipartUpload", CompleteMultipartUpload);
  }
  throw MethodNotAllowed(method, "OBJECT");
}

}  // namespace

const std::vector<std::string>& ServedOperations() {
  static const std::vector<std::string> kServed = {
      "ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation", "PutBucketVersioning",
      "GetBucketVersioning", "ListObjectVersions", "ListMultipartUploads", "ListObjectsV2", "ListObjects",
      "DeleteObjects", "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging", "PutBucketPolicy",
      "GetBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "GetBucketAcl", "PutBucketCors", "GetBucketCors",
      "DeleteBucketCors", "PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration",
      "DeleteBucketLifecycle", "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption",
      "PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock", "PutBucketOwnershipControls",
      "GetBucketOwnershipControls", "DeleteBucketOwnershipControls", "PutObjectLockConfiguration",
      "GetObjectLockConfiguration", "PutObject", "GetObject", "HeadObject", "DeleteObject", "CopyObject",
      "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging", "GetObjectAttributes", "GetObjectAcl",
      "PutObjectAcl", "CreateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
      "AbortMultipartUpload", "ListParts"};
  return kServed;
}

Route ResolveRoute(const S3Call& call) {
  if (call.bucket.empty()) return ServiceRoute(call);
  if (call.key.empty()) return BucketRoute(call);
  return ObjectRoute(call);
}

}  // namespace sim::s3
