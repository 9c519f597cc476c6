// Buckets: create, delete, head, list, location, versioning.

#include <pugixml.hpp>

#include <cctype>

#include "emulators/s3/api/bucket_names.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/s3_xml.h"
#include "emulators/s3/api/xml_input.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {
namespace {


S3Error IllegalLocation(const std::string& constraint) {
  std::string what = constraint.empty() ? "unspecified" : constraint;
  return {400, "IllegalLocationConstraintException",
          "The " + what + " location constraint is incompatible for the region specific endpoint this request was sent to.",
          {}, {}};
}

}  // namespace

aws::HttpResponse ListBuckets(S3Context& s3, const S3Call& call) {
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "ListAllMyBucketsResult");
  WriteOwner(xml, "Owner", call.account_id);
  xml.StartElement("Buckets");
  const std::string* prefix = call.Query("prefix");
  for (const auto& [name, bucket] : s3.store.buckets()) {
    if (bucket.scope.account_id != call.account_id) continue;
    if (prefix && name.rfind(*prefix, 0) != 0) continue;
    xml.StartElement("Bucket");
    xml.Element("Name", name);
    xml.Element("CreationDate", IsoTime(bucket.created));
    xml.Element("BucketRegion", bucket.scope.region);
    xml.EndElement();
  }
  xml.EndElement();
  xml.EndElement();
  return XmlResponse(call, std::move(body));
}

aws::HttpResponse CreateBucket(S3Context& s3, const S3Call& call) {
  if (!IsValidBucketName(call.bucket))
    throw S3Error{400, "InvalidBucketName", "The specified bucket is not valid.", {{"BucketName", call.bucket}}, {}};
  std::string constraint;
  if (!call.body.empty()) {
    pugi::xml_document doc;
    pugi::xml_node config = ParseXmlBody(doc, call.body, "CreateBucketConfiguration");
    constraint = config.child("LocationConstraint").text().get();
  }
  // The region the request was signed for is the endpoint's region.
  if (call.region == "us-east-1") {
    if (constraint == "us-east-1")
      throw S3Error{400, "InvalidLocationConstraint", "The specified location-constraint is not valid",
                    {{"LocationConstraint", constraint}}, {}};
    if (!constraint.empty() && constraint != "EU") throw IllegalLocation(constraint);
  } else if (constraint != call.region) {
    throw IllegalLocation(constraint);
  }
  if (Bucket* existing = s3.store.FindBucket(call.bucket)) {
    if (existing->scope.account_id != call.account_id)
      throw S3Error{409, "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of "
                    "the system. Please select a different name and try again.",
                    {{"BucketName", call.bucket}}, {}};
    // us-east-1 answers a repeated create by its owner with success.
    if (call.region != "us-east-1" || existing->scope.region != "us-east-1")
      throw S3Error{409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.",
                    {{"BucketName", call.bucket}}, {}};
    aws::HttpResponse r = NewResponse(call);
    r.headers.emplace_back("Location", "/" + call.bucket);
    return r;
  }
  Bucket bucket;
  bucket.name = call.bucket;
  bucket.scope = {call.account_id, call.region};
  bucket.created = call.now;
  const std::string* lock = call.Header("x-amz-bucket-object-lock-enabled");
  if (lock && (*lock == "true" || *lock == "True")) {
    bucket.versioning = "Enabled";
    bucket.configs["object-lock"] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ObjectLockConfiguration xmlns=\"" + std::string(kS3Namespace) +
        "\"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>";
  }
  if (const std::string* ownership = call.Header("x-amz-object-ownership")) {
    if (*ownership != "BucketOwnerPreferred" && *ownership != "ObjectWriter" && *ownership != "BucketOwnerEnforced")
      throw InvalidArgument("Invalid x-amz-object-ownership header", "x-amz-object-ownership", *ownership);
    bucket.configs["ownershipControls"] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OwnershipControls xmlns=\"" + std::string(kS3Namespace) +
        "\"><Rule><ObjectOwnership>" + *ownership + "</ObjectOwnership></Rule></OwnershipControls>";
  }
  s3.store.AddBucket(std::move(bucket));
  aws::HttpResponse r = NewResponse(call);
  r.headers.emplace_back("Location", "/" + call.bucket);
  return r;
}

aws::HttpResponse DeleteBucket(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  if (!bucket.objects.empty())
    throw S3Error{409, "BucketNotEmpty",
                  bucket.versioning.empty()
                      ? "The bucket you tried to delete is not empty"
                      : "The bucket you tried to delete is not empty. You must delete all versions in the bucket.",
                  {{"BucketName", call.bucket}}, {}};
  s3.store.RemoveBucket(bucket.name);
  return NewResponse(call, 204);
}

aws::HttpResponse HeadBucket(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  aws::HttpResponse r = NewResponse(call);
  r.headers.emplace_back("x-amz-bucket-region", bucket.scope.region);
  r.headers.emplace_back("x-amz-access-point-alias", "false");
  return r;
}

aws::HttpResponse GetBucketLocation(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "LocationConstraint");
  if (bucket.scope.region != "us-east-1") xml.Text(bucket.scope.region);
  xml.EndElement();
  return XmlResponse(call, std::move(body));
}

aws::HttpResponse PutBucketVersioning(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  pugi::xml_document doc;
  pugi::xml_node config = ParseXmlBody(doc, call.body, "VersioningConfiguration");
  std::string status = config.child("Status").text().get();
  if (status != "Enabled" && status != "Suspended") throw MalformedXml();
  if (status == "Suspended" && bucket.configs.count("object-lock"))
    throw S3Error{409, "InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.", {}, {}};
  bucket.versioning = status;
  s3.store.SaveBucket(bucket);
  return NewResponse(call);
}

aws::HttpResponse GetBucketVersioning(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "VersioningConfiguration");
  if (!bucket.versioning.empty()) xml.Element("Status", bucket.versioning);
  xml.EndElement();
  return XmlResponse(call, std::move(body));
}

}  // namespace sim::s3
